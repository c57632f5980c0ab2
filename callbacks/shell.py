"""What every page shares, in the browser: a page's controls write the URL, and meeting mode follows it.

The URL is the state. Each page's layout draws its whole first view from the query Dash Pages hands it, so a
control only has to put its value into Pages' own dcc.Location (one clientside callback per page, no server
round trip of its own); Pages then renders the page again from the new query. Back, forward and shared links
work the same way.
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, clientside_callback

from dashboards import ids


def follow_in_url(shown_id: str, *control_ids: str) -> None:
    """Register the clientside callback writing these controls' values into the URL (`<page>-<key>` ids) when the
    user changes them; `shown_id` is the page's store of the values it was drawn with (components.shown_values)."""
    clientside_callback(
        ClientsideFunction("url", "follow"),
        Output(ids.PAGE_LOCATION, "search", allow_duplicate=True),
        *(Input(i, "value") for i in control_ids),
        State(shown_id, "data"), State(ids.PAGE_LOCATION, "search"),
        prevent_initial_call=True,
    )


# The meeting-mode button and "Leave meeting mode" turn ?meeting=1 on and off.
clientside_callback(
    ClientsideFunction("url", "meeting"),
    Output(ids.PAGE_LOCATION, "search", allow_duplicate=True),
    Input(ids.SHELL_MEETING_TOGGLE, "n_clicks"), Input(ids.SHELL_MEETING_LEAVE, "n_clicks"),
    State(ids.PAGE_LOCATION, "search"),
    prevent_initial_call=True,
)

# Meeting mode follows the URL: the body's style, the toggle's pressed state and the arrow keys' next stops.
clientside_callback(
    ClientsideFunction("url", "stops"),
    Output(ids.SHELL_MEETING_TOGGLE, "aria-pressed"), Output(ids.SHELL_MEETING_PREVIOUS, "href"),
    Output(ids.SHELL_MEETING_NEXT, "href"),
    Input(ids.PAGE_LOCATION, "pathname"), Input(ids.PAGE_LOCATION, "search"),
    State(ids.SHELL_STOPS, "data-stops"),
)

# Focus after Pages draws a page: back on the control that changed, or on the new page's heading.
clientside_callback(
    ClientsideFunction("url", "rendered"),
    Output(ids.SHELL_RENDERED, "data"), Input(ids.PAGE_STORE, "data"),
)
