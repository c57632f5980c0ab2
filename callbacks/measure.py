"""Measure drill-down callbacks: the period in the URL, and the assessment and trend for that period."""

from urllib.parse import urlencode

from dash import Input, Output, callback, no_update

from dashboards import ids
from dashboards.figures import trend_figure, trend_summary
from dashboards.measure_view import assessment_panel, chart_text, values_table
from data import db, loaders
from data.assess import Rule, assess
from data.periods import Period
from data.trend import trend


@callback(Output(ids.MEASURE_LOCATION, "search"), Input(ids.MEASURE_PERIOD, "value"), prevent_initial_call=True)
def keep_period_in_url(period):
    """`?period=2026%2F27+Q2`, so a shared link or a reload shows the same period."""
    return "?" + urlencode({"period": period}) if period else no_update


@callback(
    Output(ids.MEASURE_STATUS, "children"),
    Output(ids.MEASURE_TREND, "figure"),
    Output(ids.MEASURE_TREND_TEXT, "children"),
    Input(ids.MEASURE_CODE, "data"),
    Input(ids.MEASURE_PERIOD, "value"),
    Input(ids.MEASURE_GRAIN, "value"),
)
def show_measure(code, period, grain):
    with db.connect() as conn:
        found = loaders.measures(conn, code=code)
        if found.empty or not period:
            return no_update, no_update, no_update
        measure = found.iloc[0]
        values, targets = loaders.figures(conn, [measure["id"]])[int(measure["id"])]
    rule, chosen = Rule.of(measure), Period.parse(period)
    unit, decimals, title = measure["unit"], int(measure["decimals"] or 0), measure["title"]
    rows, last_year = trend(rule, values, targets, chosen, grain)
    figure = trend_figure(rows, last_year, unit=unit, decimals=decimals, title=f"{title}: trend against target")
    summary = trend_summary(rows, unit=unit, decimals=decimals, title=title)
    return (assessment_panel(assess(rule, values, targets, chosen), unit, decimals), figure,
            chart_text(summary, values_table(rows, last_year, unit, decimals)))
