"""The canonical import template: an .xlsx workbook with sheets `measures`, `targets` and `values` (and, for the
council plan and risk register, `objectives`, `actions`, `milestones`, `risks` and `interventions`), or a folder
with a CSV file of
each name. Its sheets are read by `sheets` (the one reader) and checked
by `check`; `store` does the writing.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from data.imports import sheets
from data.imports.limits import Budget
from data.imports.problems import ImportRefused, Problem
from data.imports.store import MEASURE_FIELDS

SHEETS = {
    "measures": MEASURE_FIELDS,
    "targets": ("code", "period", "target"),
    "values": ("code", "period", "value", "commentary"),
    # the council plan and risk register (issue 15): optional sheets
    "objectives": ("code", "priority", "title", "description", "measures"),
    "actions": ("code", "title", "kind", "objective", "measure", "risk", "directorate", "service", "owner",
                "start_date", "due_date", "percent", "status", "period", "note"),
    "milestones": ("action", "title", "due_date", "completed_on"),
    "risks": ("code", "title", "cause", "effect", "owner", "directorate", "service", "inherent_likelihood",
              "inherent_impact", "residual_likelihood", "residual_impact", "review_date", "objectives", "measures",
              "period", "note"),
    # a measure's intervention plans: opened, and closed with a note; `actions` lists its intervention actions
    "interventions": ("measure", "period", "opened_by", "opened_on", "closed_on", "closing_note", "actions"),
}
REQUIRED = {
    "measures": ("code", "title", "directorate", "service", "polarity", "frequency", "kind", "rollup"),
    "targets": ("code", "period", "target"),
    "values": ("code", "period", "value"),
    "objectives": ("code", "priority", "title"),
    "actions": ("code", "title", "directorate", "due_date", "status"),
    "milestones": ("action", "title", "due_date"),
    "risks": ("code", "title", "directorate", "inherent_likelihood", "inherent_impact", "residual_likelihood",
              "residual_impact"),
    "interventions": ("measure", "opened_on"),
}
PLAN_SHEETS = ("objectives", "actions", "milestones", "risks", "interventions")
EXTRA_SHEETS = {"readme", "notes", "instructions"}


def _normalise_heading(h) -> str:
    return re.sub(r"\s+", "_", str(h or "").strip().lower())


def is_template(read: list[sheets.Sheet]) -> bool:
    names = {s.name.strip().lower() for s in read}
    return bool(names & set(SHEETS)) and names <= set(SHEETS) | EXTRA_SHEETS


def tables_of(read: list[sheets.Sheet]) -> dict[str, list[tuple]]:
    """{sheet: [("headings", [...]), (row number as the user sees it, {heading: cell}), ...]}; merged cells refused."""
    merged = [p for s in read if s.name.strip().lower() in SHEETS for p in sheets.merged_problems(s)]
    if merged:
        raise ImportRefused(merged)
    return {s.name.strip().lower(): rows(s.rows) for s in read if s.name.strip().lower() in SHEETS}


def read_tables(path: Path, budget: Budget | None = None) -> dict[str, list[tuple]]:
    """The template's tables from an .xlsx file or a folder of CSVs."""
    path = Path(path)
    if path.is_dir():
        budget = budget or Budget(path.name)
        read = [s for name in SHEETS if (path / f"{name}.csv").exists()
                for s in sheets.read_sheets(path / f"{name}.csv", budget=budget)]
        return tables_of(read)
    if path.suffix.lower() == ".csv":
        raise ImportRefused([Problem(path.name, None, None, "a single CSV is not the template: give the folder "
                                     "holding measures.csv, targets.csv and values.csv (and any of objectives.csv, "
                                     "actions.csv, milestones.csv, risks.csv, interventions.csv), or an .xlsx "
                                     "workbook")])
    return tables_of(sheets.read_sheets(path, budget=budget))


def rows(cells: list[list]) -> list[tuple]:
    if not cells:
        return []
    headings = [_normalise_heading(h) for h in cells[0]]
    out = []
    for n, row in enumerate(cells[1:], start=2):
        by_heading = {h: v for h, v in zip(headings, row) if h}
        if any(not blank(v) for v in by_heading.values()):
            out.append((n, by_heading))
    return [("headings", headings)] + out if headings else out


def blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v))


def text(cell) -> str | None:
    if blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()

