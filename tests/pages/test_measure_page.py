"""The measure drill-down: layout and callbacks called as plain functions against the demo council."""

import pytest

import app  # noqa: F401  builds the app, so dashboards.measure can register its page
from callbacks.measure import keep_period_in_url, show_measure, show_view
from dashboards import ids
from dashboards import measure as page
from data.performance.assess import Frequency, Rule
from data.core.periods import Period
from data.performance.status import Polarity
from data.spc.trend import chart_end, spc_series, trend


def walk(component):
    """Every component and string in a layout tree, depth first."""
    if isinstance(component, (list, tuple)):
        for item in component:
            yield from walk(item)
        return
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, (list, tuple)) else [children]:
        yield from walk(child)


def text_of(component) -> str:
    return " ".join(str(c) for c in walk(component) if isinstance(c, (str, int, float)))


def by_id(component, id_):
    return next(c for c in walk(component) if getattr(c, "id", None) == id_)


def test_layout_without_arguments_is_cheap_and_builds():
    assert "Measure not found" in text_of(page.layout())


def test_unknown_code_says_not_found_with_a_link_back(app_db):
    tree = page.layout(code="NOPE99")
    assert "Measure not found" in text_of(tree) and "NOPE99" in text_of(tree)
    links = [c for c in walk(tree) if type(c).__name__ == "Link"]
    assert links and links[0].href == "/"


def test_layout_reads_the_period_from_the_url(app_db):
    tree = page.layout(code="HSG01", period="2025/26 Q3")
    assert by_id(tree, ids.MEASURE_PERIOD).value == "2025/26 Q3"
    assert by_id(tree, ids.MEASURE_CODE).data == "HSG01"


@pytest.mark.parametrize("period", [None, "not a period", "1999/00 Q1"])
def test_layout_defaults_to_the_latest_quarter(app_db, period):
    assert by_id(page.layout(code="HSG01", period=period), ids.MEASURE_PERIOD).value == "2026/27 Q2"


def test_layout_shows_commentary_actions_and_definition(app_db):
    from tests.people.test_read_scope import MEMBER, as_viewer
    with as_viewer(MEMBER):  # commentary and actions are internal: members and above (tests/test_read_scope.py)
        tree = page.layout(code="HSG01", period="2026/27 Q2")
    commentary = text_of(by_id(tree, ids.MEASURE_COMMENTARY))
    assert commentary.index("2026/27 Q2") < commentary.index("2024/25 Q4")  # newest first
    assert "Weekly monitoring of the backlog" in text_of(by_id(tree, ids.MEASURE_ACTIONS))
    definition = text_of(by_id(tree, ids.MEASURE_DEFINITION))
    assert "Hugo Bell" in definition and "Lower is better" in definition and "Quarterly" in definition


def test_quarterly_measure_charts_quarters_first(app_db):
    grain = by_id(page.layout(code="HSG01"), ids.MEASURE_GRAIN)
    assert grain.value == "quarter" and [o["value"] for o in grain.options] == ["quarter", "year"]


def test_show_measure_gives_both_statuses_and_the_chart(app_db):
    status, figure, text, _, _ = show_measure("HSG01", "2026/27 Q2", "quarter")
    words = text_of(status)
    assert "Below target" in words and "0.85%" in words and "0.75%" in words
    assert "On target" in words and "0.71%" in words
    assert words.index("Below target") < words.index("On target")  # in period, then year to date
    names = [t.name for t in figure.data]
    assert {"Target", "Tolerance band", "Last year", "Actual"} <= set(names)
    assert figure.data[names.index("Actual")].x[-1] == "2026/27 Q2"
    assert "latest 0.85% against a target of 0.75% (Below target)" in text_of(text)


def test_show_measure_yearly_grain_ends_at_the_last_complete_year(app_db):
    _, figure, _, _, _ = show_measure("HSG01", "2026/27 Q2", "year")
    actual = next(t for t in figure.data if t.name == "Actual")
    assert actual.x[-1] == "2025/26"


def test_show_measure_forecast_and_narrative(app_db):
    status, *_ = show_measure("HSG01", "2026/27 Q2", "quarter")
    words = text_of(status)
    assert "Year-end forecast" in words and "at year end, target 0.75%" in words
    assert "No significant change" in words  # the SPC sentence leads the panel


