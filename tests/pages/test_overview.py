"""The overview page, drawn as Dash Pages draws it from a URL: headline, counts, roll-ups, the SPC matrix and what
needs attention, all following the query."""

import pandas as pd
import pytest

import app  # noqa: F401  registers the pages and callbacks
from dashboards import ids
from data.core import loaders
from data.core.periods import Period
from data.performance.status import Status
from data.reporting import views
from data.spc import variation, wording
from tests.pages.render import by_id, render, text_of

ALL = views.ALL


def show(query: str = ""):
    """(headline, body, {control id: value}) of the overview for a URL query such as `?status=below_target`."""
    tree = render("/" + query)
    return (text_of(by_id(tree, ids.OVERVIEW_HEADLINE)), by_id(tree, ids.OVERVIEW_BODY),
            {i: by_id(tree, i).value for i in ids.OVERVIEW_FILTERS})


def _text(component) -> str:
    return text_of(component).replace("  ", " ")


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
    headline, body, controls = show()
    assert controls[ids.OVERVIEW_PERIOD] == "2026/27 Q2" and controls[ids.OVERVIEW_STATUS] == ALL
    assert headline == ("2026/27 Q2 (Jul-Sep). Of 60 measures, 34 are on target or within tolerance, 7 are below "
                        "target, 1 has no data and 18 are annual or data only.")
    text = _text(body)
    assert "Status by directorate" in text and "Status by council priority" in text and "Needs attention" in text
    assert "HSG01 Rent loss from empty homes" in text


def test_needs_attention_links_to_each_measure_page_with_the_period(app_db):
    body = show("?period=2025/26 Q4")[1]
    links = _links(body)
    measure_links = [h for h in links if h.startswith("/measure/")]
    assert measure_links and all(h.endswith("?period=2025%2F26+Q4") for h in measure_links)
    assert "/directorate/resources?period=2025%2F26+Q4" in links


def test_below_target_filter_lists_only_below_target_and_sets_the_controls(app_db):
    headline, body, controls = show("?period=2026/27 Q1&status=below_target&meeting=1")
    assert controls[ids.OVERVIEW_PERIOD] == "2026/27 Q1" and controls[ids.OVERVIEW_STATUS] == "below_target"
    assert "are below target" in headline and " 0 are on target" in headline
    assert "Within tolerance" not in _text(body).split("Needs attention")[1]


def test_filters_that_match_nothing_say_so(app_db):
    headline, body, _ = show("?directorate=planning-and-growth&status=below_target")
    assert headline == "2026/27 Q2 (Jul-Sep): no measures match these filters."
    assert 'No measures match these filters (directorate "Planning and Growth", status Below target)' in _text(body)


def test_the_query_sets_the_controls(app_db):
    _, _, controls = show("?period=2025/26 Q3&priority=homes-for-everyone&variation=concern")
    assert controls == {ids.OVERVIEW_PERIOD: "2025/26 Q3", ids.OVERVIEW_DIRECTORATE: ALL,
                        ids.OVERVIEW_PRIORITY: "homes-for-everyone", ids.OVERVIEW_STATUS: ALL,
                        ids.OVERVIEW_VARIATION: "concern", ids.OVERVIEW_ASSURANCE: ALL, ids.OVERVIEW_PEERS: ALL,
                        ids.OVERVIEW_AMONG: "all-areas"}     # the council's default peer group


@pytest.mark.parametrize(("filters", "current", "expected"), [
    (views.Filters(), "", ""),
    (views.Filters(period="2019/20 Q2", priority="homes"), "", "?period=2019%2F20+Q2&priority=homes"),
    (views.Filters(status="below_target"), "?status=on_target&meeting=1", "?status=below_target&meeting=1"),
])
def test_filters_to_search(filters, current, expected):
    assert filters.to_search(current) == expected
    assert views.Filters.from_query(expected) == filters


