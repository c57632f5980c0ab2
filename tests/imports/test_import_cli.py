"""`flask --app app import` with a council's own file: --area, --directorate, --service, --polarity, --scale,
--heading-row, a saved mapping (--save-mapping, then --mapping NAME), and the notes it prints."""

from __future__ import annotations

import pytest

import commands
from data.core import db, loaders
from tests.imports.test_import_page import AREAS
from tests.imports.test_layouts_import import csv_bytes


@pytest.fixture
def runner(monkeypatch, tmp_path):
    from flask import Flask
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    db.engine.cache_clear()
    server = Flask("cli-import-test")
    commands.register(server)
    yield server.test_cli_runner()
    db.engine.cache_clear()


def test_area_directorate_service_and_polarity_from_the_command_line(runner, tmp_path):
    path = tmp_path / "planning.csv"
    path.write_bytes(csv_bytes(AREAS))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1 and "holds figures for 2 areas (Bury, Trafford)" in result.output
    result = runner.invoke(args=["import", str(path), "--area", "Trafford", "--directorate", "Place",
                                 "--service", "Planning", "--polarity", "MPADT=higher", "--save-mapping", "planning"])
    assert result.exit_code == 0, result.output
    assert "note: code MPADT derived from the name" in result.output and "1 benchmark figures" in result.output
    assert "Mapping saved as 'planning'" in result.output
    with db.connect() as conn:
        m = loaders.measures(conn).iloc[0]
    assert (m["code"], m["polarity"], m["directorate"]) == ("MPADT", "higher", "Place")
    later = tmp_path / "planning-q3.csv"
    later.write_bytes(csv_bytes([AREAS[0], ["E1", "Trafford", "2024/25 Q3", AREAS[1][3], "95"],
                                 ["E2", "Bury", "2024/25 Q3", AREAS[1][3], "90"]]))
    refused = runner.invoke(args=["import", str(later)])
    assert refused.exit_code == 1 and "A saved mapping matches these headings: --mapping 'planning'" in refused.output
    result = runner.invoke(args=["import", str(later), "--mapping", "planning"])
    assert result.exit_code == 0 and "1 new values" in result.output, result.output


def test_heading_row_scale_and_bad_options(runner, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(csv_bytes([["Export"], ["Ref", "Name", "Year", "Actual"], ["C7", "Collected", "2019/20", "0.9738"]]))
    result = runner.invoke(args=["import", str(path), "--heading-row", "2", "--scale", "C7=100", "--directorate", "R",
                                 "--service", "S"])
    assert result.exit_code == 0, result.output
    with db.connect() as conn:
        m = loaders.measures(conn)
        values, _ = loaders.figures(conn, m["id"])[int(m["id"].iloc[0])]
    assert [v for v in values.values()] == [97.38]
    assert runner.invoke(args=["import", str(path), "--polarity", "C7"]).exit_code == 2
    missing = runner.invoke(args=["import", str(path), "--mapping", "no-such"])
    assert missing.exit_code == 2 and "no mapping file or saved mapping called 'no-such'" in missing.output
