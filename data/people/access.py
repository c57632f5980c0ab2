"""Who may see and change what: the viewer's scope, published periods and council settings.

Pages and callbacks ask `security.viewer()` who is looking (a `Viewer`), then read through
`figures`/`visible_periods` (published periods only for everyone but officers) and check
`can_edit(viewer, service_id)` before any write. No web framework here: the data layer runs in a notebook or the CLI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, delete, select, update

from data.core import clock, loaders, publication, settings, version
from data.core.models import AuditEvent, CouncilSetting, PublishedPeriod, Service
from data.core.periods import Period
from data.imports import benchmarks
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
# import_state: approved | submitted; publish_commentary_default: 0 | 1, whether new commentary and actions are
# marked for publication (the public reads those beside the figures); benchmark_peers: all | family | a named
# comparator group's slug, the group pages compare with unless the URL names another (also set on the workbench)
COUNCIL_SETTINGS = {"show_officer_names": "1", IMPORT_STATE: "approved", publication.SETTING: publication.DEFAULT,
                    benchmarks.GROUP_SETTING: benchmarks.GROUP_DEFAULT}
# A setting whose value must be one of what the database holds is checked (and written as stored) by its function.
SETTING_CHECKS = {benchmarks.GROUP_SETTING: benchmarks.check_group}
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


def may_edit_service(conn: Connection, viewer_: Viewer, slug) -> bool:
    """Whether the viewer may read and change the data-entry form of the service with this slug (a value taken
    from a request: anything but a known slug of one of the viewer's services is refused, officers' included)."""
    if not isinstance(slug, str) or not slug:
        return False
    service_id = conn.execute(select(Service.id).where(Service.slug == slug)).scalar()
    return service_id is not None and can_edit(viewer_, service_id)


def editable_services(viewer_: Viewer, service_ids) -> list[int]:
    """The ids among `service_ids` the viewer may change (for restricting a data-entry picker)."""
    return [int(s) for s in service_ids if can_edit(viewer_, s)]


# --- published periods ------------------------------------------------------------------------------
# A published quarter may carry an embargo (`release_at`): it is public from that moment, worked out whenever
# figures are read (no scheduler), so the cache keys (evaluation.scope) change by themselves when it passes.

def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: every time stored here is UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def published_quarters(conn: Connection, at: datetime | None = None) -> set[Period]:
    """The quarters the public may see now (or `at`): published, and past their embargo if they have one."""
    moment = _utc(at) or clock.now()
    rows = conn.execute(select(PublishedPeriod.period, PublishedPeriod.release_at)).all()
    return {Period.parse(label) for label, release in rows if release is None or _utc(release) <= moment}


def publications(conn: Connection, at: datetime | None = None) -> list[dict]:
    """Every published quarter, newest first: period, published_at, published_by, release_at (UTC or None) and
    `public` (whether the embargo, if any, has passed)."""
    moment = _utc(at) or clock.now()
    rows = conn.execute(select(PublishedPeriod.period, PublishedPeriod.published_at, PublishedPeriod.published_by,
                               PublishedPeriod.release_at)).all()
    out = [{"period": label, "published_at": _utc(at_), "published_by": by, "release_at": _utc(release),
            "public": release is None or _utc(release) <= moment} for label, at_, by, release in rows]
    return sorted(out, key=lambda r: Period.parse(r["period"]), reverse=True)


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


def figures(conn: Connection, measure_ids, viewer_: Viewer,
            published: set[Period] | None = None) -> dict[int, tuple[dict, dict]]:
    """`loaders.figures` limited to what the viewer may see: approved values in published periods (`published`:
    as if these quarters were the published ones, for the workbench's preview of a publication)."""
    out = loaders.figures(conn, measure_ids, states=viewer_.states)
    if not viewer_.published_only:
        return out
    published = published_quarters(conn) if published is None else published
    return {mid: (values.only(lambda p: _value_visible(p, published)), targets)
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


def _publication_event(conn: Connection, label: str, old: str | None, new: str | None, by: str | None) -> None:
    conn.execute(AuditEvent.__table__.insert().values(at=_now(), author=by, source="publishing", code="",
                                                      period=label, field="publication", old=old, new=new))


def _release_words(release_at: datetime | None) -> str:
    return json.dumps("published" if release_at is None else f"published from {_utc(release_at):%Y-%m-%d %H:%M} UTC")


def publish(conn: Connection, label: str, by: str | None = None, release_at: datetime | None = None) -> list[str]:
    """Publish a quarter (`2026/27 Q2`) or a whole year (`2025/26`: its four quarters); returns the labels whose
    publication changed. With `release_at` (an embargo) the public sees them from that moment on; publishing an
    already published quarter again with another release time reschedules it."""
    period = Period.parse(label)
    if period.kind == "month":
        raise ValueError("publish a quarter or a year, not a month")
    release_at = _utc(release_at)
    done = {r["period"]: r["release_at"] for r in publications(conn)}
    changed = []
    for q in period.quarters():
        if q.label not in done:
            conn.execute(PublishedPeriod.__table__.insert().values(period=q.label, published_at=_now(),
                                                                   published_by=by, release_at=release_at))
            _publication_event(conn, q.label, None, _release_words(release_at), by)
        elif done[q.label] != release_at:
            conn.execute(update(PublishedPeriod).where(PublishedPeriod.period == q.label)
                         .values(release_at=release_at, published_by=by))
            _publication_event(conn, q.label, _release_words(done[q.label]), _release_words(release_at), by)
        else:
            continue
        changed.append(q.label)
    if changed:
        version.bump(conn)
    return changed


def publish_through(conn: Connection, last: Period, by: str | None = None) -> list[str]:
    """Publish every quarter that holds approved data up to and including `last` (used by the demo)."""
    quarters = [p for p in loaders.periods_with_data(conn) if p.kind == "quarter" and not last < p]
    return [label for q in sorted(quarters) for label in publish(conn, q.label, by)]


def unpublish(conn: Connection, label: str, by: str | None = None) -> int:
    labels = [q.label for q in Period.parse(label).quarters()]
    present = conn.execute(select(PublishedPeriod.period, PublishedPeriod.release_at)
                           .where(PublishedPeriod.period.in_(labels))).all()
    removed = conn.execute(delete(PublishedPeriod).where(PublishedPeriod.period.in_(labels))).rowcount
    for q, release in present:
        _publication_event(conn, q, _release_words(release), None, by)
    if removed:
        version.bump(conn)
    return removed


# --- council settings -------------------------------------------------------------------------------

def council_setting(conn: Connection, name: str) -> str:
    value = conn.execute(select(CouncilSetting.value).where(CouncilSetting.name == name)).scalar()
    return COUNCIL_SETTINGS[name] if value is None else value


def set_council_setting(conn: Connection, name: str, value: str, by: str | None = None,
                        source: str | None = None) -> None:
    """Change a council setting; a change (not the same value again) is in the audit trail (field `setting`)."""
    if name not in COUNCIL_SETTINGS:
        raise ValueError(f"unknown council setting {name!r}; known: {', '.join(COUNCIL_SETTINGS)}")
    if name in SETTING_CHECKS:
        value = SETTING_CHECKS[name](conn, value)
    old = council_setting(conn, name)
    conn.execute(delete(CouncilSetting).where(CouncilSetting.name == name))
    conn.execute(CouncilSetting.__table__.insert().values(name=name, value=value))
    if old != value:
        conn.execute(AuditEvent.__table__.insert().values(at=_now(), author=by, source=(source or "settings")[:300],
                                                          code=name[:40], field="setting", old=json.dumps(old),
                                                          new=json.dumps(value)))
    version.bump(conn)


def public_mode() -> bool:
    """PUBLIC_MODE=1: published figures are open to anyone without signing in."""
    return settings.get("PUBLIC_MODE") not in ("0", "false", "no", "off")


def _now():
    from data.core.models import utcnow
    return utcnow()