def test_status_matrix_counts_every_status():
    results = pd.DataFrame({"directorate_slug": ["a", "a", "b"], "status": [Status.ON_TARGET, Status.BELOW_TARGET,
                                                                            Status.ON_TARGET]})
    names = pd.DataFrame({"slug": ["a", "b", "c"], "name": ["A", "B", "C"]})
    rows = views.status_matrix(results, "directorate_slug", names)
    assert [(r["slug"], r["total"], r["on_target"], r["below_target"]) for r in rows] == [
        ("a", 2, 1, 1), ("b", 1, 1, 0), ("c", 0, 0, 0)]


# --- SPC variation x assurance (issue 6) -----------------------------------------------------------------------------

def _find(component, predicate) -> list:
    """Every component in the tree for which predicate holds."""
    found = [component] if component is not None and not isinstance(component, (str, list, tuple)) \
        and predicate(component) else []
    children = component if isinstance(component, (list, tuple)) else getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        return found + [f for c in children for f in _find(c, predicate)]
    if children is not None and not isinstance(children, (str, int, float)):
        return found + _find(children, predicate)
    return found


def spc_table_counts(body) -> dict[tuple[str, str], int]:
    """{(variation group, assurance group): count} read from the page's variation x assurance table."""
    table = _find(body, lambda c: "spc-matrix" in (getattr(c, "className", None) or ""))[0]
    head, rows = table.children[1], table.children[2]
    columns = [_text(th) for th in head.children[-1].children]  # the assurance groups, under "Assurance"
    return {(_text(tr.children[0]), a): int(_text(td).split()[0])
            for tr in rows.children for a, td in zip(columns, tr.children[1:-1])}


def demo_icons(conn, period: str, directorate: str | None = None):
    """data.spc.variation.icons for the demo council, with each measure's process changes, as the measure page does."""
    measures = loaders.measures(conn, directorate=directorate)
    measures = measures[~measures["context"]]   # context indicators are never counted in the matrix
    figures = loaders.figures(conn, measures["id"])
    rebases = {int(i): loaders.process_changes(conn, int(i)) for i in measures["id"]}
    return measures, variation.icons(measures, figures, Period.parse(period), rebases)


def section(body, section_id):
    return _find(body, lambda c: getattr(c, "id", None) == section_id)


def test_spc_matrix_counts_are_the_counts_of_the_variation_icons(app_db):
    body = show()[1]
    with app_db.connect() as conn:
        _, icons = demo_icons(conn, "2026/27 Q2")
    expected = variation.matrix(icons)
    counts = spc_table_counts(body)
    assert counts == {(v, a): int(expected.loc[v, a]) for v in expected.index for a in expected.columns}
    assert sum(counts.values()) == icons["variation_icon"].notna().sum() == 52
    assert counts[("Common cause", "Hit and miss")] == 19
    text = _text(section(body, "variation-assurance"))
    assert "Not counted: 8 measures with too few points for SPC" in text


def test_spc_matrix_respects_the_directorate_and_priority_filters(app_db):
    body = show("?directorate=resources&priority=an-efficient-modern-council")[1]
    with app_db.connect() as conn:
        measures, icons = demo_icons(conn, "2026/27 Q2", "resources")
    icons = icons[icons["code"].isin(measures.loc[measures["priority_slug"] == "an-efficient-modern-council", "code"])]
    expected = variation.matrix(icons)
    assert spc_table_counts(body) == {(v, a): int(expected.loc[v, a]) for v in expected.index
                                      for a in expected.columns}
    links = [h for h in _links(section(body, "variation-assurance")) if "variation=" in h or "assurance=" in h]
    assert links and all("directorate=resources" in h and "priority=an-efficient-modern-council" in h for h in links)


