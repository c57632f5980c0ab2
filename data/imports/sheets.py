"""Read an uploaded CSV or XLSX into plain sheets of cells, refusing what cannot be read faithfully.

Refused whole, with the sheet, row and column named: files over 50 MB, other file types (old .xls, PDF,
binary), corrupt workbooks, hidden sheets, formulas and merged cells. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from data.imports.template import MAX_FILE_BYTES, ImportRefused, Problem

MAX_PROBLEMS_PER_KIND = 20
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


@dataclass
class Sheet:
    """A sheet's cells as the user sees them: rows[0] is row 1."""

    name: str
    rows: list[list]


def read_sheets(source: bytes | Path | str, filename: str | None = None) -> list[Sheet]:
    """The sheets of a CSV (one sheet, named after the file) or of an XLSX workbook (every sheet)."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportRefused([Problem(filename, None, None, _too_big(path.stat().st_size))])
        data = path.read_bytes()
    else:
        data = source
    filename = filename or "upload"
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused([Problem(filename, None, None, _too_big(len(data)))])
    if not data.strip():
        raise ImportRefused([Problem(filename, None, None, "the file is empty")])
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, filename)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused([Problem(filename, None, None, "this is an old Excel .xls file: save it as .xlsx or "
                                     "CSV and upload that")])
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportRefused([Problem(filename, None, None, "not a readable .xlsx workbook (the file is damaged "
                                     "or is not really a workbook)")])
    return [_read_csv(data, filename)]


def _too_big(size: int) -> str:
    return f"the file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MB"


def _read_csv(data: bytes, filename: str) -> Sheet:
    if b"\x00" in data[:4096] or data[:5] == b"%PDF-":
        raise ImportRefused([Problem(filename, None, None, "not a CSV or XLSX file (it looks like a binary "
                                     "file); upload a spreadsheet saved as .xlsx or .csv")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")   # Excel's "CSV" on Windows: `£` is byte 0xA3
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as e:
        raise ImportRefused([Problem(filename, None, None, f"not a readable CSV file ({e})")]) from None
    return Sheet(Path(filename).stem, _trim(rows))


def _trim(rows: list[list]) -> list[list]:
    while rows and all(c is None or (isinstance(c, str) and not c.strip()) for c in rows[-1]):
        rows.pop()
    return rows


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _read_xlsx(data: bytes, filename: str) -> list[Sheet]:
    from openpyxl import load_workbook
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as e:   # openpyxl raises many types for a damaged file
        raise ImportRefused([Problem(filename, None, None, f"not a readable .xlsx workbook ({type(e).__name__}: "
                                     f"{e})")]) from None
    problems: list[Problem] = []
    sheets = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                problems.append(Problem(ws.title, None, None, f"the sheet is {ws.sheet_state}: unhide it or "
                                        "delete it (hidden sheets are never imported silently)"))
                continue
            problems += _merged_cells(archive, ws)
            rows, formulas = [], []
            for cells in ws.iter_rows():
                row = []
                for cell in cells:
                    if getattr(cell, "data_type", None) == "f":
                        if len(formulas) < MAX_PROBLEMS_PER_KIND:
                            formulas.append(Problem(ws.title, cell.row, _column_letter(cell.column),
                                                    f"holds a formula ({str(cell.value)[:60]}): paste values "
                                                    "instead of formulas"))
                    row.append(getattr(cell, "value", None))
                rows.append(row)
            problems += formulas
            sheets.append(Sheet(ws.title, _trim(rows)))
    except ImportRefused:
        raise
    except Exception as e:
        raise ImportRefused([Problem(filename, None, None, f"not a readable .xlsx workbook ({type(e).__name__}: "
                                     f"{e})")]) from None
    finally:
        wb.close()
    if problems:
        raise ImportRefused(problems)
    if not sheets:
        raise ImportRefused([Problem(filename, None, None, "the workbook has no visible sheet")])
    return sheets


def _merged_cells(archive: zipfile.ZipFile, ws) -> list[Problem]:
    """Merged ranges, read from the sheet's XML (read-only worksheets do not expose them)."""
    path = getattr(ws, "_worksheet_path", None)
    if not path or path not in archive.namelist():
        return []
    problems, tail = [], b""
    with archive.open(path) as f:
        while chunk := f.read(1 << 20):
            block = tail + chunk
            for m in _MERGE.finditer(block):
                ref = m[1].decode() + m[2].decode() + (f":{m[3].decode()}{m[4].decode()}" if m[3] else "")
                problems.append(Problem(ws.title, int(m[2]), m[1].decode(),
                                        f"cells {ref} are merged: unmerge them so each row and column has its "
                                        "own value"))
            tail = block[-200:]
            if len(problems) >= MAX_PROBLEMS_PER_KIND:
                break
    return list(dict.fromkeys(problems))
