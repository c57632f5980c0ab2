"""Check the template's plan sheets (objectives, actions, milestones, risks, interventions) row by row into the
payload, with the
same rules as the figures: every problem named by sheet, row and column, and any problem refuses the whole file.
Names (priorities, directorates, services) and codes (measures, objectives, risks, actions) must be in the file or
already stored."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, select

from data.core.models import Action, Directorate, InterventionPlan, Measure, Objective, Priority, Risk, Service
from data.core.periods import Period, PeriodError
from data.imports.template import text
from data.imports.values import parse_number
from data.plan import risks as risk_rules
from data.plan.progress import KINDS, Progress

MAX_TEXT = 10_000
LIMITS = {"code": 40, "title": 300, "owner": 200, "action": 40, "opened_by": 200}


@dataclass
class Known:
    """What the database already holds that plan rows may name."""

    priorities: set[str] = field(default_factory=set)
    places: dict[str, set[str]] = field(default_factory=dict)    # directorate name -> its service names
    objectives: set[str] = field(default_factory=set)
    risks: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    intervention_actions: dict[str, str] = field(default_factory=dict)   # action code -> its plan's measure code


def known(conn: Connection) -> Known:
    places: dict[str, set[str]] = {d: set() for d in conn.execute(select(Directorate.name)).scalars()}
    for d, s in conn.execute(select(Directorate.name, Service.name).join(Service)):
        places[d].add(s)
    interventions = dict(conn.execute(select(Action.code, Measure.code)
                                      .join(InterventionPlan, InterventionPlan.id == Action.plan_id)
                                      .join(Measure, Measure.id == InterventionPlan.measure_id)
                                      .where(Action.kind == "intervention")).all())
    return Known(set(conn.execute(select(Priority.name)).scalars()), places,
                 set(conn.execute(select(Objective.code)).scalars()), set(conn.execute(select(Risk.code)).scalars()),
                 set(conn.execute(select(Action.code)).scalars()), interventions)


def _a(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _list(cell) -> list[str]:
    value = text(cell)
    return [] if value is None else [v.strip() for v in re.split(r"[;,]", value) if v.strip()]


def _date(cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = text(cell)
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date (for example 2027-03-31 or 31/03/2027)")


class PlanChecker:
    """Checks one file's plan sheets; `c` is the figures' checker (its problems, rows, payload and measure codes)."""

    def __init__(self, c, known_: Known):
        self.c, self.k = c, known_
        self.priorities = set(known_.priorities) | {m["priority"] for m in c.payload.measures if m.get("priority")}
        self.places = {d: set(s) for d, s in known_.places.items()}
        for m in c.payload.measures:
            self.places.setdefault(m["directorate"], set()).add(m["service"])
        self.objectives, self.risks, self.actions = set(known_.objectives), set(known_.risks), set(known_.actions)
        self.first_rows: dict = {}
        # action code -> (kind, measure code or None): the file's actions, then the stored intervention actions
        self.kinds: dict[str, tuple[str, str | None]] = {c: ("intervention", m)
                                                         for c, m in known_.intervention_actions.items()}

    def check(self):
        rows = {sheet: list(self.c.rows(sheet))
                for sheet in ("objectives", "risks", "actions", "milestones", "interventions")}
        self.objectives |= {text(cells.get("code")) for _, cells in rows["objectives"]} - {None}
        self.risks |= {text(cells.get("code")) for _, cells in rows["risks"]} - {None}
        self.actions |= {text(cells.get("code")) for _, cells in rows["actions"]} - {None}
        self.objectives_sheet(rows["objectives"])
        self.risks_sheet(rows["risks"])
        self.actions_sheet(rows["actions"])
        self.milestones_sheet(rows["milestones"])
        self.interventions_sheet(rows["interventions"])

    # helpers: each returns None (and names the problem) when the cell is wrong
    def _text(self, sheet, n, cells, column, required=False):
        value = text(cells.get(column))
        if value is None:
            if required:
                self.c.problem(sheet, n, column, "is empty")
            return None
        if len(value) > LIMITS.get(column, MAX_TEXT):
            self.c.problem(sheet, n, column, f"is longer than {LIMITS.get(column, MAX_TEXT)} characters")
            return None
        return value

    def _day(self, sheet, n, cells, column, required=False):
        if text(cells.get(column)) is None:
            if required:
                self.c.problem(sheet, n, column, "is empty")
            return None
        try:
            return _date(cells.get(column))
        except ValueError as e:
            self.c.problem(sheet, n, column, str(e))
            return None

    def _codes(self, sheet, n, cells, column, known: set, what: str):
        found = []
        for code in _list(cells.get(column)):
            if what == "measure":
                try:
                    code = self.c.codes.resolve(code)
                except ValueError as e:
                    self.c.problem(sheet, n, column, str(e))
                    return None
                if code not in self.c.frequency:
                    self.c.problem(sheet, n, column, f"{code} is not a measure in this council or this file")
                    return None
            elif code not in known:
                self.c.problem(sheet, n, column, f"{code} is not a{'n' if what[0] in 'aeiou' else ''} {what} in "
                               f"this council or this file")
                return None
            found.append(code)
        return found

    def _place(self, sheet, n, cells):
        d, s = text(cells.get("directorate")), text(cells.get("service"))
        if d is None:
            self.c.problem(sheet, n, "directorate", "is empty")
            return None
        if d not in self.places:
            self.c.problem(sheet, n, "directorate", f"{d!r} is not a directorate in this council or this file")
            return None
        if s is not None and s not in self.places[d]:
            self.c.problem(sheet, n, "service", f"{s!r} is not a service of {d}")
            return None
        return d, s

    def _period(self, sheet, n, cells):
        if text(cells.get("period")) is None:
            return None, True
        try:
            p = Period.parse(cells.get("period"))
        except (PeriodError, ValueError) as e:
            self.c.problem(sheet, n, "period", str(e))
            return None, False
        if p.kind != "quarter":
            self.c.problem(sheet, n, "period", f"progress is reported by quarter, not for {p.label}")
            return None, False
        if p.start > self.c.today:
            self.c.problem(sheet, n, "period", f"{p.label} is in the future")
            return None, False
        return p.label, True

    def _unique(self, sheet, n, code, seen: dict) -> bool:
        if code in seen:
            self.c.problem(sheet, n, "code", f"{code} is listed twice (first at row {seen[code]})")
            return False
        seen[code] = n
        return True

    def objectives_sheet(self, rows):
        seen: dict = {}
        for n, cells in rows:
            before = len(self.c.problems)
            code = self._text("objectives", n, cells, "code", True)
            priority = self._text("objectives", n, cells, "priority", True)
            title = self._text("objectives", n, cells, "title", True)
            if priority and priority not in self.priorities:
                self.c.problem("objectives", n, "priority", f"{priority!r} is not a council priority in this council "
                               "or this file")
            measures = self._codes("objectives", n, cells, "measures", set(), "measure")
            if code and not self._unique("objectives", n, code, seen):
                continue
            if len(self.c.problems) == before:
                self.c.payload.objectives.append({
                    "code": code, "priority": priority, "title": title,
                    "description": self._text("objectives", n, cells, "description"),
                    "measures": measures if text(cells.get("measures")) is not None else None})

    def _level(self, sheet, n, cells, column):
        try:
            return risk_rules.check_level(parse_number(cells.get(column)), column.replace("_", " "))
        except ValueError as e:
            self.c.problem(sheet, n, column, str(e))
            return None

    def risks_sheet(self, rows):
        seen: dict = {}
        for n, cells in rows:
            before = len(self.c.problems)
            code = self._text("risks", n, cells, "code", True)
            title = self._text("risks", n, cells, "title", True)
            place = self._place("risks", n, cells)
            levels = {k: self._level("risks", n, cells, k) for k in
                      ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")}
            review = self._day("risks", n, cells, "review_date")
            objectives = self._codes("risks", n, cells, "objectives", self.objectives, "objective")
            measures = self._codes("risks", n, cells, "measures", set(), "measure")
            period, _ = self._period("risks", n, cells)
            if code and not self._unique("risks", n, code, seen):
                continue
            if len(self.c.problems) == before:
                self.c.payload.risks.append({
                    "code": code, "title": title, "cause": self._text("risks", n, cells, "cause"),
                    "effect": self._text("risks", n, cells, "effect"), "owner": self._text("risks", n, cells, "owner"),
                    "directorate": place[0], "service": place[1], **levels, "review_date": review,
                    "objectives": objectives if text(cells.get("objectives")) is not None else None,
                    "measures": measures if text(cells.get("measures")) is not None else None,
                    "period": period, "note": self._text("risks", n, cells, "note")})

    def actions_sheet(self, rows):
        seen: dict = {}
        for n, cells in rows:
            before = len(self.c.problems)
            code = self._text("actions", n, cells, "code", True)
            title = self._text("actions", n, cells, "title", True)
            kind = (text(cells.get("kind")) or "plan").lower()
            if kind not in KINDS:
                self.c.problem("actions", n, "kind", f"{kind!r} is not one of {', '.join(KINDS)}")
            place = self._place("actions", n, cells)
            objective = self._codes("actions", n, cells, "objective", self.objectives, "objective")
            measure = self._codes("actions", n, cells, "measure", set(), "measure")
            risk = self._codes("actions", n, cells, "risk", self.risks, "risk")
            # what each kind names: a plan action its objective, an intervention its measure, a mitigation its risk
            needs = {"plan": "objective", "intervention": "measure", "mitigation": "risk"}.get(kind)
            for column, found in (("objective", objective), ("measure", measure), ("risk", risk)):
                if found is None:
                    continue
                if len(found) > 1:
                    self.c.problem("actions", n, column, f"an action has one {column}, not {len(found)}")
                elif found and needs and column != needs:
                    self.c.problem("actions", n, column, f"{_a(kind)} {kind} action names its {needs}, not a {column}")
                elif not found and needs == column and kind != "plan":
                    self.c.problem("actions", n, column, f"{_a(kind)} {kind} action names the {column} it is for")
            start = self._day("actions", n, cells, "start_date")
            due = self._day("actions", n, cells, "due_date", True)
            if start and due and due < start:
                self.c.problem("actions", n, "due_date", f"{due:%-d %b %Y} is before the start date")
            status = None
            if text(cells.get("status")) is None:
                self.c.problem("actions", n, "status", "is empty")
            else:
                try:
                    status = Progress.read(text(cells.get("status"))).value
                except ValueError as e:
                    self.c.problem("actions", n, "status", str(e))
            percent = 0
            try:
                number = parse_number(cells.get("percent"))
                percent = 100 if status == "completed" and number is None else int(round(number or 0))
                if number is not None and not 0 <= number <= 100:
                    raise ValueError(f"{text(cells.get('percent'))!r} must be from 0 to 100")
            except ValueError as e:
                self.c.problem("actions", n, "percent", str(e))
            period, _ = self._period("actions", n, cells)
            note = self._text("actions", n, cells, "note")
            if note and not period:
                self.c.problem("actions", n, "period", "give the quarter the progress note is for")
            # one row per quarter of progress: an action's code repeats, once per period
            if code and (code, period) in seen:
                self.c.problem("actions", n, "period", f"{code} {period or '(no period)'} is already given at row "
                               f"{seen[code, period]}")
                continue
            seen[(code, period)] = n
            first = self.first_rows.setdefault(code, (n, title, kind, place, start, due))
            if code and first[0] == n:
                self.kinds[code] = (kind, (measure or [None])[0])
            if first[1:] != (title, kind, place, start, due):
                self.c.problem("actions", n, "code", f"{code}'s title, kind, place or dates differ from row {first[0]}")
            if len(self.c.problems) == before:
                self.c.payload.plan_actions.append({
                    "code": code, "title": title, "kind": kind, "objective": (objective or [None])[0],
                    "measure": (measure or [None])[0], "risk": (risk or [None])[0], "directorate": place[0],
                    "service": place[1], "owner": self._text("actions", n, cells, "owner"), "start_date": start,
                    "due_date": due, "status": status, "percent": percent, "period": period, "note": note})

    def milestones_sheet(self, rows):
        seen: dict = {}
        for n, cells in rows:
            before = len(self.c.problems)
            action = self._text("milestones", n, cells, "action", True)
            title = self._text("milestones", n, cells, "title", True)
            due = self._day("milestones", n, cells, "due_date", True)
            done = self._day("milestones", n, cells, "completed_on")
            if action and action not in self.actions:
                self.c.problem("milestones", n, "action", f"{action} is not an action in this council or this file")
            if (action, title) in seen:
                self.c.problem("milestones", n, "title", f"{title!r} of {action} is listed twice (first at row "
                               f"{seen[action, title]})")
            seen[(action, title)] = n
            if len(self.c.problems) == before:
                self.c.payload.milestones.append((action, title, due, done))

    def interventions_sheet(self, rows):
        """A measure's intervention plans, each known by its measure and opening date (two opened the same day by
        their order); `actions` lists the plan's intervention actions, in this file or already stored."""
        listed: dict = {}
        for n, cells in rows:
            before = len(self.c.problems)
            measure = self._codes("interventions", n, cells, "measure", set(), "measure")
            if measure is not None and len(measure) != 1:
                self.c.problem("interventions", n, "measure", "is empty" if not measure else
                               f"an intervention plan is for one measure, not {len(measure)}")
            measure = measure[0] if measure and len(measure) == 1 else None
            period = None
            if text(cells.get("period")) is not None:
                try:
                    period = Period.parse(cells.get("period")).label
                except (PeriodError, ValueError) as e:
                    self.c.problem("interventions", n, "period", str(e))
            opened = self._day("interventions", n, cells, "opened_on", True)
            closed = self._day("interventions", n, cells, "closed_on")
            if opened and closed and closed < opened:
                self.c.problem("interventions", n, "closed_on", f"{closed:%-d %b %Y} is before the plan was opened")
            note = self._text("interventions", n, cells, "closing_note")
            if note and text(cells.get("closed_on")) is None:
                self.c.problem("interventions", n, "closed_on", "is empty: give the date the plan closed, or leave "
                               "the closing note blank")
            actions = _list(cells.get("actions"))
            for code in actions:
                kind, of = self.kinds.get(code, (None, None))
                if code not in self.actions:
                    self.c.problem("interventions", n, "actions", f"{code} is not an action in this council or "
                                   "this file")
                elif kind != "intervention":
                    self.c.problem("interventions", n, "actions", f"{code} is not an intervention action")
                elif measure and of != measure:
                    self.c.problem("interventions", n, "actions", f"{code} is an intervention action for {of}, "
                                   f"not {measure}")
                elif code in listed:
                    self.c.problem("interventions", n, "actions", f"{code} is already in the plan at row "
                                   f"{listed[code]}")
                listed.setdefault(code, n)
            if len(self.c.problems) == before:
                self.c.payload.interventions.append({
                    "measure": measure, "period": period, "opened_by": self._text("interventions", n, cells,
                                                                                  "opened_by"),
                    "opened_on": opened, "closed_on": closed, "closing_note": note, "actions": actions})
