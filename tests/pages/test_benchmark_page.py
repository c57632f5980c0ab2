"""*How we compare* on the measure page, drawn from its URL against the demo council's invented peer family."""

import numpy as np
import pytest

import app  # noqa: F401  builds the app, so dashboards.measure can register its page
from dashboards import ids
from data.demo import peers
from data.demo.catalogue import MEASURES
from tests.pages.render import by_id, render, text_of, walk


def _demo_values(bench: str, year: str) -> dict:
    return {area: value for _, area, code, period, value, *_ in peers.dataset().rows if code == bench and period == year}


def test_the_measure_page_shows_position_sentence_chart_and_every_area(app_db):
    tree = render("/measure/HR01")
    card = by_id(tree, ids.MEASURE_BENCHMARK)
    words = text_of(card)
    values = _demo_values("BM-HR01", "2024/25")          # Northwold has no 2025/26 figure: 15 of 16 report it
    latest = _demo_values("BM-HR01", "2025/26")
    assert len(values) == 16 and len(latest) == 15
    mine = latest[peers.COUNCIL]
    rank = 1 + sum(v < mine for v in latest.values())    # lower is better
    median = np.percentile(list(latest.values()), 50)
    sentence = text_of(by_id(tree, ids.MEASURE_BENCHMARK_SENTENCE))
    assert sentence.startswith("In 2025/26 we were in the ")
    assert f"of the 15 areas in {peers.DATASET} with figures" in sentence
    assert f", {rank}" in sentence and "(lower is better)" in sentence and f"{median:.2f} days" in sentence
    assert "1 of the 16 areas has no figure for 2025/26" in words and "Northwold" in words
    assert "inclusive method (type 7" in words and "our own figures run to 2026/27" in words
    figure = by_id(tree, ids.MEASURE_BENCHMARK_CHART).figure
    median_line = next(t for t in figure.data if t.name == "Group median")
    assert list(median_line.x) == list(peers.YEARS)
    assert median_line.y[-1] == pytest.approx(median)
    table = text_of(by_id(tree, ids.MEASURE_BENCHMARK_TABLE))
    assert all(name in table for name in peers.PEERS) and f"{peers.COUNCIL} (us)" in table


def test_the_group_is_chosen_in_the_url(app_db):
    near = render("/measure/HR01?peers=demo-nearest-neighbours&period=2026/27 Q2")
    sentence = text_of(by_id(near, ids.MEASURE_BENCHMARK_SENTENCE))
    assert "of the 8 areas of Demo nearest neighbours," in sentence
    links = {text_of(c): c.href for c in walk(by_id(near, ids.MEASURE_BENCHMARK_GROUPS)) if type(c).__name__ == "Link"}
    assert links["All areas"] == "/measure/HR01?period=2026%2F27+Q2&view=target&grain=month&peers=all"
    picked = render("/measure/HR01?peers=pick&areas=Ashcombe,Brackenford")
    assert "Too few areas to compare" in text_of(by_id(picked, ids.MEASURE_BENCHMARK))
    assert "No fair comparison" in text_of(by_id(picked, ids.MEASURE_BENCHMARK_SENTENCE))
    family = render("/measure/PLN01?peers=family")
    words = text_of(by_id(family, ids.MEASURE_BENCHMARK))
    assert "of our family group (Family A)" in words and "the group average" in words     # PLN01 has intervals


def test_a_measure_with_no_link_has_no_comparison(app_db):
    assert by_id(render("/measure/FIN01"), ids.MEASURE_BENCHMARK) is None


def _bottom(bench: str) -> bool:
    latest = _demo_values(bench, peers.YEARS[-1])
    mine, q = latest[peers.COUNCIL], np.percentile(list(latest.values()), [25, 75])
    polarity = {m[0]: m[6] for m in MEASURES}
    code = bench.removeprefix("BM-")
    return mine < q[0] if polarity[code] == "higher" else mine > q[1]


def test_overview_and_directorate_show_the_quartile_and_filter_the_bottom_quartile(app_db):
    expected = sorted(c for c, (b, _, _) in peers.COMPARED.items() if _bottom(b))
    overview = render("/?peers=quartile")
    words = text_of(by_id(overview, "among-peers"))
    assert all(code in words for code in peers.COMPARED) and ("Bottom quartile" in words) == bool(expected)
    bottom = render("/?peers=bottom")
    assert text_of(by_id(bottom, ids.OVERVIEW_HEADLINE)).count("measure") >= 1
    listed = text_of(by_id(bottom, "among-peers"))
    assert sorted(c for c in peers.COMPARED if c in listed) == expected
    grid = by_id(render("/directorate/resources?peers=quartile"), ids.DIRECTORATE_GRID)
    assert "Among peers (all areas)" in [c["headerName"] for c in grid.columnDefs]   # the group is named
    hr01 = next(r for r in grid.rowData if r["code"] == "HR01")
    assert hr01["peer_text"].endswith("quartile")
    assert by_id(render("/?peers=nonsense"), "among-peers") is None


def test_the_exceptions_agenda_lists_the_bottom_quartile_as_a_reason(app_db):
    expected = [c for c, (b, _, _) in peers.COMPARED.items() if _bottom(b)]
    words = text_of(render("/exceptions"))
    assert ("Bottom quartile among peers" in words) == bool(expected)
    assert "How we compare:" in words and "we were in the bottom quartile" in words     # the pack carries it
