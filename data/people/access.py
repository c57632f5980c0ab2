"""Who may see and change what: the viewer's scope, published periods and council settings.

Pages and callbacks ask `security.viewer()` who is looking (a `Viewer`), then read through
`figures`/`visible_periods` (published periods only for everyone but officers) and check
`can_edit(viewer, service_id)` before any write. No web framework here: the data layer runs in a notebook or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, select

from data.core import loaders, settings
from data.core.models import CouncilSetting, PublishedPeriod
from data.core.periods import Period
from data.imports.store import IMPORT_STATE

ROLES = ("public", "member", "editor", "officer")
RANK = {role: rank for rank, role in enumerate(ROLES)}
ROLE_HELP = {
    "public": "published, approved figures only; no internal commentary or actions",
    "member": "everything published plus internal commentary and intervention actions; read only",
    "editor": "as member, plus values, commentary and actions for the services assigned to them",
    "officer": "imports, approvals, publishing periods, managing measures and users",
}
# Council-wide choices stored in the database (changed with `flask --app app council-setting`).
COUNCIL_SETTINGS = {"show_officer_names": "1", IMPORT_STATE: "approved"}   # import_state: approved | submitted
NAME_COLUMNS = ("owner", "author", "updated_by", "director")


class Forbidden(Exception):
    """The viewer lacks the right for this; the web layer answers HTTP 403."""


@dataclass(frozen=True)
class Viewer:
    """Who is looking: `Viewer(role="editor", username="sam", services=frozenset({4}))`."""

    role: str = "public"
    username: str | None = None
    display_name: str | None = None
    services: frozenset[int] = frozenset()
    may_see_names: bool = True

    def at_least(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]

    @property
    def signed_in(self) -> bool:
        return self.username is not None

    @property
    def sees_internal(self) -> bool:
        """Internal commentary and intervention actions: members and above."""
        return self.at_least("member")

    @property
    def published_only(self) -> bool:
        """Everyone but the performance team sees published periods only (officers preview before publishing)."""
        return not self.at_least("officer")

    @property
    def states(self) -> tuple[str, ...]:
        """Sign-off states that dashboards show: approved figures only, for every role."""
        return loaders.PUBLISHED_STATES


PUBLIC = Viewer()


def viewer_of(user, show_names: bool) -> Viewer:
    """The Viewer for a signed-in account (flask-login's user), or the public with names shown as the council says."""
    if getattr(user, "is_authenticated", False):
        return Viewer(role=user.role, username=user.username, display_name=user.display_name,
                      services=frozenset(user.services), may_see_names=True)
    return Viewer(may_see_names=show_names)


def require(viewer_: Viewer, role: str) -> None:
    if not viewer_.at_least(role):
        raise Forbidden(f"needs the {role} role")


def can_edit(viewer_: Viewer, service_id: int | None) -> bool:
    """Officers edit every service; an editor only the services assigned to them; nobody else any."""
    if viewer_.at_least("officer"):
        return True
    return viewer_.role == "editor" and service_id is not None and int(service_id) in viewer_.services


def require_edit(viewer_: Viewer, service_id: int | None) -> None:
    """Call before writing a value, comment or action of a service; raises Forbidden."""
    if not can_edit(viewer_, service_id):
        raise Forbidden("may not change this service")


def editable_services(viewer_: Viewer, service_ids) -> list[int]:
    """The ids among `service_ids` the viewer may change (for restricting a data-entry picker)."""
    return [int(s) for s in service_ids if can_edit(viewer_, s)]


# --- published periods ------------------------------------------------------------------------------

def published_quarters(conn: Connection) -> set[Period]:
    return {Period.parse(label) for label in conn.execute(select(PublishedPeriod.period)).scalars()}


def published_periods(conn: Connection) -> list[Period]:
    """Published quarters, newest first."""
    return sorted(published_quarters(conn), reverse=True)


def is_visible(period: Period, published: set[Period]) -> bool:
    """A month or quarter shows once its quarter is published; a year once any of its quarters is."""
    if period.kind == "year":
        return any(q in published for q in period.quarters())
    return period.widen("quarter") in published


def _value_visible(period: Period, published: set[Period]) -> bool:
    # A value for a whole year (annual measures) waits for its fourth quarter.
    if period.kind == "year":
        return period.quarters()[-1] in published
    return period.widen("quarter") in published


def visible_periods(conn: Connection, viewer_: Viewer) -> list[Period]:
    """The quarters and years the viewer may choose, newest first (the Period picker's options)."""
    periods = loaders.periods_with_data(conn, states=viewer_.states)
    if not viewer_.published_only:
        return periods
    published = published_quarters(conn)
    return [p for p in periods if is_visible(p, published)]


def latest_quarter(conn: Connection, viewer_: Viewer) -> Period | None:
    """The newest quarter the viewer may see (the default period of a page)."""
    return next((p for p in visible_periods(conn, viewer_) if p.kind == "quarter"), None)


def allowed_period(conn: Connection, viewer_: Viewer, period: Period | None) -> Period | None:
    """`period` if the viewer may see it, else the newest one they may (never an unpublished period)."""
    periods = visible_periods(conn, viewer_)
    if period in periods:
        return period
    return next((p for p in periods if p.kind == "quarter"), None)


def figures(conn: Connection, measure_ids, viewer_: Viewer) -> dict[int, tuple[dict, dict]]:
    """`loaders.figures` limited to what the viewer may see: approved values in published periods."""
    out = loaders.figures(conn, measure_ids, states=viewer_.states)
    if not viewer_.published_only:
        return out
    published = published_quarters(conn)
    return {mid: ({p: v for p, v in values.items() if _value_visible(p, published)}, targets)
            for mid, (values, targets) in out.items()}


def hide_names(frame, viewer_: Viewer, columns=NAME_COLUMNS):
    """A copy of a DataFrame with officer names blanked when the council hides them from this viewer."""
    if viewer_.may_see_names:
        return frame
    frame = frame.copy()
    for column in columns:
        if column in frame.columns:
            frame[column] = None
    return frame


def publish(conn: Connection, label: str, by: str | None = None) -> list[str]:
    """Publish a quarter (`2026/27 Q2`) or a whole year (`2025/26`: its four quarters); returns the new labels."""
    period = Period.parse(label)
    if period.kind == "month":
        raise ValueError("publish a quarter or a year, not a month")
    done = {p.label for p in published_quarters(conn)}
    new = [q.label for q in period.quarters() if q.label not in done]
    for q in new:
        conn.execute(PublishedPeriod.__table__.insert().values(period=q, published_at=_now(), published_by=by))
    return new


def publish_through(conn: Connection, last: Period, by: str | None = None) -> list[str]:
    """Publish every quarter that holds approved data up to and including `last` (used by the demo)."""
    quarters = [p for p in loaders.periods_with_data(conn) if p.kind == "quarter" and not last < p]
    return [label for q in sorted(quarters) for label in publish(conn, q.label, by)]


def unpublish(conn: Connection, label: str) -> int:
    labels = [q.label for q in Period.parse(label).quarters()]
    return conn.execute(delete(PublishedPeriod).where(PublishedPeriod.period.in_(labels))).rowcount


# --- council settings -------------------------------------------------------------------------------

def council_setting(conn: Connection, name: str) -> str:
    value = conn.execute(select(CouncilSetting.value).where(CouncilSetting.name == name)).scalar()
    return COUNCIL_SETTINGS[name] if value is None else value


def set_council_setting(conn: Connection, name: str, value: str) -> None:
    if name not in COUNCIL_SETTINGS:
        raise ValueError(f"unknown council setting {name!r}; known: {', '.join(COUNCIL_SETTINGS)}")
    conn.execute(delete(CouncilSetting).where(CouncilSetting.name == name))
    conn.execute(CouncilSetting.__table__.insert().values(name=name, value=value))


def public_mode() -> bool:
    """PUBLIC_MODE=1: published figures are open to anyone without signing in."""
    return settings.get("PUBLIC_MODE") not in ("0", "false", "no", "off")


def _now():
    from data.core.models import utcnow
    return utcnow()
