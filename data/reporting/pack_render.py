"""The report pack laid out: HTML (print stylesheet, page numbers), tagged PDF (WeasyPrint, PDF/UA-1) and Word
(python-docx, for the clerk who edits the covering report). Each takes a `pack.Pack` and returns bytes or text;
nothing here decides what the pack says. The three give the same sections in the same order: the summary, the
measures needing attention, the council plan and risks, a section per directorate, *How we compare*, the context
indicators.
"""

from __future__ import annotations

import base64
import io
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from data.benchmarking.compare import QUARTILE_NOTE
from data.performance.status import Status
from data.plan import risks as risk_rules
from data.reporting import pack_charts
from data.reporting.pack import Benchmarking, Chart, Pack, PlanSection

TEMPLATES = Path(__file__).parent / "pack_templates"
FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
STATUSES = [Status.ON_TARGET, Status.WITHIN_TOLERANCE, Status.BELOW_TARGET, Status.ANNUAL, Status.DATA_ONLY,
            Status.NO_DATA]
LANGUAGE = "en-GB"
PLAN_HEADINGS = ["Action", "Objective and priority", "Owner", "Due", "Complete", "Progress"]
NOTE_HEADING = "Latest progress note"
RISK_HEADINGS = ["Risk", "Owner", "Residual likelihood × impact = score", "Review date", "Mitigation progress"]
BENCHMARK_HEADING = "How we compare"
BENCHMARK_HEADINGS = ["Measure", "Period", "Our value", "Rank", "Quartile", "Median", "Interquartile range"]
SIGNIFICANCE_HEADING = "Against the group average"
NO_INTERVALS = "No confidence intervals published"
BENCHMARK_LEGEND = ("Each chart: the solid line with square markers is our figure, the dashed line the group's "
                    "median, the shaded band the middle half of the group (lower to upper quartile).")
NONE_COMPARED = "No measure in this pack has a meaningful comparison with its peers."


def _produced(pack: Pack) -> str:
    return f"{pack.produced:%-d %B %Y, %H:%M} UTC"


def _date(value) -> str:
    if value is None or value != value:
        return ""
    return f"{value:%-d %b %Y}" if isinstance(value, (date, datetime)) else str(value)


def _css_string(text: str) -> str:
    """Text for a CSS content string."""
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def position(a) -> str:
    """`7.83% against a target of 6.60%.`, or that the period has no figure (an annual measure before its year)."""
    if a.value == "–":
        return "no figure for this period" + (f" (target {a.target})." if a.target != "–" else ".")
    return f"{a.value} against a target of {a.target}." if a.target != "–" else f"{a.value}, no target set."


def _long_date(value) -> str:
    return f"{value:%-d %B %Y}"


def plan_headings(plan: PlanSection) -> list[str]:
    """The columns of the table of actions off track, at risk or overdue (the progress note in internal packs)."""
    return PLAN_HEADINGS + ([NOTE_HEADING] if plan.internal else [])


def mitigation(m: dict) -> str:
    """`Savings programme and reserves strategy (50%, due 31 Mar 2027): ▶ On track`, then ⚠ Overdue if it is."""
    return (f"{m['title']} ({m['percent']}%, due {_date(m['due'])}): {m['status'].symbol} {m['status'].words}"
            + (" ⚠ Overdue" if m["overdue"] else ""))


def benchmark_headings(b: Benchmarking) -> list[str]:
    """The columns of the table of positions among peers (significance only where some comparison has it)."""
    return BENCHMARK_HEADINGS + ([SIGNIFICANCE_HEADING] if b.significance else [])


def benchmark_cells(b: Benchmarking, row) -> list[str]:
    """A row of that table, every cell in words (the first is the row's header)."""
    return ([f"{row.code} {row.title}", row.period, row.value, row.rank, row.quartile, row.median, row.iqr]
            + ([row.significance or NO_INTERVALS] if b.significance else []))


def _drawing(chart: Chart) -> list:
    if chart.kind == "benchmark":
        return pack_charts.benchmark_shapes(chart.rows, chart.unit, chart.decimals)
    return pack_charts.shapes(chart.rows, chart.unit, chart.decimals)


