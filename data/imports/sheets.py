"""The one reader of uploaded files: a CSV or XLSX into plain sheets of cells, refusing what cannot be read
faithfully or safely.

Refused whole, with the sheet, row and column named: files over the size limits (declared and actual, see
`limits`), other file types (old .xls, PDF, binary), damaged workbooks, hidden sheets, formulas and control
characters. Merged cells are reported with the sheet (`Sheet.merged`): a merged title above a table is fine, a
merge inside it is refused once the table is found. Rows stream in, counted against the row, time and memory
limits. Numbers formatted as percentages are read as shown (0.85 formatted `0%` is 85). No database here.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from data.imports.formulas import restore
from data.imports.limits import Budget
from data.imports.problems import ImportRefused, Problem, refuse

MAX_PROBLEMS_PER_KIND = 20
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Merged:
    ref: str
    first_row: int
    last_row: int
    column: str


@dataclass
class Sheet:
    """A sheet's cells as the user sees them: rows[0] is row 1."""

    name: str
    rows: list[list]
    merged: list[Merged] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA."""
    n, letters = index + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def display_name(filename: str | None) -> str:
    """A file name safe to show and store: no folders, no control characters; `upload` when nothing is left."""
    base = re.split(r"[\\/]", str(filename or ""))[-1]
    return _CONTROL.sub("", base).strip()[:255] or "upload"


def read_sheets(source: bytes | Path | str, filename: str | None = None, budget: Budget | None = None) -> list[Sheet]:
    """The sheets of a CSV (one sheet, named after the file) or of an XLSX workbook (every sheet)."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        budget = budget or Budget(filename)
        budget.file_size(path.stat().st_size)
        data = path.read_bytes()
    else:
        data = source
    filename = display_name(filename)
    budget = budget or Budget(filename)
    budget.file_size(len(data))
    if not data.strip():
        refuse(filename, "the file is empty")
    if data[:4] == b"PK\x03\x04":
        sheets = _read_xlsx(data, filename, budget)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        refuse(filename, "this is an old Excel .xls file: save it as .xlsx or CSV and upload that")
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        refuse(filename, "not a readable .xlsx workbook (the file is damaged or is not really a workbook)")
    else:
        sheets = [_read_csv(data, filename, budget)]
    bad = control_characters(sheets)
    if bad:
        raise ImportRefused(bad)
    return sheets


def _cell(value):
    """A cell's value as imported (one place, so every reader treats text alike): the quote an export puts before
    text a spreadsheet would run (`'=HYPERLINK(...)`) is removed, so the text comes back exactly as it was."""
    return restore(value)


def _read_csv(data: bytes, filename: str, budget: Budget) -> Sheet:
    if b"\x00" in data[:4096] or data[:5] == b"%PDF-":
        refuse(filename, "not a CSV or XLSX file (it looks like a binary file); upload a spreadsheet saved as "
               ".xlsx or .csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")   # Excel's "CSV" on Windows: `£` is byte 0xA3
    name = Path(filename).stem or "upload"
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            budget.row(name)
            rows.append([_cell(c) for c in row])
    except csv.Error as e:
        refuse(filename, f"not a readable CSV file ({e})")
    return Sheet(name, _trim(rows))


def _trim(rows: list[list]) -> list[list]:
    while rows and all(c is None or (isinstance(c, str) and not c.strip()) for c in rows[-1]):
        rows.pop()
    return rows


def _unreadable(filename: str, e: Exception):
    refuse(filename, f"not a readable .xlsx workbook ({type(e).__name__}: {e})")


def _read_xlsx(data: bytes, filename: str, budget: Budget) -> list[Sheet]:
    from openpyxl import load_workbook
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception as e:   # zipfile raises several types for a damaged file
        _unreadable(filename, e)
    budget.unpacked(sum(i.file_size for i in entries), f"{len(entries)} parts")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as e:   # openpyxl raises many types for a damaged file
        _unreadable(filename, e)
    problems: list[Problem] = []
    sheets = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                problems.append(Problem(ws.title, None, None, f"the sheet is {ws.sheet_state}: unhide it or "
                                        "delete it (hidden sheets are never imported silently)"))
                continue
            declared = ws.max_row or 0
            if declared > budget.limits.rows:
                refuse(ws.title, f"the sheet declares {declared:,} rows; the limit is {budget.limits.rows:,} "
                       "(IMPORT_MAX_ROWS): split the file")
            rows, formulas = _xlsx_rows(ws, budget)
            problems += formulas
            sheets.append(Sheet(ws.title, _trim(rows), _merged_cells(archive, ws)))
    except ImportRefused:
        raise
    except Exception as e:
        _unreadable(filename, e)
    finally:
        wb.close()
    if problems:
        raise ImportRefused(problems)
    if not sheets:
        refuse(filename, "the workbook has no visible sheet")
    return sheets


def _xlsx_rows(ws, budget: Budget) -> tuple[list[list], list[Problem]]:
    rows, formulas = [], []
    for cells in ws.iter_rows():
        budget.row(ws.title)
        row = []
        for cell in cells:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                if len(formulas) < MAX_PROBLEMS_PER_KIND:
                    formulas.append(Problem(ws.title, cell.row, column_letter(cell.column - 1),
                                            f"holds a formula ({str(value)[:60]}): paste values instead of "
                                            "formulas"))
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and \
                    "%" in (getattr(cell, "number_format", "") or ""):
                value = round(value * 100, 10)     # shown as 85%: the user's figure is 85
            row.append(_cell(value))
        rows.append(row)
    return rows, formulas


def _merged_cells(archive: zipfile.ZipFile, ws) -> list[Merged]:
    """Merged ranges, read from the sheet's XML (read-only worksheets do not expose them)."""
    path = getattr(ws, "_worksheet_path", None)
    if not path or path not in archive.namelist():
        return []
    found, tail = [], b""
    with archive.open(path) as f:
        while chunk := f.read(1 << 20):
            block = tail + chunk
            for m in _MERGE.finditer(block):
                ref = m[1].decode() + m[2].decode() + (f":{m[3].decode()}{m[4].decode()}" if m[3] else "")
                found.append(Merged(ref, int(m[2]), int(m[4] or m[2]), m[1].decode()))
            tail = block[-200:]
    return list(dict.fromkeys(found))


def control_characters(sheets: list[Sheet]) -> list[Problem]:
    """Cells holding control characters (never typed by a person; they break spreadsheets and exports)."""
    problems = []
    for sheet in sheets:
        for r, row in enumerate(sheet.rows, start=1):
            for c, cell in enumerate(row):
                if isinstance(cell, str) and _CONTROL.search(cell):
                    problems.append(Problem(sheet.name, r, column_letter(c), "contains control characters"))
                    if len(problems) >= 50:
                        return problems
    return problems


def merged_problems(sheet: Sheet, from_row: int = 1) -> list[Problem]:
    """Merged cells at or below a row (the table's heading): refused, as each cell needs its own value."""
    return [Problem(sheet.name, m.first_row, m.column, f"cells {m.ref} are merged: unmerge them so each row and "
                    "column has its own value") for m in sheet.merged if m.last_row >= from_row][:MAX_PROBLEMS_PER_KIND]
