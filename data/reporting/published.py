"""Commentary the public may read: commentary, director's commentary and intervention actions marked *for
publication*, and only where their period is published (a note waits with its figures). Members and above read
everything, as before; this module is what anyone who does not see internal commentary gets instead.

Used by the measure and directorate pages and by the read API, so both show the same published notes.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select, update

from data.core import loaders, version
from data.core.models import Action, Commentary, Directorate, DirectorCommentary, InterventionPlan, Measure
from data.core.periods import Period, PeriodError
from data.people import access


def _visible(labels, viewer: access.Viewer, published: set[Period] | None) -> list[bool]:
    """Whether each period label (None allowed) is one the viewer sees: all for officers, published for others."""
    if not viewer.published_only:
        return [True] * len(labels)
    out = []
    for label in labels:
        if label is None or (isinstance(label, float) and label != label):
            out.append(True)    # an action raised for no period: its own flag decides
            continue
        try:
            out.append(access.is_visible(Period.parse(label), published))
        except PeriodError:
            out.append(False)
    return out


def shown_quarters(conn: Connection, viewer: access.Viewer) -> set[Period] | None:
    """The published quarters, for viewers who see only those (None for officers): read once, pass it on."""
    return access.published_quarters(conn) if viewer.published_only else None


def readable(frame: pd.DataFrame, conn: Connection, viewer: access.Viewer, column: str = "period",
             published: set[Period] | None = None) -> pd.DataFrame:
    """The rows of a commentary or actions frame the viewer may read: everything for members and above (in
    periods they see), rows marked for publication in published periods for everyone else; names as the council
    says. `published`: shown_quarters, when the caller has it already (one query either way, rows or none)."""
    if published is None:
        published = shown_quarters(conn, viewer)
    if frame.empty:
        return frame
    keep = pd.Series(_visible(list(frame[column]), viewer, published), index=frame.index)
    if not viewer.sees_internal:
        keep &= frame["published"].astype(bool)
    return access.hide_names(frame[keep].reset_index(drop=True), viewer)


def measure_commentary(conn: Connection, measure_id: int, up_to: Period, viewer: access.Viewer,
                       published: set[Period] | None = None) -> pd.DataFrame:
    """A measure's commentary up to the period shown, as `viewer` may read it."""
    return readable(loaders.commentary(conn, int(measure_id), up_to), conn, viewer, published=published)


def measure_actions(conn: Connection, measure_ids, viewer: access.Viewer,
                    published: set[Period] | None = None) -> pd.DataFrame:
    from data.reporting.plan import intervention_actions
    return readable(intervention_actions(conn, measure_ids), conn, viewer, published=published)


def director_commentary(conn: Connection, slug: str, period, viewer: access.Viewer,
                        period_shown: bool = False) -> dict | None:
    """The director's commentary on `period` if the viewer may read it, else None. `period_shown`: the caller
    resolved the period among those the viewer may see (a page does), so only the flag is left to check."""
    found = loaders.director_commentary(conn, slug, period)
    if found is None:
        return None
    if period_shown:
        if not (viewer.sees_internal or found["published"]):
            return None
        return access.hide_names(pd.DataFrame([found]), viewer).iloc[0].to_dict()
    frame = readable(pd.DataFrame([{**found, "period": period.label}]), conn, viewer)
    return None if frame.empty else frame.iloc[0].to_dict()


def mark(conn: Connection, kind: str, target: str, period: str, on: bool = True) -> int:
    """Mark (or unmark) for publication every `kind` row (`commentary` or `actions` of the measure with code
    `target`, `director` commentary of the directorate with slug `target`) on `period`; returns how many changed.
    Bumps the data version, as every write that changes what a page shows."""
    label = Period.parse(period).label
    if kind == "director":
        owner = conn.execute(select(Directorate.id).where(Directorate.slug == target)).scalar()
        model, column = DirectorCommentary, DirectorCommentary.directorate_id
    elif kind == "actions":       # the actions of the measure's intervention plan raised for that period
        owner = conn.execute(select(Measure.id).where(Measure.code == target)).scalar()
        if owner is None:
            raise ValueError(f"no measure {target!r}")
        plans = select(InterventionPlan.id).where(InterventionPlan.measure_id == owner,
                                                  InterventionPlan.period == label)
        changed = conn.execute(update(Action).where(Action.plan_id.in_(plans), Action.published.is_not(on))
                               .values(published=on)).rowcount
        if changed:
            version.bump(conn)
        return changed
    elif kind == "commentary":
        owner = conn.execute(select(Measure.id).where(Measure.code == target)).scalar()
        model, column = Commentary, Commentary.measure_id
    else:
        raise ValueError(f"unknown kind {kind!r}: commentary, director or actions")
    if owner is None:
        raise ValueError(f"no {'directorate' if kind == 'director' else 'measure'} {target!r}")
    changed = conn.execute(update(model).where(column == owner, model.period == label, model.published.is_not(on))
                           .values(published=on)).rowcount
    if changed:
        version.bump(conn)
    return changed
