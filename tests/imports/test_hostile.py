"""Hostile and broken input at the import (issue 13): absurd numbers refused by the one parser (import and data
entry), look-alike codes, targets ahead, a 400-digit `decimals`, a million-row CSV, zip bombs, and two imports at
once. Each is refused with a plain message and leaves the database as it was, or is imported correctly."""

from __future__ import annotations

import io
import re
import os
import subprocess
import sys
import threading
import time
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import insert, select

from data.core import db, loaders
from data.core.models import Measure, Observation, Service, Directorate
from data.imports import intake, store
from data.imports.problems import ImportRefused
from data.imports.values import parse_value
from tests import council_quarter
from tests.conftest import ROOT
from tests.imports.test_import import dump
from tests.imports.test_layouts_import import TODAY, csv_bytes, refused, values_of

HUGE = "9" * 400


@pytest.mark.parametrize(("cell", "message"), [
    (HUGE, "is too large to be a figure"), ("1e400", "is too large"), (10 ** 400, "is too large"),
    ("NaN", "is not a number"), (float("nan"), "is not a finite number"), (float("inf"), "is too large"),
    ("-1e16", "is too large"), ("Infinity", "is not a number"),
])
def test_the_one_parser_refuses_non_finite_and_absurd_numbers(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_value(cell)


def test_an_absurd_value_is_refused_by_import_and_by_data_entry(engine, tmp_path):
    tables = council_quarter.tables()
    tables["values"].append(["A09", "2019-10", HUGE, ""])
    before = dump(engine)
    with pytest.raises(ImportRefused) as e:
        intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "x", tables), today=TODAY)
    assert any(p.column == "value" and "too large" in p.message for p in e.value.problems)
    assert dump(engine) == before
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "ok"), today=TODAY)
    from data.people import entry
    with engine.connect() as conn:
        a09 = loaders.measures(conn, code="A09").iloc[0]
        rows = entry.form(conn, a09["service_slug"], entry.Period.parse("2019-10"))
    saved = entry.save(engine, rows, {int(a09["id"]): (HUGE, "")}, author="eddie")
    assert not saved.ok and "too large" in saved.problems["A09"]
    with engine.connect() as conn:
        assert conn.execute(select(Observation).where(Observation.period == "2019-10")).first() is None


def test_a_400_digit_decimals_is_a_plain_refusal_not_a_crash(engine, tmp_path):
    tables = council_quarter.tables()
    tables["measures"][1][8] = HUGE
    with pytest.raises(ImportRefused) as e:
        intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "d", tables), today=TODAY)
    assert [str(p) for p in e.value.problems if p.column == "decimals"] == [
        "measures, row 2, column decimals: '9999999999…999999 (400 characters)' is too large to be a figure "
        "(more than 1,000,000,000,000,000)"]


def test_targets_may_be_set_years_ahead_but_values_not(engine, tmp_path):
    tables = council_quarter.tables()
    tables["targets"] += [["A01", "2029/30", 93], ["A01", "2030/31 Q1", 94]]
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "t", tables), today=TODAY)
    assert values_of(engine)[("A01", "2030/31 Q1", "target")] == 94
    tables["targets"].append(["A01", "2040/41", 99])
    tables["values"].append(["A01", "2027/28 Q1", 90, ""])
    with pytest.raises(ImportRefused) as e:
        intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "f", tables), today=TODAY)
    assert {p.message for p in e.value.problems} == {"2040/41 is more than 10 years ahead: check the year",
                                                      "2027/28 Q1 is in the future"}


# look-alike codes ------------------------------------------------------------------------------------
def test_codes_are_trimmed_stripped_of_invisible_characters_and_matched_whatever_their_case(engine, tmp_path):
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "q"), today=TODAY)
    rows = [["Ref", "Period", "Value"], [" a01", "2019/20 Q3", 91], ["A\u200b02", "2019/20 Q3", 88],
            ["\ufeffA03 ", "2019/20 Q3", 87]]
    _, changes = intake.import_file(engine, csv_bytes(rows), "q3.csv", today=TODAY)
    assert changes.new_values == 3 and not changes.new_measures
    got = values_of(engine)
    assert (got[("A01", "2019/20 Q3")], got[("A02", "2019/20 Q3")], got[("A03", "2019/20 Q3")]) == (91, 88, 87)


