"""Issue 18, item 3: *How we compare* in the report pack, on the demo council (SQLite and PostgreSQL) and on a copy
with two more links (one with too few areas to compare, one a context indicator with no direction of better). The
section lists exactly the measures of the pack's scope whose comparison is meaningful, worked out here from the
stored benchmark figures with `data.benchmarking.compare` and checked against the raw figures; each sentence is the
measure page's; a directorate's pack has only its own; HTML, Word and PDF carry the section, its table with header
cells and a chart per measure with its text alternative."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape
from html.parser import HTMLParser

import numpy as np
import pytest
from docx import Document
from docx.oxml.ns import qn
from markupsafe import escape
from pypdf import PdfReader

from data.benchmarking import compare, stats
from data.core import db, loaders
from data.demo import peers
from data.imports import benchmarks
from data.imports.benchmark_files import BenchmarkFile
from data.people import access
from data.performance.formatting import format_value, shown_decimals
from data.reporting import pack, pack_charts, pack_render, pages
from tests.conftest import private_copy

OFFICER = access.Viewer(role="officer", username="test")
TODAY = date(2026, 12, 1)
Q2 = "2026/27 Q2"
TINY = "Tiny test benchmark"
# FIN01 among two areas only (too few to compare); ECO04, a context indicator with no direction, among six
TINY_AREAS = {"T-FIN01": (peers.COUNCIL, "Ashcombe"),
              "T-ECO04": (peers.COUNCIL, "Ashcombe", "Brackenford", "Calder Vale", "Dunmere", "Eastholme")}


@pytest.fixture(autouse=True)
def on_1_december(monkeypatch):
    monkeypatch.setenv("TODAY", TODAY.isoformat())


@pytest.fixture(scope="module")
def linked_engine(demo_sqlite_url, tmp_path_factory):
    """A copy of the demo council with FIN01 and ECO04 linked to a tiny benchmark dataset too."""
    eng = db.make_engine(private_copy(demo_sqlite_url, tmp_path_factory.mktemp("bench") / "linked.db"))
    tiny = BenchmarkFile(TINY, "Invented for this test", None, date(2026, 11, 1))
    tiny.measures = {"T-FIN01": {"title": "Invoices paid in time", "unit": "%", "polarity": "higher"},
                     "T-ECO04": {"title": "Claimant rate", "unit": "%", "polarity": "none"}}
    for code, areas in TINY_AREAS.items():
        for i, area in enumerate(areas):
            for y, year in enumerate(("2023/24", "2024/25")):
                tiny.rows.append((None, area, code, year, 90.0 + i * 1.5 - y, None, None, None))
            tiny.areas[area] = area
    benchmarks.store_file(eng, tiny)
    benchmarks.link(eng, "FIN01", "T-FIN01", dataset=TINY, area=peers.COUNCIL)
    benchmarks.link(eng, "ECO04", "T-ECO04", dataset=TINY, area=peers.COUNCIL)
    yield eng
    eng.dispose()


def build(conn, viewer=OFFICER, **scope):
    return pack.build(conn, pack.period_for(conn, Q2, viewer, TODAY), viewer, pack.scope_of(conn, **scope))


def expected(conn, **scope) -> dict[str, compare.Comparison]:
    """{code: Comparison} of every measure in the scope linked to a benchmark (context indicators too), against
    all areas of its dataset, from the stored links and figures."""
    chosen = pack.scope_of(conn, **scope)
    codes = set(loaders.measures(conn, **({chosen.kind: chosen.slug} if chosen.kind != "council" else {}))["code"])
    links, values = benchmarks.linked(conn)
    out = {}
    for link in links.to_dict("records"):
        if link["code"] in codes:
            frame = values[values["measure_id"] == link["measure_id"]].drop(columns="measure_id")
            out[link["code"]] = compare.compare(link["code"], link, frame.reset_index(drop=True))
    return out


def raw_position(conn, code: str, period: str) -> tuple[int, float, int]:
    """(rank, median, areas) of the council among every area with a figure, from the stored figures (numpy)."""
    links, values = benchmarks.linked(conn)
    link = links[links["code"] == code].iloc[0]
    rows = values[(values["measure_id"] == link["measure_id"]) & (values["period"] == period)
                  & values["value"].notna()]
    figures = dict(zip(rows["area_name"], rows["value"].astype(float)))
    mine = figures[link["area"]]
    better = {"higher": lambda v: v > mine, "lower": lambda v: v < mine}.get(link["polarity"], lambda v: v < mine)
    return 1 + sum(better(v) for v in figures.values()), float(np.percentile(list(figures.values()), 50)), len(figures)


SCOPES = [{}, {"directorate": "Resources"}, {"directorate": "Housing and Communities"},
          {"directorate": "Planning and Growth"}, {"priority": "Homes for everyone"}]


def check_section(conn, built: pack.Pack, viewer=OFFICER, **scope) -> None:
    found = expected(conn, **scope)
    meaningful = {c for c, x in found.items() if x.meaningful}
    section = built.benchmarking
    if not found:
        assert section is None
        return
    assert [r.code for r in section.rows] == [c for c in _pack_order(built) if c in meaningful]
    assert {n.code for n in section.not_compared} == set(found) - meaningful
    for r in section.rows:
        c = found[r.code]
        assert (r.position.rank, r.position.of, r.position.quartile) == (c.latest.rank, c.latest.of, c.latest.quartile)
        assert r.period == c.latest.period and r.position.polarity == c.latest.polarity
        assert r.rank.removeprefix("joint ") == f"{compare.ordinal(c.latest.rank)} of {c.latest.of}"
        words = stats.QUARTILE_WORDS[c.latest.polarity][c.latest.quartile - 1]
        better = {"higher": "higher is better", "lower": "lower is better"}.get(c.latest.polarity,
                                                                                "no direction of better")
        assert r.quartile == f"{words.capitalize()} quartile ({better})"
        rank, median, n = raw_position(conn, r.code, r.period)
        assert (r.position.rank, r.position.of) == (rank, n) and r.position.median == pytest.approx(median)
        measure = loaders.measures(conn, code=r.code).iloc[0]
        values = access.figures(conn, [int(measure["id"])], viewer)[int(measure["id"])][0]
        shown = format_value(median, measure["unit"], shown_decimals(measure["decimals"], values))
        assert f"{compare.ordinal(rank)} of {n}" in r.sentence and f"; the median was {shown}." in r.sentence
    for n in section.not_compared:
        assert n.reason == "; ".join(found[n.code].notices)


def _pack_order(built: pack.Pack) -> list[str]:
    return [r.code for s in built.sections for r in s.rows] + [r.code for r in built.context]


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: "-".join(s.values()) or "council")
def test_the_section_lists_exactly_the_meaningful_comparisons_of_the_scope(demo_engine, scope):
    with demo_engine.connect() as conn:
        built = build(conn, **scope)
        check_section(conn, built, **scope)
        in_scope = {r.code for s in built.sections for r in s.rows} | {r.code for r in built.context}
    assert built.benchmarking is not None and built.benchmarking.rows
    assert {r.code for r in built.benchmarking.rows} <= in_scope


def test_the_public_pack_has_every_meaningful_comparison_too(demo_engine):
    """Benchmark figures are public: the public pack compares what the officer's does, from published figures."""
    with demo_engine.connect() as conn:
        public = build(conn, access.PUBLIC)
        check_section(conn, public, access.PUBLIC)
        officer = build(conn)
    assert [r.code for r in public.benchmarking.rows] == [r.code for r in officer.benchmarking.rows]


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: "-".join(s.values()) or "council")
def test_measures_with_no_meaningful_comparison_are_listed_with_the_reason(linked_engine, scope):
    with linked_engine.connect() as conn:
        built = build(conn, **scope)
        check_section(conn, built, **scope)
    section = built.benchmarking
    codes = [r.code for r in section.rows]
    if scope in ({}, {"directorate": "Resources"}):
        (fin01,) = section.not_compared
        assert fin01.code == "FIN01" and fin01.reason.startswith("Too few areas to compare: at most 2 with figures")
    if scope in ({}, {"directorate": "Planning and Growth"}):
        assert "ECO04" in codes                          # a context indicator: compared, though never counted
        eco04 = next(r for r in section.rows if r.code == "ECO04")
        assert eco04.quartile.endswith("quartile (no direction of better)")
        assert "This measure has no direction of better: quartiles are by value, lowest first" in eco04.notices
    if scope == {"directorate": "Housing and Communities"}:
        assert section.not_compared == [] and codes == ["HSG01"]


