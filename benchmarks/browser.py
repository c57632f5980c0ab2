"""First render in headless Chromium: from navigation start until the page's main content is visible."""

from __future__ import annotations

import os
import statistics

from dashboards import ids

READY = {"overview": f"#{ids.OVERVIEW_BODY} table", "directorate": f"#{ids.DIRECTORATE_BODY} .measure-card",
         "measure": f"#{ids.MEASURE_TREND} .js-plotly-plot"}


def pages(directorate: str, measure: str) -> list[tuple[str, str, str]]:
    """(name, path, the element whose appearance ends the timing) per page."""
    return [("overview", "/", READY["overview"]), ("directorate", f"/directorate/{directorate}", READY["directorate"]),
            ("measure", f"/measure/{measure}", READY["measure"])]


# Stamped in the page itself when the element first has a size, so a busy main thread (plotly starting up after the
# content is already on screen) does not delay the reading the way polling from outside would.
STAMP = """
window.__contentAt = null;
new MutationObserver(function (_, observer) {
  var el = document.querySelector(%r);
  if (el && el.getBoundingClientRect().height > 0) { window.__contentAt = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true, attributes: true});
"""
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def first_render(base: str, paths: list[tuple[str, str, str]], runs: int = 5) -> dict[str, list[float]]:
    """Seconds per page, each run in a fresh browser context (empty cache, as a first visit)."""
    from playwright.sync_api import sync_playwright
    out: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                                    headless=True, args=ARGS)
        for name, path, ready in paths:
            out[name] = []
            for _ in range(runs + 1):
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                context.add_init_script(STAMP % ready)
                page = context.new_page()
                page.goto(base + path, wait_until="commit")
                page.locator(ready).first.wait_for(state="visible", timeout=15000)
                page.wait_for_function("window.__contentAt !== null", timeout=15000)
                out[name].append(page.evaluate("window.__contentAt") / 1000)  # ms since navigation start
                context.close()
            out[name] = out[name][1:]  # the first run warms the server's workers
        browser.close()
    return out


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.2f} s  max {max(times):.2f} s  (n={len(times)})"