def figure(chart: Chart) -> Markup:
    """A chart as <figure>: the SVG as an image whose alt is the chart in words, and its title as the caption."""
    data = base64.b64encode(pack_charts.svg_of(_drawing(chart), chart.title).encode()).decode()
    return Markup(f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{escape(chart.alt)}" '
                  f'width="{pack_charts.WIDTH}" height="{pack_charts.HEIGHT}">'
                  f'<figcaption><span class="chart-title">{escape(chart.title)}</span></figcaption></figure>')


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.globals.update(figure=figure, position=position, date=_date, css=_css_string, statuses=STATUSES,
                       long_date=_long_date, plan_headings=plan_headings, risk_headings=RISK_HEADINGS,
                       risk_basis=risk_basis, mitigation=mitigation, high_score=risk_rules.HIGH, impacts=risk_rules.SCALE,
                       impact_words=risk_rules.IMPACT_WORDS, benchmark_heading=BENCHMARK_HEADING,
                       benchmark_headings=benchmark_headings, benchmark_cells=benchmark_cells,
                       benchmark_legend=BENCHMARK_LEGEND, quartile_note=QUARTILE_NOTE, none_compared=NONE_COMPARED)
    return env


def html(pack: Pack) -> str:
    """The pack as one HTML document (its print stylesheet inside, charts as inline SVG images)."""
    return _environment().get_template("pack.html").render(
        pack=pack, produced_text=_produced(pack), produced_iso=pack.produced.isoformat(),
        stylesheet=Markup((TEMPLATES / "pack.css").read_text()))


def pdf(pack: Pack) -> bytes:
    """A tagged PDF (PDF/UA-1): document language and title, real headings, table headers, alt text per chart."""
    from weasyprint import HTML

    return HTML(string=html(pack), base_url=str(TEMPLATES)).write_pdf(pdf_variant="pdf/ua-1",
                                                                       pdf_identifier=False)


def render(pack: Pack, fmt: str) -> bytes:
    """The pack in one of FORMATS."""
    if fmt == "html":
        return html(pack).encode()
    if fmt == "pdf":
        return pdf(pack)
    if fmt == "docx":
        return docx(pack)
    raise ValueError(f"unknown format {fmt!r}: choose {', '.join(FORMATS)}")


# --- Word -------------------------------------------------------------------------------------------------------

