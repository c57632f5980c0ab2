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

from data.core import loaders
from data.imports import values
from data.core import audit, version
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
                "value", "note", "state", "commentary", "low", "high"]
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
    current = Period.of_date(today or date.today())
    return [current.shift(-i) for i in range(n)]


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
                          and Period.parse(label) < period), key=lambda pv: pv[0])
        rng = usual_range([v for _, v in history[-24:]], m["unit"])
        targets = {Period.parse(label): v for label, v in
                   conn.execute(select(Target.period, Target.value).where(Target.measure_id == mid))}
        # The month's own target, else its quarter's or year's, as every other page looks it up.
        target = target_for(Rule.of(m), targets, period) if m["kind"] == "target" else None
        last_year = by_label.get(period.same_period_last_year().label, (None,))[0]
        value, note, state = by_label.get(period.label, (None, None, None))
        comment = conn.execute(select(Commentary.text).where(Commentary.measure_id == mid,
                                                             Commentary.period == period.label)
                               .order_by(Commentary.created_at.desc(), Commentary.id.desc())).scalar()
        rows.append({"measure_id": mid, "code": m["code"], "title": m["title"], "unit": m["unit"],
                     "decimals": shown_decimals(m["decimals"], dict(history), targets), "polarity": m["polarity"],
                     "period": period.label, "target": target,
                     "last_year": last_year, "value": value, "note": note, "state": state, "commentary": comment,
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

    @property
    def ok(self) -> bool:
        return not self.problems


def save(engine: Engine, rows: pd.DataFrame, entries: dict[int, tuple], *, author: str | None) -> Saved:
    """Save typed values and comments as drafts, all or nothing. `entries`: {measure_id: (value text, comment)}.

    A value that is not a number or no-data marker, or that is already submitted or approved, refuses the save."""
    result, writes = Saved(), []
    by_id = {int(r["measure_id"]): r for r in rows.to_dict("records")}
    for mid, (typed, comment) in entries.items():
        row = by_id.get(int(mid))
        if row is None:
            continue
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
    if result.problems:
        return result
    with Session(engine) as s, s.begin():
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
                s.add(Commentary(measure_id=int(row["measure_id"]), period=p.label, author=author, text=comment,
                                 created_at=utcnow()))
            result.saved.append(row["code"])
        s.flush()
        audit.record(s, before, ids, author=author, source="form")
        if writes:
            version.bump(s)
    return result


def _nan_none(v):
    return None if v is None or (isinstance(v, float) and v != v) else v


def change_state(engine: Engine, rows: pd.DataFrame, action: str, *, author: str | None) -> list[str]:
    """Move the form's values through sign-off (`submit`, `approve`, `reopen`); returns the codes moved."""
    sources, target, _role = TRANSITIONS[action]
    moved = []
    with Session(engine) as s, s.begin():
        ids = [int(i) for i in rows["measure_id"]]
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
