"""Deterministic generator for the demo council: April 2019 to September 2026 (2026/27 Q2).

`build()` returns plain rows (the same every run: fixed seeds, no clock); `load(engine)` writes them in one
transaction through the same `store` functions an import uses.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from data.imports import store
from data.people import access
from data.performance.assess import Frequency, Rule, assess
from data.demo import peers, plan
from data.demo.catalogue import CONTEXT, DIRECTORATES, MEASURES, PINNED, PRIORITIES
from data.core.periods import Period
from data.performance.status import Status

FIRST_MONTH = Period.month(2019, 4)
LATEST_QUARTER = Period.quarter(2026, 2)
LATEST_MONTH = LATEST_QUARTER.months()[-1]
SEED = 20190401
CUMULATIVE_PROFILE = [0.10, 0.19, 0.29, 0.38, 0.48, 0.57, 0.66, 0.76, 0.85, 0.92, 0.96, 1.0]
QUARTER_PROFILE = [0.29, 0.57, 0.85, 1.0]
FIELDS = ("code", "title", "service", "priority", "unit", "decimals", "polarity", "frequency", "kind",
          "rollup", "tolerance", "tolerance_type", "target", "step", "scale", "season", "shape")
OWNERS = ["Amira Hassan", "Ben Clarke", "Chloe Evans", "Daniel Price", "Emma Robinson", "Faisal Iqbal",
          "Grace Turner", "Hugo Bell", "Isla Murray", "Jack Foster", "Kiran Patel", "Laura Hughes",
          "Marcus Reid", "Nadia Walsh"]


def _periods(frequency: Frequency) -> list[Period]:
    if frequency is Frequency.MONTHLY:
        first, last = FIRST_MONTH, LATEST_MONTH
    elif frequency is Frequency.QUARTERLY:
        first, last = FIRST_MONTH.widen("quarter"), LATEST_QUARTER
    else:
        first, last = Period.year(2019), Period.year(2025)
    out, p = [], first
    while not last < p:
        out.append(p)
        p = p.shift(1)
    return out


def _gap(shape: str, p: Period, t: float) -> float:
    """How far better (+) or worse (-) than target, in units of the measure's scale."""
    if shape == "good":
        return 1.3
    if shape == "poor":
        return -1.8
    if shape == "improving":
        return -1.6 + 3.0 * t
    if shape == "drift":
        return -1.4 if p.fy in (2021, 2022) and not (p.fy == 2022 and p.start.month in (1, 2, 3)) else 0.9
    if shape == "worsening":
        return -2.2 if p.start >= date(2026, 1, 1) else 0.9
    return 0.2  # edge, cumulative, rentloss: around the target


def _year_target(m: dict, fy: int) -> float:
    target = m["target"] + m["step"] * (fy - 2019)
    return min(target, 100.0) if m["unit"] == "%" else target  # no 101% target for a percentage


def _round(m: dict, value: float) -> float:
    if m["unit"] == "%":
        value = min(100.0, value)
    return round(max(0.0, value), m["decimals"])


def _value(m: dict, rng: random.Random, p: Period, t: float) -> float:
    fraction = p.n_months / 12 if m["rollup"] == "sum" else 1.0
    season = m["season"] * math.sin(2 * math.pi * (p.start.month - 1) / 12) if p.kind == "month" else 0.0
    noise = rng.gauss(0, 0.45 * m["scale"])
    if m["shape"] == "volume":  # the catalogue gives a volume's level per period of its own frequency
        level = m["target"] * (1 + m["step"]) ** (t * 7.5)
        return _round(m, level + season + noise)
    if m["shape"] == "cumulative":
        final = _year_target(m, p.fy) + 0.3 * m["scale"] + noise
        return _round(m, final * CUMULATIVE_PROFILE[p.index - 1])
    sign = 1 if m["polarity"] == "higher" else -1
    target = _year_target(m, p.fy) * fraction
    return _round(m, target + sign * _gap(m["shape"], p, t) * m["scale"] + season + noise)


def _targets(m: dict) -> list[tuple[str, float]]:
    if m["kind"] != "target":
        return []
    rows = []
    for fy in range(2019, 2027):
        year_target = round(_year_target(m, fy), 4)
        rows.append((Period.year(fy).label, year_target))
        if m["shape"] == "cumulative":
            rows += [(Period.quarter(fy, q).label, round(year_target * share, 1))
                     for q, share in enumerate(QUARTER_PROFILE, start=1)]
    return rows


def _measure_rows() -> list[dict]:
    return [dict(zip(FIELDS, row)) for row in MEASURES]


def _history(m: dict, index: int) -> dict[Period, float | None]:
    rng = random.Random(SEED + index)
    periods = _periods(Frequency(m["frequency"]))
    values = {p: _value(m, rng, p, i / max(1, len(periods) - 1)) for i, p in enumerate(periods)}
    for (code, label), pinned in PINNED.items():
        if code == m["code"]:
            values[Period.parse(label)] = pinned
    return values


COMMENT_MISS = [
    "{title} missed its target this period. {cause} {plan}",
    "Performance fell short of target. {cause} {plan}",
]
CAUSES = ["Two long-term vacancies reduced capacity.", "Demand rose sharply over the period.",
          "A system upgrade disrupted processing for three weeks.", "Seasonal pressures were higher than forecast.",
          "Staff sickness in the team affected output."]
