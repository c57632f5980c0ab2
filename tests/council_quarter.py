"""A council's own quarter (2019/20 Q2) in the canonical template: 32 measures with hand-worked statuses.

Each row carries the status the council published for it, worked out by hand from its figures: exactly on the
target, exactly at the tolerance edge (percent and absolute), annual measures, the rent-loss case, data only.
"""

from __future__ import annotations

import csv
from pathlib import Path

HEAD = ["code", "title", "description", "directorate", "service", "priority", "owner", "unit", "decimals",
        "polarity", "frequency", "kind", "rollup", "tolerance", "tolerance_type"]

# code, polarity, frequency, kind, rollup, tolerance, tolerance type, unit, year target, {period: value}, status
ROWS = [
    ("A01", "higher", "quarterly", "target", "mean", 5, "percent", "%", 90, {"2019/20 Q2": 90}, "on_target"),
    ("A02", "higher", "quarterly", "target", "mean", 5, "percent", "%", 90, {"2019/20 Q2": 85.5}, "within_tolerance"),
    ("A03", "higher", "quarterly", "target", "mean", 5, "percent", "%", 90, {"2019/20 Q2": 85.4}, "below_target"),
    ("A04", "lower", "quarterly", "target", "mean", 0.05, "absolute", "%", 0.75,
     {"2019/20 Q1": "0.57%", "2019/20 Q2": "0.85%"}, "below_target"),
    ("A05", "lower", "quarterly", "target", "mean", 0.03, "absolute", "%", 0.3, {"2019/20 Q2": "0.30"}, "on_target"),
    ("A06", "higher", "quarterly", "target", "latest", 0, "absolute", "%", 100, {"2019/20 Q2": 100}, "on_target"),
    ("A07", "lower", "monthly", "target", "sum", 5, "percent", "£", 1_200_000,
     {"2019-07": "£100,000", "2019-08": "£100,000", "2019-09": "£100,000"}, "on_target"),
    ("A08", "lower", "monthly", "target", "sum", 5, "percent", "£", 1_200_000,
     {"2019-07": 105000, "2019-08": 105000, "2019-09": 105000}, "within_tolerance"),
    ("A09", "lower", "monthly", "target", "mean", 20, "percent", "secs", 40,
     {"2019-07": "41 secs", "2019-08": 45, "2019-09": 46}, "within_tolerance"),
    ("A10", "lower", "monthly", "target", "mean", 1, "absolute", "%", 8,
     {"2019-07": "8.45%", "2019-08": "8.71%", "2019-09": "8.82%"}, "within_tolerance"),
    ("A11", "higher", "annual", "target", "latest", 1, "absolute", "%", 70, {"2018/19": 71}, "annual"),
    ("A12", "lower", "annual", "target", "latest", 1, "absolute", "%", 12, {"2018/19": 11}, "annual"),
    ("A13", "higher", "annual", "target", "sum", 10, "percent", "count", 150, {"2018/19": 160}, "annual"),
    ("A14", "higher", "annual", "target", "latest", 0, "absolute", "count", 4, {}, "annual"),
    ("A15", "none", "quarterly", "data only", "sum", 0, "percent", "count", None, {"2019/20 Q2": 420}, "data_only"),
    ("A16", "higher", "monthly", "data only", "sum", 0, "percent", "count", None,
     {"2019-07": 90000, "2019-08": 95000, "2019-09": 97000}, "data_only"),
    ("A17", "lower", "quarterly", "data only", "latest", 0, "percent", "count", None, {"2019/20 Q2": 24000}, "data_only"),
    ("A18", "none", "monthly", "data only", "mean", 0, "percent", "count", None, {"2019-09": 310}, "data_only"),
    ("A19", "none", "quarterly", "target", "mean", 0, "percent", "%", 1.2, {"2019/20 Q2": 1.4}, "data_only"),
    ("A20", "none", "quarterly", "target", "sum", 0, "percent", "count", 100, {"2019/20 Q2": 30}, "data_only"),
    ("A21", "higher", "quarterly", "target", "mean", 5, "absolute", "%", 95, {"2019/20 Q2": "tbc"}, "no_data"),
    ("A22", "higher", "quarterly", "target", "mean", 5, "absolute", "%", 95, {"2019/20 Q1": 96}, "no_data"),
    ("A23", "higher", "quarterly", "target", "mean", 2, "absolute", "%", 80, {"2019/20 Q2": 80.1}, "on_target"),
    ("A24", "lower", "quarterly", "target", "mean", 10, "percent", "days", 20, {"2019/20 Q2": 19.9}, "on_target"),
    ("A25", "higher", "monthly", "target", "mean", 3, "absolute", "%", 92,
     {"2019-07": 93, "2019-08": 92, "2019-09": 91}, "on_target"),
    ("A26", "higher", "quarterly", "target", "sum", 10, "percent", "count", 120, {"2019/20 Q2": 31}, "on_target"),
    ("A27", "lower", "monthly", "target", "sum", 5, "percent", "days", 8.4,
     {"2019-07": 0.7, "2019-08": 0.7, "2019-09": 0.7}, "on_target"),
    ("A28", "higher", "quarterly", "target", "mean", 5, "absolute", "%", 85, {"2019/20 Q2": 79.9}, "below_target"),
    ("A29", "lower", "monthly", "target", "mean", 10, "percent", "days", 20,
     {"2019-07": 23, "2019-08": 22, "2019-09": 22.3}, "below_target"),
    ("A30", "higher", "quarterly", "target", "sum", 10, "percent", "count", 120, {"2019/20 Q2": 26.9}, "below_target"),
    ("A31", "higher", "quarterly", "target", "sum", 10, "percent", "count", 120, {"2019/20 Q2": 27}, "within_tolerance"),
    ("A32", "lower", "quarterly", "target", "mean", 0.5, "absolute", "%", 1.0, {"2019/20 Q2": 1.5}, "within_tolerance"),
]

PUBLISHED_COUNTS = {"on_target": 9, "within_tolerance": 6, "below_target": 5, "data_only": 6, "annual": 4,
                    "no_data": 2}
DIRECTORATES = ["Resources", "Communities", "Place"]


def tables() -> dict[str, list[list]]:
    measures, targets, values = [HEAD], [["code", "period", "target"]], [["code", "period", "value", "commentary"]]
    for i, (code, pol, freq, kind, rollup, tol, toltype, unit, target, vals, _) in enumerate(ROWS):
        directorate = DIRECTORATES[i % 3]
        measures.append([code, f"Measure {code}", "", directorate, f"{directorate} service {i % 2 + 1}",
                         ["Homes", "Places", "Council"][i % 3], "Officer", unit, 2, pol, freq, kind, rollup, tol,
                         toltype])
        if target is not None:
            targets.append([code, "2019/20", target])
        for period, value in vals.items():
            values.append([code, period, value, "Missed: see action plan" if code in ("A03", "A04") else ""])
    return {"measures": measures, "targets": targets, "values": values}


def write_csv_folder(folder: Path, tables_: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (tables_ or tables()).items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    return folder


def write_xlsx(path: Path, tables_: dict | None = None) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (tables_ or tables()).items():
        ws = wb.create_sheet(name.capitalize())   # sheet names match case-insensitively
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path
