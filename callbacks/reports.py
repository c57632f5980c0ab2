"""The report pack produced as a Dash background callback (progress, cancel) and fetched from a Flask route that
checks the same role as the page: the file never travels inside a callback response."""

from __future__ import annotations

from dash import Input, Output, State, callback, html
from flask import Flask, abort, send_file

from callbacks import background
from dashboards import ids
from data.core import db, version
from data.people import access
from data.reporting import pack, pack_render, pack_store
from security import identity, ratelimit, requires

DOWNLOAD = "/reports/file/<token>"


@callback(
    Output(ids.REPORTS_RESULT, "children"),
    Input(ids.REPORTS_PRODUCE, "n_clicks"),
    State(ids.REPORTS_PERIOD, "value"), State(ids.REPORTS_SCOPE, "value"), State(ids.REPORTS_FORMAT, "value"),
    State(ids.REPORTS_VIEWER, "data"),
    background=True, manager=background.manager(), prevent_initial_call=True,
    running=[(Output(ids.REPORTS_PRODUCE, "disabled"), True, False),
             (Output(ids.REPORTS_CANCEL, "disabled"), False, True)],
    progress=[Output(ids.REPORTS_PROGRESS, "value"), Output(ids.REPORTS_PROGRESS, "label")],
    cancel=[Input(ids.REPORTS_CANCEL, "n_clicks")],
)
@requires("public")
def produce_pack(set_progress, _clicks, period, scope, fmt, signed):
    viewer = identity.viewer_of_signed(signed)
    if viewer is None:
        return html.P("This page has expired: reload it and try again.", className="text-danger")
    return html.Div(produce(set_progress, period, scope, fmt, viewer, identity.address_of_signed(signed)))


def _link(token: str, fmt: str, filename: str, size: int) -> html.A:
    return html.A(f"Download the pack ({fmt.upper()}, {size / 1024:,.0f} KB)", href=DOWNLOAD.replace("<token>", token),
                  className="btn btn-success", download=filename)


def produce(set_progress, period, scope, fmt, viewer: access.Viewer, address: str | None = None) -> list:
    """Build, render and store the pack; the children saying where to download it (or why not).

    The public's pack is the same for every visitor until the figures change, so one already produced for this
    period, format and data version is handed out again instead of being built anew; a pack that is built counts
    against the asker's limit (security.ratelimit: the signed-in user's, or the client address's)."""
    if fmt not in pack_render.FORMATS:
        return [html.P(f"Unknown format {fmt!r}.", className="text-danger")]
    shared = None
    if not viewer.sees_internal:
        with db.connect() as conn:
            shared = f"public|{period}|{scope or 'council'}|{fmt}|{version.current(conn)}"
        found = pack_store.find_shared(shared)
        if found is not None:
            token, meta = found
            set_progress((100, "Done"))
            return [html.P(f"The published pack for {period}, as produced at {meta['produced']}: the figures have "
                           "not changed since."), _link(token, fmt, meta["filename"], meta["bytes"])]
    if not ratelimit.pack_allowed(viewer.username, address):
        minutes = int(ratelimit.WINDOW.total_seconds() // 60)
        return [html.P(f"Too many packs: at most {ratelimit.pack_limit(viewer.username)} can be produced in {minutes} minutes. Use a pack you have "
                       "already downloaded, or try again later.", className="text-danger", role="alert")]
    set_progress((5, "Working out the figures"))
    try:
        with db.connect() as conn:
            built = pack.for_page(conn, period, scope, viewer, progress=lambda done, total: set_progress(
                (5 + 45 * done // total, f"Directorate {done} of {total}")))
    except ValueError as e:
        return [html.P(f"Cannot produce this pack: {e}.", className="text-danger")]
    set_progress((55, f"Laying out the {fmt.upper()}"))
    data = pack_render.render(built, fmt)
    filename = pack.filename(built, fmt)
    token = pack_store.save(data, fmt, filename, "member" if built.internal else "public", viewer.username,
                            shared=None if built.internal else shared)
    set_progress((100, "Done"))
    return [html.P(f"{built.marking} pack for {built.period.name}, {built.scope.title}: {built.total} measures, "
                   f"{len(built.attention)} needing attention."), _link(token, fmt, filename, len(data))]


@requires("public")
def download(token: str):
    """A stored pack or export, for a viewer with the role it was produced for (and, unless public, the user who
    asked)."""
    found = pack_store.load(token)
    if found is None:
        abort(404, "This pack is no longer available: produce it again.")
    path, meta = found
    viewer = identity.viewer()
    if not viewer.at_least(meta["role"]) or (meta["role"] != "public" and meta["username"] != viewer.username):
        abort(403, "You do not have permission to do that.")
    return send_file(path, mimetype=meta.get("mimetype") or pack_render.FORMATS[meta["fmt"]], as_attachment=True,
                     download_name=meta["filename"], max_age=0)


def init_app(server: Flask) -> None:
    server.add_url_rule(DOWNLOAD, "report_download", download, methods=["GET"])
