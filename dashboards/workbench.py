"""The officer workbench (`/workbench?section=publish|cycle|measures|users|audit|benchmarks`, performance
officers): publish a period with a preview and an embargo, run the reporting cycle, define measures and targets,
manage users, browse and restore from the audit trail, and import benchmark files, comparator groups and links. The URL holds the section and its choices (period, quarter, measure,
user, the audit filters and the change to restore); the page is drawn whole from it."""

import dash
from dash import html

from dashboards import ids
from dashboards import workbench_view as view
from dashboards.components import page_title
from dashboards.components import page_main
from dashboards.skeleton import with_skeleton
from data.core import db
from data.reporting import workbench

dash.register_page(__name__, path="/workbench", name="Workbench", title=page_title("Workbench"), required_role="officer",
                   nav=True, order=5, nav_group="Manage")


def skeleton():
    """Every section's component IDs (their callbacks are checked against them), with no database behind them."""
    from dash import dcc
    import dash_bootstrap_components as dbc
    controls = [ids.WORKBENCH_PERIOD, ids.WORKBENCH_RELEASE_DAY, ids.WORKBENCH_RELEASE_TIME, ids.WORKBENCH_QUARTER,
                ids.WORKBENCH_DUE_DAY, ids.WORKBENCH_DUE_SERVICE, ids.WORKBENCH_FIX_CODE, ids.WORKBENCH_FIX_PERIOD,
                ids.WORKBENCH_FIX_VALUE, ids.WORKBENCH_FIX_REASON, ids.WORKBENCH_MEASURE, ids.WORKBENCH_RETIRE_DAY,
                ids.WORKBENCH_TARGET_PERIOD, ids.WORKBENCH_TARGET_VALUE, ids.WORKBENCH_USER, ids.WORKBENCH_USERNAME,
                ids.WORKBENCH_DISPLAY_NAME, ids.WORKBENCH_ROLE, ids.WORKBENCH_CODE, ids.WORKBENCH_AUTHOR,
                ids.WORKBENCH_SOURCE, ids.WORKBENCH_SINCE, ids.WORKBENCH_UNTIL, ids.WORKBENCH_RESTORE_REASON,
                *ids.WORKBENCH_MEASURE_FIELDS.values()]
    controls += [ids.WORKBENCH_GROUP_NAME, ids.WORKBENCH_GROUP_AREAS, ids.WORKBENCH_LINK_MEASURE,
                 ids.WORKBENCH_LINK_TARGET, ids.WORKBENCH_LINK_AREA, ids.WORKBENCH_LINK_NOTE,
                 ids.WORKBENCH_PEERS_DEFAULT, *ids.WORKBENCH_BENCH_FIELDS.values()]
    buttons = [ids.WORKBENCH_PUBLISH, ids.WORKBENCH_UNPUBLISH, ids.WORKBENCH_SET_DUE, ids.WORKBENCH_LOCK,
               ids.WORKBENCH_UNLOCK, ids.WORKBENCH_FIX, ids.WORKBENCH_SAVE_MEASURE, ids.WORKBENCH_RETIRE,
               ids.WORKBENCH_SET_TARGET, ids.WORKBENCH_CREATE_USER, ids.WORKBENCH_SAVE_USER, ids.WORKBENCH_DEACTIVATE,
               ids.WORKBENCH_REACTIVATE, ids.WORKBENCH_RESET_PASSWORD, ids.WORKBENCH_RESTORE,
               ids.WORKBENCH_BENCH_CHECK, ids.WORKBENCH_BENCH_STORE, ids.WORKBENCH_GROUP_SAVE, ids.WORKBENCH_LINK_SAVE,
               ids.WORKBENCH_LINK_REMOVE, ids.WORKBENCH_PEERS_SAVE]
    return page_main([dcc.Store(id=ids.WORKBENCH_SHOWN), dcc.Store(id=ids.WORKBENCH_CHANGE),
                      html.Div(id=ids.WORKBENCH_MESSAGE),
                      *[html.Div(id=i) for i in ids.WORKBENCH_SECTION_BODY.values()],
                      dbc.Checklist(id=ids.WORKBENCH_SERVICES),
                      dcc.Upload(id=ids.WORKBENCH_BENCH_UPLOAD), dcc.Upload(id=ids.WORKBENCH_GROUP_UPLOAD),
                      *[dbc.Input(id=i) for i in controls], *[html.Button(id=i) for i in buttons]])


def body(section: str, query: dict) -> list:
    with db.connect() as conn:
        return view.DRAW[section](workbench.section_data(conn, section, query))


@with_skeleton(skeleton)
def layout(section=None, **query):
    section = workbench.section_of(section)
    return page_main([
        html.H1(f"Workbench: {workbench.SECTIONS[section]}", className="h3"),
        view.section_nav(section),
        html.Div(id=ids.WORKBENCH_MESSAGE, **{"aria-live": "polite"}),
        html.Div(html.Div(body(section, query), id=ids.WORKBENCH_SECTION_BODY[section]), id=ids.WORKBENCH_BODY),
    ], "workbench-page")