def test_two_spellings_of_one_code_in_a_file_are_refused_naming_both(engine, tmp_path):
    tables = council_quarter.tables()
    tables["measures"].append(["A\u200b01"] + tables["measures"][1][1:])
    tables["measures"].append([" a02"] + tables["measures"][2][1:])
    with pytest.raises(ImportRefused) as e:
        intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "n", tables), today=TODAY)
    messages = [p.message for p in e.value.problems]
    assert "measure codes 'A\\u200b01' (row 34) and 'A01' (row 2) differ only by case or invisible characters: " \
           "one measure has one code" in messages
    assert any("'a02' (row 35) and 'A02' (row 3)" in m for m in messages)
    rows = [["Ref", "Title", "Period", "Value"], ["ZZ01", "Calls", "2019/20 Q1", 5], ["zz01", "Calls", "2019/20 Q1", 6]]
    problems = refused(engine, csv_bytes(rows), "dup.csv", {"defaults": {"directorate": "R", "service": "C"}})
    assert [(p.row, p.message) for p in problems] == [(3, "ZZ01 2019/20 Q1 already given at row 2")]


def test_near_duplicates_already_stored_are_named_when_a_file_uses_them(engine):
    with engine.begin() as conn:
        d = conn.execute(insert(Directorate).values(slug="r", name="R").returning(Directorate.id)).scalar()
        s = conn.execute(insert(Service).values(slug="c", name="C", directorate_id=d).returning(Service.id)).scalar()
        for code in ("ZZ01", "ZZ\u200b01"):
            conn.execute(insert(Measure).values(code=code, title="x", service_id=s, polarity="higher",
                                                frequency="quarterly", kind="data only", rollup="mean"))
    problems = refused(engine, csv_bytes([["Ref", "Period", "Value"], ["zz01", "2019/20 Q1", 5]]), "v.csv")
    assert len(problems) == 1 and "matches 2 stored measures" in problems[0].message
    assert "'ZZ01', 'ZZ\\u200b01'" in problems[0].message


def test_an_unknown_code_gets_one_message(engine, tmp_path):
    intake.import_file(engine, council_quarter.write_csv_folder(tmp_path / "q"), today=TODAY)
    rows = [["Ref", "Period", "Value"], ["ZZZ99", "2019/20 Q1", 5], ["ZZZ99", "2019/20 Q2", 6]]
    problems = refused(engine, csv_bytes(rows), "v.csv")
    assert [str(p) for p in problems] == ["v, row 2, column Ref: ZZZ99 is not a measure in this council: add it to "
                                          "the measures sheet or check the code (1 more row name it)"]


# size, rows, time and memory ------------------------------------------------------------------------
def test_a_million_row_csv_is_refused_within_seconds(engine):
    data = b"Ref,Period,Value\n" + b"A1,2019/20 Q1,5\n" * 1_000_000
    started = time.process_time()        # CPU time: what the refusal costs, whatever else the machine runs
    problems = refused(engine, data, "million.csv")
    assert time.process_time() - started < 15
    assert [p.message for p in problems] == ["more than 200,000 rows; the limit is 200,000 (IMPORT_MAX_ROWS): "
                                             "split the file"]


def test_a_file_declared_too_big_is_refused_before_it_is_read(engine, tmp_path):
    path = tmp_path / "sparse.csv"
    with path.open("wb") as f:
        f.truncate(60 * 1024 * 1024)            # 60 MB on paper, nothing on disk
    with pytest.raises(ImportRefused, match="the file is 60.0 MB; the limit is 50 MB"):
        intake.import_file(engine, path, today=TODAY)


