"""Issue 14, item 2: the pack as a tagged PDF (PDF/UA-1: language, title, headings, table headers, one Figure with
its alt text per chart), as Word (heading styles, header rows, pictures with alt text, page numbers) and as HTML
(print stylesheet with page numbers, council, period, marking and date, every header cell scoped). Issue 15: the
council plan and risks section in all three."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date, datetime, timezone
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from data.core import db
from data.people import access
from data.reporting import pack, pack_charts, pack_render

OFFICER = access.Viewer(role="officer", username="test")
PRODUCED = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def resources(demo_sqlite_url):
    """The Resources directorate's pack for the demo council's latest quarter (one directorate: quick to render)."""
    eng = db.make_engine(demo_sqlite_url)
    with eng.connect() as conn:
        chosen = pack.period_for(conn, "2026/27 Q2", OFFICER, date(2026, 12, 1))
        built = pack.build(conn, chosen, OFFICER, pack.scope_of(conn, directorate="Resources"), produced=PRODUCED)
    eng.dispose()
    return built


@pytest.fixture(scope="module")
def homes(demo_sqlite_url):
    """The Homes for everyone priority's pack: plan actions off track and at risk, and a high risk."""
    eng = db.make_engine(demo_sqlite_url)
    with eng.connect() as conn:
        chosen = pack.period_for(conn, "2026/27 Q2", OFFICER, date(2026, 12, 1))
        built = pack.build(conn, chosen, OFFICER, pack.scope_of(conn, priority="Homes for everyone"),
                           produced=PRODUCED)
    eng.dispose()
    assert built.plan.attention and built.plan.high
    return built


def structure(pdf: bytes) -> tuple[Counter, list, dict]:
    """(structure element kinds, Figure alt texts, document catalogue) of a tagged PDF."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    kinds, alts = Counter(), []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        kind = node.get("/S")
        if kind:
            kinds[str(kind)] += 1
        if kind == "/Figure":
            alts.append(str(node.get("/Alt")))
        children = node.get("/K")
        for child in children if isinstance(children, list) else [children]:
            if child is not None and (hasattr(child, "get_object") or hasattr(child, "get")):
                walk(child)
    walk(root["/StructTreeRoot"])
    return kinds, alts, {"lang": str(root.get("/Lang")), "marked": bool(root["/MarkInfo"]["/Marked"]),
                         "title": reader.metadata.title, "pages": len(reader.pages),
                         "text": "\n".join(page.extract_text() for page in reader.pages)}


def test_pdf_is_tagged_with_language_title_headings_table_headers_and_alt_text(resources):
    kinds, alts, doc = structure(pack_render.pdf(resources))
    assert doc["marked"] is True and doc["lang"] == "en-GB"
    assert doc["title"] == "Demo District Council: performance report, 2026/27 Q2 (Jul-Sep)"
    assert kinds["/H1"] == 1 and kinds["/H2"] >= 3 and kinds["/H3"] >= len(resources.attention)
    assert kinds["/Table"] >= 2 and kinds["/TH"] >= 10 and kinds["/THead"] >= 2
    charts = resources.charts()
    assert len(charts) > 10 and sorted(alts) == sorted(c.alt for c in charts)
    assert "Page 1 of" in doc["text"] and f"Page {doc['pages']} of {doc['pages']}" in doc["text"]
    assert "Published" in doc["text"] and "Produced 1 December 2026, 09:30 UTC" in doc["text"]
    assert resources.covering.split(",")[0] in doc["text"]


def test_docx_has_heading_styles_header_rows_and_pictures_with_alt_text(resources):
    document = Document(io.BytesIO(pack_render.docx(resources)))
    assert document.core_properties.title == resources.title and document.core_properties.language == "en-GB"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert ("Heading 1", "Summary") in headings and ("Heading 1", "Measures needing attention") in headings
    assert ("Heading 1", "Resources") in headings and ("Heading 2", "Director's commentary") in headings
    assert sum(style == "Heading 2" for style, _ in headings) >= len(resources.attention)
    measures = next(t for t in document.tables if t.rows[0].cells[0].text == "Measure")
    assert [c.text for c in measures.rows[0].cells][4:] == ["Status", "Year to date", "Against last period",
                                                            "Against last year", "SPC variation", "Assurance"]
    assert len(measures.rows) == 1 + len(resources.sections[0].rows)
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    described = [e.get("descr") for e in document.element.body.iter(qn("wp:docPr"))]
    assert sorted(described) == sorted(c.alt for c in resources.charts())
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "Published" in document.sections[0].header.paragraphs[0].text
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    overdue = sum(x["overdue"] for a in resources.attention for x in a.actions)
    assert resources.covering in text and sum("⚠ Overdue" in c for c in cells) == overdue


def test_html_has_print_stylesheet_page_numbers_and_marking(resources):
    page = pack_render.html(resources)
    assert '<html lang="en-GB">' in page and f"<title>{resources.title}</title>" in page
    assert 'counter(page) " of " counter(pages)' in page and "@page wide" in page
    assert '"Published"' in page and "Produced 1 December 2026, 09:30 UTC" in page
    assert page.count('<th scope="col">') >= 10 and page.count('<th scope="row">') >= len(resources.sections[0].rows)
    assert page.count("<img ") == len(resources.charts()) and page.count('alt="Chart of ') == len(resources.charts())


def test_draft_marking(resources):
    resources_draft = pack.Pack(**{**resources.__dict__, "published": False})
    page = pack_render.html(resources_draft)
    assert '"Draft"' in page and "Draft: the figures of this period are not yet published" in page


def test_charts_are_drawn_without_a_browser_with_status_by_shape(resources):
    chart = resources.sections[0].charts[0]
    svg = pack_charts.svg(chart.rows, chart.unit, chart.decimals, chart.title)
    assert svg.startswith("<svg") and "stroke-dasharray" in svg and "<polygon" in svg
    shapes = Counter(s.kind for s in pack_charts.shapes(chart.rows, chart.unit, chart.decimals))
    assert shapes["circle"] + shapes["triangle"] + shapes["cross"] == sum(r["value"] is not None for r in chart.rows)
    assert pack_charts.png(chart.rows, chart.unit, chart.decimals).startswith(b"\x89PNG")


class Cells(HTMLParser):
    """Every table header cell's attributes, and the tables with their header rows."""

    def __init__(self):
        super().__init__()
        self.headers, self.tables, self.theads = [], 0, 0

    def handle_starttag(self, tag, attrs):
        if tag == "th":
            self.headers.append(dict(attrs))
        self.tables += tag == "table"
        self.theads += tag == "thead"


