"""SPC across measures: windows, too-few-points, icons on the demo council and the matrix."""

from data.core import loaders
from data.spc import variation
from data.spc import wording
from data.performance.assess import Frequency, Kind, Rollup, Rule
from data.core.periods import Period
from data.performance.status import Polarity

P = Period.parse
MONTHLY = Rule(Polarity.HIGHER, Frequency.MONTHLY, Kind.TARGET, Rollup.MEAN)


def test_cards_and_the_measure_page_judge_the_same_chart(demo_engine):
    """The icon on a card or in the matrix is the one the measure page's SPC chart shows."""
    from dashboards.measure_view import measure_panels
    with demo_engine.connect() as conn:
        measures = loaders.measures(conn)
        figures = loaders.figures(conn, measures["id"])
        changes = {int(i): loaders.process_changes(conn, int(i)) for i in measures["id"]}
    icons = variation.icons(measures, figures, P("2026/27 Q2"), changes).set_index("code")
    for code in ("HSG03", "CS01", "CS02", "WST02", "ICT04"):
        m = measures.set_index("code").loc[code]
        values, targets = figures[int(m["id"])]
        *_, spc_text = measure_panels({**m.to_dict(), "id": int(m["id"])}, values, targets, changes[int(m["id"])],
                                      P("2026/27 Q2"), None, "spc")
        words = " ".join(_walk_text(spc_text))
        assert wording.variation(icons.loc[code, "variation_icon"]).long in words, code
        assert wording.assurance(icons.loc[code, "assurance_icon"]).long in words, code


def _walk_text(component):
    from tests.pages.render import text_of
    return [text_of(component)]


def test_too_few_points_gives_no_judgement():
    values = {P(f"2026-0{m}"): 10.0 for m in range(4, 9)}   # five months
    assert variation.measure_spc(MONTHLY, values, {}, P("2026/27 Q2")) is None


def test_a_step_up_on_a_higher_is_better_measure_is_improvement_and_passes_a_low_target():
    months = [P("2023-10").shift(i) for i in range(36)]
    values = {p: (50.0 + (i % 3)) if i < 28 else 70.0 + (i % 2) for i, p in enumerate(months)}
    result = variation.measure_spc(MONTHLY, values, {P("2026/27"): 20.0}, P("2026/27 Q2"))
    assert result["variation_icon"] == "improvement_high"
    # Eight months at the new level are a shift: the old limits' "pass" is not valid until they are recalculated.
    assert (result["limits_assurance"], result["assurance_icon"]) == ("consistent_pass", "recalculate")
    assert (result["change"]["kind"], result["change"]["date"]) == ("shift", "2026-02-01")
    rebased = variation.measure_spc(MONTHLY, values, {P("2026/27"): 20.0}, P("2026/27 Q2"),
                                    [{"date": "2026-02-01", "reason": "new process"}])
    assert (rebased["assurance_icon"], rebased["change"]) == ("consistent_pass", None)


def test_demo_icons_and_matrix(demo_engine):
    with demo_engine.connect() as conn:
        measures = loaders.measures(conn)
        figures = loaders.figures(conn, measures["id"])
    icons = variation.icons(measures, figures, P("2026/27 Q2"))
    assert len(icons) == len(measures) == 61          # 60 of the council's own and one context indicator
    annual = set(measures.loc[measures["frequency"] == "annual", "code"])
    assert icons.loc[icons["code"].isin(annual), "variation_icon"].isna().all()
    assert icons["variation_icon"].notna().sum() == len(measures) - len(annual)
    grid = variation.matrix(icons)
    assert list(grid.index) == ["Improvement", "Common cause", "Concern", "Neutral"]
    assert list(grid.columns) == ["Passing", "Hit and miss", "Failing", "Not valid", "No target"]
    assert grid.to_numpy().sum() == len(measures) - len(annual)
    data_only = set(measures.loc[measures["kind"] == "data only", "code"])
    assert icons.loc[icons["code"].isin(data_only), "assurance_icon"].isna().all()
