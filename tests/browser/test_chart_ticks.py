"""Axis labels never collide: the tick labels' bounding boxes, read from each rendered chart's SVG, do not overlap on
any axis of any chart, at 1280x720, at 200% zoom (640x360 CSS px), at 320 px and in meeting mode; months read
`Oct 2024`."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboards import ids

pytestmark = pytest.mark.browser

CHARTS = [
    ("/measure/CS01?grain=month", f"#{ids.MEASURE_TREND} .xtick"),
    ("/measure/HSG01?grain=quarter", f"#{ids.MEASURE_TREND} .xtick"),
    ("/measure/HSG01?grain=year", f"#{ids.MEASURE_TREND} .xtick"),
    ("/measure/CS01?view=spc", f"#{ids.MEASURE_SPC} .xtick"),
    ("/measure/HSG01?view=spc", f"#{ids.MEASURE_SPC} .xtick"),
    ("/directorate/housing-and-communities", ".monthly-view .xtick"),
    ("/directorate/resources?meeting=1", ".monthly-view .xtick"),
]
SIZES = {"1280x720": (1280, 720), "zoom-200%": (640, 360), "320px": (320, 720), "1920x1080": (1920, 1080)}

# Every chart's tick labels: the box of each (with its visible text), grouped by chart.
TICK_BOXES = """() => {
  const axes = [];
  document.querySelectorAll('.js-plotly-plot').forEach(plot => {
    const boxes = [];   // every axis of a chart at once: one panel's labels may not run into the next panel's
    plot.querySelectorAll('g.xtick > text, g.ytick > text').forEach(t => {
      const r = t.getBoundingClientRect();
      if (r.width > 0 && t.textContent.trim()) boxes.push({text: t.textContent, x0: r.left, x1: r.right,
                                                            y0: r.top, y1: r.bottom});
    });
    axes.push(boxes);
  });
  return axes;
}"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes intersect (a pixel of slack for anti-aliasing)."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["x0"] < b["x1"] - 1 and b["x0"] < a["x1"] - 1 and a["y0"] < b["y1"] - 1 and b["y0"] < a["y1"] - 1:
                out.append((a["text"], b["text"]))
    return out


def test_overlap_check_finds_a_collision():
    boxes = [{"text": "2025-0", "x0": 0, "x1": 50, "y0": 0, "y1": 14},
             {"text": "2025-03", "x0": 40, "x1": 90, "y0": 0, "y1": 14},
             {"text": "2025-06", "x0": 100, "x1": 150, "y0": 0, "y1": 14}]
    assert overlapping(boxes) == [("2025-0", "2025-03")]


@pytest.mark.parametrize(("path", "ticks"), CHARTS, ids=[c[0] for c in CHARTS])
def test_tick_labels_do_not_overlap(kept_page, live_server, path, ticks):
    """Drawn at the first size, then the window resized through the others (plotly redraws to its box, and the
    ticks are spaced again), as a user zooming or moving the window to a projector would."""
    page = kept_page(live_server)
    (first, *others) = SIZES.values()
    page.set_viewport_size(dict(zip(("width", "height"), first)))
    page.goto(live_server + path)
    if path.startswith("/directorate"):
        page.wait_for_load_state("networkidle")   # the button's callback is wired
        page.locator(f"#{ids.DIRECTORATE_TRENDS}").click()
    expect(page.locator(ticks).first).to_be_attached(timeout=20_000)
    for name, size in SIZES.items():
        page.set_viewport_size(dict(zip(("width", "height"), size)))
        for _ in range(12):          # plotly's resize to its box, then the ticks spaced again: settled within 6 s
            page.wait_for_timeout(500)
            axes = page.evaluate(TICK_BOXES)
            clashes = [pair for boxes in axes for pair in overlapping(boxes)]
            if axes and all(axes) and not clashes:
                break
        assert axes and all(axes), f"{name}: no tick labels found"
        assert clashes == [], (name, clashes)
        labels = [b["text"] for boxes in axes for b in boxes]
        assert not [t for t in labels if re.fullmatch(r"\d{4}-\d{2}", t)], (name, labels)  # months as "Oct 2024"
