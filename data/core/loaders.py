"""The only module that queries: SQL in, tidy DataFrames and plain dicts out. Each takes a connection first."""

from __future__ import annotations

import logging
import math

import pandas as pd
from sqlalchemy import Connection, func, select


from data.core.models import (Commentary, Directorate, DirectorCommentary, Measure, Observation, Priority,
                         ProcessChange, Service, Target)
from data.core.periods import Period

PUBLISHED_STATES = ("approved",)
# Above this a figure is a typing or export error (a council's whole budget is about 1e10): refused at every way in,
# and left out of the figures when one is found stored anyway (written by hand, or before it was refused).
MAX_MAGNITUDE = 1e15
log = logging.getLogger("data")


def usable(value) -> bool:
    """True for a number a figure can be: finite and no larger than MAX_MAGNITUDE."""
    return isinstance(value, (int, float)) and math.isfinite(value) and abs(value) <= MAX_MAGNITUDE


class Figures(dict):
    """{Period: value} of one measure; `unusable` holds stored values left out because they cannot be figures
    (infinite, not a number, beyond ±10^15), so a page shows them as unusable instead of failing for everyone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unusable: dict[Period, float] = {}

    def keep(self, period: Period, value) -> None:
        if value is None or usable(value):
            self[period] = value
        else:
            self.unusable[period] = value
            log.warning("unusable stored figure %r for %s left out", value, period.label)

    def only(self, keep) -> "Figures":
        """The figures (and unusable ones) of the periods `keep(period)` accepts."""
        out = Figures({p: v for p, v in self.items() if keep(p)})
        out.unusable = {p: v for p, v in self.unusable.items() if keep(p)}
        return out

MEASURE_COLUMNS = ["id", "code", "title", "description", "directorate", "directorate_slug", "service",
                   "service_slug", "priority", "priority_slug", "owner", "unit", "decimals", "polarity",
                   "frequency", "kind", "rollup", "tolerance", "tolerance_type", "retired_on", "context"]


def measures(conn: Connection, *, directorate: str | None = None, priority: str | None = None,
             service: str | None = None, code: str | None = None) -> pd.DataFrame:
    """The measure catalogue with directorate, service and priority names and slugs (MEASURE_COLUMNS)."""
    q = (select(Measure.id, Measure.code, Measure.title, Measure.description,
                Directorate.name.label("directorate"), Directorate.slug.label("directorate_slug"),
                Service.name.label("service"), Service.slug.label("service_slug"),
                Priority.name.label("priority"), Priority.slug.label("priority_slug"),
                Measure.owner, Measure.unit, Measure.decimals, Measure.polarity, Measure.frequency,
                Measure.kind, Measure.rollup, Measure.tolerance, Measure.tolerance_type, Measure.retired_on,
                Measure.context)
         .join(Service, Measure.service_id == Service.id)
         .join(Directorate, Service.directorate_id == Directorate.id)
         .outerjoin(Priority, Measure.priority_id == Priority.id)
         .order_by(Directorate.name, Service.name, Measure.code))
    if directorate:
        q = q.where(Directorate.slug == directorate)
    if priority:
        q = q.where(Priority.slug == priority)
    if service:
        q = q.where(Service.slug == service)
    if code:
        q = q.where(Measure.code == code)
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=MEASURE_COLUMNS)


def figures(conn: Connection, measure_ids, *, states=PUBLISHED_STATES) -> dict[int, tuple[dict, dict]]:
    """Per measure id: ({Period: value}, {Period: target}). Only values in the given sign-off states count."""
    ids = [int(i) for i in measure_ids]
    out: dict[int, tuple[Figures, Figures]] = {i: (Figures(), Figures()) for i in ids}
    if not ids:
        return out
    parse = _period_cache()
    rows = conn.execute(select(Observation.measure_id, Observation.period, Observation.value)
                        .where(Observation.measure_id.in_(ids), Observation.state.in_(states)))
    for measure_id, label, value in rows:
        out[measure_id][0].keep(parse(label), value)
    for measure_id, label, value in conn.execute(select(Target.measure_id, Target.period, Target.value)
                                                 .where(Target.measure_id.in_(ids))):
        out[measure_id][1].keep(parse(label), value)
    return out


def _period_cache():
    cache: dict[str, Period] = {}

    def parse(label: str) -> Period:
        if label not in cache:
            cache[label] = Period.parse(label)
        return cache[label]
    return parse


def directorates(conn: Connection) -> pd.DataFrame:
    """id, slug, name, director, measures (count)."""
    q = (select(Directorate.id, Directorate.slug, Directorate.name, Directorate.director,
                func.count(Measure.id).label("measures"))
         .outerjoin(Service, Service.directorate_id == Directorate.id)
         .outerjoin(Measure, Measure.service_id == Service.id)
         .group_by(Directorate.id).order_by(Directorate.name))
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=["id", "slug", "name", "director", "measures"])


SERVICE_FRAME = pd.DataFrame(columns=["id", "slug", "name", "directorate_slug"])


def services(conn: Connection, directorate: str | None = None) -> pd.DataFrame:
    """id, slug, name, directorate_slug (the columns of SERVICE_FRAME)."""
    q = (select(Service.id, Service.slug, Service.name, Directorate.slug.label("directorate_slug"))
         .join(Directorate).order_by(Service.name))
    if directorate:
        q = q.where(Directorate.slug == directorate)
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=SERVICE_FRAME.columns)


def priorities(conn: Connection) -> pd.DataFrame:
    q = select(Priority.id, Priority.slug, Priority.name).order_by(Priority.name)
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=["id", "slug", "name"])


def periods_with_data(conn: Connection, *, states=PUBLISHED_STATES) -> list[Period]:
    """Every quarter and year holding at least one value, newest first."""
    labels = conn.execute(select(Observation.period).where(Observation.state.in_(states),
                                                           Observation.value.is_not(None)).distinct()).scalars()
    found: set[Period] = set()
    for label in labels:
        p = Period.parse(label)
        found.add(p.widen("year"))
        if p.kind != "year":
            found.add(p.widen("quarter"))
    return sorted(found, reverse=True)


def latest_quarter(conn: Connection) -> Period | None:
    quarters = [p for p in periods_with_data(conn) if p.kind == "quarter"]
    return quarters[0] if quarters else None


def commentary(conn: Connection, measure_id: int, up_to: Period | None = None) -> pd.DataFrame:
    """period, author, text, created_at, published (for publication), newest first. With `up_to`, only notes on periods that end by its end
    (never a later period's note): the notes on `up_to` itself first, then on its months, then the newest period."""
    q = (select(Commentary.period, Commentary.author, Commentary.text, Commentary.created_at, Commentary.published)
         .where(Commentary.measure_id == measure_id).order_by(Commentary.created_at.desc(), Commentary.id.desc()))
    rows = conn.execute(q).mappings().all()
    if up_to is not None:
        parse = _period_cache()
        dated = [(parse(r["period"]), r) for r in rows]
        kept = [(p, r) for p, r in dated if p.end <= up_to.end]
        kept.sort(key=lambda pr: (not up_to.contains(pr[0]), pr[0] != up_to, tuple(-x for x in _ordinal(pr[0]))))
        rows = [r for _, r in kept]
    return pd.DataFrame(rows, columns=["period", "author", "text", "created_at", "published"])


def _ordinal(p: Period) -> tuple[int, int]:
    """(last day, first day) as day numbers: later periods first, a month before the quarter that holds it."""
    return p.end.toordinal(), p.start.toordinal()


def latest_commentary(conn: Connection, measure_ids, period: Period) -> dict[int, str]:
    """The newest comment per measure for the period."""
    ids = [int(i) for i in measure_ids]
    q = (select(Commentary.measure_id, Commentary.text)
         .where(Commentary.measure_id.in_(ids), Commentary.period == period.label)
         .order_by(Commentary.created_at))
    return {mid: text for mid, text in conn.execute(q)}


def director_commentary(conn: Connection, directorate_slug: str, period: Period) -> dict | None:
    q = (select(DirectorCommentary.author, DirectorCommentary.text, DirectorCommentary.created_at,
                DirectorCommentary.published)
         .join(Directorate).where(Directorate.slug == directorate_slug,
                                  DirectorCommentary.period == period.label))
    row = conn.execute(q).mappings().first()
    return dict(row) if row else None


def service_of(conn: Connection, code: str) -> int | None:
    """The id of the service a measure belongs to (who may change it depends on it)."""
    return conn.execute(select(Measure.service_id).where(Measure.code == code)).scalar()


def process_changes(conn: Connection, measure_id: int) -> list[dict]:
    """[{"date": ISO date, "reason": text}] in date order: where a measure's SPC limits rebase."""
    return process_changes_of(conn, [measure_id])[int(measure_id)]


def process_changes_of(conn: Connection, measure_ids) -> dict[int, list[dict]]:
    """`process_changes` for many measures in one query: {measure id: [{"date", "reason"}]}."""
    ids = [int(i) for i in measure_ids]
    out: dict[int, list[dict]] = {i: [] for i in ids}
    if not ids:
        return out
    q = (select(ProcessChange.measure_id, ProcessChange.changed_on, ProcessChange.reason)
         .where(ProcessChange.measure_id.in_(ids)).order_by(ProcessChange.measure_id, ProcessChange.changed_on))
    for measure_id, d, reason in conn.execute(q):
        out[measure_id].append({"date": d.isoformat(), "reason": reason})
    return out


def commentary_of(conn: Connection, measure_ids=None, *, published_only: bool = False) -> pd.DataFrame:
    """Every measure's commentary in one query: measure_id, period, author, text, created_at, published; newest
    first. `measure_ids` None: all measures."""
    q = (select(Commentary.measure_id, Commentary.period, Commentary.author, Commentary.text,
                Commentary.created_at, Commentary.published)
         .order_by(Commentary.created_at.desc(), Commentary.id.desc()))
    if measure_ids is not None:
        q = q.where(Commentary.measure_id.in_([int(i) for i in measure_ids]))
    if published_only:
        q = q.where(Commentary.published.is_(True))
    return pd.DataFrame(conn.execute(q).mappings().all(),
                        columns=["measure_id", "period", "author", "text", "created_at", "published"])


def director_commentary_of(conn: Connection, *, directorate: str | None = None,
                           published_only: bool = False) -> pd.DataFrame:
    """Every director's commentary: directorate_slug, period, author, text, created_at, published; newest first."""
    q = (select(Directorate.slug.label("directorate_slug"), DirectorCommentary.period, DirectorCommentary.author,
                DirectorCommentary.text, DirectorCommentary.created_at, DirectorCommentary.published)
         .join(Directorate).order_by(DirectorCommentary.created_at.desc(), DirectorCommentary.id.desc()))
    if directorate:
        q = q.where(Directorate.slug == directorate)
    if published_only:
        q = q.where(DirectorCommentary.published.is_(True))
    return pd.DataFrame(conn.execute(q).mappings().all(),
                        columns=["directorate_slug", "period", "author", "text", "created_at", "published"])
