"""Issue 18: the council's default comparator group. On a copy of the demo council (SQLite and PostgreSQL) FIN01 is
linked to a constructed dataset where it is the best of its family group and in the bottom quartile of all areas;
the overview, the directorate, the exceptions agenda, the report pack and the measure page follow the default
(`council-setting benchmark_peers`, or the workbench), name the group, and `?among=` overrides it in the URL.
Also: the comparisons' cache keeps the decimals apart."""

from __future__ import annotations

from datetime import date

import pytest

import app  # noqa: F401  builds the app, so the pages are registered
from dashboards import ids
from data.benchmarking import stats
from data.demo import peers
from data.imports import benchmarks
from data.imports.benchmark_files import BenchmarkFile
from data.people import access
from data.reporting import benchmarking, pack, pages
from tests.conftest import database_url, point_app_at
from tests.pages.render import by_id, render, text_of

TODAY = date(2026, 12, 1)
Q2 = "2026/27 Q2"
DATASET = "Constructed families"
# FIN01 (%, higher is better) at 45: above every area of its family, below the lower quartile of all 21 areas
FAMILY = {f"Near {i}": v for i, v in enumerate((10.0, 20.0, 30.0, 40.0), start=1)}
OTHERS = {f"Far {i}": 55.0 + 5 * i for i in range(1, 17)}
OURS = 45.0


def constructed() -> BenchmarkFile:
    out = BenchmarkFile(DATASET, "Constructed for this test", "None", date(2026, 11, 1))
    out.measures = {"C-FIN01": {"title": "Invoices paid in time", "unit": "%", "polarity": "higher"}}
    for area, value, family in ([(peers.COUNCIL, OURS, "Family A")] + [(a, v, "Family A") for a, v in FAMILY.items()]
                                + [(a, v, "Family B") for a, v in OTHERS.items()]):
        out.rows.append((None, area, "C-FIN01", "2025/26", value, None, None, family))
        out.areas[area] = area
    return out


@pytest.fixture
def council(demo_copy, monkeypatch):
    """The demo council with FIN01 compared with the constructed dataset; the app's engine on it."""
    benchmarks.store_file(demo_copy, constructed())
    benchmarks.link(demo_copy, "FIN01", "C-FIN01", dataset=DATASET, area=peers.COUNCIL)
    yield from point_app_at(database_url(demo_copy), monkeypatch, TODAY=TODAY.isoformat(), REDIS_URL=None)


def set_default(engine, value: str) -> None:
    with engine.begin() as conn:
        access.set_council_setting(conn, benchmarks.GROUP_SETTING, value)


def test_the_quartile_differs_between_all_areas_and_the_family_group(council):
    values = {peers.COUNCIL: OURS, **FAMILY, **OTHERS}
    family = [peers.COUNCIL, *FAMILY]
    assert stats.position(values, peers.COUNCIL, list(values), "higher", "2025/26").quartile == 4    # independently
    assert stats.position(values, peers.COUNCIL, family, "higher", "2025/26").quartile == 1
    with council.connect() as conn:
        assert benchmarking.default_group(conn) == "all"
        assert benchmarking.quartiles(conn)["FIN01"] == 4
        assert benchmarking.quartiles(conn, "family")["FIN01"] == 1
    set_default(council, "family")
    with council.connect() as conn:
        assert benchmarking.default_group(conn) == "family"
        assert benchmarking.quartiles(conn)["FIN01"] == 1
        assert benchmarking.peer_group(conn).label == "family group Family A"
        assert benchmarking.peer_group(conn, "all-areas").key == "all"          # the URL overrides the default
        assert benchmarking.peer_group(conn, "no-such-group").key == "family"  # an unknown one does not


def _peer_cell(url: str) -> tuple[str, str]:
    """(the overview's Among peers heading, FIN01's cell) for a URL."""
    section = by_id(render(url), "among-peers")
    heading = text_of(section.children[0])
    row = next(r for r in (c for c in _rows(section)) if "FIN01" in text_of(r))
    return heading, text_of(row.children[-1])


def _rows(tree):
    from tests.pages.render import walk
    return [c for c in walk(tree) if type(c).__name__ == "Tr"]


def test_the_overview_and_directorate_follow_the_default_and_name_the_group(council):
    assert _peer_cell("/?peers=quartile") == ("Among peers (all areas)", "▼ Bottom quartile")
    assert "FIN01" in text_of(by_id(render("/?peers=bottom"), "among-peers"))
    set_default(council, "family")
    assert _peer_cell("/?peers=quartile") == ("Among peers (family group Family A)", "▲ Best quartile")
    assert "FIN01" not in text_of(by_id(render("/?peers=bottom"), "among-peers"))
    # a shared link keeps its own group, whatever the default
    assert _peer_cell("/?peers=quartile&among=all-areas") == ("Among peers (all areas)", "▼ Bottom quartile")
    tree = render("/?peers=quartile&among=all-areas")
    assert by_id(tree, ids.OVERVIEW_AMONG).value == "all-areas"
    assert "the council's default is family group Family A" in text_of(by_id(tree, "among-peers"))
    grid = by_id(render("/directorate/resources?peers=quartile"), ids.DIRECTORATE_GRID)
    assert "Among peers (family group Family A)" in [c["headerName"] for c in grid.columnDefs]
    assert next(r for r in grid.rowData if r["code"] == "FIN01")["peer_text"] == "▲ Best quartile"
    grid = by_id(render("/directorate/resources?peers=quartile&among=all-areas"), ids.DIRECTORATE_GRID)
    assert next(r for r in grid.rowData if r["code"] == "FIN01")["peer_text"] == "▼ Bottom quartile"