def test_a_matrix_cell_link_lists_exactly_the_measures_in_that_cell(app_db):
    body = show()[1]
    href = next(h for h in _links(section(body, "variation-assurance"))
                if "variation=common-cause" in h and "assurance=hit-and-miss" in h)
    assert href == "/?variation=common-cause&assurance=hit-and-miss"
    headline, body, controls = show(href[1:])   # following the link
    assert (controls[ids.OVERVIEW_VARIATION], controls[ids.OVERVIEW_ASSURANCE]) == ("common-cause", "hit-and-miss")
    with app_db.connect() as conn:
        _, icons = demo_icons(conn, "2026/27 Q2")
    in_cell = icons[icons["variation_icon"].eq("common_cause") & icons["assurance_icon"].eq("inconsistent")]
    listed = [h.split("/measure/")[1].split("?")[0] for h in _links(section(body, "spc-selection"))]
    assert sorted(listed) == sorted(in_cell["code"]) and len(listed) == 19
    assert headline.startswith("2026/27 Q2 (Jul-Sep). Of 19 measures")
    assert "19 measures with variation Common cause, assurance Hit and miss" in _text(body)
    # the matrix keeps its context, marks the cell shown, and offers the way back
    assert spc_table_counts(body)[("Concern", "Not valid")] == int(variation.matrix(icons).loc["Concern", "Not valid"]) == 4
    assert "listed now" in _text(section(body, "variation-assurance"))
    assert "/" in _links(section(body, "variation-assurance"))


def test_an_assurance_total_lists_every_judged_measure_with_that_assurance(app_db):
    body = show("?assurance=failing")[1]
    with app_db.connect() as conn:
        _, icons = demo_icons(conn, "2026/27 Q2")
    listed = [h.split("/measure/")[1].split("?")[0] for h in _links(section(body, "spc-selection"))]
    assert sorted(listed) == sorted(icons.loc[icons["assurance_icon"].eq("consistent_fail"), "code"])


@pytest.mark.parametrize("search", ["?variation=bogus", "?variation=&assurance=nope", "?variation=Concern",
                                    "?assurance=%00%FF&variation=concern_high"])
def test_unknown_variation_or_assurance_in_the_url_is_ignored(app_db, search):
    plain = show()
    headline, body, controls = show(search)
    assert (controls[ids.OVERVIEW_VARIATION], controls[ids.OVERVIEW_ASSURANCE]) == (ALL, ALL)
    assert headline == plain[0] and _text(body) == _text(plain[1])
    assert views.Filters.from_query(search) == views.Filters()


def test_overview_layout_starts_the_spc_selects_from_the_url(app_db):
    controls = show("?variation=concern&assurance=bogus")[2]
    assert (controls[ids.OVERVIEW_VARIATION], controls[ids.OVERVIEW_ASSURANCE]) == ("concern", ALL)


def test_navbar_links_to_the_exceptions_report():
    from dashboards.navbar import navbar
    assert "/exceptions" in _links(navbar([{"slug": "resources", "name": "Resources"}]))
    assert "Exceptions" in _text(navbar())


@pytest.mark.parametrize(("variation_icon", "assurance_icon", "expected"), [
    ("concern_high", "inconsistent", ("↗ Concern (high)", "↕ Hit and miss")),
    ("improvement_low", "consistent_fail", ("↘ Improvement (low)", "✖ Failing")),
    ("common_cause", None, ("→ Common cause", "– No target")),
    ("neutral_low", float("nan"), ("↘ Neutral (low)", "– No target")),
    (None, None, ("– Too few points", "–")),
    (float("nan"), float("nan"), ("– Too few points", "–")),
])
def test_spc_words_carry_a_symbol_and_words(variation_icon, assurance_icon, expected):
    assert views.spc_words(variation_icon, assurance_icon) == expected


def test_spc_groups_follow_the_matrix():
    empty = pd.DataFrame(columns=["code", "variation_icon", "assurance_icon"])
    grid = variation.matrix(empty)
    assert list(grid.index) == list(wording.VARIATION_ORDER) and list(grid.columns) == list(wording.ASSURANCE_ORDER)
    assert set(views.VARIATION_SLUGS.values()) == set(variation.VARIATION_GROUPS.values())
    assert set(views.ASSURANCE_SLUGS.values()) == set(variation.ASSURANCE_GROUPS.values())


def test_spc_icons_are_computed_once_in_the_cached_evaluation(app_db, monkeypatch):
    from data.core import cache
    calls = []
    real_icons = variation.icons
    monkeypatch.setattr("data.reporting.evaluation.variation.icons", lambda *a: calls.append(1) or real_icons(*a))
    cache.clear_memo()   # computed once per change of data, then kept in this process (and Redis when set)
    show()
    show("?directorate=resources&status=below_target&variation=common-cause")
    assert len(calls) == 1
