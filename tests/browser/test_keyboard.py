"""Keyboard only: the scrutiny journey (filter the overview, hear what it found, open a measure, land on its
heading) and monthly data entry (choose, type a figure, save, hear the result), with no mouse. Every stop on the
way has an accessible name, and the focus order follows the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboards import ids
from tests.browser.conftest import settled

pytestmark = pytest.mark.browser

# The focused element's accessible name, as a screen reader would say it (enough of the naming rules for our
# controls: aria-label, aria-labelledby, a <label>, then its own text, title or alt).
FOCUSED = """() => {
  const e = document.activeElement;
  const by = (e.getAttribute('aria-labelledby') || '').split(' ').map(i => document.getElementById(i))
    .filter(Boolean).map(x => x.textContent).join(' ');
  const name = e.getAttribute('aria-label') || by || (e.labels && e.labels[0] && e.labels[0].textContent)
    || e.textContent || e.getAttribute('title') || e.getAttribute('alt') || '';
  return {id: e.id, tag: e.tagName, name: name.trim(), top: e.getBoundingClientRect().top + window.scrollY,
          inMain: !!e.closest('main'), inHeader: !!e.closest('header')};
}"""


def tab_until(page, wanted, limit=80) -> list[dict]:
    """Press Tab until `wanted(stop)`; every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        stops.append(stop)
        if wanted(stop):
            return stops
    raise AssertionError(f"never reached: {[s['name'][:30] for s in stops]}")


def assert_named(stops):
    assert [s for s in stops if not s["name"]] == []


def test_scrutiny_journey_by_keyboard(kept_page, roles_server):
    page = kept_page(roles_server, "member")
    page.goto(roles_server + "/")
    expect(page.locator(f"#{ids.OVERVIEW_HEADLINE}")).to_contain_text("Of 60 measures", timeout=20_000)
    stops = tab_until(page, lambda s: s["id"] == ids.OVERVIEW_STATUS)
    assert stops[0]["name"] == "Skip to main content"
    header = [s for s in stops if s["inHeader"]]
    main = [s for s in stops if s["inMain"]]
    assert header and main and stops.index(header[-1]) < stops.index(main[0])   # header, then the page
    assert [s["id"] for s in main] == [ids.OVERVIEW_PERIOD, ids.OVERVIEW_DIRECTORATE, ids.OVERVIEW_PRIORITY,
                                       ids.OVERVIEW_STATUS]                     # the filters in reading order
    assert_named(stops)

    page.keyboard.press("ArrowDown")            # a closed native select steps to its next choice: "On target"
    expect(page).to_have_url(re.compile(r"status=on_target"), timeout=20_000)
    settled(page)
    expect(page.locator(f"#{ids.OVERVIEW_HEADLINE}")).to_contain_text("are on target")
    announce = page.locator(f"#{ids.SHELL_ANNOUNCE}")
    expect(announce).to_contain_text("are on target")                         # the live region says what it found
    assert page.evaluate("document.activeElement.id") == ids.OVERVIEW_STATUS  # the focus stays on the control
    for status in ("within_tolerance", "below_target"):                        # on to the measures below target
        page.keyboard.press("ArrowDown")
        expect(page).to_have_url(re.compile(rf"status={status}"), timeout=20_000)
        settled(page)
        expect(page.locator(f"#{ids.OVERVIEW_STATUS}")).to_have_value(status)
        expect(page.locator(f"#{ids.OVERVIEW_STATUS}")).to_be_focused()
    expect(announce).to_contain_text("are below target")

    stops = tab_until(page, lambda s: s["name"].startswith(("CS", "HSG", "FIN", "HR", "LEG", "HOM", "WST", "STR",
                                                           "PLN", "ENV", "CUS", "REV")) and s["tag"] == "A"
                      and s["inMain"] and s["top"] > 400)
    assert_named(stops)
    tops = [s["top"] for s in stops if s["inMain"]]
    assert all(b > a - 100 for a, b in zip(tops, tops[1:])), [(s["id"], s["name"][:25], s["top"]) for s in stops]              # no jumping back up the page
    code = stops[-1]["name"].split()[0]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/measure/{code}"), timeout=20_000)
    expect(page.locator("main h1")).to_be_focused(timeout=20_000)             # the new page's heading
    expect(page).to_have_title(re.compile(rf"^{code} .* – Measure – Demo District Council$"))
    expect(announce).to_contain_text(code)

    stops = tab_until(page, lambda s: s["name"] == "Against target")          # breadcrumbs, period, then the view
    assert_named(stops)
    page.keyboard.press("ArrowRight")                                          # the radio group: the SPC view
    expect(page).to_have_url(re.compile(r"view=spc"), timeout=20_000)
    expect(page.locator(f"#{ids.MEASURE_SPC} .js-plotly-plot")).to_be_visible(timeout=20_000)
    assert page.locator(f"#{ids.MEASURE_SPC} .modebar").count() == 0          # no toolbar tab stops
    expect(page.locator(f"#{ids.MEASURE_SPC} svg.main-svg").first).to_have_attribute("role", "img")


def test_data_entry_by_keyboard(kept_page, roles_server):
    page = kept_page(roles_server, "editor")
    page.goto(roles_server + "/entry?month=2026-10")
    grid = page.locator(f"#{ids.ENTRY_GRID}")
    expect(grid.locator(".ag-row").first).to_be_visible(timeout=20_000)
    stops = tab_until(page, lambda s: s["id"] == ids.ENTRY_MONTH)
    assert [s["id"] for s in stops if s["inMain"]] == [ids.ENTRY_SERVICE, ids.ENTRY_MONTH]
    assert_named(stops)
    stops = tab_until(page, lambda s: bool(re.search(r"ag-header-cell|ag-cell", page.evaluate(
        "document.activeElement.className || ''"))))
    page.keyboard.press("ArrowDown")                                           # the first measure's row
    for _ in range(12):                                                        # across to its Value cell
        if page.evaluate("document.activeElement.getAttribute('col-id')") == "value":
            break
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('col-id')") == "value"
    page.keyboard.press("Enter")
    page.keyboard.press("Control+A")
    page.keyboard.type("n/a")
    page.keyboard.press("Enter")
    stops = tab_until(page, lambda s: s["id"] == ids.ENTRY_SAVE, limit=120)
    page.keyboard.press("Enter")
    message = page.locator(f"#{ids.ENTRY_MESSAGE}")
    expect(message).to_have_attribute("aria-live", "polite")
    expect(message).to_contain_text(re.compile(r"Saved 1 figure|Nothing had changed"), timeout=20_000)
