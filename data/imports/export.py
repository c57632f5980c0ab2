"""Export any selection (everything, a directorate or service, a period range) to the canonical template.

Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is written with a leading quote
(`data.imports.formulas`), which the importer removes again. The output imports back unchanged: export everything, import it into an empty database, export again, and the
two exports are identical (byte for byte for CSV; for XLSX too, because the workbook's timestamps and the zip
entries' dates are fixed). Values keep their no-data notes (`tbc`); each value row carries the newest comment.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, select

from data.core import loaders
from data.core.models import Commentary, Observation, Target
from data.core.periods import Period, PeriodError
from data.imports.formulas import neutralise
from data.imports.store import MEASURE_FIELDS, slugify
from data.imports.template import SHEETS
from data.plan import records

FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip"}
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_FIXED_ISO = "2000-01-01T00:00:00Z"


def _number(v) -> str:
    """Shortest text that reads back as the same float: 0.1 -> `0.1`, 12.0 -> `12`, 1e-05 -> `0.00001`."""
    return np.format_float_positional(float(v), trim="-")


def period_or_none(label) -> Period | None:
    """A chosen period, or None for `all`, blank or anything that is not a period."""
    if label in (None, "", "all"):
        return None
    try:
        return Period.parse(str(label))
    except PeriodError:
        return None


def file_name(directorate: str | None, first: Period | None, last: Period | None, fmt: str) -> str:
    """`performance-place-2019-20Q1-2020-21.xlsx`: what the selection holds, safe as a file name."""
    parts = ["performance", slugify(directorate or "all")] + [p.label.replace("/", "-").replace(" ", "")
                                                               for p in (first, last) if p]
    return "-".join(parts) + (".zip" if fmt == "zip" else ".xlsx")


def _within(label: str, first: Period | None, last: Period | None) -> bool:
    p = Period.parse(label)
    return (first is None or p.start >= first.start) and (last is None or p.end <= last.end)


def tables(conn: Connection, *, directorate: str | None = None, service: str | None = None,
           first: Period | str | None = None, last: Period | str | None = None,
           states=loaders.PUBLISHED_STATES) -> dict[str, list[list]]:
    """{sheet: [heading row, *rows]} of the canonical template for the selection; cells are numbers or text (the plan
    sheets too: see plan_tables)."""
    first = Period.parse(first) if first else None
    last = Period.parse(last) if last else None
    measures = loaders.measures(conn, directorate=directorate, service=service).sort_values("code")
    ids = [int(i) for i in measures["id"]]
    code_of = dict(zip(measures["id"], measures["code"]))
    out = {name: [list(columns)] for name, columns in SHEETS.items()}
    for m in measures.to_dict("records"):
        out["measures"].append([_cell(m.get(f)) if f != "context" else ("yes" if m.get(f) else "")
                                for f in MEASURE_FIELDS])
    if not ids:
        plan_tables(conn, out, set(), directorate, service)
        return out
    comments = {}
    for mid, period, text in conn.execute(select(Commentary.measure_id, Commentary.period, Commentary.text)
                                          .where(Commentary.measure_id.in_(ids))
                                          .order_by(Commentary.created_at, Commentary.id)):
        comments[(mid, period)] = text
    values = [(code_of[mid], Period.parse(p), value, note, comments.get((mid, p)))
              for mid, p, value, note in conn.execute(
                  select(Observation.measure_id, Observation.period, Observation.value, Observation.note)
                  .where(Observation.measure_id.in_(ids), Observation.state.in_(states)))
              if _within(p, first, last)]
    for code, p, value, note, comment in sorted(values, key=lambda r: (r[0], r[1].sort_key)):
        out["values"].append([code, p.label, value if value is not None else (note or ""), comment or ""])
    targets = [(code_of[mid], Period.parse(p), value) for mid, p, value in conn.execute(
        select(Target.measure_id, Target.period, Target.value).where(Target.measure_id.in_(ids)))
        if _within(p, first, last)]
    for code, p, value in sorted(targets, key=lambda r: (r[0], r[1].sort_key)):
        out["targets"].append([code, p.label, value])
    plan_tables(conn, out, set(code_of.values()), directorate, service, set(measures["priority"].dropna()))
    return out


def _day(d) -> str:
    return "" if d is None or d != d else d.isoformat()


def _joined(codes) -> str:
    return "; ".join(sorted(codes))


def plan_tables(conn: Connection, out: dict, measures: set[str], directorate: str | None = None,
                service: str | None = None, priorities: set[str] | None = None) -> None:
    """The plan sheets for the selection: every objective (its measures among those exported), and the actions,
    milestones and risks of the directorate or service chosen; an action's progress history is one row a quarter.
    The exported measures' intervention plans, open or closed, each with its exported actions."""
    objectives = records.objectives(conn)
    if directorate or service:   # a selection's file imports on its own: only objectives of its priorities
        objectives = objectives[objectives["priority"].isin(priorities or set())]
    links = records.measure_objectives(conn)
    code_of_objective = dict(zip(objectives["id"], objectives["code"]))
    for o in objectives.sort_values("code").to_dict("records"):
        mine = [m for m in links.loc[links["objective_id"] == o["id"], "measure_code"] if m in measures]
        out["objectives"].append([o["code"], o["priority"], o["title"], _cell(o["description"]), _joined(mine)])

    def chosen(frame):
        if directorate:
            frame = frame[frame["directorate_slug"] == directorate]
        if service:
            frame = frame[frame["service_slug"] == service]
        return frame
    risks = chosen(records.risks(conn))
    risk_code = dict(zip(records.risks(conn)["id"], records.risks(conn)["code"]))
    reviews = records.risk_reviews(conn, risks["id"])
    by_risk = {int(r["risk_id"]): r for r in reviews.to_dict("records")}   # the latest review (oldest first)
    risk_objectives, risk_measures = records.risk_objectives(conn), records.risk_measures(conn)
    for r in risks.to_dict("records"):
        review = by_risk.get(int(r["id"]), {})
        out["risks"].append([r["code"], r["title"], _cell(r["cause"]), _cell(r["effect"]), _cell(r["owner"]),
                             r["directorate"], _cell(r["service"]), r["inherent_likelihood"], r["inherent_impact"],
                             r["residual_likelihood"], r["residual_impact"], _day(r["review_date"]),
                             _joined(o for o in risk_objectives.loc[risk_objectives["risk_id"] == r["id"],
                                                                    "objective_code"]
                                     if o in set(code_of_objective.values())),
                             _joined(m for m in risk_measures.loc[risk_measures["risk_id"] == r["id"], "measure_code"]
                                     if m in measures),
                             review.get("period", ""), _cell(review.get("note"))])
    actions = chosen(records.actions(conn))
    plans = records.intervention_plans(conn)
    measure_of_plan = dict(zip(plans["id"], plans["measure_code"]))
    updates = records.updates(conn, actions["id"])
    for a in actions.to_dict("records"):
        measure = measure_of_plan.get(a["plan_id"], "") if a["plan_id"] == a["plan_id"] else ""
        if measure and measure not in measures:
            continue
        base = [a["code"], a["title"], a["kind"], code_of_objective.get(a["objective_id"], ""), measure,
                risk_code.get(a["risk_id"], "") if a["risk_id"] == a["risk_id"] else "", a["directorate"],
                _cell(a["service"]), _cell(a["owner"]), _day(a["start_date"]), _day(a["due_date"])]
        mine = updates[updates["action_id"] == a["id"]].to_dict("records")
        latest: dict = {}
        for u in mine:   # oldest first: the latest note of each quarter
            latest[u["period"]] = u
        history = sorted(latest.values(), key=lambda u: Period.parse(u["period"]).sort_key)
        if not history or (history[-1]["status"], history[-1]["percent"]) != (a["status"], a["percent"]):
            history.append({"status": a["status"], "percent": a["percent"], "period": "", "note": None})
        for u in history:
            out["actions"].append(base + [int(u["percent"]), u["status"], u["period"], _cell(u["note"])])
    exported = {row[0] for row in out["actions"][1:]}
    code_of_action = dict(zip(actions["id"], actions["code"]))
    rows = [[code_of_action.get(m["action_id"]), m["title"], _day(m["due_date"]), _day(m["completed_on"])]
            for m in records.milestones(conn).to_dict("records")]
    out["milestones"] += sorted((r for r in rows if r[0] in exported), key=lambda r: (r[0], r[2], r[1]))
    in_plan: dict[int, list[str]] = {}
    for a in actions.to_dict("records"):
        if a["plan_id"] == a["plan_id"] and a["plan_id"] is not None and a["code"] in exported:
            in_plan.setdefault(int(a["plan_id"]), []).append(a["code"])
    chosen_plans = sorted((p for p in plans.to_dict("records") if p["measure_code"] in measures),
                          key=lambda p: (p["measure_code"], p["opened_on"], p["id"]))
    for p in chosen_plans:
        out["interventions"].append([p["measure_code"], _cell(p["period"]), _cell(p["opened_by"]),
                                     _day(p["opened_on"]), _day(p["closed_on"]), _cell(p["closing_note"]),
                                     _joined(in_plan.get(int(p["id"]), []))])


