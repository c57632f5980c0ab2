"""Deterministic generator for a county-sized council: the benchmark and second demo (`seed-demo --county`).

500 measures in 10 directorates and 40 services, monthly history from April 2016 to September 2026
(2026/27 Q2): about 42,600 values and 5,720 targets. `build()` returns the same rows as the demo council's
generator (fixed seeds, no clock); `load(engine)` stores them through the import path; `template_tables()` is the
same county as the import template, so it can be imported from outside (`flask --app app import FOLDER`).
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from data.core.periods import Period
from data.imports import store
from data.imports.store import MEASURE_FIELDS
from data.imports.template import SHEETS
from data.people import access
from data.performance.assess import Rule, assess
from data.performance.status import Status

FIRST_YEAR, LAST_YEAR = 2016, 2026
LATEST_QUARTER = Period.quarter(2026, 2)
SEED = 20160401
SHAPES = ("good", "edge", "edge", "poor", "improving", "drift", "worsening")

DIRECTORATES = [
    # name, director, services
    ("Adult Social Care", "Ruth Adeyemi", ["Assessment and Care Management", "Reablement", "Safeguarding Adults",
                                           "Commissioning and Markets"]),
    ("Children's Services", "Owen Pritchard", ["Children's Social Care", "Early Help", "Fostering and Adoption",
                                               "Special Educational Needs"]),
    ("Education and Skills", "Meera Joshi", ["School Improvement", "School Admissions", "Adult Learning",
                                             "Youth Services"]),
    ("Public Health", "Dr Alan Brooks", ["Health Protection", "Healthy Lifestyles", "Sexual Health",
                                         "Substance Misuse"]),
    ("Highways and Transport", "Karen Doyle", ["Highway Maintenance", "Road Safety", "Passenger Transport",
                                               "Parking Services"]),
    ("Environment and Waste", "Simon Ashby", ["Waste Disposal", "Household Recycling Centres",
                                              "Countryside and Rights of Way", "Flood Risk Management"]),
    ("Economy and Growth", "Fatima Rahman", ["Economic Development", "Strategic Planning", "Trading Standards",
                                             "Broadband and Digital Infrastructure"]),
    ("Fire and Rescue", "Chief Fire Officer Neil Harper", ["Prevention", "Protection", "Response",
                                                           "Fire Control"]),
    ("Customer and Communities", "Lucy Granger", ["Customer Contact", "Libraries", "Registration Services",
                                                  "Community Safety"]),
    ("Resources", "Michael Stone", ["Finance", "Human Resources", "Legal Services", "ICT"]),
]
PRIORITIES = ["Living well and independently", "Best start for children", "A thriving economy",
              "A greener county", "Safe communities", "An efficient council"]
VOLUME = ("Referrals received", "count", 0, "none", "sum", 0, "percent", 600, 10, 40, 50)
CUMULATIVE = ("Income collected (cumulative)", "%", 1, "higher", "latest", 0.5, "absolute", 96, 0.1, 0.5, 0.0)
# title, unit, decimals, polarity, rollup, tolerance, tolerance_type, level, step per year, scale, season
ARCHETYPES = [
    ("Cases completed within timescale", "%", 1, "higher", "mean", 3, "absolute", 85, 0.5, 2.0, 1.0),
    ("Average days to complete", "days", 1, "lower", "mean", 10, "percent", 20, -0.3, 1.5, 1.2),
    ("Customer satisfaction", "%", 0, "higher", "mean", 3, "absolute", 80, 0.3, 2.5, 0.0),
    ("Spend against budget", "£", 0, "lower", "sum", 5, "percent", 400_000, 8_000, 15_000, 10_000),
    ("Complaints upheld", "%", 1, "lower", "mean", 2, "absolute", 30, -0.5, 2.0, 0.5),
    ("Repeat contacts", "%", 1, "lower", "mean", 2, "absolute", 18, -0.2, 1.2, 0.8),
    ("Staff sickness days per FTE", "days", 2, "lower", "sum", 5, "percent", 9, -0.1, 0.06, 0.1),
    ("Reviews completed on time", "%", 1, "higher", "mean", 5, "absolute", 90, 0.2, 2.5, 1.5),
    ("Volunteer hours", "count", 0, "higher", "sum", 10, "percent", 1_200, 30, 60, 80),
    ("Agency staff as a share of the workforce", "%", 1, "lower", "mean", 1, "absolute", 12, -0.3, 0.8, 0.3),
]
CAUSES = ["Demand rose faster than forecast.", "Vacancies reduced capacity.", "A new system slowed processing.",
          "Winter pressures were higher than planned."]
PLANS = ["A recovery plan is reviewed weekly.", "Agency cover is in place until posts are filled.",
         "The service is redesigning its process with the performance team."]


def _slug_code(name: str) -> str:
    return "".join(w[0] for w in name.replace("'", "").split() if w[0].isalpha()).upper()[:4]


def _measures() -> list[dict]:
    """500 measures: frequency, kind and rule by position, so every mix the product knows is present."""
    rows, index = [], 0
    services = [(d, s) for d, _, services in DIRECTORATES for s in services]
    for n, (directorate, service) in enumerate(services):
        for k in range(13 if n % 2 == 0 else 12):
            slot = index % 25
            frequency = "monthly" if slot < 14 else "quarterly" if slot < 22 else "annual"
            data_only, cumulative = slot in (3, 15, 23), slot == 5
            title, unit, dec, pol, rollup, tol, tol_type, level, step, scale, season = (
                VOLUME if data_only else CUMULATIVE if cumulative else ARCHETYPES[(k + n) % len(ARCHETYPES)])
            rows.append({"code": f"{_slug_code(directorate)}{n + 1:02d}-{k + 1:02d}",
                         "title": f"{title}: {service} ({k + 1})", "directorate": directorate, "service": service,
                         "priority": PRIORITIES[(n + k) % len(PRIORITIES)], "owner": f"Service lead {n + 1}",
                         "description": f"{title} in {service}, reported {frequency}.", "unit": unit,
                         "decimals": dec, "polarity": "none" if data_only else pol, "frequency": frequency,
                         "kind": "data only" if data_only else "target", "rollup": rollup, "tolerance": tol,
                         "tolerance_type": tol_type, "_level": level * (0.8 + 0.05 * (k % 9)), "_step": step,
                         "_scale": scale, "_season": season, "_shape": SHAPES[(index * 5 + n) % len(SHAPES)],
                         "_cumulative": cumulative})
            index += 1
    return rows


def _periods(frequency: str) -> list[Period]:
    if frequency == "annual":
        return [Period.year(fy) for fy in range(FIRST_YEAR, LAST_YEAR)]
    first = Period.year(FIRST_YEAR).months()[0] if frequency == "monthly" else Period.quarter(FIRST_YEAR, 1)
    last = LATEST_QUARTER.months()[-1] if frequency == "monthly" else LATEST_QUARTER
    out, p = [], first
    while not last < p:
        out.append(p)
        p = p.shift(1)
    return out


def _gap(shape: str, t: float, p: Period) -> float:
    """How far better (+) or worse (-) than target, in units of the measure's scale."""
    return {"good": 1.2, "edge": 0.2, "poor": -1.6, "improving": -1.5 + 3.0 * t,
            "drift": -1.3 if p.fy in (2020, 2021) else 0.8,
            "worsening": -2.0 if p.start >= date(2025, 10, 1) else 0.8}[shape]


