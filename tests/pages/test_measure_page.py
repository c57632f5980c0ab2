"""The measure drill-down, drawn from its URL (period, view, grain) against the demo council."""

import pytest

import app  # noqa: F401  builds the app, so dashboards.measure can register its page
from dashboards import ids
from dashboards import measure as page
from data.performance.assess import Frequency, Rule
from data.core.periods import Period
from data.performance.status import Polarity
from data.spc.trend import chart_end, spc_series, trend
from tests.pages.render import by_id, render, text_of, walk


def show_measure(code, period, grain=None, view="target"):
    """(status panel, chart figure, chart text) of the measure page for the URL's period, grain and view."""
    tree = page.layout(code=code, period=period, grain=grain, view=view)
    graph, text = (ids.MEASURE_SPC, ids.MEASURE_SPC_TEXT) if view == "spc" else (ids.MEASURE_TREND,
                                                                               ids.MEASURE_TREND_TEXT)
    return by_id(tree, ids.MEASURE_STATUS), by_id(tree, graph).figure, by_id(tree, text)


def test_layout_without_arguments_is_the_skeleton_of_every_id():
    tree = page.layout()
    assert all(by_id(tree, i) is not None for i in (ids.MEASURE_PERIOD, ids.MEASURE_VIEW, ids.MEASURE_GRAIN))
    assert "HSG01" not in text_of(tree)


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
    status, figure, text = show_measure("HSG01", "2026/27 Q2", "quarter")
    words = text_of(status)
    assert "Below target" in words and "0.85%" in words and "0.75%" in words
    assert "On target" in words and "0.71%" in words
    assert words.index("Below target") < words.index("On target")  # in period, then year to date
    names = [t.name for t in figure.data]
    assert {"Target", "Tolerance band", "Last year", "Actual"} <= set(names)
    assert figure.data[names.index("Actual")].x[-1] == "2026/27 Q2"
    assert "latest 0.85% against a target of 0.75% (Below target)" in text_of(text)


def test_show_measure_yearly_grain_ends_at_the_last_complete_year(app_db):
    _, figure, _ = show_measure("HSG01", "2026/27 Q2", "year")
    actual = next(t for t in figure.data if t.name == "Actual")
    assert actual.x[-1] == "2025/26"


def test_show_measure_forecast_and_narrative(app_db):
    status, *_ = show_measure("HSG01", "2026/27 Q2", "quarter")
    words = text_of(status)
    assert "Year-end forecast" in words and "at year end, target 0.75%" in words
    assert "No significant change" in words  # the SPC sentence leads the panel


def test_show_measure_spc_view_rebases_at_the_process_change(app_db):
    _, figure, text = show_measure("HSG03", "2026/27 Q2", "month", "spc")
    names = {t.name for t in figure.data}
    assert {"Average (centre line)", "Process limits", "Target", "Special cause: improvement"} <= names
    assert len([t for t in figure.data if t.name == "Average (centre line)"]) == 2  # two segments
    assert [a.text for a in figure.layout.annotations] == ["Rebased: Void repairs contract brought in house"]
    words = text_of(text)
    assert "Special cause variation: improvement (lower figures)" in words
    assert "Assurance:" in words and "Limits recalculated from 2022-10-01" in words


@pytest.mark.parametrize(("view", "shown", "absent"), [
    ("target", ids.MEASURE_TARGET_SECTION, ids.MEASURE_SPC_SECTION),
    ("spc", ids.MEASURE_SPC_SECTION, ids.MEASURE_TARGET_SECTION),
    ("nonsense", ids.MEASURE_TARGET_SECTION, ids.MEASURE_SPC_SECTION),
])
def test_one_view_at_a_time_from_the_url(app_db, view, shown, absent):
    tree = render(f"/measure/HSG03?view={view}")
    assert by_id(tree, shown) is not None and by_id(tree, absent) is None
    assert by_id(tree, ids.MEASURE_VIEW).value == ("spc" if view == "spc" else "target")


def test_a_shared_link_keeps_the_view_grain_and_period(app_db):
    tree = render("/measure/HSG03?period=2025/26 Q3&grain=quarter")
    assert by_id(tree, ids.MEASURE_PERIOD).value == "2025/26 Q3" and by_id(tree, ids.MEASURE_GRAIN).value == "quarter"
    actual = next(t for t in by_id(tree, ids.MEASURE_TREND).figure.data if t.name == "Actual")
    assert actual.x[-1] == "2025/26 Q3"
    assert by_id(render("/measure/HSG03?grain=decade"), ids.MEASURE_GRAIN).value == "month"   # unknown: the default


def test_breadcrumbs_keep_the_period_the_page_was_opened_with(app_db):
    crumbs = next(c for c in walk(render("/measure/CS02?period=2026/27 Q1")) if type(c).__name__ == "Nav")
    assert [c.href for c in walk(crumbs) if type(c).__name__ == "Link"] == [
        "/?period=2026%2F27+Q1", "/directorate/customer-and-digital?period=2026%2F27+Q1"]
    crumbs = next(c for c in walk(render("/measure/CS02")) if type(c).__name__ == "Nav")
    assert [c.href for c in walk(crumbs) if type(c).__name__ == "Link"] == ["/", "/directorate/customer-and-digital"]


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
    assert by_id(page.layout(code="HSG03", view="target"), ids.MEASURE_SPC) is None
    _, figure, text = show_measure("HSG03", "2026/27 Q2", "month", "spc")
    assert figure.data and "Assurance:" in text_of(text)


def test_every_kind_of_demo_measure_renders(app_db):
    """One measure of each polarity, frequency, kind and roll-up in the demo council builds its page and panels."""
    from data.core import db, loaders
    with db.connect() as conn:
        catalogue = loaders.measures(conn)
    codes = list(catalogue.drop_duplicates(["polarity", "frequency", "kind", "rollup"])["code"])
    for code in codes:
        assert by_id(page.layout(code=code), ids.MEASURE_CODE).data == code
        _, trend_figure, _ = show_measure(code, "2026/27 Q2", None)
        _, spc_figure, _ = show_measure(code, "2026/27 Q2", None, "spc")
        assert trend_figure.data and spc_figure.data, code
