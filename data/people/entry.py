"""Monthly data entry by heads of service, and sign-off: values move draft -> submitted -> approved.

Only approved values count in the public figures (`loaders.figures` defaults to approved); the entry form shows
drafts and submissions marked as such. Every save and every change of state is audited (source `form`).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from data.core import clock, db, loaders
from data.imports import values
from data.core import audit, locks, publication, version
from data.performance.assess import Rule, target_for
from data.performance.formatting import format_value, shown_decimals
from data.core.models import Commentary, Observation, Target, utcnow
from data.core.periods import MONTH, Period

STATES = ("draft", "submitted", "approved")
# action: (states it applies to, state it leads to, role needed)
TRANSITIONS = {
    "submit": (("draft",), "submitted", "editor"),
    "approve": (("submitted",), "approved", "officer"),
    "reopen": (("submitted", "approved"), "draft", "officer"),
}
EDITABLE = ("draft",)                      # a submitted or approved value is changed only after reopening
FORM_COLUMNS = ["measure_id", "code", "title", "unit", "decimals", "polarity", "period", "target", "last_year",
                "value", "note", "state", "commentary", "published", "low", "high"]
MIN_HISTORY = 4


def due_period(month: Period, frequency: str) -> Period | None:
    """The period a measure reports in a month: the month, the quarter it ends, or the year it ends."""
    if frequency == "monthly":
        return month
    if frequency == "quarterly":
        return month.widen("quarter") if month.index % 3 == 0 else None
    if frequency == "annual":
        return month.widen("year") if month.index == 12 else None
    return None       # weekly figures arrive by import, not month by month


def entry_months(today: date | None = None, n: int = 24) -> list[Period]:
    """The months a form can be opened for, newest first (the current month, then back)."""
    current = Period.of_date(today or clock.today())
    return [current.shift(-i) for i in range(n)]


def offered_month(label, today: date | None = None) -> Period | None:
    """The month a request names when it is one the entry page offers, else None: the server checks what it was
    given, so a crafted request naming a future month, a month long past or a quarter opens nothing."""
    if not isinstance(label, str):
        return None
    return next((m for m in entry_months(today) if m.label == label), None)


def usual_range(history: list[float], unit: str | None = None) -> tuple[float, float] | None:
    """Natural process limits of the past values (mean ± 2.66 × mean moving range); None with too little history.
    A percentage that has never passed 100 has no usual range past 100 either."""
    points = [v for v in history if v is not None]
    if len(points) < MIN_HISTORY:
        return None
    mean = statistics.fmean(points)
    moving = statistics.fmean(abs(b - a) for a, b in zip(points, points[1:]))
    if moving == 0:
        return min(points), max(points)
    low, high = mean - 2.66 * moving, mean + 2.66 * moving
    if unit == "%" and max(points) <= 100:
        high = min(high, 100.0)
    # counts, costs and percentages never go below zero: neither does their usual range
    return (max(low, 0.0) if min(points) >= 0 else low), high


def outlier_warning(value: float | None, low: float | None, high: float | None, unit=None, decimals=0) -> str | None:
    """A sentence when a value lies outside its usual range, else None."""
    if value is None or low is None or high is None or (pd.isna(low) or pd.isna(high)):
        return None
    if low <= value <= high:
        return None
    side = "above" if value > high else "below"
    return (f"{format_value(value, unit, decimals)} is {side} this measure's usual range "
            f"({format_value(low, unit, decimals)} to {format_value(high, unit, decimals)}): check it before saving.")


def form(conn: Connection, service: str, month: Period) -> pd.DataFrame:
    """One row per measure of a service due in the month (FORM_COLUMNS), with target, last year and usual range."""
    measures = loaders.measures(conn, service=service)
    default = publication.default_for_new(conn)   # `published`: the latest comment's flag, else the default
    rows = []
    for m in measures.to_dict("records"):
        period = due_period(month, m["frequency"])
        if period is None:
            continue
        mid = int(m["id"])
        obs = conn.execute(select(Observation.period, Observation.value, Observation.note, Observation.state)
                           .where(Observation.measure_id == mid)).all()
        by_label = {label: (v, note, state) for label, v, note, state in obs}
        history = sorted(((Period.parse(label), v) for label, v, _, state in obs
                          if state == "approved" and Period.parse(label).kind == period.kind
                          and Period.parse(label) < period and loaders.usable(v)), key=lambda pv: pv[0])
        rng = usual_range([v for _, v in history[-24:]], m["unit"])
        targets = {Period.parse(label): v for label, v in
                   conn.execute(select(Target.period, Target.value).where(Target.measure_id == mid))
                   if loaders.usable(v)}
        # The month's own target, else its quarter's or year's, as every other page looks it up.
        target = target_for(Rule.of(m), targets, period) if m["kind"] == "target" else None
        last_year = by_label.get(period.same_period_last_year().label, (None,))[0]
        last_year = last_year if loaders.usable(last_year) else None
        value, note, state = by_label.get(period.label, (None, None, None))
        latest = conn.execute(select(Commentary.text, Commentary.published)
                              .where(Commentary.measure_id == mid, Commentary.period == period.label)
                              .order_by(Commentary.created_at.desc(), Commentary.id.desc())).first()
        comment, published = latest if latest else (None, default)
        rows.append({"measure_id": mid, "code": m["code"], "title": m["title"], "unit": m["unit"],
                     "decimals": shown_decimals(m["decimals"], dict(history), targets), "polarity": m["polarity"],
                     "period": period.label, "target": target,
                     "last_year": last_year, "value": value, "note": note, "state": state, "commentary": comment, "published": bool(published),
                     "low": rng[0] if rng else None, "high": rng[1] if rng else None})
    frame = pd.DataFrame(rows, columns=FORM_COLUMNS)
    for column in ("state", "note", "commentary"):   # missing text stays None, not NaN
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


@dataclass
class Saved:
    saved: list[str] = field(default_factory=list)          # codes written
    problems: dict[str, str] = field(default_factory=dict)  # code -> why it was not saved
    warnings: dict[str, str] = field(default_factory=dict)  # code -> outlier warning
    # measure id -> the figure as stored now, when it changed since the form was opened (see `opened_as`)
    conflicts: dict[int, dict] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def opened_as(value, note, state, commentary) -> dict:
    """What the form showed of a measure's figure when it was opened, as the form carries it back on saving:
    text only (`repr` of the float), so it survives JSON exactly, a non-finite stored value included."""
    value = _nan_none(value)
    return {"value": None if value is None else repr(float(value)), "note": _nan_none(note),
            "state": _nan_none(state), "commentary": _nan_none(commentary)}


def _changed_since(opened: dict, now: dict, typed: dict) -> bool:
    """True when someone else changed a figure since the form was opened and this save would overwrite it."""
    figure = ("value", "note", "state")
    if any(opened.get(k) != now[k] for k in figure) and any(typed[k] != now[k] for k in ("value", "note")):
        return True
    return opened.get("commentary") != now["commentary"] and typed["commentary"] not in (None, now["commentary"])


def _describe(now: dict, unit, decimals) -> str:
    if now["value"] is not None:
        v = float(now["value"])
        return format_value(v, unit, decimals) if v == v and abs(v) != float("inf") else "an unusable value"
    return repr(now["note"]) if now["note"] else "no figure"


def save(engine: Engine, rows: pd.DataFrame, entries: dict[int, tuple], *, author: str | None,
         today: date | None = None) -> Saved:
    """Save typed values and comments as drafts, all or nothing. `entries`: {measure_id: (value text, comment)} or
    {measure_id: (value text, comment, opened)} where `opened` is `opened_as(...)` of the form as it was opened;
    a True or False among the extras is the comment's *for publication* flag (without it, a new comment takes the
    council's default, and ticking it alone changes the latest comment's flag).

    A value that is not a number or no-data marker, that is already submitted or approved, or that is for a period
    that has not begun refuses the save. With `opened`, a figure someone else changed since the form was opened
    refuses it too (checked in the writing transaction, under a lock): `conflicts` holds what is stored now, and
    saving again with that as `opened` replaces it (the person was asked)."""
    result, writes, flag_changes = Saved(), [], []
    by_id = {int(r["measure_id"]): r for r in rows.to_dict("records")}
    today = today or clock.today()
    opened_by_id, flags = {}, {}
    for mid, (typed, comment, *extras) in entries.items():
        opened = [x for x in extras if isinstance(x, dict)]
        flags[int(mid)] = next((x for x in extras if isinstance(x, bool)), None)
        row = by_id.get(int(mid))
        if row is None:
            continue
        if Period.parse(row["period"]).start > today:
            result.problems[row["code"]] = f"{row['period']} has not begun: figures are entered once it has"
            continue
        if opened and isinstance(opened[0], dict):
            opened_by_id[int(mid)] = opened[0]
        try:
            value, note = values.parse_value(typed)
        except ValueError as e:
            result.problems[row["code"]] = str(e)
            continue
        comment = (comment or "").strip() or None
        state = _nan_none(row["state"])
        if state is None and value is None and note is None and comment is None:
            continue                      # nothing typed for a measure with no figure yet
        unchanged = (value == _nan_none(row["value"]) and note == _nan_none(row["note"]) and state is not None)
        if unchanged and (comment is None or comment == _nan_none(row["commentary"])):
            flag = flags[int(mid)]
            if comment is not None and flag is not None and flag != bool(row.get("published")):
                flag_changes.append((int(row["measure_id"]), row["period"], flag, row["code"]))
            continue
        if state not in (None, *EDITABLE) and not unchanged:
            result.problems[row["code"]] = f"already {state}: ask the performance team to reopen it"
            continue
        if comment and len(comment) > 10_000:
            result.problems[row["code"]] = "the commentary is longer than 10000 characters"
            continue
        warning = outlier_warning(value, _nan_none(row["low"]), _nan_none(row["high"]), row["unit"], row["decimals"])
        if warning:
            result.warnings[row["code"]] = warning
        writes.append((row, value, note, comment, unchanged))
    with engine.connect() as conn:
        closed = locks.locked_quarters(conn)
    for row, *_, unchanged in writes:
        if not unchanged and locks.covers(Period.parse(row["period"]), closed):
            result.problems[row["code"]] = (f"{Period.parse(row['period']).widen('quarter').label} is closed: ask the "
                                            "performance team for a correction")
    if result.problems:
        return result
    with Session(engine) as s, s.begin():
        db.write_lock(s, "entry")
        _conflicts(s, writes, opened_by_id, result)
        if result.conflicts:
            return result
        for mid, label, flag, code in flag_changes:   # only the publication flag of the latest comment changes
            latest = s.scalar(select(Commentary).where(Commentary.measure_id == mid, Commentary.period == label)
                              .order_by(Commentary.created_at.desc(), Commentary.id.desc()))
            latest.published = flag
            result.saved.append(code)
        default = publication.default_for_new(s)
        ids = [int(r["measure_id"]) for r, *_ in writes]
        before = audit.snapshot(s, ids)
        for row, value, note, comment, unchanged in writes:
            p = Period.parse(row["period"])
            if not unchanged:
                obs = s.scalar(select(Observation).where(Observation.measure_id == int(row["measure_id"]),
                                                         Observation.period == p.label))
                if obs is None:
                    s.add(Observation(measure_id=int(row["measure_id"]), period=p.label, period_kind=p.kind,
                                      period_start=p.start, value=value, note=note, state="draft",
                                      updated_by=author, updated_at=utcnow()))
                else:
                    obs.value, obs.note, obs.updated_by, obs.updated_at = value, note, author, utcnow()
            if comment and comment != _nan_none(row["commentary"]):
                flag = flags.get(int(row["measure_id"]))
                s.add(Commentary(measure_id=int(row["measure_id"]), period=p.label, author=author, text=comment,
                                 created_at=utcnow(), published=default if flag is None else flag))
            result.saved.append(row["code"])
        s.flush()
        audit.record(s, before, ids, author=author, source="form")
        if writes or flag_changes:
            version.bump(s)
    return result


def _conflicts(s: Session, writes: list, opened_by_id: dict, result: Saved) -> None:
    """Compare each figure as the form was opened with what is stored now, in the writing transaction."""
    for row, value, note, comment, _unchanged in writes:
        mid = int(row["measure_id"])
        opened = opened_by_id.get(mid)
        if opened is None:
            continue
        obs = s.execute(select(Observation.value, Observation.note, Observation.state, Observation.updated_by)
                        .where(Observation.measure_id == mid, Observation.period == row["period"])).first()
        latest = s.execute(select(Commentary.text).where(Commentary.measure_id == mid,
                                                         Commentary.period == row["period"])
                           .order_by(Commentary.created_at.desc(), Commentary.id.desc())).scalar()
        now = opened_as(*(obs[:3] if obs else (None, None, None)), latest)
        typed = {"value": None if value is None else repr(float(value)), "note": note, "commentary": comment}
        if _changed_since(opened, now, typed):
            who = f" by {obs.updated_by}" if obs is not None and obs.updated_by else ""
            result.conflicts[mid] = now
            result.problems[row["code"]] = (
                f"changed{who} since you opened the form: it is now {_describe(now, row['unit'], row['decimals'])}"
                f"{' with newer commentary' if now['commentary'] != opened.get('commentary') else ''}. "
                "Check it; to keep what you typed, save again.")


def _nan_none(v):
    return None if v is None or (isinstance(v, float) and v != v) else v


def change_state(engine: Engine, rows: pd.DataFrame, action: str, *, author: str | None) -> list[str]:
    """Move the form's values through sign-off (`submit`, `approve`, `reopen`); returns the codes moved. Raises
    locks.Locked for a closed period (its sign-off is settled)."""
    sources, target, _role = TRANSITIONS[action]
    moved = []
    with Session(engine) as s, s.begin():
        ids = [int(i) for i in rows["measure_id"]]
        locks.check(s, [(r["code"], r["period"]) for r in rows.to_dict("records")], None)
        before = audit.snapshot(s, ids)
        for r in rows.to_dict("records"):
            obs = s.scalar(select(Observation).where(Observation.measure_id == int(r["measure_id"]),
                                                     Observation.period == r["period"]))
            if obs is not None and obs.state in sources:
                obs.state, obs.updated_by, obs.updated_at = target, author, utcnow()
                moved.append(r["code"])
        s.flush()
        audit.record(s, before, ids, author=author, source=f"sign-off: {action}")
        if moved:
            version.bump(s)
    return moved


def role_for(action: str) -> str:
    return TRANSITIONS[action][2] if action in TRANSITIONS else "editor"


def state_label(state: str | None) -> str:
    return {"draft": "Draft (not published)", "submitted": "Submitted for approval",
            "approved": "Approved", None: "Not entered"}.get(state, str(state))


def month_label(month: Period) -> str:
    return month.name if month.kind == MONTH else month.label
