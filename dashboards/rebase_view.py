"""The measure page's rebase suggestion: when SPC finds a sustained shift or trend in the latest points, say that
the process has changed and where, and let an officer (or an editor of the service) accept it with a reason."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from data.spc import narrative

WHO = "An officer of the performance team, or an editor of this service, can accept it with the reason."


def rebase_section(chart: dict | None, period_word: str, may_accept: bool) -> html.Section:
    """Always in the layout (its callback needs the components); hidden when there is nothing to suggest."""
    suggestion = narrative.rebase_suggestion(chart, period_word) if chart else None
    change = (chart or {}).get("change")
    form = [
        html.Label("Why did the process change?", htmlFor=ids.MEASURE_REBASE_REASON, className="form-label mb-1"),
        dbc.Textarea(id=ids.MEASURE_REBASE_REASON, rows=2, maxLength=2000, className="mb-2",
                     placeholder="What changed in the service, e.g. a new system, contract or policy"),
        html.Button([html.I(className="bi bi-arrow-repeat me-1", **{"aria-hidden": "true"}),
                     f"Recalculate the limits from {change['label']}" if change else "Recalculate the limits"],
                    id=ids.MEASURE_REBASE_ACCEPT, type="button", className="btn btn-outline-primary btn-sm"),
    ] if may_accept and change else [html.P(WHO, className="small text-body-secondary mb-0")]
    return html.Section([
        dcc.Store(id=ids.MEASURE_REBASE_DATE, data=change["date"] if change else None),
        html.H3([html.I(className="bi bi-arrow-repeat me-1", **{"aria-hidden": "true"}), "The process has changed"],
                className="h6"),
        html.P(suggestion, className="mb-2 rebase-suggestion"),
        *form,
        html.Div(id=ids.MEASURE_REBASE_MESSAGE, className="mt-2", **{"aria-live": "polite"}),
    ], id=ids.MEASURE_REBASE, hidden=suggestion is None, className="rebase border rounded p-3 mb-3",
        **{"aria-label": "Suggested rebase of the SPC limits"})


def rebase_message(text: str, ok: bool, href: str | None = None) -> dbc.Alert:
    """What became of the request; after a rebase, a link that draws the page again from the new limits."""
    again = [" ", html.A("Show the recalculated limits", href=href, className="alert-link")] if ok and href else []
    return dbc.Alert([text, *again], color="success" if ok else "danger", className="py-2 mb-0")