@pytest.mark.parametrize("fixture", ["resources", "homes"])
def test_every_header_cell_has_a_scope(fixture, request):
    built = request.getfixturevalue(fixture)
    cells = Cells()
    cells.feed(pack_render.html(built))
    assert len(cells.headers) > 20 and cells.tables == cells.theads > 0
    assert [h for h in cells.headers if h.get("scope") not in ("col", "row")] == []
    assert {h["scope"] for h in cells.headers} == {"col", "row"}
    # and in the template itself, tables that pack did not draw too
    source = (pack_render.TEMPLATES / "pack.html").read_text()
    tags = re.findall(r"<th\b[^>]*>", source)
    assert tags and [t for t in tags if not re.search(r'\bscope="(col|row)"', t)] == []


def test_html_has_the_plan_and_risks_section(homes):
    page = pack_render.html(homes)
    plan = homes.plan
    assert "<h2>Council plan and risks</h2>" in page and plan.sentence in page and plan.risk_sentence in page
    assert page.index("Measures needing attention") < page.index("Council plan and risks") < page.index(
        '<section class="directorate">')
    for a in plan.attention:
        assert f'<th scope="row">{a.code} {a.title}</th>' in page
        assert f"{a.status.symbol} {a.status.words}" in page and a.note in page
    for r in plan.high:
        assert f"{r.likelihood} × {r.impact} = {r.score}" in page
    matrix = page[page.index('<table class="counts risk-matrix">'):]
    matrix = matrix[:matrix.index("</table>")]
    assert matrix.count('<th scope="row">') == 5 and matrix.count('<th scope="col">') == 6
    drawn = re.findall(r'<td><strong>(\d+)</strong> <span class="band">\((\d+) (\w+)\)</span></td>', matrix)
    assert drawn == [(str(c["count"]), str(c["score"]), c["band"]) for row in plan.matrix for c in row["cells"]]
    assert sum(int(n) for n, _, _ in drawn) > 0


def test_docx_has_the_plan_and_risks_section_with_real_headings_and_tables(homes):
    document = Document(io.BytesIO(pack_render.docx(homes)))
    plan = homes.plan
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [t for s, t in headings if s == "Heading 1"] == [
        "Summary", "Measures needing attention", "Council plan and risks", *[s.name for s in homes.sections],
        *(["How we compare"] if homes.benchmarking else []), *(["Context indicators"] if homes.context else [])]
    at = headings.index(("Heading 1", "Council plan and risks"))
    assert headings[at + 1:at + 5] == [("Heading 2", "Plan actions"), ("Heading 2", "Actions off track, at risk or "
                                       "overdue"), ("Heading 2", "High risks"), ("Heading 2", "Risk matrix")]
    text = "\n".join(p.text for p in document.paragraphs)
    assert plan.sentence in text and plan.risk_sentence in text
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    actions = tables["Action"]
    assert [c.text for c in actions.rows[0].cells] == pack_render.PLAN_HEADINGS + [pack_render.NOTE_HEADING]
    assert [r.cells[0].text for r in actions.rows[1:]] == [f"{a.code} {a.title}" for a in plan.attention]
    assert [r.cells[5].text for r in actions.rows[1:]] == [f"{a.status.symbol} {a.status.words}"
                                                           + (" ⚠ Overdue" if a.overdue else "") for a in plan.attention]
    risks = tables["Risk"]
    assert [c.text for c in risks.rows[0].cells] == pack_render.RISK_HEADINGS
    assert [r.cells[2].text for r in risks.rows[1:]] == [f"{r.likelihood} × {r.impact} = {r.score}" for r in plan.high]
    matrix = tables["Likelihood"]
    assert len(matrix.rows) == 6 and len(matrix.rows[0].cells) == 6
    counts = [int(c.text.split()[0]) for r in matrix.rows[1:] for c in r.cells[1:]]
    assert counts == [c["count"] for row in plan.matrix for c in row["cells"]]
    for table in (actions, risks, matrix):
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_pdf_holds_the_plan_and_risks_section(homes):
    kinds, _, doc = structure(pack_render.pdf(homes))
    text = " ".join(doc["text"].split())
    plan = homes.plan
    assert "Council plan and risks" in text and plan.sentence in text and "Risk matrix" in text
    assert all(a.code in text for a in plan.attention) and all(r.code in text for r in plan.high)
    assert kinds["/Table"] >= 5 and kinds["/TH"] >= 30