@pytest.mark.parametrize("viewer", [OFFICER, access.PUBLIC], ids=lambda v: v.role)
def test_each_sentence_is_the_measure_pages(demo_engine, viewer):
    with demo_engine.connect() as conn:
        built = build(conn, viewer)
        shown = {r.code: pages.measure(conn, r.code, Q2, viewer).comparison for r in built.benchmarking.rows}
    assert len(shown) == len(peers.COMPARED)
    for r in built.benchmarking.rows:
        assert r.sentence == shown[r.code].sentence and r.sentence.startswith(f"In {r.period} we were in the ")
        assert r.notices == shown[r.code].notices


def test_the_public_pack_compares_as_the_public_measure_page_does(app_db):
    """The sentence the anonymous visitor reads on /measure/<code> is the public pack's."""
    import app  # noqa: F401  builds the app, so the measure page is registered
    from dashboards import ids
    from tests.pages.render import by_id, render, text_of

    with app_db.connect() as conn:
        public = build(conn, access.PUBLIC)
    assert not public.internal and public.benchmarking.rows
    for r in public.benchmarking.rows:
        assert text_of(by_id(render(f"/measure/{r.code}"), ids.MEASURE_BENCHMARK_SENTENCE)) == r.sentence


def test_a_directorate_pack_has_only_its_own_comparisons(demo_engine):
    with demo_engine.connect() as conn:
        council = build(conn)
        resources = build(conn, directorate="Resources")
        own = set(loaders.measures(conn, directorate="resources")["code"])
    assert {r.code for r in resources.benchmarking.rows} == {r.code for r in council.benchmarking.rows} & own
    assert {r.code for r in council.benchmarking.rows} - own       # the council's has others


