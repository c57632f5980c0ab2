"""Pure chart builders: assert on traces (names, band edges, marker shapes), never on CSS."""

import pytest

from dashboards.figures import STATUS_MARKER, trend_figure, trend_summary
from data.core.periods import Period
from data.performance.status import Status

Q = [Period.quarter(2025, i) for i in (1, 2, 3, 4)]


def row(p, value, target, edge, status):
    return {"period": p, "label": p.label, "start": p.start, "value": value, "target": target, "edge": edge,
            "status": status}


ROWS = [row(Q[0], 0.70, 0.75, 0.80, Status.ON_TARGET),
        row(Q[1], 0.78, 0.75, 0.80, Status.WITHIN_TOLERANCE),
        row(Q[2], 0.85, 0.75, 0.80, Status.BELOW_TARGET),
        row(Q[3], None, 0.70, 0.75, Status.NO_DATA)]
LAST_YEAR = [0.72, None, 0.79, 0.74]


def traces(fig):
    return {t.name: t for t in fig.data}


def test_trend_has_target_band_last_year_and_actual():
    fig = trend_figure(ROWS, LAST_YEAR, unit="%", decimals=2, title="Rent loss")
    assert {"Target", "Tolerance band", "Last year", "Actual"} <= set(traces(fig))


def test_band_runs_along_target_and_back_along_edge():
    band = traces(trend_figure(ROWS, LAST_YEAR, unit="%", decimals=2))["Tolerance band"]
    labels = [r["label"] for r in ROWS]
    assert list(band.x) == labels + labels[::-1]
    assert list(band.y) == [0.75, 0.75, 0.75, 0.70] + [0.75, 0.80, 0.80, 0.80]
    assert band.fill == "toself"


def test_target_line_and_last_year_follow_rows():
    t = traces(trend_figure(ROWS, LAST_YEAR))
    assert list(t["Target"].y) == [0.75, 0.75, 0.75, 0.70]
    assert list(t["Last year"].y) == LAST_YEAR


def test_each_status_is_a_legend_entry_with_its_own_symbol():
    t = traces(trend_figure(ROWS, LAST_YEAR))
    symbols = {name: t[name].marker.symbol for name in ("On target", "Within tolerance", "Below target")}
    assert len(set(symbols.values())) == 3
    assert list(t["Below target"].y) == [0.85]
    assert list(t["On target"].x) == [Q[0].label]


def test_marker_shapes_all_differ():
    assert len({symbol for symbol, _ in STATUS_MARKER.values()}) == len(STATUS_MARKER)


def test_no_target_means_no_band_or_target_line():
    rows = [row(q, 5.0, None, None, Status.DATA_ONLY) for q in Q]
    t = traces(trend_figure(rows, None))
    assert "Target" not in t and "Tolerance band" not in t and "Last year" not in t
    assert t["Data only"].marker.symbol == STATUS_MARKER[Status.DATA_ONLY][0]


def test_value_without_target_is_labelled_no_target():
    rows = [row(Q[0], 5.0, None, None, Status.NO_DATA)]
    assert "No target" in traces(trend_figure(rows, None))


@pytest.mark.parametrize(("rows", "expected"), [
    (ROWS, "Rent loss from 2025/26 Q1 to 2025/26 Q3: latest 0.85% against a target of 0.75% (Below target); "
           "on target in 1 of 3 periods."),
    ([row(Q[0], None, 0.75, 0.8, Status.NO_DATA)], "Rent loss: no values to chart for these periods."),
])
def test_trend_summary(rows, expected):
    assert trend_summary(rows, unit="%", decimals=2, title="Rent loss") == expected


def spc_result():
    """Four points in two segments; the last is a special cause of concern."""
    return {"date": ["2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01"], "value": [10.0, 11.0, 20.0, 30.0],
            "segment": [0, 0, 1, 1], "mean": [10.5, 10.5, 25.0, 25.0], "lpl": [8.0, 8.0, 20.0, 20.0],
            "upl": [13.0, 13.0, 29.0, 29.0], "special_cause_type": ["Common Cause"] * 3 + ["Above UCL"],
            "point_type": ["common_cause"] * 3 + ["special_cause_concern"], "target": 12.0,
            "rebase": [{"date": "2025-06-01", "reason": "New contract"}]}


def test_spc_figure_draws_limits_per_segment_and_marks_points_by_type():
    from dashboards.figures import SPC_MARKER, spc_figure
    labels = ["2025-04", "2025-05", "2025-06", "2025-07"]
    fig = spc_figure(spc_result(), labels, unit="%")
    shown = ["Apr 2025", "May 2025", "Jun 2025", "Jul 2025"]          # months read as words on the axis
    means = [t for t in fig.data if t.name == "Average (centre line)"]
    assert [list(t.y) for t in means] == [[10.5, 10.5], [25.0, 25.0]]
    assert [list(t.x) for t in means] == [shown[:2], shown[2:]]
    limits = [list(t.y) for t in fig.data if t.name == "Process limits"]
    assert limits == [[13.0, 13.0], [8.0, 8.0], [29.0, 29.0], [20.0, 20.0]]
    t = traces(fig)
    assert list(t["Target"].y) == [12.0] * 4
    assert list(t["Special cause: concern"].x) == ["Jul 2025"]
    assert t["Special cause: concern"].marker.symbol != t["Common cause"].marker.symbol
    assert len({symbol for _, symbol, _ in SPC_MARKER.values()}) == len(SPC_MARKER)
    assert [a.text for a in fig.layout.annotations] == ["Rebased: New contract"]
    assert fig.layout.shapes[0].x0 == "Jun 2025"


def test_spc_figure_without_target_has_no_target_line():
    from dashboards.figures import spc_figure
    result = {**spc_result(), "target": None, "rebase": []}
    fig = spc_figure(result, ["a", "b", "c", "d"])
    assert "Target" not in traces(fig) and not fig.layout.annotations


def test_one_chart_vocabulary_on_the_measure_page_and_the_directorate():
    """Within tolerance (and every other status) has the same marker on the measure page and in the small
    multiples, from the one table in dashboards/chart_style.py."""
    from dashboards import charts, figures
    rows = [{"label": s.value, "value": 1.0, "target": 1.0, "edge": 0.9, "status": s}
            for s in (Status.ON_TARGET, Status.WITHIN_TOLERANCE, Status.BELOW_TARGET)]
    trend = figures.trend_figure(rows, unit="%", title="t")
    on_measure_page = {t.name: t.marker.symbol for t in trend.data if t.mode == "markers"}
    multiples = charts.multiples_figure([{"title": "t", "unit": "%", "decimals": 0, "rows": rows}])
    in_multiples = multiples["data"][-1]["marker"]["symbol"]
    assert [on_measure_page[s.label] for s in (Status.ON_TARGET, Status.WITHIN_TOLERANCE, Status.BELOW_TARGET)] \
        == in_multiples == ["circle", "diamond", "x"]
