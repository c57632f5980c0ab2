"""Issue 10, item 3, from outside: a measure imported without `decimals` shows 6.1, 6.0, 5.3, 5.0, 4.8 as they were
published, never as 6, 6, 5, 5, 5, in the summary, the directorate card, the measure page, its table and its chart's
hover text; a council that sets `decimals` still gets its rounding."""

from __future__ import annotations

import csv
import json

import pytest

import app  # noqa: F401  registers the pages and callbacks
from data.imports import intake
from tests.conftest import make_database, point_app_at
from tests.pages.render import text_of

VALUES = {"2025-04": 6.1, "2025-05": 6.0, "2025-06": 5.3, "2025-07": 5.0, "2025-08": 4.8, "2025-09": 3.1}


def write_folder(folder, decimals: str = ""):
    folder.mkdir()
    head = ["code", "title", "directorate", "service", "unit", "decimals", "polarity", "frequency", "kind", "rollup"]
    rows = {
        "measures.csv": [head, ["OD01", "Days to process a claim", "Resources", "Benefits", "days", decimals, "lower",
                                "monthly", "target", "mean"]],
        "targets.csv": [["code", "period", "target"], ["OD01", "2025/26", "5"]],
        "values.csv": [["code", "period", "value"], *[["OD01", p, str(v)] for p, v in VALUES.items()]],
    }
    for name, lines in rows.items():
        with open(folder / name, "w", newline="") as f:
            csv.writer(f).writerows(lines)
    return folder


@pytest.fixture
def imported(tmp_path, monkeypatch):
    engine, cleanup = make_database("sqlite", tmp_path)
    intake.commit(engine, intake.prepare(engine, write_folder(tmp_path / "od")), author="test")
    yield from point_app_at(str(engine.url), monkeypatch, TODAY="2026-12-01")
    cleanup()


def test_summary_shows_the_decimals_the_figures_have(imported):
    from flask import Flask

    import commands
    server = Flask("cli-test")
    commands.register(server)
    table = server.test_cli_runner().invoke(args=["summary", "--period", "2025/26 Q2"]).output
    assert "4.3 days" in table  # the quarter's mean of 5.0, 4.8 and 3.1: before, "4 days"
    month = json.loads(server.test_cli_runner().invoke(args=["summary", "--period", "2025-09", "--json"]).output)
    assert month["measures"][0]["value"] == 3.1


def test_measure_page_table_chart_and_directorate_card_keep_the_decimals(imported):
    from tests.people.test_read_scope import OFFICER, as_viewer, show_directorate, show_measure
    with as_viewer(OFFICER):
        status, figure, table = show_measure("OD01", "2025/26 Q2", "month")
        _, body, _, _ = show_directorate("resources", "2025/26 Q2")
    words = text_of(table)
    for shown in ("6.1 days", "6.0 days", "5.3 days", "5.0 days", "4.8 days", "3.1 days"):
        assert shown in words, shown
    hover = " ".join(str(t) for trace in figure.data for t in (trace.hovertemplate or []) if isinstance(t, str))
    assert "3.1 days" in hover and "5.0 days" in hover
    assert "4.3 days" in text_of(status) and "target 5.0 days" in text_of(status)
    assert "4.3 days" in text_of(body)


def test_decimals_set_by_the_council_still_round(tmp_path):
    engine, cleanup = make_database("sqlite", tmp_path)
    try:
        intake.commit(engine, intake.prepare(engine, write_folder(tmp_path / "od", decimals="0")), author="test")
        from data.core import loaders
        from data.core.periods import Period
        from data.performance import summary
        with engine.connect() as conn:
            m = loaders.measures(conn)
            row = summary.evaluate(m, loaders.figures(conn, m["id"]), Period.parse("2025-09")).iloc[0]
        assert row["value_text"] == "3 days"
    finally:
        cleanup()