def _year_target(m: dict, fy: int) -> float:
    return m["_level"] + m["_step"] * (fy - FIRST_YEAR)


def _value(m: dict, rng: random.Random, p: Period, t: float) -> float:
    fraction = p.n_months / 12 if m["rollup"] == "sum" else 1.0
    season = m["_season"] * math.sin(2 * math.pi * (p.start.month - 1) / 12) if p.kind == "month" else 0.0
    noise = rng.gauss(0, 0.45 * m["_scale"])
    if m["_cumulative"]:
        return round(min(100.0, (_year_target(m, p.fy) + 0.2 * m["_scale"] + noise) * p.index / 12), m["decimals"])
    sign = {"higher": 1, "lower": -1}.get(m["polarity"], 0)
    value = _year_target(m, p.fy) * fraction + sign * _gap(m["_shape"], t, p) * m["_scale"] + season + noise
    value = min(100.0, value) if m["unit"] == "%" else value
    return round(max(0.0, value), m["decimals"])


def _targets(m: dict) -> list[tuple[str, float]]:
    if m["kind"] != "target":
        return []
    rows = []
    for fy in range(FIRST_YEAR, LAST_YEAR + 1):
        year_target = round(_year_target(m, fy), 2)
        rows.append((Period.year(fy).label, year_target))
        if m["_cumulative"]:
            rows += [(Period.quarter(fy, q).label, round(year_target * q / 4, 1)) for q in range(1, 5)]
    return rows