def docx(pack: Pack) -> bytes:
    """The pack as a Word document: headings in Word's heading styles, tables with repeating header rows, charts
    as pictures with alt text, page numbers and the marking in the header and footer."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    props = doc.core_properties
    props.title, props.author, props.language = pack.title, pack.council, LANGUAGE
    props.subject, props.keywords = f"{pack.scope.title}, {pack.period.name}", pack.marking
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    _language(normal)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(1.8)
    _header_footer(section, pack)

    doc.add_paragraph(pack.marking.upper(), style="Intense Quote")
    doc.add_heading(f"{pack.council}: performance report", level=0)
    doc.add_paragraph(f"{pack.period.name} · {pack.scope.title}")
    doc.add_paragraph(f"Produced {_produced(pack)}. " + (
        "The figures of this period are published." if pack.published else
        "Draft: the figures of this period are not yet published and may change."))

    doc.add_heading("Summary", level=1)
    doc.add_paragraph(pack.covering)
    _table(doc, ["Indicators", "Number"], [[what, str(n)] for what, n in pack.count_rows()])
    if len(pack.sections) > 1:
        _table(doc, ["Directorate", *[f"{s.icon} {s.label}" for s in STATUSES], "Total"],
               [[s.name, *[str(s.counts[st.value]) for st in STATUSES], str(len(s.rows))] for s in pack.sections])

    doc.add_heading("Measures needing attention", level=1)
    if not pack.attention:
        doc.add_paragraph("No measure needs attention in this period.")
    if not pack.internal:
        doc.add_paragraph("Service commentary and intervention actions are internal and are not part of the "
                          "public pack.")
    for a in pack.attention:
        doc.add_heading(f"{a.code} {a.title}", level=2)
        doc.add_paragraph(f"{a.directorate} · {a.service}")
        doc.add_paragraph(f"{a.status.icon} {a.status.label}: {position(a)}")
        doc.add_paragraph(f"Why it is here: {'; '.join(a.reasons)}.")
        if pack.internal:
            doc.add_heading("Commentary", level=3)
            doc.add_paragraph(a.commentary or "No commentary for this period.")
            doc.add_heading("Intervention actions", level=3)
            if a.actions:
                _table(doc, ["Action", "Owner", "Due", "Status"],
                       [[x["title"], x["owner"] or "", _date(x["due"]),
                         x["status"] + (" ⚠ Overdue" if x["overdue"] else "")] for x in a.actions])
            else:
                doc.add_paragraph("No intervention actions recorded.")
        doc.add_paragraph(f"Year-end forecast: {a.forecast}")
        _picture(doc, a.chart, Cm(9))

    if pack.plan:
        _plan(doc, pack.plan)

    for part in pack.sections:
        wide = doc.add_section()
        wide.orientation = WD_ORIENT.LANDSCAPE
        wide.page_width, wide.page_height = section.page_height, section.page_width
        doc.add_heading(part.name, level=1)
        if part.director:
            doc.add_paragraph(f"Director: {part.director}")
        doc.add_paragraph(part.headline)
        if pack.internal:
            doc.add_heading("Director's commentary", level=2)
            doc.add_paragraph(part.commentary or "No director's commentary for this period.")
        doc.add_heading(f"Every measure: {part.name}", level=2)
        _table(doc, ["Measure", "Service", "Value", "Target", "Status", "Year to date", "Against last period",
                     "Against last year", "SPC variation", "Assurance"],
               [[f"{r.code} {r.title}", r.service, r.value, r.target, f"{r.status.icon} {r.status.label}",
                 f"{r.ytd} {r.ytd_status.icon} {r.ytd_status.label}", r.vs_previous, r.vs_last_year, r.variation,
                 r.assurance] for r in part.rows], size=Pt(7.5))
        if part.charts:
            doc.add_heading(f"Trends: {part.name}", level=2)
            doc.add_paragraph("Each chart: the solid line is the figure (● on target, ▲ within tolerance, ✕ below "
                              "target), the dashed line the target, the shaded band the tolerance.")
            for chart in part.charts:
                _picture(doc, chart, Cm(8))
    if pack.benchmarking:
        upright = doc.add_section()
        upright.orientation = WD_ORIENT.PORTRAIT
        upright.page_width, upright.page_height = section.page_width, section.page_height
        _benchmarking(doc, pack.benchmarking)
    if pack.context:
        doc.add_heading("Context indicators", level=1)
        doc.add_paragraph("Wider figures outside the council's control, for context: not counted in the totals above.")
        _table(doc, ["Measure", "Service", "Value", "Against last period", "Against last year"],
               [[f"{r.code} {r.title}", r.service, r.value, r.vs_previous, r.vs_last_year] for r in pack.context])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def risk_basis(plan: PlanSection) -> str:
    """What the risk register's figures are: the register as it stood at the quarter's end, not as it stands now."""
    return (f"The register as it stood for {plan.through}: each risk's residual scores and next review date as last "
            f"reviewed for {plan.through} or earlier (a risk first reviewed later is not included); review dates "
            f"overdue as at {_long_date(plan.as_at)}.")


def _plan(doc, plan: PlanSection) -> None:
    """The council plan and risks, as the HTML gives them."""
    from docx.shared import Pt

    doc.add_heading("Council plan and risks", level=1)
    doc.add_paragraph(f"Progress as reported for {plan.through}; overdue means past the due date and not completed, "
                      f"as at {_long_date(plan.as_at)}.")
    doc.add_heading("Plan actions", level=2)
    doc.add_paragraph(plan.sentence)
    if not plan.internal:
        doc.add_paragraph("Progress notes and the risk register are internal and are not part of the public pack.")
    doc.add_heading("Actions off track, at risk or overdue", level=2)
    if plan.attention:
        _table(doc, plan_headings(plan),
               [[f"{a.code} {a.title}", a.objective + (f" ({a.priority})" if a.priority else ""), a.owner or "",
                 _date(a.due), f"{a.percent}%", f"{a.status.symbol} {a.status.words}"
                 + (" ⚠ Overdue" if a.overdue else ""),
                 *([f"{a.note_period}: {a.note}" if a.note else "No progress note."] if plan.internal else [])]
                for a in plan.attention], size=Pt(8))
    else:
        doc.add_paragraph("No plan action is off track, at risk or overdue.")
    if not plan.internal:
        return
    doc.add_heading("High risks", level=2)
    doc.add_paragraph(plan.risk_sentence)
    doc.add_paragraph(risk_basis(plan))
    if plan.high:
        _table(doc, RISK_HEADINGS,
               [[f"{r.code} {r.title}", r.owner or "", f"{r.likelihood} × {r.impact} = {r.score}",
                 _date(r.review) + (" ⚠ Review overdue" if r.review_overdue else ""),
                 "\n".join(mitigation(m) for m in r.mitigations) or "No mitigation actions."] for r in plan.high],
               size=Pt(8))
    else:
        doc.add_paragraph(f"No high risks (residual score {risk_rules.HIGH} or more).")
    doc.add_heading("Risk matrix", level=2)
    doc.add_paragraph("Risks by residual likelihood and impact: the number of risks in each cell, with the cell's "
                      "score (likelihood × impact) and band.")
    _table(doc, ["Likelihood", *[f"Impact {i}: {risk_rules.IMPACT_WORDS[i]}" for i in risk_rules.SCALE]],
           [[f"{row['likelihood']}: {row['words']}",
             *[f"{c['count']} ({c['score']} {c['band']})" for c in row["cells"]]] for row in plan.matrix], size=Pt(8))


def _benchmarking(doc, b: Benchmarking) -> None:
    """How we compare, as the HTML gives it."""
    from docx.shared import Cm, Pt

    doc.add_heading(BENCHMARK_HEADING, level=1)
    doc.add_paragraph(b.group)
    if b.rows:
        _table(doc, benchmark_headings(b), [benchmark_cells(b, r) for r in b.rows], size=Pt(8))
        doc.add_paragraph(QUARTILE_NOTE)
        doc.add_paragraph(BENCHMARK_LEGEND)
    else:
        doc.add_paragraph(NONE_COMPARED)
    for r in b.rows:
        doc.add_heading(f"{r.code} {r.title}", level=2)
        doc.add_paragraph(r.sentence)
        for notice in r.notices:
            doc.add_paragraph(notice)
        _picture(doc, r.chart, Cm(9))
    if b.not_compared:
        doc.add_heading("Not compared", level=2)
        doc.add_paragraph("Linked to a benchmark, but no fair comparison can be drawn:")
        for n in b.not_compared:
            doc.add_paragraph(f"{n.code} {n.title}: {n.reason}", style="List Bullet")
    for source in b.sources:
        doc.add_paragraph(source)


def _language(style) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    rpr.append(lang)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _header_footer(section, pack: Pack) -> None:
    section.header.paragraphs[0].text = f"{pack.council}: {pack.period.name} · {pack.marking}"
    footer = section.footer.paragraphs[0]
    footer.text = f"Produced {_produced(pack)} · Page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _table(doc, headings: list[str], rows: list[list[str]], size=None):
    """A table whose first row is its header row (repeated on every page, never split across pages)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    header = table.rows[0]
    properties = header._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)
    for cell, text in zip(header.cells, headings):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        if size:
            run.font.size = size
    for values in rows:
        row = table.add_row()
        no_split = OxmlElement("w:cantSplit")
        no_split.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(no_split)
        for cell, text in zip(row.cells, values):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            if size:
                run.font.size = size
    return table


def _picture(doc, chart: Chart, width) -> None:
    """The chart as a PNG with its text alternative (Word's alt text: the picture's description) and title."""
    shape = doc.add_picture(io.BytesIO(pack_charts.png_of(_drawing(chart))), width=width)
    properties = shape._inline.docPr
    properties.set("descr", chart.alt)
    properties.set("title", chart.title)
    doc.add_paragraph(chart.title, style="Caption")
