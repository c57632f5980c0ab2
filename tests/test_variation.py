"""SPC across measures: windows, too-few-points, icons on the demo council and the matrix."""

from data import loaders, variation
from data.assess import Frequency, Kind, Rollup, Rule
from data.periods import Period
from data.status import Polarity

P = Period.parse
MONTHLY = Rule(Polarity.HIGHER, Frequency.MONTHLY, Kind.TARGET, Rollup.MEAN)


def test_window_ends_at_the_period_at_the_measures_frequency():
    window = variation.spc_window(MONTHLY, P("2026/27 Q2"))
    assert (window[0].label, window[-1].label, len(window)) == ("2023-10", "2026-09", 36)
    quarterly = Rule(frequency=Frequency.QUARTERLY)
    assert variation.spc_window(quarterly, P("2026/27 Q2"))[-1].label == "2026/27 Q2"
    assert variation.spc_window(Rule(frequency=Frequency.ANNUAL), P("2026/27 Q4")) == []


def test_too_few_points_gives_no_judgement():
    values = {P(f"2026-0{m}"): 10.0 for m in range(4, 9)}   # five months
    assert variation.measure_spc(MONTHLY, values, {}, P("2026/27 Q2")) is None


def test_a_step_up_on_a_higher_is_better_measure_is_improvement_and_passes_a_low_target():
    months = [p for p in variation.spc_window(MONTHLY, P("2026/27 Q2"))]
    values = {p: (50.0 + (i % 3)) if i < 28 else 70.0 + (i % 2) for i, p in enumerate(months)}
    result = variation.measure_spc(MONTHLY, values, {P("2026/27"): 20.0}, P("2026/27 Q2"))
    assert result["variation_icon"] == "improvement_high"
    assert result["assurance_icon"] == "consistent_pass"


def test_demo_icons_and_matrix(demo_engine):
    with demo_engine.connect() as conn:
        measures = loaders.measures(conn)
        figures = loaders.figures(conn, measures["id"])
    icons = variation.icons(measures, figures, P("2026/27 Q2"))
    assert len(icons) == 60
    annual = set(measures.loc[measures["frequency"] == "annual", "code"])
    assert icons.loc[icons["code"].isin(annual), "variation_icon"].isna().all()
    assert icons["variation_icon"].notna().sum() == 60 - len(annual)
    grid = variation.matrix(icons)
    assert list(grid.index) == ["Improvement", "Common cause", "Concern", "Neutral"]
    assert list(grid.columns) == ["Passing", "Hit and miss", "Failing", "No target"]
    assert grid.to_numpy().sum() == 60 - len(annual)
    data_only = set(measures.loc[measures["kind"] == "data only", "code"])
    assert icons.loc[icons["code"].isin(data_only), "assurance_icon"].isna().all()
