"""A measure's history of corrections as a table (for the measure page): `corrections_table(audit.history(...))`."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboards.components import scroll_region

FIELD_WORDS = {"value": "Value", "target": "Target", "commentary": "Commentary", "state": "Sign-off"}


def corrections_table(history: pd.DataFrame, limit: int = 50) -> html.Div:
    """Newest first: when, period, what, from, to, who and where from. Values and sign-off only by default."""
    if history.empty:
        return html.P("No changes recorded.", className="text-muted")
    rows = [html.Tr([html.Td(f"{r['at']:%d %b %Y %H:%M}"), html.Td(r["period"] or ""),
                     html.Td(FIELD_WORDS.get(r["field"], r["field"])), html.Td(r["old_text"]),
                     html.Td(r["new_text"]), html.Td(r["author"] or "unknown"), html.Td(r["source"] or "")])
            for r in history.head(limit).to_dict("records")]
    head = html.Thead(html.Tr([html.Th(h) for h in ("When", "Period", "What", "Was", "Now", "Who", "Source")]))
    more = [html.P(f"… and {len(history) - limit} earlier changes.", className="small")] if len(history) > limit \
        else []
    return html.Div([scroll_region(dbc.Table([head, html.Tbody(rows)], size="sm", bordered=True,
                                             className="corrections-table"), "History of changes table"), *more])
