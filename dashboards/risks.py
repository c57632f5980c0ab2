"""The risk register: `/risks?directorate=resources&likelihood=4&impact=4&basis=inherent`. The 5x5 matrix (each
count a link to its risks), the risks with their scores, review dates and mitigation progress, and for editors the
review form. Internal: members and above, as commentary is. Drawn whole from the URL's query."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.components import (filters_bar, named_options, page_main, page_title, scroll_region, select_filter,
                                   shown_values)
from dashboards.risks_view import matrix_table, review_form, risk_rows
from dashboards.skeleton import with_skeleton
from data.core import db
from data.plan import risks as rules
from data.reporting import plan
from security import identity

dash.register_page(__name__, path="/risks", name="Risks", title=page_title("Risk register"), nav=True, order=1.6,
                   required_role="member", nav_group="Plan and risks")


def skeleton():
    return page_main([html.Div([dbc.Select(id=i) for i in ids.RISKS_FILTERS]), dcc.Store(id=ids.RISKS_SHOWN),
                      html.Div(id=ids.RISKS_MATRIX), html.Div(id=ids.RISKS_LIST),
                      dbc.Select(id=ids.RISKS_EDIT_RISK), dbc.Select(id=ids.RISKS_EDIT_LIKELIHOOD),
                      dbc.Select(id=ids.RISKS_EDIT_IMPACT), dbc.Input(id=ids.RISKS_EDIT_REVIEW),
                      dbc.Textarea(id=ids.RISKS_EDIT_NOTE), html.Button(id=ids.RISKS_EDIT_SAVE),
                      html.Div(id=ids.RISKS_EDIT_MESSAGE)])


def _cell_words(filters: plan.RiskFilters) -> str:
    parts = []
    if filters.likelihood:
        parts.append(f"likelihood {filters.likelihood} ({rules.LIKELIHOOD_WORDS[int(filters.likelihood)]})")
    if filters.impact:
        parts.append(f"impact {filters.impact} ({rules.IMPACT_WORDS[int(filters.impact)]})")
    if filters.band:
        parts.append(f"{filters.band} risks")
    return ", ".join(parts)


@with_skeleton(skeleton)
def layout(**query):
    filters = plan.RiskFilters.of(**query)
    with db.connect() as conn:
        page = plan.risk_page(conn, filters, identity.viewer())
    if not page.internal:
        return page_main([html.H1("Risk register"),
                          html.P("The risk register is shown to signed-in members.", className="internal-note")],
                         "risks-page")
    controls = filters_bar(
        select_filter(ids.RISKS_DIRECTORATE, "Directorate", named_options(page.names), filters.directorate,
                      "All directorates"),
        select_filter(ids.RISKS_BASIS, "Scores", [{"label": "Before mitigation (inherent)", "value": "inherent"}],
                      filters.basis, "After mitigation (residual)"))
    cell = _cell_words(filters)
    listing = [html.H2("Risks" + (f": {cell}" if cell else ""), className="h4 mt-3"),
               *([dcc.Link("Show every risk", href=page.clear_href, className="d-block mb-2")] if cell else []),
               html.P(page.sentence, className="lead headline", **{"aria-live": "polite"}),
               risk_rows(page.risks, page.mitigations, page.objectives, page.measures)]
    form = review_form(page.editable)
    return page_main([
        html.H1("Risk register"),
        html.P(f"Risks are scored likelihood times impact, each 1 to 5: high {rules.HIGH} or more, medium 8 to 12, "
               "low 6 or less. A review date that has passed is flagged."),
        controls, shown_values(ids.RISKS_SHOWN, ids.RISKS_FILTERS, controls),
        dbc.Row([dbc.Col([scroll_region(matrix_table(page.matrix, filters.basis or "residual"), "Risk matrix", "mb-3"),
                          html.Div(listing, id=ids.RISKS_LIST)], lg=9 if form else 12),
                 *([dbc.Col(form, lg=3)] if form else [])]),
    ], "risks-page")
