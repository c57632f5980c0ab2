"""Pure builders for the risk register: the 5x5 matrix (counts per cell, each a link, readable without colour:
numbers, words and axis labels), the list of risks with their scores, mitigation progress and links, and the
review form."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import ids
from dashboards.components import icon
from dashboards.plan_view import _day, action_status
from data.plan import risks as rules


def band_badge(band: str) -> html.Span:
    return html.Span([icon(rules.BAND_ICONS[band]), band], className=f"risk-band risk-{band.lower()}")


def matrix_table(rows: list[dict], basis: str = "residual") -> html.Table:
    """Likelihood down the side (5 at the top), impact along the bottom; each cell its count as a link to the
    risks in it, and its score and band in words."""
    caption = (f"Risks by likelihood and impact ({basis} scores). Each count links to the risks in that cell; "
               "each cell gives its score (likelihood times impact) and band.")
    body = []
    for row in rows:
        cells = [html.Th([f"{row['likelihood']} ", html.Span(row["words"], className="small")], scope="row")]
        for c in row["cells"]:
            noun = "risk" if c["count"] == 1 else "risks"
            label = (f"{c['count']} {noun}: likelihood {row['likelihood']} {row['words']}, impact {c['impact']} "
                     f"{rules.IMPACT_WORDS[c['impact']]}, score {c['score']} {c['band'].lower()}")
            count = (dcc.Link([str(c["count"]), html.Span(f" {label}", className="visually-hidden")],
                              href=c["href"], className="fw-bold fs-5", title=label) if c["count"] else
                     html.Span(["0", html.Span(f" {label}", className="visually-hidden")],
                               className="text-body-secondary"))
            cells.append(html.Td([count, html.Br(), html.Span(f"{c['score']} {c['band']}", className="small")],
                                 className=f"risk-cell risk-{c['band'].lower()}"
                                 + (" risk-cell-current" if c.get("current") else "")))
        body.append(html.Tr(cells))
    head = html.Thead([
        html.Tr([html.Th("Likelihood", scope="col", rowSpan=2), html.Th("Impact", scope="colgroup", colSpan=5)]),
        html.Tr([html.Th([f"{i} ", html.Span(rules.IMPACT_WORDS[i], className="small")], scope="col")
                 for i in rules.SCALE])])
    return html.Table([html.Caption(caption), head, html.Tbody(body)],
                      className="table table-bordered text-center risk-matrix", id=ids.RISKS_MATRIX)


def _mitigations(actions: list[dict]) -> html.Ul | html.P:
    if not actions:
        return html.P("No mitigation actions.", className="small text-body-secondary mb-0")
    return html.Ul([html.Li([a["title"], f" ({int(a['percent'])}%, due {_day(a['due_date'])}) ", action_status(a)])
                    for a in actions], className="small mb-0", **{"aria-label": "Mitigation actions"})


def risk_rows(risks: pd.DataFrame, mitigations: dict, objectives: dict, measures: dict) -> html.Div:
    if risks.empty:
        return html.P("No risks match.", className="text-body-secondary")
    items = []
    for r in risks.to_dict("records"):
        rid = int(r["id"])
        review = ([icon("bi-alarm-fill"), f"Review overdue: was due {_day(r['review_date'])}"]
                  if r["review_overdue"] else [f"Next review {_day(r['review_date'])}"])
        links = [*[dcc.Link(o, href=f"/plan#{o}", className="me-2") for o in objectives.get(rid, [])],
                 *[dcc.Link(m, href=f"/measure/{m}", className="me-2") for m in measures.get(rid, [])]]
        items.append(html.Article([
            html.H3([html.Span(r["code"], className="measure-code me-2"), r["title"]], className="h6 mb-1"),
            html.P([band_badge(r["band"]),
                    f" Residual score {r['residual_score']} (likelihood {r['residual_likelihood']} × impact "
                    f"{r['residual_impact']}); inherent {r['inherent_score']} (likelihood "
                    f"{r['inherent_likelihood']} × impact {r['inherent_impact']})."], className="small mb-1"),
            html.P([html.Span("Cause: ", className="fw-semibold"), r["cause"] or "", " ",
                    html.Span("Effect: ", className="fw-semibold"), r["effect"] or ""], className="small mb-1"),
            html.P([f"{r['directorate']}{', ' + r['service'] if r['service'] else ''}. Owner: {r['owner'] or ''}. ",
                    html.Span(review, className="fw-semibold" if r["review_overdue"] else "")],
                   className="small mb-1"),
            *([html.P(["Threatens: ", *links], className="small mb-1")] if links else []),
            _mitigations(mitigations.get(rid, []))], className="risk border-bottom py-2", id=r["code"]))
    return html.Div(items)


def high_risks(risks: pd.DataFrame, mitigations: dict) -> html.Div:
    """A directorate's high risks with their mitigation progress, as the quarterly reports give them."""
    if risks.empty:
        return html.P("No high risks (residual score 15 or more).", className="text-body-secondary mb-0")
    return html.Ul([html.Li([html.Span(r["code"], className="measure-code me-2"), r["title"], " ",
                             band_badge(r["band"]), f" score {r['residual_score']}", _mitigations(
                                 mitigations.get(int(r["id"]), []))], className="mb-2")
                    for r in risks.to_dict("records")], className="list-unstyled mb-0")


def review_form(editable: list[dict]) -> dbc.Card | None:
    if not editable:
        return None
    levels = [{"label": str(n), "value": str(n)} for n in rules.SCALE]
    return dbc.Card([dbc.CardHeader(html.H2("Review a risk", className="h5 mb-0")), dbc.CardBody([
        html.Label("Risk", htmlFor=ids.RISKS_EDIT_RISK, className="form-label fw-semibold"),
        dbc.Select(id=ids.RISKS_EDIT_RISK, options=[{"label": f"{r['code']} {r['title']}", "value": r["code"]}
                                                    for r in editable], value=editable[0]["code"]),
        html.Label("Likelihood after mitigation (1-5)", htmlFor=ids.RISKS_EDIT_LIKELIHOOD,
                   className="form-label fw-semibold mt-2"),
        dbc.Select(id=ids.RISKS_EDIT_LIKELIHOOD, options=levels, value="3"),
        html.Label("Impact after mitigation (1-5)", htmlFor=ids.RISKS_EDIT_IMPACT,
                   className="form-label fw-semibold mt-2"),
        dbc.Select(id=ids.RISKS_EDIT_IMPACT, options=levels, value="3"),
        html.Label("Next review date", htmlFor=ids.RISKS_EDIT_REVIEW, className="form-label fw-semibold mt-2"),
        dbc.Input(id=ids.RISKS_EDIT_REVIEW, type="date"),
        html.Label("Review note", htmlFor=ids.RISKS_EDIT_NOTE, className="form-label fw-semibold mt-2"),
        dbc.Textarea(id=ids.RISKS_EDIT_NOTE, rows=3),
        html.Button("Save review", id=ids.RISKS_EDIT_SAVE, type="button", className="btn btn-primary mt-2"),
        html.Div(id=ids.RISKS_EDIT_MESSAGE, className="mt-2", **{"aria-live": "polite"}),
    ])], className="mb-3 meeting-hide risk-edit")