def _workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Ref", "Period", "Value"])
    ws.append(["A1", "2019/20 Q1", 5])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bomb(rows_of_xml: int, zip64: bool = True) -> bytes:
    """The workbook with its sheet padded by repeated rows: about 1 MB of XML per 16 rows of 1,000."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    row = b'<row r="3"><c r="A3" t="inlineStr"><is><t>A1</t></is></c></row>' * 16_000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, data)
                continue
            head, _, tail = data.partition(b"</sheetData>")
            with z.open(info.filename, "w", force_zip64=zip64) as f:
                f.write(head)
                for _ in range(rows_of_xml):
                    f.write(row)
                f.write(b"</sheetData>" + tail)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb(1000)                                # 1 GB of sheet XML


def test_a_zip_bomb_is_refused_by_its_declared_size_at_once(engine, bomb):
    assert len(bomb) < 10 * 1024 * 1024
    started = time.process_time()        # CPU time: unpacking 1 GB would take far longer, whatever the load
    problems = refused(engine, bomb, "bomb.xlsx")
    assert time.process_time() - started < 5
    assert "unpacks to 961.3 MB" in problems[0].message and "IMPORT_MAX_UNPACKED_MB" in problems[0].message


def test_a_zip_bomb_that_lies_about_its_size_is_cut_off_at_what_it_declared(engine):
    data = bytearray(_bomb(300, zip64=False))         # 290 MB of XML, then its size rewritten as 40 KB
    entry = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)
    while b"xl/worksheets/sheet1.xml" not in data[entry + 46:entry + 46 + 24]:
        entry = data.index(b"PK\x01\x02", entry + 1)
    data[entry + 24:entry + 28] = (40_000).to_bytes(4, "little")
    started = time.process_time()
    problems = refused(engine, bytes(data), "liar.xlsx")
    assert time.process_time() - started < 10
    assert "not a readable .xlsx workbook" in problems[0].message


def test_a_sheet_declaring_millions_of_rows_is_refused_before_they_are_read(engine):
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes `<dimension ref="A1:C2" />`, or without the space when lxml is installed
                data = re.sub(rb'<dimension ref="A1:C2" ?/>', b'<dimension ref="A1:C2000000" />', data)
                assert b"C2000000" in data
            z.writestr(info, data)
    problems = refused(engine, out.getvalue(), "tall.xlsx")
    assert problems[0].message.startswith("the sheet declares 2,000,000 rows; the limit is 200,000")


def test_time_limit(engine, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_SECONDS", "0")
    data = b"Ref,Period,Value\n" + b"A1,2019/20 Q1,5\n" * 5000
    problems = refused(engine, data, "slow.csv")
    assert "took longer than 0 s (IMPORT_MAX_SECONDS)" in problems[0].message


def test_memory_limit_in_a_fresh_process(tmp_path):
    """Each import's memory is measured from its start: a file needing more than the limit is refused."""
    path = tmp_path / "wide.csv"
    path.write_bytes(b"Ref,Title,Period,Value,Commentary\n" + b"A1,Calls,2019/20 Q1,5,%s\n" % (b"x" * 100) * 150_000)
    script = ("import sys; from data.core import db; from data.imports import intake; "
              "from data.imports.problems import ImportRefused\n"
              "eng = db.make_engine(sys.argv[2]); db.upgrade(eng)\n"
              "try:\n    intake.prepare(eng, sys.argv[1])\nexcept ImportRefused as e:\n    print(e.problems[0].message)")
    env = {**os.environ, "IMPORT_MAX_MEMORY_MB": "20", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", script, str(path), f"sqlite:///{tmp_path / 'm.db'}"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert "needed more than 20 MB of memory (IMPORT_MAX_MEMORY_MB)" in result.stdout, result.stdout + result.stderr


# two imports at once ---------------------------------------------------------------------------------
def test_two_overlapping_imports_are_serialised_never_an_integrity_error(engine, tmp_path):
    folders = []
    for n in range(2):
        tables = council_quarter.tables()
        for row in tables["values"][1:]:
            row[3] = f"import {n}"
        folders.append(council_quarter.write_csv_folder(tmp_path / f"q{n}", tables))
    barrier, outcomes = threading.Barrier(2), []

    def run(folder):
        prepared = intake.prepare(engine, folder, today=TODAY)
        barrier.wait()
        try:
            outcomes.append(intake.commit(engine, prepared))
        except ImportRefused as refused_:
            outcomes.append(refused_)
    threads = [threading.Thread(target=run, args=(f,)) for f in folders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(outcomes) == 2 and all(isinstance(o, store.Changes) for o in outcomes), outcomes   # the second waited
    assert sorted(len(o.new_measures) for o in outcomes) == [0, 32]
    with engine.connect() as conn:
        assert len(loaders.measures(conn)) == 32
        assert conn.execute(select(Observation.id)).all().__len__() == len(council_quarter.tables()["values"]) - 1


def test_the_import_lock_waits_then_answers_busy(engine, monkeypatch):
    """While another import holds the lock past the wait, a second is told plainly (nothing written)."""
    from sqlalchemy.orm import Session
    monkeypatch.setattr(store, "LOCK_SECONDS", 1)
    holder = Session(engine)
    holder.begin()
    store._lock(holder)
    try:
        started = time.perf_counter()
        with pytest.raises(store.Busy, match="another import is running"):
            store.store(engine, store.Payload(), source="second.csv")
        assert time.perf_counter() - started < 10
    finally:
        holder.rollback()
        holder.close()
    assert store.store(engine, store.Payload(), source="later.csv").nothing
    assert date.today()


# the same from outside: `flask --app app import` in a process of its own, timed, its peak memory read -------------
def _import_process(path, tmp_path) -> tuple[int, str, float, float]:
    """(exit status, output, seconds, peak resident MB, as last seen) of `flask --app app import PATH` on a fresh database."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    eng = db.make_engine(url)
    db.upgrade(eng)
    eng.dispose()
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "import", str(path)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0]

    def watch():   # the process's own high-water mark (VmHWM), read until it exits
        while proc.poll() is None:
            try:
                with open(f"/proc/{proc.pid}/status") as f:
                    line = next(x for x in f if x.startswith("VmHWM:"))
                peak[0] = max(peak[0], int(line.split()[1]))
            except (OSError, StopIteration, ValueError):
                pass
            time.sleep(0.02)
    watcher = threading.Thread(target=watch)
    watcher.start()
    out = proc.stdout.read().decode(errors="replace")
    proc.wait(300)
    watcher.join()
    return proc.returncode, out, time.perf_counter() - started, peak[0] / 1024


def test_a_million_row_csv_is_refused_early_from_the_command_line(tmp_path):
    path = tmp_path / "million.csv"
    path.write_bytes(b"Ref,Period,Value\n" + b"A1,2019/20 Q1,5\n" * 1_000_000)
    status, out, seconds, peak = _import_process(path, tmp_path)
    print(f"1,000,000-row CSV ({path.stat().st_size / 1e6:.0f} MB): refused in {seconds:.1f} s, peak {peak:.0f} MB")
    assert status != 0 and "IMPORT_MAX_ROWS" in out and "Traceback" not in out, out[-1000:]
    assert seconds < 30 and peak < 600        # the issue measured 76 s and 1.7 GB before this was refused


def test_a_zip_bomb_is_refused_at_once_from_the_command_line(tmp_path, bomb):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    status, out, seconds, peak = _import_process(path, tmp_path)
    print(f"XLSX zip bomb ({len(bomb) / 1e6:.1f} MB, about 1 GB of sheet XML): refused in {seconds:.1f} s, "
          f"peak {peak:.0f} MB")
    assert status != 0 and "IMPORT_MAX_UNPACKED_MB" in out and "Traceback" not in out, out[-1000:]
    assert seconds < 20 and peak < 400        # the ran past 180 s
