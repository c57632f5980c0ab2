"""The directorate page drawn as Dash Pages draws it from a URL, its trend charts drawn on request, and the pure
chart builders."""

import pytest
from dash import dcc, html

from callbacks.directorate import show_trends
from dashboards import charts, ids
from dashboards.directorate_view import measure_card, measure_grid
from data.performance.status import Status
from data.reporting import views
from data.spc import variation
from tests.pages.render import by_id, render, request
from tests.pages.test_overview import _find, _links, _text, demo_icons, spc_table_counts

ALL = "all"


def show(slug: str, query: str = ""):
    """(commentary, body, grid rows) of a directorate page for a URL query."""
    tree = render(f"/directorate/{slug}{query}")
    return (by_id(tree, ids.DIRECTORATE_COMMENTARY), by_id(tree, ids.DIRECTORATE_BODY),
            by_id(tree, ids.DIRECTORATE_GRID).rowData)


def trends(slug: str, query: str = ""):
    """The trend charts the page draws when asked for them, for the same URL."""
    with request(f"/directorate/{slug}{query}"):
        charts_, hidden, expanded = show_trends(1, slug, query)
    assert hidden is True and expanded == "true"
    return charts_


def _graphs(component) -> list:
    if isinstance(component, (list, tuple)):
        return [g for c in component for g in _graphs(c)]
    if isinstance(component, dcc.Graph):
        return [component]
    children = getattr(component, "children", None)
    return _graphs(children) if children is not None and not isinstance(children, str) else []


def test_resources_cards_table_commentary_and_charts(app_db):
    from tests.people.test_read_scope import MEMBER, as_viewer
    with as_viewer(MEMBER):  # the director's commentary is internal: members and above (tests/test_read_scope.py)
        commentary, body, rows = show("resources")
        charts_ = trends("resources")
    assert "Priya Shah" in _text(commentary) and "Sickness absence days per FTE" in _text(commentary)
    assert len(rows) == 17
    hr01 = next(r for r in rows if r["code"] == "HR01")
    assert hr01["status_text"] == "✖ Below target" and hr01["value_text"] == "2.16 days"
    assert "HR01" in _text(body) and "Target 1.95 days" in _text(body)
    text = _text(charts_)
    assert "Last eight quarters" in text and "Monthly view" in text
    assert "Finance: monthly values for the last 24 months" in text and "Human Resources: monthly values" in text
    monthly = _graphs(charts_)[1:]
    assert monthly and all(len(g.figure["data"][0]["x"]) == 24 for g in monthly)


def test_service_and_status_filters_narrow_everything(app_db):
    query = "?service=human-resources&status=below_target&meeting=1"
    _c, body, rows = show("resources", query)
    charts_ = trends("resources", query)
    assert [r["code"] for r in rows] == ["HR01"]
    assert "Human Resources: monthly values" in _text(charts_) and "Finance:" not in _text(charts_)


def test_filters_that_match_nothing_say_so_and_draw_no_axes(app_db):
    tree = render("/directorate/resources?service=finance&status=annual")
    body, rows = by_id(tree, ids.DIRECTORATE_BODY), by_id(tree, ids.DIRECTORATE_GRID).rowData
    assert rows == []
    assert 'No measures match these filters (service "Finance", status Annual)' in _text(body)
    assert _graphs(tree) == [] and by_id(tree, ids.DIRECTORATE_TRENDS) is None
    assert "No charts: no measures match these filters." in _text(tree)


def test_unknown_directorate_layout_is_the_not_found_page(app_db):
    assert _text(render("/directorate/nowhere")).startswith("Directorate not found")


def test_multiples_figure_draws_target_band_and_values():
    rows = [{"label": f"2025-0{i}", "value": v, "target": 10.0, "edge": 9.0, "status": s}
            for i, (v, s) in enumerate([(11, Status.ON_TARGET), (9.5, Status.WITHIN_TOLERANCE),
                                        (None, Status.NO_DATA), (8, Status.BELOW_TARGET)], start=1)]
    figure = charts.multiples_figure([{"title": "A", "unit": "%", "decimals": 1, "rows": rows}] * 4, columns=3)
    edge, target, value = figure["data"][:3]
    assert target["fill"] == "tonexty" and target["y"] == [10.0] * 4 and edge["y"] == [9.0] * 4
    assert value["marker"]["symbol"] == ["circle", "diamond", "circle-open", "x"]
    assert len(figure["data"]) == 12 and "yaxis4" in figure["layout"]
    assert all(0 <= d <= 1 for k, ax in figure["layout"].items() if k[1:5] == "axis" for d in ax["domain"])
    assert charts.multiples_summary([{"title": "A", "unit": "%", "decimals": 1, "rows": rows}]) == [
        "A: 8.0% in 2025-04 (Below target); on target or within tolerance in 2 of 3 periods."]


@pytest.mark.parametrize(("values", "points"), [([1, 2, 3], 3), ([None, 5, None, 7], 2), ([4], 0), ([], 0)])
def test_sparkline_is_an_svg_of_the_present_values(values, points):
    import base64
    svg = base64.b64decode(charts.sparkline_src(values).split(",", 1)[1]).decode()
    assert svg.startswith("<svg")
    line = svg.split('points="')[1].split('"')[0] if "polyline" in svg else ""
    assert len(line.split()) == points


