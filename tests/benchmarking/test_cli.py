"""import-benchmarks, benchmark-link and benchmark-group on the command line, against a demo council."""

from __future__ import annotations

import pytest

import commands
from data.core import db
from data.demo import council as demo
from tests.benchmarking.test_import import LGBF, LONG, MAPPING, needs_public


@pytest.fixture
def runner(monkeypatch, tmp_path):
    from flask import Flask
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    db.engine.cache_clear()
    db.upgrade()
    demo.load(db.engine())
    server = Flask("cli-test")
    commands.register(server)
    yield server.test_cli_runner()
    db.engine.cache_clear()


def test_import_link_and_group_from_the_command_line(runner, tmp_path):
    path = tmp_path / "fingertips.csv"
    path.write_text(LONG.replace("Smoking prevalence,%,lower", "Calls abandoned,%,lower"))
    result = runner.invoke(args=["import-benchmarks", str(path), "--name", "Calls", "--licence", "OGL v3",
                                 "--retrieved", "2024-05-01"])
    assert result.exit_code == 0, result.output
    assert "9 figures of 1 measures for 5 areas (1 blank" in result.output
    refused = runner.invoke(args=["benchmark-link", "HR01", "P1", "--area", "E1"])
    assert refused.exit_code == 1 and "units differ: HR01 is in 'days'" in refused.output
    linked = runner.invoke(args=["benchmark-link", "CS02", "P1", "--area", "Alpha", "--note", "ours counts callbacks"])
    assert linked.exit_code == 0 and "definitions differ: ours counts callbacks" in linked.output, linked.output
    group = tmp_path / "nn.csv"
    group.write_text("code\nE2\nE3\nE4\n")
    made = runner.invoke(args=["benchmark-group", "Our CIPFA neighbours", str(group)])
    assert made.exit_code == 0 and "?peers=our-cipfa-neighbours" in made.output, made.output
    bad = tmp_path / "bad.csv"
    bad.write_text("Area Name,Indicator ID,Time period,Value\nAlpha,P1,2022/23,lots\n")
    refused = runner.invoke(args=["import-benchmarks", str(bad)])
    assert refused.exit_code == 1 and "row 2, column Value: 'lots' is not a number" in refused.output


@needs_public
def test_the_lgbf_file_imports_with_the_example_mapping(runner):
    result = runner.invoke(args=["import-benchmarks", str(LGBF), "--mapping", str(MAPPING), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would import" in result.output and "31562 figures of 108 measures for 32 areas" in result.output
    assert "3904 figures for 35 periods that are not financial years" in result.output


def test_the_councils_peer_group_is_set_on_the_command_line(runner):
    assert runner.invoke(args=["council-setting", "benchmark_peers"]).output.strip() == "benchmark_peers = all"
    chosen = runner.invoke(args=["council-setting", "benchmark_peers", "Demo nearest neighbours"])
    assert chosen.exit_code == 0 and chosen.output.strip() == "benchmark_peers = demo-nearest-neighbours"
    refused = runner.invoke(args=["council-setting", "benchmark_peers", "cipfa"])
    assert refused.exit_code == 2
    assert "there is no comparator group 'cipfa': choose one of all, family, demo-nearest-neighbours" in refused.output
    assert runner.invoke(args=["council-setting", "benchmark_peers"]).output.strip() == (
        "benchmark_peers = demo-nearest-neighbours")