PLANS = ["A recovery plan is in place and progress is reviewed weekly.",
         "Temporary staff have been recruited and we expect recovery next quarter.",
         "The service is reviewing its process with the performance team.",
         "Backlogs are being cleared and the position will be reported to scrutiny."]
ACTIONS = ["Recovery plan agreed with the service manager", "Recruit to vacant posts",
           "Review process and remove duplicate steps", "Weekly monitoring of the backlog",
           "Report progress to the portfolio holder"]


def build() -> dict:
    """Every row of the demo council, as plain dicts and tuples (deterministic)."""
    measures = _measure_rows()
    services = {s for d in DIRECTORATES for s in d[3]}
    owner_of = {slug: OWNERS[i % len(OWNERS)] for i, (slug, _) in enumerate(sorted(services))}
    values, targets, commentary, actions = [], [], [], []
    assessments: dict[str, dict[Period, object]] = {}
    for index, m in enumerate(measures):
        m["owner"] = owner_of[m["service"]]
        m["context"] = m["code"] in CONTEXT
        m["description"] = f"{m['title']}. Reported {m['frequency']}; {m['rollup']} of the period's figures."
        history = _history(m, index)
        measure_targets = _targets(m)
        values += [(m["code"], p.label, v, None) for p, v in history.items()]
        targets += [(m["code"], label, v) for label, v in measure_targets]
        rule = Rule.of(m)
        by_label = {Period.parse(label): v for label, v in measure_targets}
        quarters = [q for q in _periods(Frequency.QUARTERLY)]
        assessments[m["code"]] = {q: assess(rule, history, by_label, q) for q in quarters}
        rng = random.Random(SEED * 7 + index)
        for q, a in assessments[m["code"]].items():
            if a.status in (Status.BELOW_TARGET, Status.WITHIN_TOLERANCE) and a.effective == q:
                text = rng.choice(COMMENT_MISS).format(title=m["title"], cause=rng.choice(CAUSES),
                                                      plan=rng.choice(PLANS))
                commentary.append((m["code"], q.label, m["owner"], text, q.end + timedelta(days=20)))
            if a.status is Status.BELOW_TARGET and q.shift(8) > LATEST_QUARTER:
                due = q.end + timedelta(days=90)
                state = "done" if due < LATEST_QUARTER.start else rng.choice(["open", "in progress"])
                actions.append((m["code"], rng.choice(ACTIONS), m["owner"], due, state, q.label))
    # EH03's latest return is late: the council reports it as no data with a note.
    values = [(c, p, None, "Data not yet available") if (c, p) == ("EH03", LATEST_QUARTER.label) else (c, p, v, n)
              for c, p, v, n in values]
    return {"directorates": DIRECTORATES, "priorities": PRIORITIES, "measures": measures, "values": values,
            "targets": targets, "commentary": commentary, "actions": actions,
            "director_commentary": _director_commentary(measures, assessments),
            "process_changes": PROCESS_CHANGES, **plan.build(DIRECTORATES, owner_of)}


# Changes in how services work, where SPC limits rebase; recent shifts are left for an officer to confirm.
PROCESS_CHANGES = [
    ("CS01", date(2023, 4, 1), "New telephony system with call-back went live"),
    ("HSG03", date(2022, 10, 1), "Void repairs contract brought in house"),
    ("ICT02", date(2023, 4, 1), "Online forms for the twenty most common requests went live"),
    ("WST02", date(2023, 4, 1), "Weekly food waste collections introduced"),
    ("FIN04", date(2023, 4, 1), "Savings programme restructured into twelve workstreams"),
    ("HR03", date(2023, 7, 1), "Mandatory training moved to the new e-learning system"),
    ("ECO01", date(2024, 1, 1), "Business support hub opened in the town centre"),
    ("PLN01", date(2024, 4, 1), "Planning performance agreements offered on every major application"),
    ("FIN01", date(2024, 9, 1), "Invoice approval moved online"),
    ("REV03", date(2024, 6, 1), "Automated checks on new benefit claims went live"),
]


def _director_commentary(measures: list[dict], assessments: dict) -> list[tuple]:
    rows = []
    directorate_of = {s: d for d in DIRECTORATES for s, _ in d[3]}
    for slug, name, director, _ in DIRECTORATES:
        codes = [m for m in measures if directorate_of[m["service"]][0] == slug]
        for q in _periods(Frequency.QUARTERLY):
            judged = [(m, assessments[m["code"]][q]) for m in codes
                      if assessments[m["code"]][q].status in (Status.ON_TARGET, Status.WITHIN_TOLERANCE,
                                                              Status.BELOW_TARGET)]
            met = sum(a.status is not Status.BELOW_TARGET for _, a in judged)
            missed = [m["title"] for m, a in judged if a.status is Status.BELOW_TARGET]
            text = f"In {q.label}, {met} of {len(judged)} targeted measures in {name} were on target or within tolerance."
            if missed:
                text += " Below target: " + "; ".join(missed) + ". Each has an action plan and is monitored monthly."
            else:
                text += " No measure was below target this quarter."
            rows.append((slug, q.label, director, text, q.end + timedelta(days=25)))
    return rows


def load(engine) -> None:
    """Write the demo council into an empty, migrated database, in one transaction."""
    store.store(engine, build(), source="demo")
    with engine.begin() as conn:  # the demo's periods are all published, so the public sees the whole demo
        access.publish_through(conn, LATEST_QUARTER, by="demo")
    peers.load(engine)
