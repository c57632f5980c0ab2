"""Generated tables thrown at the importer: each is imported or refused with messages; never a crash, and a
refused file never writes any part of itself (a full dump of the database is compared before and after)."""

from __future__ import annotations

import pytest

import csv
import io
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from data.imports import intake
from data.imports.problems import ImportRefused, Problem
from sqlalchemy import MetaData, select

pytestmark = pytest.mark.reading_only   # how files are read; storing them is tested on both backends

TODAY = date(2026, 11, 22)

HEADINGS = ["PI Code", "Ref", "KPI ID", "Indicator", "Title", "Directorate", "Service", "Good is", "Polarity",
            "Frequency", "Period", "Year", "Actual", "Value", "Outturn", "Target", "Commentary", "Status", "Q1",
            "Q2 Actual", "Q2 Target", "Jul-19", "2019/20", "Notes", "Mystery", "", "Unit", "Decimals", "Rollup"]
cells = st.one_of(
    st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.sampled_from(["", "-", "n/a", "tbc", "8.66%", "£1,234,567", "1,234", "44 secs", "12abc", "five", "x",
                     "Q2 2019/20", "2019-20 Q2", "Jul-19", "July 2019", "2019/20", "2031/32 Q1", "Q9 2019/20",
                     "A1", "A2", "B3", "Resources", "Place", "High", "Lower is better", "sideways", "quarterly",
                     "monthly", "annual", "mean", "<script>alert(1)</script>", "'; DROP TABLE measure; --",
                     "=1+1", "x" * 301, "é ñ 中", "\u2212" + "5"]),
    st.text(max_size=20),
    st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 1, 1)),
)
tables = st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=8, unique=True).flatmap(
    lambda heads: st.tuples(st.just(heads), st.lists(st.lists(cells, min_size=len(heads), max_size=len(heads)),
                                                     max_size=8)))


# Mostly valid long tables (one row per measure and period), with the odd bad cell: these reach the database.
LONG = ["Ref", "Title", "Directorate", "Service", "Polarity", "Frequency", "Period", "Actual", "Target", "Commentary"]
MEASURES = [("A1", "Calls", "Resources", "Contact", "High", "quarterly"),
            ("A2", "Bins", "Place", "Waste", "Lower is better", "monthly"),
            ("B3", "Fees", "Place", "Waste", "High", "annual")]
BAD_MEASURES = [("A1", "Calls", "Place", "Contact", "High", "quarterly"), ("B3", "Fees", "Place", "Waste", "sideways",
                                                                          "annual")]
GOOD_PERIODS = {"quarterly": ["2019/20 Q1", "Q2 2019/20", "2019-20 Q3"], "monthly": ["Jul-19", "2019-08", "July 2019"],
                "annual": ["2018/19", "2019-20"]}
BAD_PERIODS = ["2031/32 Q1", "Q9 2019/20", "2019/20"]
good_row = st.tuples(
    st.sampled_from(MEASURES * 12 + BAD_MEASURES), st.integers(0, 2), st.sampled_from([None] * 20 + BAD_PERIODS),
    st.one_of(st.floats(-1e6, 1e6, allow_nan=False), st.integers(-1000, 1000),
              st.sampled_from(["8.66%", "tbc", "n/a", "", "£1,234", "44 secs"] * 5 + ["five"])),
    st.one_of(st.none(), st.integers(0, 100), st.sampled_from(["90%"] * 5 + ["x"])),
    st.one_of(st.none(), st.sampled_from(["ok", "<b>bold</b>", "=1+1"] * 5 + ["x" * 10_001])),
).map(lambda t: [*t[0], t[2] or GOOD_PERIODS[t[0][5]][t[1] % len(GOOD_PERIODS[t[0][5]])], t[3], t[4], t[5]])
long_tables = st.tuples(st.just(LONG), st.lists(good_row, min_size=1, max_size=10))


def as_csv(heads, rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([heads] + [["" if c is None else c for c in row] for row in rows])
    return out.getvalue().encode("utf-8")


def as_xlsx(heads, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "2019-20"
    for row in [heads] + rows:
        ws.append([c.replace("\x00", "") if isinstance(c, str) else c for c in row])
    for cells_ in ws.iter_rows():
        for cell in cells_:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_TABLES: dict[int, list] = {}


def dump(engine) -> dict:
    """Every row of every table (the schema reflected once per engine: reflection dominates otherwise)."""
    if id(engine) not in _TABLES:
        meta = MetaData()
        meta.reflect(engine)
        _TABLES[id(engine)] = [t for name, t in meta.tables.items() if name != "alembic_version"]
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr) for t in _TABLES[id(engine)]}


def check(engine, data: bytes, name: str) -> None:
    before = dump(engine)
    try:
        intake.import_file(engine, data, name, today=TODAY)
    except ImportRefused as refused:
        assert refused.problems and all(isinstance(p, Problem) and p.sheet and p.message for p in refused.problems)
        assert dump(engine) == before, "a refused file wrote part of itself"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(table=long_tables)
def test_generated_long_tables_are_imported_or_refused_whole(engine, table):
    check(engine, as_csv(*table), "long.csv")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(table=tables)
def test_generated_csv_tables_are_imported_or_refused_whole(engine, table):
    check(engine, as_csv(*table), "generated.csv")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(table=tables)
def test_generated_xlsx_tables_are_imported_or_refused_whole(engine, table):
    heads, rows = table
    try:
        data = as_xlsx(heads, rows)
    except Exception:            # openpyxl refuses some characters itself: not a case for the importer
        return
    check(engine, data, "generated.xlsx")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(engine, data):
    check(engine, data, "random.xlsx")
    check(engine, b"PK\x03\x04" + data, "random.xlsx")