def _fin01_reasons(engine) -> list[str]:
    with engine.connect() as conn:
        report = pages.exceptions_report(conn, Q2, access.PUBLIC)
    case = next((c for c in report.cases if c.measure["code"] == "FIN01"), None)
    return [] if case is None else case.reasons


def test_the_exceptions_agenda_and_the_pack_follow_the_default(council):
    assert "bottom_quartile" in _fin01_reasons(council)
    officer = access.Viewer(role="officer", username="test")
    with council.connect() as conn:
        built = pack.build(conn, pack.period_for(conn, Q2, officer, TODAY), officer)
    row = next(r for r in built.benchmarking.rows if r.code == "FIN01")
    assert row.quartile.startswith("Bottom quartile") and "every area of its benchmark dataset" in built.benchmarking.group
    assert "Bottom quartile among peers" in next(a for a in built.attention if a.code == "FIN01").reasons
    set_default(council, "family")
    assert "bottom_quartile" not in _fin01_reasons(council)
    words = text_of(render("/exceptions"))
    assert "Bottom quartile among peers: compared with family group Family A" in words
    with council.connect() as conn:
        built = pack.build(conn, pack.period_for(conn, Q2, officer, TODAY), officer)
    row = next(r for r in built.benchmarking.rows if r.code == "FIN01")
    assert row.quartile.startswith("Best quartile") and "of our family group (Family A)" in row.sentence
    assert "compared with family group Family A (the council's default" in built.benchmarking.group
    assert all("Bottom quartile among peers" not in a.reasons for a in built.attention if a.code == "FIN01")


def test_the_measure_page_compares_with_the_default_unless_the_url_names_a_group(council):
    def shown(url):
        tree = render(url)
        return tuple(" ".join(text_of(by_id(tree, i)).split())
                     for i in (ids.MEASURE_BENCHMARK_GROUP, ids.MEASURE_BENCHMARK_SENTENCE))
    group, sentence = shown("/measure/FIN01")
    assert group.startswith("Compared with: all areas in Constructed families (the council's default")
    assert "in the bottom quartile of the 21 areas" in sentence
    set_default(council, "family")
    group, sentence = shown("/measure/FIN01")
    assert "family group Family A (the council's default peer group)" in group
    assert "in the best quartile of the 5 areas of our family group (Family A)" in sentence
    group, sentence = shown("/measure/FIN01?peers=all")
    assert "default" not in group and "bottom quartile of the 21 areas" in sentence


def test_the_default_group_must_be_one_that_exists(council):
    with council.begin() as conn:
        with pytest.raises(ValueError, match="there is no comparator group 'cipfa-x': choose one of all, family, "
                                             "demo-nearest-neighbours"):
            access.set_council_setting(conn, benchmarks.GROUP_SETTING, "cipfa-x")
        access.set_council_setting(conn, benchmarks.GROUP_SETTING, "Demo nearest neighbours")   # by its name
        assert access.council_setting(conn, benchmarks.GROUP_SETTING) == "demo-nearest-neighbours"


def test_the_comparisons_cache_keeps_the_decimals_apart(demo_engine):
    """Two calls alike but for the decimals give differently rounded sentences (the cache once returned the first)."""
    with demo_engine.connect() as conn:
        none = benchmarking.comparisons(conn, "all", decimals={"HR01": 0})["HR01"].sentence
        three = benchmarking.comparisons(conn, "all", decimals={"HR01": 3})["HR01"].sentence
    median = none.rsplit("the median was ", 1)[1]
    assert median.rstrip(".").replace(" days", "").isdigit()
    assert none != three and len(three.rsplit("the median was ", 1)[1].split(".")[1].split(" ")[0]) == 3


def test_a_benchmark_without_the_default_group_says_what_it_is_compared_with(council):
    """With the family group as the default, a measure whose benchmark gives no family groups is compared with all
    areas: the page says the default does not apply, and never calls all areas the default."""
    from data.core import loaders
    with council.connect() as conn:
        measures = loaders.measures(conn)
    code = next(c for c, u, p in zip(measures["code"], measures["unit"], measures["polarity"])
                if u == "%" and p == "higher" and c != "FIN01")
    plain = BenchmarkFile("No families", "Constructed for this test", "None", date(2026, 11, 1))
    plain.measures = {"C-PLAIN": {"title": "A rate", "unit": "%", "polarity": "higher"}}
    for i, area in enumerate([peers.COUNCIL, *(f"Area {n}" for n in range(1, 9))]):
        plain.rows.append((None, area, "C-PLAIN", "2025/26", 10.0 + i, None, None, None))
        plain.areas[area] = area
    benchmarks.store_file(council, plain)
    benchmarks.link(council, code, "C-PLAIN", dataset="No families", area=peers.COUNCIL)
    set_default(council, "family")
    tree = render(f"/measure/{code}")
    group = " ".join(text_of(by_id(tree, ids.MEASURE_BENCHMARK_GROUP)).split())
    assert group.startswith("Compared with: all") and "default" not in group
    words = " ".join(text_of(by_id(tree, ids.MEASURE_BENCHMARK)).split())
    assert "The council's default peer group (family group Family A) does not apply to this benchmark" in words
    fin01 = " ".join(text_of(by_id(render("/measure/FIN01"), ids.MEASURE_BENCHMARK_GROUP)).split())
    assert "(the council's default peer group)" in fin01
