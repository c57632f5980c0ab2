"""Export any selection (everything, a directorate or service, a period range) to the canonical template.

The output imports back unchanged: export everything, import it into an empty database, export again, and the
two exports are identical (byte for byte for CSV; for XLSX too, because the workbook's timestamps and the zip
entries' dates are fixed). Values keep their no-data notes (`tbc`); each value row carries the newest comment.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, select

from data.core import loaders
from data.core.models import Commentary, Observation, Target
from data.core.periods import Period, PeriodError
from data.imports.store import MEASURE_FIELDS, slugify
from data.imports.template import SHEETS

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
    """{sheet: [heading row, *rows]} of the canonical template for the selection; cells are numbers or text."""
    first = Period.parse(first) if first else None
    last = Period.parse(last) if last else None
    measures = loaders.measures(conn, directorate=directorate, service=service).sort_values("code")
    ids = [int(i) for i in measures["id"]]
    code_of = dict(zip(measures["id"], measures["code"]))
    out = {name: [list(columns)] for name, columns in SHEETS.items()}
    for m in measures.to_dict("records"):
        out["measures"].append([_cell(m.get(f)) for f in MEASURE_FIELDS])
    if not ids:
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
    return out


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
    return str(v)


def csv_files(data: dict[str, list[list]]) -> dict[str, bytes]:
    """{`measures.csv`: bytes, ...}: UTF-8, `\\n` line ends, numbers in their shortest exact form."""
    files = {}
    for name, rows in data.items():
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerows([[_text(c) for c in row] for row in rows])
        files[f"{name}.csv"] = buf.getvalue().encode("utf-8")
    return files


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
            ws.append([None if c == "" else c for c in row])
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
