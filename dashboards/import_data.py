"""Import data (`/import`, performance officers): upload a CSV or XLSX, check how it is read, see what would
change, then confirm."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards import ids
from dashboards.components import page_main, page_title
from dashboards.import_choices_view import HIDDEN, choices_card
from dashboards.import_view import CONFIRM_CLASS, upload_limit, upload_limit_mb
from dashboards.skeleton import with_skeleton
from security import identity

dash.register_page(__name__, path="/import", name="Import data", title=page_title("Import data"), required_role="officer",
                   nav=True, nav_label="Import", order=4, nav_group="Manage")

FORMATS = [{"label": "Excel workbook (.xlsx)", "value": "xlsx"}, {"label": "CSV files (.zip)", "value": "zip"}]


def _export_card(signed: str | None) -> dbc.Card:
    """Export runs as a background job with progress and cancel; the file comes from the download route, which
    checks the role and the user again (`signed` names the officer the file is for)."""
    return dbc.Card(dbc.CardBody([
        html.H2("Export to the template", className="h5"),
        html.Label("Directorate", htmlFor=ids.IMPORT_EXPORT_DIRECTORATE, className="form-label"),
        dbc.Select(id=ids.IMPORT_EXPORT_DIRECTORATE, options=[{"label": "Every directorate", "value": "all"}],
                   value="all"),
        html.Label("From", htmlFor=ids.IMPORT_EXPORT_FROM, className="form-label mt-2"),
        dbc.Select(id=ids.IMPORT_EXPORT_FROM, options=[{"label": "The first period", "value": "all"}], value="all"),
        html.Label("To", htmlFor=ids.IMPORT_EXPORT_TO, className="form-label mt-2"),
        dbc.Select(id=ids.IMPORT_EXPORT_TO, options=[{"label": "The latest period", "value": "all"}], value="all"),
        html.Label("Format", htmlFor=ids.IMPORT_EXPORT_FORMAT, className="form-label mt-2"),
        dbc.Select(id=ids.IMPORT_EXPORT_FORMAT, options=FORMATS, value="xlsx"),
        html.Div([dbc.Button("Export", id=ids.IMPORT_EXPORT_BUTTON, color="secondary", className="me-2"),
                  dbc.Button("Cancel", id=ids.IMPORT_EXPORT_CANCEL, color="secondary", outline=True, disabled=True)],
                 className="mt-3"),
        dcc.Store(id=ids.IMPORT_EXPORT_VIEWER, data=signed),
        html.Div(dbc.Progress(id=ids.IMPORT_EXPORT_PROGRESS, value=0, label="", className="mt-3",
                              style={"height": "1.5rem"}),
                 **{"data-progress-label": "Export progress"}),   # named by assets/progress-names.js
        html.Div(id=ids.IMPORT_EXPORT_RESULT, className="mt-3", role="status", **{"aria-live": "polite"}),
    ]), className="mt-4")


def page(signed: str | None = None):
    """The whole page: it holds no figures until a file is uploaded, so it is its own skeleton."""
    upload = dcc.Upload(
        id=ids.IMPORT_UPLOAD, max_size=upload_limit(), multiple=False, accept=".csv,.xlsx,.xlsm",
        # The zone's file input takes the focus (its name set by assets/import-upload.js); the zone shows it
        # (assets/style.css, .import-drop:focus-within). "choose a file" is words, not a second tab stop.
        children=html.Div(["Drag a CSV or Excel file here, or ", html.Span("choose a file", className="link-primary "
                                                                           "text-decoration-underline"),
                           html.Span(" (press Enter or Space to open)", className="d-block small")]),
        className="import-drop border border-2 rounded p-4 text-center", style={"borderStyle": "dashed"})
    confirm = html.Div([
        _save_name(),
        dbc.Button("Confirm import", id=ids.IMPORT_CONFIRM, color="primary", disabled=True, className=CONFIRM_CLASS),
        dbc.Button("Cancel", id=ids.IMPORT_CANCEL, color="link", disabled=True),
    ], className="mt-3")
    return page_main([
        html.H1("Import data"),
        html.P(["Upload the council's template, or a spreadsheet in its own layout: a PI report with title rows, "
                "one row per measure with Q1-Q4 columns, one row per measure and period, or an open-data file "
                "holding many areas. Nothing is written until you confirm; a file with any problem is refused "
                "whole. Files up to ", f"{upload_limit_mb():g} MB (larger ones from the command line: ",
                html.Code("flask --app app import"), ")."]),
        dcc.Store(id=ids.IMPORT_PENDING),
        dbc.Row([
            dbc.Col([
                upload,
                html.Div(dbc.Progress(id=ids.IMPORT_PROGRESS, value=0, label="", className="mt-2 d-none"),
                         **{"data-progress-label": "Checking the file"}),   # named by assets/progress-names.js
                html.Div(id=ids.IMPORT_PREVIEW, className="mt-3", **{"aria-live": "polite"}),
                html.Div(choices_card(), id=ids.IMPORT_MAPPING, className=f"mt-3 {HIDDEN}"),
                confirm,
                html.Div(id=ids.IMPORT_RESULT, className="mt-3", **{"aria-live": "polite"}),
            ], lg=8),
            dbc.Col(_export_card(signed), lg=4),
        ]),
    ], "import-page")


@with_skeleton(page)
def layout(**_query):
    return page(identity.signed_viewer())


def _save_name() -> html.Div:
    return html.Div([html.Label("Remember these choices as (optional)", htmlFor=ids.IMPORT_SAVE_NAME,
                                className="form-label mb-1"),
                     dbc.Input(id=ids.IMPORT_SAVE_NAME, type="text", placeholder="e.g. Pentana quarterly report",
                               maxLength=120, debounce=True),
                     html.Div("Offered again when a file with the same headings arrives.", className="form-text")],
                    className="mb-2 import-save-name")