def _cell(v):
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, (np.integer, np.floating)):
        return v.item()
    return v


def _text(v) -> str:
    if isinstance(v, bool) or v is None:
        return "" if v is None else str(v)
    if isinstance(v, (int, float)):
        return _number(v)
    return neutralise(str(v))      # `=HYPERLINK(...)` leaves as `'=HYPERLINK(...)`; the importer removes the quote


def csv_files(data: dict[str, list[list]]) -> dict[str, bytes]:
    """{`measures.csv`: bytes, ...}: UTF-8, `\\n` line ends, numbers in their shortest exact form."""
    files = {}
    for name, rows in data.items():
        files[f"{name}.csv"] = "".join(_csv_line([_text(c) for c in row]) for row in rows).encode("utf-8")
    return files


def _csv_line(fields: list[str]) -> str:
    """One CSV record as Python's csv writer (minimal quoting) writes it, except that a field holding a carriage
    return is quoted too (Python 3.11's writer leaves it bare when the line end is `\\n`, and a reader then splits
    the row there)."""
    if fields == [""]:
        return '""\n'
    out = []
    for f in fields:
        if any(ch in f for ch in ',"\n\r'):
            f = '"' + f.replace('"', '""') + '"'
        out.append(f)
    return ",".join(out) + "\n"


