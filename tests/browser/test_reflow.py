"""Reflow (WCAG 1.4.10) and zoom: no page scrolls sideways at 320 CSS px, at 200% zoom on 1280x720 (640x360 CSS px),
nor in meeting mode on a projector (1280x720, 1920x1080). Wide tables stack or scroll inside a named region."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboards import ids

pytestmark = pytest.mark.browser

# (path, who looks, an element that shows the page is drawn, a button to press first or None)
PAGES = [
    ("/", None, f"#{ids.OVERVIEW_BODY} table", None),
    ("/?variation=common-cause&assurance=hit-and-miss", None, "#spc-selection", None),
    ("/?directorate=planning-and-growth&status=below_target", None, ".empty-message", None),
    ("/directorate/resources", None, f"#{ids.DIRECTORATE_GRID} .ag-row", None),
    ("/directorate/housing-and-communities", "member", ".monthly-view .js-plotly-plot", f"#{ids.DIRECTORATE_TRENDS}"),
    ("/measure/HSG01", None, f"#{ids.MEASURE_TREND} .js-plotly-plot", None),
    ("/measure/CS01?grain=month", "member", f"#{ids.MEASURE_TREND} .js-plotly-plot", None),
    ("/measure/FIN02?view=spc", None, f"#{ids.MEASURE_SPC} .js-plotly-plot", None),
    ("/exceptions", "member", f"#{ids.EXCEPTIONS_LIST} article", None),
    ("/import", "officer", f"#{ids.IMPORT_UPLOAD}", None),
    ("/entry?month=2026-10", "editor", f"#{ids.ENTRY_GRID} .ag-row", None),
    ("/login", None, "form", None),
    ("/glossary", None, "dl", None),
    ("/accessibility", None, "h2", None),
    ("/measure/NOPE", None, ".not-found", None),
    ("/no/such/page", None, ".not-found", None),
]
SIZES = {"320px": (320, 720), "zoom-200%": (640, 360)}
MEETING = [("/?meeting=1", f"#{ids.OVERVIEW_BODY} table"),
           ("/directorate/resources?meeting=1", f"#{ids.DIRECTORATE_BODY} .measure-card")]
PROJECTORS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "320px": (320, 720)}

WIDEST = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0) { out.push(`${e.tagName}.${e.className} ${Math.round(r.right)}`); }
  }
  return {scroll: document.documentElement.scrollWidth, width: width, over: out.slice(0, 5)};
}"""


def assert_no_sideways_scroll(page):
    found = page.evaluate(WIDEST)
    assert found["scroll"] <= found["width"], found


def open_page(page, server, path, ready, press):
    page.goto(server + path)
    if press:
        page.wait_for_load_state("networkidle")   # the button's callback is wired
        page.locator(press).click()
    expect(page.locator(ready).first).to_be_attached(timeout=20_000)
    page.wait_for_timeout(300)   # plotly's resize to its box


def at_each_size(page, sizes: dict, check) -> None:
    """The page, drawn at the first size, checked there and again after the window is resized to each other size
    (the reflow a user zooming in or turning a phone causes)."""
    for name, size in sizes.items():
        page.set_viewport_size(dict(zip(("width", "height"), size)))
        page.wait_for_timeout(300)   # plotly's resize to its box
        try:
            check(page)
        except AssertionError as e:
            raise AssertionError(f"at {name}: {e}") from None


@pytest.mark.parametrize(("path", "role", "ready", "press"), PAGES, ids=[p[0] for p in PAGES])
def test_no_sideways_scroll(kept_page, roles_server, path, role, ready, press):
    page = kept_page(roles_server, role)
    page.set_viewport_size(dict(zip(("width", "height"), next(iter(SIZES.values())))))
    open_page(page, roles_server, path, ready, press)
    at_each_size(page, SIZES, assert_no_sideways_scroll)


@pytest.mark.parametrize(("path", "ready"), MEETING, ids=[m[0] for m in MEETING])
def test_meeting_mode_fits_the_screen(kept_page, roles_server, path, ready):
    page = kept_page(roles_server)
    page.set_viewport_size(dict(zip(("width", "height"), next(iter(PROJECTORS.values())))))
    open_page(page, roles_server, path, ready, None)
    at_each_size(page, PROJECTORS, lambda page: fits(page, path))


def fits(page, path):
    assert_no_sideways_scroll(page)
    if "directorate" in path:
        card = page.locator(".measure-card").first
        sizes = card.evaluate("""c => ({title: parseFloat(getComputedStyle(c.querySelector('.card-title')).fontSize),
            smallest: Math.min(...[...c.querySelectorAll('*')].filter(e => e.childNodes.length && [...e.childNodes]
              .some(n => n.nodeType === 3 && n.textContent.trim())).map(e => parseFloat(getComputedStyle(e).fontSize)))})""")
        assert sizes["title"] >= 24 and sizes["title"] > sizes["smallest"], sizes   # read from the back of the room
        # the measures come before the director's commentary on the projector
        top = lambda sel: page.locator(sel).first.bounding_box()["y"]  # noqa: E731
        assert top(".measure-card") < top(f"#{ids.DIRECTORATE_COMMENTARY}")


def test_wide_tables_scroll_inside_a_named_region(kept_page, roles_server):
    page = kept_page(roles_server)
    page.set_viewport_size({"width": 320, "height": 720})
    open_page(page, roles_server, "/directorate/resources", ".spc-matrix", None)
    region = page.get_by_role("region", name="Pattern and target table (SPC)")
    expect(region).to_be_visible()
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")     # it scrolls, the page does not
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    assert region.evaluate("r => r.scrollLeft") > 0                 # and a keyboard scrolls it
