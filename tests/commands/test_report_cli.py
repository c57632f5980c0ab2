"""Issue 14, item 3: `flask --app app report`: the pack written as PDF, Word or HTML, its counts those of `summary
--json` for the same period and scope, and exit status 2 with a message for an unknown period, directorate or
priority."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask

import commands
from data.core import db


@pytest.fixture
def runner(demo_sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_sqlite_url)
    monkeypatch.setenv("TODAY", "2026-12-01")
    db.engine.cache_clear()
    server = Flask("cli-test")
    commands.register(server)
    yield server.test_cli_runner()
    db.engine.cache_clear()


def covering_numbers(html: str) -> list[int]:
    said = re.search(r"Out of (\d+) indicators?, (\d+) (?:is|are) on target or within tolerance, (\d+) (?:is|are) "
                     r"below target and (\d+) (?:is|are) measured on annual targets\.", html)
    return [int(n) for n in said.groups()]


@pytest.mark.parametrize("scope", [[], ["--directorate", "Resources"], ["--priority", "homes-for-everyone"]])
def test_report_counts_are_summary_json(runner, tmp_path, scope):
    out = tmp_path / "pack.html"
    result = runner.invoke(args=["report", "--period", "2026/27 Q2", *scope, "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(runner.invoke(args=["summary", "--period", "2026/27 Q2", *scope, "--json"]).output)
    c = doc["counts"]
    assert covering_numbers(out.read_text()) == [doc["total"], c["on_target"] + c["within_tolerance"],
                                                 c["below_target"], c["annual"]]
    assert f"{doc['total']} measures" in result.output and "Published pack for 2026/27 Q2" in result.output


def test_report_as_pdf_and_docx(runner, tmp_path):
    pdf, word = tmp_path / "pack.pdf", tmp_path / "pack.docx"
    assert runner.invoke(args=["report", "--directorate", "resources", "--output", str(pdf)]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    result = runner.invoke(args=["report", "--directorate", "resources", "--format", "docx", "--output", str(word)])
    assert result.exit_code == 0 and word.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2026/27 Q9"], "'2026/27 Q9' is not a period"),
    (["--period", "2030/31 Q1"], "no figures for 2030/31 Q1"),
    (["--directorate", "Nowhere"], "unknown directorate 'Nowhere'"),
    (["--priority", "Nothing"], "unknown priority 'Nothing'"),
    (["--directorate", "Resources", "--priority", "Homes for everyone"], "not both"),
])
def test_report_unknowns_exit_2(runner, tmp_path, args, message):
    out = tmp_path / "pack.pdf"
    result = runner.invoke(args=["report", *args, "--output", str(out)])
    assert result.exit_code == 2 and message in result.output and not out.exists()


def test_report_format_from_the_extension_or_refused(runner, tmp_path):
    result = runner.invoke(args=["report", "--output", str(tmp_path / "pack.txt")])
    assert result.exit_code == 2 and "give --format pdf, docx or html" in result.output