def build() -> dict:
    """Every row of the county, as plain dicts and tuples (deterministic)."""
    measures = _measures()
    values, targets, commentary, actions, changes = [], [], [], [], []
    misses: dict[str, dict[str, int]] = {}
    recent = [LATEST_QUARTER.shift(-i) for i in range(4)]
    for index, m in enumerate(measures):
        rng = random.Random(SEED + index)
        periods = _periods(m["frequency"])
        history = {p: _value(m, rng, p, i / max(1, len(periods) - 1)) for i, p in enumerate(periods)}
        if index % 97 == 11:   # a late return, reported as no data with a note
            history[periods[-1]] = None
        values += [(m["code"], p.label, v, None if v is not None else "tbc")
                   for p, v in history.items()]
        measure_targets = _targets(m)
        targets += [(m["code"], label, v) for label, v in measure_targets]
        if index % 20 == 7 and m["frequency"] != "annual":
            changes.append((m["code"], date(2021 + index % 4, 4, 1), "Service redesign went live"))
        if m["kind"] != "target" or m["frequency"] == "annual":
            continue
        by_period = {Period.parse(label): v for label, v in measure_targets}
        for q in recent:
            status = assess(Rule.of(m), history, by_period, q).status
            if status is Status.BELOW_TARGET:
                misses.setdefault(m["directorate"], {}).setdefault(q.label, 0)
                misses[m["directorate"]][q.label] += 1
                commentary.append((m["code"], q.label, m["owner"], f"{m['title']} missed its target. "
                                   f"{rng.choice(CAUSES)} {rng.choice(PLANS)}", q.end + timedelta(days=20)))
                if q == LATEST_QUARTER:
                    actions.append((m["code"], "Recovery plan agreed", m["owner"], q.end + timedelta(days=90),
                                    "open", q.label))
    director = [(name, q.label, boss, f"{misses.get(name, {}).get(q.label, 0)} measures in {name} were below "
                 f"target in {q.label}; each has a recovery plan.", q.end + timedelta(days=25))
                for name, boss, _ in DIRECTORATES for q in recent]
    return {"measures": [{k: m.get(k) for k in MEASURE_FIELDS} for m in measures], "values": values,
            "targets": targets, "commentary": commentary, "actions": actions, "director_commentary": director,
            "directors": {name: boss for name, boss, _ in DIRECTORATES}, "process_changes": changes}


def payload(rows: dict | None = None) -> store.Payload:
    rows = rows or build()
    return store.Payload(**rows)


def load(engine) -> None:
    """Write the county into a migrated database in one transaction, every quarter published."""
    store.store(engine, payload(), source="county demo")
    with engine.begin() as conn:
        access.publish_through(conn, LATEST_QUARTER, by="county demo")


def template_tables(rows: dict | None = None) -> dict[str, list[list]]:
    """The county as the canonical import template ({sheet: [heading, *rows]}, for `export.write`)."""
    rows = rows or build()
    out = {name: [list(columns)] for name, columns in SHEETS.items()}
    out["measures"] += [["" if m[f] is None else m[f] for f in MEASURE_FIELDS] for m in rows["measures"]]
    out["targets"] += [list(t) for t in rows["targets"]]
    comments = {(code, label): text for code, label, _, text, _ in rows["commentary"]}
    out["values"] += [[code, label, "" if v is None else v if note is None else note,
                       comments.get((code, label), "")] for code, label, v, note in rows["values"]]
    return out
