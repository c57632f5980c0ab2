"""SPC fragments shared by the overview, directorate and measure pages: the variation and assurance icons with
their words, and the variation x assurance matrix whose cells link to filtered lists."""

from __future__ import annotations

from dash import dcc, html

from dashboards.components import glossary_link, icon, scroll_region
from data.reporting.selection import Selection, SpcMatrix
from data.spc import wording

VARIATION_ICON_CLASS = {"common_cause": "bi-activity", "improvement_high": "bi-graph-up-arrow",
                        "improvement_low": "bi-graph-down-arrow", "concern_high": "bi-graph-up-arrow",
                        "concern_low": "bi-graph-down-arrow", "neutral_high": "bi-graph-up-arrow",
                        "neutral_low": "bi-graph-down-arrow", None: "bi-dash-circle"}
ASSURANCE_ICON_CLASS = {"consistent_pass": "bi-patch-check-fill", "consistent_fail": "bi-patch-exclamation-fill",
                        "inconsistent": "bi-shuffle", "recalculate": "bi-arrow-repeat",
                        "unconfirmed": "bi-question-circle", None: "bi-dash-circle"}
LONG_WORDS = ({k: w.long for k, w in wording.VARIATION.items()}, {k: w.long for k, w in wording.ASSURANCE.items()})


def spc_icons(result: dict, variation_words: dict = LONG_WORDS[0], assurance_words: dict = LONG_WORDS[1],
              class_name: str = "list-unstyled spc-icons mb-2") -> html.Ul:
    """The variation and assurance icons, each with its words (never the icon alone); cards pass shorter words."""
    variation, assurance = result.get("variation_icon"), result.get("assurance_icon")
    variation = variation if isinstance(variation, str) else None  # a DataFrame row holds NaN for "none"
    assurance = assurance if isinstance(assurance, str) else None
    kind = (variation or "none").split("_")[0]
    return html.Ul([
        html.Li([icon(VARIATION_ICON_CLASS[variation], "me-2"), variation_words[variation]],
                className=f"spc-icon spc-variation spc-{kind}"),
        html.Li([icon(ASSURANCE_ICON_CLASS[assurance], "me-2"), assurance_words[assurance]],
                className=f"spc-icon spc-assurance spc-{assurance}"),
    ], className=class_name)


def _cell(entry: dict, words: str) -> html.Td:
    count = entry["count"]
    if not count:
        return html.Td("0", className="text-end text-body-secondary")
    hidden = f" measure{'s' if count != 1 else ''} {words}" + (", listed now" if entry["current"] else "")
    link = dcc.Link([str(count), html.Span(hidden, className="visually-hidden")], href=entry["href"])
    return html.Td(link, className="text-end" + (" spc-current" if entry["current"] else ""))


def spc_matrix_table(spc: SpcMatrix, caption: str) -> html.Table:
    """Variation groups down, assurance groups across; each non-zero count links to its measures, the one listed
    now outlined and said so."""
    head = html.Thead([
        html.Tr([html.Th("Pattern in the figures (SPC variation)", scope="col", rowSpan=2, className="align-bottom"),
                 html.Th("Will it meet target? (SPC assurance)", scope="colgroup", colSpan=len(spc.totals),
                         className="text-center"),
                 html.Th("Total", scope="col", rowSpan=2, className="text-end align-bottom")]),
        html.Tr([html.Th(c["group"], scope="col", className="text-end") for c in spc.totals])])
    body = [html.Tr([html.Th(row["group"], scope="row")]
                    + [_cell(c, f"with {row['group'].lower()} variation and {c['group'].lower()} assurance")
                       for c in row["cells"]]
                    + [_cell(row["all"], f"with {row['group'].lower()} variation")])
            for row in spc.rows]
    foot = html.Tfoot(html.Tr([html.Th("Total", scope="row")]
                              + [_cell(c, f"with {c['group'].lower()} assurance") for c in spc.totals]
                              + [html.Td(str(spc.total), className="text-end")]))
    return html.Table([html.Caption(caption), head, html.Tbody(body), foot],
                      className="table table-sm align-middle spc-matrix")


def spc_matrix_section(selection: Selection) -> html.Section | None:
    """The variation x assurance matrix of the page's measures under every filter but its own two, what it means,
    how many measures SPC could not judge, and a way back to every measure; None when no measure is in scope."""
    spc = selection.spc
    if spc is None:
        return None
    return html.Section([
        html.H2("Patterns in the figures, and will targets be met?"),
        html.P(["Each measure's monthly or quarterly history, read with statistical process control (SPC, an XmR "
                "chart, as on its own page). Pattern in the figures (SPC variation): has something really changed, "
                "for better (improvement) or worse (concern), or do the figures only vary as they usually do "
                "(common cause)? Will it meet target? (SPC assurance): will the measure reliably meet its target "
                "(passing), reliably miss it (failing), or hit and miss it by chance? Not valid: the service has "
                "changed, so the usual range needs working out again before it can say. ", glossary_link(), "."],
               className="text-body-secondary spc-help"),
        # five assurance columns scroll inside their own box on a phone, never the page
        scroll_region(spc_matrix_table(spc, f"Measures by pattern in the figures and whether they will meet "
                                            f"target, {selection.period.name}. Each number links to the list of "
                                            "those measures."),
                      "Pattern and target table (SPC)"),
        html.P(f"Not counted: {spc.unjudged} measure{'s' if spc.unjudged != 1 else ''} with too few points for SPC "
               "(annual measures, or fewer than six values).", className="small text-body-secondary")
        if spc.unjudged else None,
        html.P(dcc.Link("Show every measure again", href=spc.back_href), className="small") if spc.back_href else None,
    ], className="mb-4", id="variation-assurance")
