"""axe-core (bundled with axe-playwright-python, so offline) on every page type and state, for every role: every
rule axe has, WCAG and best practice alike, and no finding of any impact allowed (Dash's own markup is fixed, no
rule is switched off). With it, what axe cannot see: the skip link works, the page's title names the page and
the council, one h1 and no skipped heading level, a visible focus on everything that takes it."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dashboards import ids

pytestmark = pytest.mark.browser

COUNCIL = "Demo District Council"
TRENDS = f"#{ids.DIRECTORATE_TRENDS}"
# (path, an element that shows the page has finished rendering, what to press or open first, or None)
STATES = [
    ("/", f"#{ids.OVERVIEW_BODY} table", None),
    ("/?period=2025/26 Q3&status=below_target&meeting=1", "#needs-attention", None),
    ("/?directorate=planning-and-growth&status=below_target", ".empty-message", None),
    ("/?variation=common-cause&assurance=hit-and-miss", "#spc-selection", None),
    ("/directorate/resources", f"#{ids.DIRECTORATE_GRID} .ag-row", None),
    ("/directorate/resources?variation=concern", ".spc-current", None),
    ("/directorate/housing-and-communities", ".monthly-view .js-plotly-plot", TRENDS),
    ("/directorate/housing-and-communities?meeting=1", ".monthly-view .js-plotly-plot", TRENDS),
    ("/measure/HSG01", f"#{ids.MEASURE_TREND} .js-plotly-plot", "details"),
    ("/measure/CS01?grain=month", f"#{ids.MEASURE_TREND} .js-plotly-plot", None),
    ("/measure/FIN02?view=spc", f"#{ids.MEASURE_SPC} .js-plotly-plot", "details"),
    ("/exceptions", f"#{ids.EXCEPTIONS_LIST} article", None),
    ("/login", "form", None),
    ("/reports", "main h1", None),
    ("/glossary", "dl", None),
    ("/accessibility", "h2", None),
    ("/plan", f"#{ids.PLAN_BODY} h2", None),
    ("/plan?status=at_risk&overdue=1", f"#{ids.PLAN_BODY}", None),
    ("/directorate/no-such-place", ".not-found", None),
    ("/measure/NOPE", ".not-found", None),
    ("/no/such/page", ".not-found", None),
]
SIGNED_IN = [
    ("member", "/", f"#{ids.OVERVIEW_BODY} table", None),
    ("member", "/directorate/housing-and-communities", f"#{ids.DIRECTORATE_GRID} .ag-row", None),
    ("member", "/measure/HSG01", f"#{ids.MEASURE_ACTIONS}", "details"),
    ("member", "/exceptions", f"#{ids.EXCEPTIONS_LIST} article", None),
    ("member", "/login", f"#{ids.LOGIN_SIGNED_IN}", None),
    ("member", "/notifications", "main h1", None),
    ("member", "/risks", f"#{ids.RISKS_MATRIX}", None),
    ("member", "/directorate/housing-and-communities?service=", f"#{ids.DIRECTORATE_GRID} .ag-row", None),
    ("editor", "/plan", f"#{ids.PLAN_BODY} h2", None),
    ("officer", "/workbench?section=publish", f"#{ids.WORKBENCH_BODY} .card", None),
    ("officer", "/workbench?section=cycle", f"#{ids.WORKBENCH_BODY} .card", None),
    ("officer", "/workbench?section=measures&measure=HSG01", f"#{ids.WORKBENCH_BODY} .card", None),
    ("officer", "/workbench?section=users", f"#{ids.WORKBENCH_BODY} .card", None),
    ("officer", "/workbench?section=audit&code=HSG01", f"#{ids.WORKBENCH_BODY} .card", None),
    ("officer", "/reports", "main h1", None),
    ("editor", "/entry?month=2026-10", f"#{ids.ENTRY_GRID} .ag-row", None),
    ("editor", "/measure/HSG01?view=spc", f"#{ids.MEASURE_SPC} .js-plotly-plot", None),
    ("editor", "/import", "main h1", None),                                      # refused: officers only
    ("officer", "/import", f"#{ids.IMPORT_UPLOAD}", None),
    ("officer", "/entry?month=2026-10", f"#{ids.ENTRY_GRID} .ag-row", None),
    ("officer", "/directorate/resources?meeting=1", f"#{ids.DIRECTORATE_BODY} .measure-card", None),
]
# Heading levels in the order they appear; a step down of more than one (h1 then h3) is a skipped level.
HEADINGS = "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => h.offsetParent)" \
           ".map(h => [Number(h.tagName[1]), h.textContent])"


@pytest.fixture(scope="module")
def axe():
    return Axe()


def open_state(page, server, path, ready, then):
    page.goto(server + path)
    if then == TRENDS:       # the trend charts, drawn on request, are checked too
        page.wait_for_load_state("networkidle")   # the button's callback is wired
        page.locator(TRENDS).click()
    expect(page.locator(ready).first).to_be_attached(timeout=20_000)
    if then == "details":    # the charts' tables, folded away until opened
        for summary in page.locator("main details > summary").all():
            summary.click()
    page.wait_for_timeout(300)


def check_page(page, axe):
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("header")).to_have_count(1)
    expect(page.locator("main#main-content")).to_have_count(1)
    expect(page.locator("footer").get_by_role("link", name="Accessibility statement")).to_be_visible()
    expect(page.locator("footer").get_by_role("link", name="Glossary of terms")).to_be_visible()
    title = page.title()
    assert title.endswith(f" – {COUNCIL}") and len(title) > len(COUNCIL) + 3, title
    levels = page.evaluate(HEADINGS)
    assert levels[0][0] == 1, levels
    assert all(b[0] <= a[0] + 1 for a, b in zip(levels, levels[1:])), levels
    results = axe.run(page, options={"resultTypes": ["violations"]})   # every rule, WCAG and best practice
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert found == [], results.generate_report()


@pytest.mark.parametrize(("path", "ready", "then"), STATES, ids=[s[0] for s in STATES])
def test_no_axe_findings_signed_out(kept_page, roles_server, axe, path, ready, then):
    page = kept_page(roles_server)
    open_state(page, roles_server, path, ready, then)
    check_page(page, axe)


@pytest.mark.parametrize(("role", "path", "ready", "then"), SIGNED_IN, ids=[f"{s[0]}:{s[1]}" for s in SIGNED_IN])
def test_no_axe_findings_signed_in(kept_page, roles_server, axe, role, path, ready, then):
    page = kept_page(roles_server, role)
    open_state(page, roles_server, path, ready, then)
    check_page(page, axe)


def test_page_titles_name_the_page_and_the_council(kept_page, roles_server):
    page = kept_page(roles_server)
    for path, title in [("/", f"Performance overview – {COUNCIL}"),
                        ("/directorate/housing-and-communities", f"Housing and Communities – Directorate – {COUNCIL}"),
                        ("/measure/HSG01", f"HSG01 Rent loss from empty homes (% of rent due) – Measure – {COUNCIL}"),
                        ("/exceptions", f"Exceptions report – {COUNCIL}")]:
        page.goto(roles_server + path)
        expect(page).to_have_title(title)


@pytest.mark.parametrize("path", ["/", "/measure/HSG01", "/exceptions", "/glossary", "/no/such/page"])
def test_the_skip_link_is_first_and_leads_to_the_main_content(kept_page, roles_server, path):
    page = kept_page(roles_server)
    page.goto(roles_server + path)
    expect(page.locator("main h1")).to_be_visible(timeout=20_000)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to main content")
    box = skip.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10     # shown when it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")                                    # the next stop is inside the page, not the header
    assert page.evaluate("!!document.activeElement.closest('main')")


# Whether the focused element shows it: an outline, a ring (box-shadow), or, for a control drawn over by its box
# (the import page's file input, ag-grid's cells), the box's.
FOCUS_SHOWN = """() => {
  const shows = e => { const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'
      || ['::after', '::before'].some(p => { const a = getComputedStyle(e, p);
           return a.content !== 'none' && parseFloat(a.borderTopWidth) >= 1; }); };
  let e = document.activeElement;
  for (let i = 0; e && i < 3; i++, e = e.parentElement) { if (shows(e)) return [true, '']; }
  const a = document.activeElement;
  return [false, a.tagName + '#' + a.id + '.' + a.className + ' ' + (a.textContent || '').slice(0, 40)];
}"""


@pytest.mark.parametrize(("role", "path", "ready"), [
    (None, "/", f"#{ids.OVERVIEW_BODY} table"),
    (None, "/directorate/resources", f"#{ids.DIRECTORATE_GRID} .ag-row"),
    (None, "/measure/HSG01", f"#{ids.MEASURE_TREND} .js-plotly-plot"),
    ("officer", "/import", f"#{ids.IMPORT_UPLOAD}"),
    ("editor", "/entry?month=2026-10", f"#{ids.ENTRY_GRID} .ag-row"),
], ids=["overview", "directorate", "measure", "import", "entry"])
def test_every_focus_stop_shows_its_focus(kept_page, roles_server, role, path, ready):
    page = kept_page(roles_server, role)
    page.goto(roles_server + path)
    expect(page.locator(ready).first).to_be_attached(timeout=20_000)
    page.wait_for_timeout(300)
    unseen, stops = [], 0
    for _ in range(70):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        stops += 1
        shown, what = page.evaluate(FOCUS_SHOWN)
        if not shown:
            unseen.append(what)
    assert stops > 5 and unseen == [], unseen