def test_show_measure_spc_view_rebases_at_the_process_change(app_db):
    *_, figure, text = show_measure("HSG03", "2026/27 Q2", "month", "spc")
    names = {t.name for t in figure.data}
    assert {"Average (centre line)", "Process limits", "Target", "Special cause: improvement"} <= names
    assert len([t for t in figure.data if t.name == "Average (centre line)"]) == 2  # two segments
    assert [a.text for a in figure.layout.annotations] == ["Rebased: Void repairs contract brought in house"]
    words = text_of(text)
    assert "Special cause variation: improvement (lower figures)" in words
    assert "Assurance:" in words and "Limits recalculated from 2022-10-01" in words


@pytest.mark.parametrize(("view", "hidden"), [("target", (False, True)), ("spc", (True, False))])
def test_one_view_at_a_time(view, hidden):
    assert show_view(view) == hidden


def test_period_goes_into_the_query_string():
    assert keep_period_in_url("2026/27 Q2") == "?period=2026%2F27+Q2"


MONTHLY = Rule(Polarity.HIGHER, Frequency.MONTHLY)


@pytest.mark.parametrize(("period", "grain", "expected"), [
    ("2026/27 Q2", "month", "2026-09"),
    ("2026/27 Q2", "quarter", "2026/27 Q2"),
    ("2026/27 Q2", "year", "2025/26"),   # the current year is incomplete
    ("2025/26 Q4", "year", "2025/26"),
    ("2025/26", "quarter", "2025/26 Q4"),
])
def test_chart_end(period, grain, expected):
    assert chart_end(Period.parse(period), grain).label == expected


def test_trend_trims_leading_gaps_and_pairs_last_year():
    months = Period.month(2026, 4).shift
    values = {months(i): float(i) for i in range(-14, 6)}
    rows, last_year = trend(MONTHLY, values, {}, Period.quarter(2026, 2), "month")
    assert rows[0]["label"] == "2025-02" and rows[-1]["label"] == "2026-09"
    assert last_year[-1] == values[Period.month(2025, 9)] and last_year[0] is None


def test_spc_series_is_the_whole_history_at_the_measures_frequency():
    months = Period.month(2026, 4).shift
    values = {months(i): float(i) for i in range(-20, 9)}  # to December 2026, past the chosen quarter
    history = spc_series(MONTHLY, values, {Period.year(2026): 5.0}, Period.quarter(2026, 2))
    assert history["labels"][0] == "2024-08" and history["labels"][-1] == "2026-09"
    assert history["values"][-1] == 5.0 and history["target"] == 5.0 and history["improvement"] == "increase"
    assert history["dates"][0].isoformat() == "2024-08-01"


@pytest.mark.parametrize(("code", "words"), [
    ("CS05", "No year-end forecast: a data-only measure has no target."),
    ("HOM05", "No year-end forecast: an annual measure is reported at year end."),
])
def test_no_forecast_says_why(app_db, code, words):
    status, *_ = show_measure(code, "2026/27 Q2", None)
    assert words in text_of(status)


def test_spc_chart_is_drawn_only_when_its_view_is_chosen(app_db):
    from dash import no_update
    *_, figure, text = show_measure("HSG03", "2026/27 Q2", "month", "target")
    assert figure is no_update and text is no_update
    *_, figure, text = show_measure("HSG03", "2026/27 Q2", "month", "spc")
    assert figure.data and "Assurance:" in text_of(text)


def test_every_kind_of_demo_measure_renders(app_db):
    """One measure of each polarity, frequency, kind and roll-up in the demo council builds its page and panels."""
    from data.core import db, loaders
    with db.connect() as conn:
        catalogue = loaders.measures(conn)
    codes = list(catalogue.drop_duplicates(["polarity", "frequency", "kind", "rollup"])["code"])
    for code in codes:
        assert by_id(page.layout(code=code), ids.MEASURE_CODE).data == code
        status, trend_figure, _, spc_figure, _ = show_measure(code, "2026/27 Q2", None, "spc")
        assert trend_figure.data and spc_figure.data, code