def test_the_table_row_states_the_figures_in_words(demo_engine):
    with demo_engine.connect() as conn:
        built = build(conn, directorate="Planning and Growth")
        (pln01,) = built.benchmarking.rows
        measure = loaders.measures(conn, code="PLN01").iloc[0]
        values = access.figures(conn, [int(measure["id"])], OFFICER)[int(measure["id"])][0]
        c = expected(conn, directorate="Planning and Growth")["PLN01"]
    decimals = shown_decimals(measure["decimals"], values)
    fmt = lambda v: format_value(v, measure["unit"], decimals)  # noqa: E731
    pos = c.latest
    assert (pln01.value, pln01.median) == (fmt(pos.value), fmt(pos.median))
    assert pln01.iqr == f"{fmt(pos.q1)} to {fmt(pos.q3)}"
    assert pos.significance and pln01.significance == compare.SIGNIFICANCE_WORDS[pos.significance]
    assert built.benchmarking.significance
    # the chart's text alternative states every year's figures
    chart = pln01.chart
    assert chart.kind == "benchmark" and chart.alt.startswith("Chart of PLN01 ")
    for s in c.series:
        ours = "no figure" if s["value"] is None else fmt(s["value"])
        assert (f"{s['period']}: us {ours}, median {fmt(s['median'])}, middle half {fmt(s['q1'])} to "
                f"{fmt(s['q3'])} ({s['n']} areas)") in chart.alt


def test_benchmark_charts_are_drawn_with_the_council_highlighted(demo_engine):
    with demo_engine.connect() as conn:
        built = build(conn, directorate="Resources")
    (hr01,) = built.benchmarking.rows
    series = hr01.chart.rows
    drawn = pack_charts.benchmark_shapes(series, hr01.chart.unit, hr01.chart.decimals)
    kinds = [s.kind for s in drawn]
    assert kinds.count("square") == sum(s["value"] is not None for s in series) > 0
    assert kinds.count("band") == 1 and kinds.count("dashed") == 1
    assert next(s for s in drawn if s.kind == "line").width > 1.5       # ours thicker than the median
    svg = pack_charts.svg_of(drawn, hr01.chart.title)
    assert svg.startswith("<svg") and "<rect" in svg and "stroke-dasharray" in svg
    assert pack_charts.png_of(drawn).startswith(b"\x89PNG")