def write_csv_folder(data: dict[str, list[list]], folder: Path | str) -> Path:
    """A folder with measures.csv, targets.csv and values.csv (what `flask import FOLDER` reads)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in csv_files(data).items():
        (folder / name).write_bytes(content)
    return folder


def csv_zip(data: dict[str, list[list]]) -> bytes:
    """The three CSVs in one zip (for a download), deterministic."""
    return _zip(csv_files(data).items())


def xlsx_bytes(data: dict[str, list[list]]) -> bytes:
    """The template as an .xlsx workbook, byte-for-byte the same for the same data."""
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in data.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append([None if c == "" else neutralise(c) for c in row])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str) and cell.data_type == "f":
                    cell.data_type = "s"   # text that starts with `=` stays text, never a formula
    wb.properties.creator = "Council performance dashboard"
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        entries = [(n, z.read(n)) for n in z.namelist()]
    return _zip((n, _fix_core(b) if n == "docProps/core.xml" else b) for n, b in entries)


def _fix_core(xml: bytes) -> bytes:
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + _FIXED_ISO.encode()
                  + rb"\g<2>", xml)


def _zip(entries) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, content)
    return out.getvalue()


def write(data: dict[str, list[list]], path: Path | str, fmt: str | None = None) -> Path:
    """Write to `path`: `.xlsx` a workbook, `.zip` the zipped CSVs, anything else a folder of CSVs."""
    path = Path(path)
    fmt = fmt or {".xlsx": "xlsx", ".zip": "zip"}.get(path.suffix.lower(), "csv")
    if fmt == "xlsx":
        path.write_bytes(xlsx_bytes(data))
    elif fmt == "zip":
        path.write_bytes(csv_zip(data))
    else:
        write_csv_folder(data, path)
    return path
