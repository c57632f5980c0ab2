"""The Flask CLI: init-db, seed-demo, import, summary (JSON and table), with exit status 2 for unknowns."""

from __future__ import annotations

import json

import pytest

import commands
from data.core import db
from tests import council_quarter


@pytest.fixture
def runner(monkeypatch, tmp_path):
    """A CLI runner against a fresh SQLite database given through DATABASE_URL."""
    from flask import Flask
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    db.engine.cache_clear()
    server = Flask("cli-test")
    commands.register(server)
    yield server.test_cli_runner()
    db.engine.cache_clear()


def test_import_then_summary_json(runner, tmp_path):
    path = council_quarter.write_xlsx(tmp_path / "q2.xlsx")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "32 new measures" in result.output
    result = runner.invoke(args=["summary", "--period", "2019/20 Q2", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["period"] == "2019/20 Q2" and doc["total"] == 32
    assert doc["counts"] == council_quarter.PUBLISHED_COUNTS
    rent = next(m for m in doc["measures"] if m["code"] == "A04")
    assert set(rent) == {"code", "title", "directorate", "status", "value", "target", "ytd_value", "ytd_status",
                         "direction"}
    assert (rent["status"], rent["ytd_status"], rent["value"], rent["target"]) == ("below_target", "on_target",
                                                                                   0.85, 0.75)


def test_summary_filters_and_table(runner, tmp_path):
    runner.invoke(args=["import", str(council_quarter.write_csv_folder(tmp_path / "q"))])
    doc = json.loads(runner.invoke(args=["summary", "--period", "2019/20 Q2", "--directorate", "resources",
                                         "--json"]).output)
    assert doc["total"] == 11 and {m["directorate"] for m in doc["measures"]} == {"Resources"}
    doc = json.loads(runner.invoke(args=["summary", "--period", "Q2 2019/20", "--priority", "Homes", "--json"]).output)
    assert doc["total"] == 11
    table = runner.invoke(args=["summary", "--period", "2019/20 Q2"]).output
    assert "Of 32 measures, 15 are on target or within tolerance, 5 are below target, 2 have no data and 10 are " \
           "annual or data only." in table
    assert "✖ Below target" in table


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2019/20 Q9"], "'2019/20 Q9' is not a period"),
    (["--period", "2019/20 Q2", "--directorate", "Nowhere"], "unknown directorate 'Nowhere'"),
    (["--period", "2019/20 Q2", "--priority", "Nothing"], "unknown priority 'Nothing'"),
])
def test_summary_unknowns_exit_2(runner, tmp_path, args, message):
    runner.invoke(args=["import", str(council_quarter.write_csv_folder(tmp_path / "q"))])
    result = runner.invoke(args=["summary", *args, "--json"])
    assert result.exit_code == 2 and message in result.output


def test_refused_import_exits_1_and_lists_problems(runner, tmp_path):
    tables = council_quarter.tables()
    tables["values"].append(["A01", "2019/20 Q2", "lots", ""])
    result = runner.invoke(args=["import", str(council_quarter.write_csv_folder(tmp_path / "bad", tables))])
    assert result.exit_code == 1
    assert "nothing was written" in result.output and "column value: 'lots' is not a number" in result.output
    assert "row" in result.output


def test_seed_demo_if_empty_and_dry_run(runner, tmp_path):
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert "Demo council loaded" in runner.invoke(args=["seed-demo", "--if-empty"]).output
    assert "not loaded" in runner.invoke(args=["seed-demo", "--if-empty"]).output
    result = runner.invoke(args=["import", "--dry-run", str(council_quarter.write_csv_folder(tmp_path / "q"))])
    assert result.exit_code == 0 and result.output.startswith("Would import")
    doc = json.loads(runner.invoke(args=["summary", "--period", "2026/27 Q2", "--json"]).output)
    assert doc["total"] == 60   # the dry run added none of the 32
