"""The overview's callback called as a plain function against the demo council, and the pure view helpers."""

import pandas as pd
import pytest
from dash import no_update

import app  # noqa: F401  registers the pages and callbacks
from callbacks.overview import show_overview
from callbacks.shell import current_filters
from data import views
from data.periods import Period
from data.status import Status

ALL = views.ALL


def _text(component) -> str:
    """All the text inside a component tree."""
    if component is None or component is no_update:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return "".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def _links(component) -> list[str]:
    out = []
    if isinstance(component, (list, tuple)):
        for c in component:
            out += _links(c)
        return out
    href = getattr(component, "href", None)
    if href:
        out.append(href)
    children = getattr(component, "children", None)
    return out + (_links(children) if children is not None and not isinstance(children, str) else [])


def test_latest_quarter_headline_in_the_councils_words(app_db):
    *sync, search, headline, body = show_overview("2026/27 Q2", ALL, ALL, ALL, "")
    assert sync == [no_update] * 4
    assert search == ""  # the default period stays out of the URL
    assert headline == ("2026/27 Q2 (Jul-Sep). Of 60 measures, 34 are on target or within tolerance, 7 are below "
                        "target, 1 has no data and 18 are annual or data only.")
    text = _text(body)
    assert "Status by directorate" in text and "Status by council priority" in text and "Needs attention" in text
    assert "HSG01 Rent loss from empty homes" in text


def test_needs_attention_links_to_each_measure_page_with_the_period(app_db):
    body = show_overview("2025/26 Q4", ALL, ALL, ALL, "")[-1]
    links = _links(body)
    measure_links = [h for h in links if h.startswith("/measure/")]
    assert measure_links and all(h.endswith("?period=2025%2F26+Q4") for h in measure_links)
    assert "/directorate/resources?period=2025%2F26+Q4" in links


def test_below_target_filter_writes_the_url_and_lists_only_below_target(app_db):
    *_, search, headline, body = show_overview("2026/27 Q1", ALL, ALL, Status.BELOW_TARGET.value, "?meeting=1")
    assert search == "?period=2026%2F27+Q1&status=below_target&meeting=1"
    assert "are below target" in headline and " 0 are on target" in headline
    assert "Within tolerance" not in _text(body).split("Needs attention")[1]


def test_filters_that_match_nothing_say_so(app_db):
    *_, headline, body = show_overview("2026/27 Q2", "planning-and-growth", ALL, Status.BELOW_TARGET.value, "")
    assert headline == "2026/27 Q2 (Jul-Sep): no measures match these filters."
    assert 'No measures match these filters (directorate "Planning and Growth", status Below target)' in _text(body)


def test_url_change_sets_the_controls(app_db, monkeypatch):
    monkeypatch.setattr("callbacks.overview.triggered_by", lambda component_id: True)
    period, directorate, priority, status, search, *_ = show_overview(
        "2026/27 Q2", ALL, ALL, ALL, "?period=2025/26 Q3&priority=homes-for-everyone")
    assert (period, directorate, priority, status) == ("2025/26 Q3", ALL, "homes-for-everyone", ALL)
    assert search is no_update  # the back button already set it


@pytest.mark.parametrize(("from_url", "search", "expected"), [
    (False, "?period=2019/20 Q1", views.Filters(status="annual")),
    (True, "?period=2019/20 Q1", views.Filters(period="2019/20 Q1")),
    (True, "?status=all&meeting=1", views.Filters()),
])
def test_current_filters_url_wins_only_when_it_changed(from_url, search, expected):
    assert current_filters(from_url, views.Filters(status="annual"), search) == expected


@pytest.mark.parametrize(("filters", "current", "expected"), [
    (views.Filters(), "", ""),
    (views.Filters(period="2019/20 Q2", priority="homes"), "", "?period=2019%2F20+Q2&priority=homes"),
    (views.Filters(status="below_target"), "?status=on_target&meeting=1", "?status=below_target&meeting=1"),
])
def test_filters_to_search(filters, current, expected):
    assert filters.to_search(current) == expected
    assert views.Filters.from_query(expected) == filters


def test_choose_period_falls_back_to_latest():
    latest = Period.parse("2026/27 Q2")
    available = [latest, Period.parse("2026/27 Q1")]
    assert views.choose_period("2026/27 Q1", available, latest) == Period.parse("2026/27 Q1")
    assert views.choose_period("1999/00 Q1", available, latest) == latest
    assert views.choose_period("not a period", available, latest) == latest


def test_status_matrix_counts_every_status():
    results = pd.DataFrame({"directorate_slug": ["a", "a", "b"], "status": [Status.ON_TARGET, Status.BELOW_TARGET,
                                                                            Status.ON_TARGET]})
    names = pd.DataFrame({"slug": ["a", "b", "c"], "name": ["A", "B", "C"]})
    rows = views.status_matrix(results, "directorate_slug", names)
    assert [(r["slug"], r["total"], r["on_target"], r["below_target"]) for r in rows] == [
        ("a", 2, 1, 1), ("b", 1, 1, 0), ("c", 0, 0, 0)]


def test_latest_quarter_skips_years():
    available = [Period.parse("2026/27"), Period.parse("2026/27 Q1"), Period.parse("2025/26 Q4")]
    assert views.latest_quarter(available) == Period.parse("2026/27 Q1")
    assert views.latest_quarter([Period.parse("2026/27")]) is None