def test_measure_card_carries_status_words_and_direction():
    row = {"code": "X1", "title": "Thing", "value_text": "5%", "target": 4.0, "target_text": "4%",
           "status": Status.ON_TARGET, "direction_previous": "worsening"}
    card = measure_card(row, "data:,", "X1 sparkline.", "?period=2026%2F27+Q1")
    text = _text(card)
    assert "On target" in text and "Worsening on last period" in text and "Target 4%" in text
    img = card.children.children[-1]
    assert isinstance(img, html.Img) and img.alt == "X1 sparkline."


# --- SPC variation x assurance (issue 6) -----------------------------------------------------------------------------

def test_cards_and_table_show_variation_and_assurance_in_words(app_db):
    _, body, rows = show("resources")
    with app_db.connect() as conn:
        _, icons = demo_icons(conn, "2026/27 Q2", "resources")
    by_code = icons.set_index("code")
    for row in rows:
        icon = by_code.loc[row["code"]]
        assert (row["variation_text"], row["assurance_text"]) == views.spc_words(icon["variation_icon"],
                                                                                  icon["assurance_icon"])
    judged = next(r for r in rows if by_code.loc[r["code"], "variation_icon"] == "common_cause"
                  and by_code.loc[r["code"], "assurance_icon"] == "inconsistent")
    assert judged["variation_text"] == "→ Common cause" and judged["assurance_text"] == "↕ Hit and miss"
    card = next(c for c in _find(body, lambda c: "measure-card" in (getattr(c, "className", None) or ""))
                if f"{judged['code']} " in _text(c))
    assert "Common cause" in _text(card) and "Hit and miss" in _text(card)
    headers = " ".join(c["headerName"] for c in measure_grid("grid").columnDefs)
    assert "Pattern in the figures (SPC variation)" in headers and "Will it meet target? (SPC assurance)" in headers


def test_directorate_matrix_counts_and_a_cell_link_filters_cards_and_table(app_db):
    _, body, rows = show("housing-and-communities")
    with app_db.connect() as conn:
        _, icons = demo_icons(conn, "2026/27 Q2", "housing-and-communities")
    expected = variation.matrix(icons)
    counts = spc_table_counts(body)
    assert counts == {(v, a): int(expected.loc[v, a]) for v in expected.index for a in expected.columns}
    v, a = next(k for k, n in counts.items() if n and k[0] != "Common cause")
    slugs = {g: s for s, g in {**views.VARIATION_SLUGS, **views.ASSURANCE_SLUGS}.items()}
    href = f"/directorate/housing-and-communities?variation={slugs[v]}&assurance={slugs[a]}"
    assert href in _links(body)
    tree = render(href)
    body, rows = by_id(tree, ids.DIRECTORATE_BODY), by_id(tree, ids.DIRECTORATE_GRID).rowData
    assert (by_id(tree, ids.DIRECTORATE_VARIATION).value, by_id(tree, ids.DIRECTORATE_ASSURANCE).value) == (
        slugs[v], slugs[a])
    in_cell = icons[icons["variation_icon"].map(variation.VARIATION_GROUPS).eq(v)
                    & icons["assurance_icon"].map(lambda x: variation.ASSURANCE_GROUPS.get(x, "No target")).eq(a)]
    assert sorted(r["code"] for r in rows) == sorted(in_cell["code"]) and len(rows) == counts[(v, a)]
    cards = _find(body, lambda c: "measure-card" in (getattr(c, "className", None) or ""))
    assert len(cards) == len(rows)


def test_an_empty_cell_url_says_no_measures_match_and_keeps_the_matrix(app_db):
    _, body, rows = show("resources", "?variation=concern&assurance=passing")
    assert rows == []
    assert "No measures match these filters (variation Concern, assurance Passing)" in _text(body)
    assert spc_table_counts(body)[("Concern", "Not valid")] == 1   # LEG01: the process has changed


def test_unknown_variation_is_ignored_on_the_directorate_page(app_db):
    plain = show("resources")
    odd = show("resources", "?variation=nonsense&assurance=<script>")
    assert odd[2] == plain[2] and _text(odd[1]) == _text(plain[1])


@pytest.mark.parametrize("slug", ["resources", "housing-and-communities", "place-and-environment"])
def test_every_response_stays_under_300_kb(app_db, slug):
    from dash._utils import to_json
    assert len(to_json(render(f"/directorate/{slug}?meeting=1"))) < 300_000
    assert len(to_json(trends(slug, "?meeting=1"))) < 300_000
    assert len(to_json(render("/"))) < 300_000


def test_each_card_reads_its_numbers_in_plain_english_as_the_measure_page_does(app_db):
    from dashboards.measure_view import measure_panels
    from data.core import db, loaders
    from data.core.periods import Period
    from tests.pages.render import text_of, walk
    cards = [c for c in walk(render("/directorate/housing-and-communities"))
             if "measure-card" in (getattr(c, "className", "") or "")]
    words = {text_of(c).split(" ")[0]: text_of(c) for c in cards}
    with db.connect() as conn:
        m = loaders.measures(conn, code="HSG03").iloc[0]
        values, targets = loaders.figures(conn, [m["id"]])[int(m["id"])]
        status, *_ = measure_panels({**m.to_dict(), "id": int(m["id"])}, values, targets,
                                    loaders.process_changes(conn, int(m["id"])), Period.parse("2026/27 Q2"), None)
    sentence = next(c.children for c in walk(status) if "measure-narrative" in (getattr(c, "className", "") or ""))
    assert sentence and sentence in words["HSG03"]
    assert "statistical view" not in words["HSG05"] and "Special cause" not in words["HSG05"]   # annual: no SPC
