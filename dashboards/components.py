"""Pure builders of page fragments. Status is always icon + words, never colour alone."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from data import settings
from data.status import Direction, Status

# Bootstrap icon per status; the colours live once in assets/style.css as .status-<value>.
STATUS_ICON_CLASS = {
    Status.ON_TARGET: "bi-check-circle-fill",
    Status.WITHIN_TOLERANCE: "bi-exclamation-triangle-fill",
    Status.BELOW_TARGET: "bi-x-octagon-fill",
    Status.DATA_ONLY: "bi-info-circle",
    Status.ANNUAL: "bi-calendar-event",
    Status.NO_DATA: "bi-dash-circle",
}
DIRECTION_ICON_CLASS = {
    Direction.IMPROVING: "bi-arrow-up-right",
    Direction.NO_CHANGE: "bi-arrow-right",
    Direction.WORSENING: "bi-arrow-down-right",
}


def status_badge(status: Status | str, prefix: str = "") -> html.Span:
    """`✔ On target` as an icon and words in the status colour; `prefix` reads e.g. `Year to date: `."""
    status = Status(status)
    return html.Span([html.I(className=f"bi {STATUS_ICON_CLASS[status]} me-1", **{"aria-hidden": "true"}),
                      prefix + status.label], className=f"status-badge status-{status.value}")


def direction_badge(direction: Direction | None, against: str) -> html.Span:
    """An arrow and words (`Improving on last quarter`); `No comparison` when there is none."""
    if direction is None:
        return html.Span(f"No comparison with {against}", className="direction direction-none")
    return html.Span([html.I(className=f"bi {DIRECTION_ICON_CLASS[direction]} me-1", **{"aria-hidden": "true"}),
                      f"{direction.label} on {against}"], className=f"direction direction-{direction.value}")


def navbar():
    return dbc.NavbarSimple(brand=settings.get("COUNCIL_NAME") + " performance", brand_href="/", color="dark",
                            dark=True, fluid=True)