# --- the three formats ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def planning(linked_engine):
    """Planning and Growth on the copy: PLN01 with confidence intervals, ECO04 (context) with no direction."""
    with linked_engine.connect() as conn:
        built = build(conn, directorate="Planning and Growth")
    assert built.context and {r.code for r in built.benchmarking.rows} == {"PLN01", "ECO04"}
    return built


@pytest.fixture(scope="module")
def resources(linked_engine):
    """Resources on the copy: HR01 compared, FIN01 not."""
    with linked_engine.connect() as conn:
        built = build(conn, directorate="Resources")
    assert [n.code for n in built.benchmarking.not_compared] == ["FIN01"]
    return built


class Headers(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headers = []

    def handle_starttag(self, tag, attrs):
        if tag == "th":
            self.headers.append(dict(attrs))


def _section(page: str) -> str:
    start = page.index('<section class="benchmarking">')
    return page[start:page.index("</section>", start)]


@pytest.mark.parametrize("fixture", ["planning", "resources"])
def test_html_has_the_section_after_the_directorates_with_scoped_headers(fixture, request):
    built = request.getfixturevalue(fixture)
    page = pack_render.html(built)
    bench = built.benchmarking
    assert "<h2>How we compare</h2>" in page
    assert page.rindex('<section class="directorate">') < page.index('<section class="benchmarking">')
    if built.context:
        assert page.index('<section class="benchmarking">') < page.index('<section class="context">')
    part = _section(page)
    cells = Headers()
    cells.feed(part)
    headings = pack_render.benchmark_headings(bench)
    assert [h.get("scope") for h in cells.headers] == ["col"] * len(headings) + ["row"] * len(bench.rows)
    assert ("Against the group average" in headings) == bench.significance
    for r in bench.rows:
        row = "".join([f'<th scope="row">{escape(f"{r.code} {r.title}")}</th>',
                       *[f"<td>{escape(c)}</td>" for c in pack_render.benchmark_cells(bench, r)[1:]]])
        assert row in part and str(escape(r.sentence)) in part
        assert f'alt="{escape(r.chart.alt)}"' in part
    for n in bench.not_compared:
        assert f"<strong>{escape(f'{n.code} {n.title}')}</strong>: {escape(n.reason)}" in part
    assert part.count("<img ") == len(bench.rows)
    assert page.count("<img ") == len(built.charts()) == len(re.findall(r'<img [^>]*alt="[^"]+"', page))
    assert sorted(unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]+)"', page)) == sorted(
        c.alt for c in built.charts())


@pytest.mark.parametrize("fixture", ["planning", "resources"])
def test_docx_has_the_heading_a_table_with_a_header_row_and_pictures_with_alt_text(fixture, request):
    built = request.getfixturevalue(fixture)
    bench = built.benchmarking
    document = Document(io.BytesIO(pack_render.docx(built)))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    top = [t for s, t in headings if s == "Heading 1"]
    assert top[-2 if built.context else -1] == "How we compare"
    assert top.index("How we compare") > max(top.index(s.name) for s in built.sections)
    at = headings.index(("Heading 1", "How we compare"))
    assert [t for s, t in headings[at + 1:] if s == "Heading 2"][:len(bench.rows)] == [
        f"{r.code} {r.title}" for r in bench.rows]
    headers = pack_render.benchmark_headings(bench)
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == headers)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [pack_render.benchmark_cells(bench, r)
                                                                       for r in bench.rows]
    text = "\n".join(p.text for p in document.paragraphs)
    assert all(r.sentence in text for r in bench.rows)
    assert all(f"{n.code} {n.title}: {n.reason}" in text for n in bench.not_compared)
    described = [e.get("descr") for e in document.element.body.iter(qn("wp:docPr"))]
    assert all(described) and sorted(described) == sorted(c.alt for c in built.charts())
    assert {r.chart.alt for r in bench.rows} <= set(described)


def test_pdf_text_holds_the_section(resources):
    reader = PdfReader(io.BytesIO(pack_render.pdf(resources)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    bench = resources.benchmarking
    assert "How we compare" in text and "Interquartile range" in text and "Not compared" in text
    for r in bench.rows:
        assert " ".join(r.sentence.split()) in text and r.rank in text
    assert all(n.code in text for n in bench.not_compared)
