"""Commentary the public may read: the council's default for the *for publication* flag of new commentary,
director's commentary and intervention actions (council setting `publish_commentary_default`, 0 or 1)."""

from __future__ import annotations

from sqlalchemy import select

from data.core.models import CouncilSetting

SETTING = "publish_commentary_default"
DEFAULT = "0"   # new commentary stays internal unless the council decides otherwise


def default_for_new(conn) -> bool:
    """Whether new commentary and actions are marked for publication when the writer does not say."""
    value = conn.execute(select(CouncilSetting.value).where(CouncilSetting.name == SETTING)).scalar()
    return (DEFAULT if value is None else value) == "1"
