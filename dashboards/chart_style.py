"""The one chart vocabulary: colours, the marker shape of each status, the tolerance band and the font, for every
chart (the measure page's trend and SPC charts, the directorate's small multiples, the sparklines).

Colours follow Okabe & Ito's colour-blind-safe palette, darkened where needed so every marker and line has at
least 3:1 contrast against white and against the tolerance band (WCAG 1.4.11); the shape carries the status too.
"""

from __future__ import annotations

import re
from datetime import date

from data.performance.status import Status

GREEN = "#007A5A"        # Okabe-Ito bluish green, darkened
AMBER = "#9E6A00"        # Okabe-Ito orange, darkened
VERMILLION = "#D55E00"
BLUE = "#0072B2"
PURPLE = "#A8508A"       # Okabe-Ito reddish purple, darkened
BLACK = "#000000"
GREY = "#595959"         # quiet lines (last year, limits): 7:1 against white
LIGHT_GREY = "#7A7A7A"   # the SPC chart's joining line, under its markers: 3:1 on the band too
TEXT = "#212529"
GRID = "#E5E5E5"
BAND_FILL = "rgba(230, 159, 0, 0.22)"   # the within-tolerance zone between the target and its edge
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# Marker per status: the shape carries the meaning, the colour repeats it.
STATUS_MARKER = {
    Status.ON_TARGET: ("circle", GREEN),
    Status.WITHIN_TOLERANCE: ("diamond", AMBER),
    Status.BELOW_TARGET: ("x", VERMILLION),
    Status.DATA_ONLY: ("square", BLUE),
    Status.ANNUAL: ("triangle-up", BLUE),
    Status.NO_DATA: ("circle-open", GREY),   # a value with no target to judge it by
}
MARKER_WORDS = "circle on target, diamond within tolerance, cross below target"


# Axis labels. A month reads `Oct 2024` (never `2024-10`); quarters and years keep their financial-year names. How
# many category labels an axis shows is decided in the browser from the axis's drawn width (assets/chart-ticks.js):
# every `step`-th label, counted back from the latest, so that each label has TICK_GAP_PX clear on either side.
TICK_GAP_PX = 12
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def tick_label(label: str) -> str:
    """`2024-10` -> `Oct 2024`; anything else as it is."""
    match = _MONTH.fullmatch(str(label))
    return f"{date(int(match[1]), int(match[2]), 1):%b %Y}" if match else label


def tick_labels(labels) -> list[str]:
    return [tick_label(label) for label in labels]


def category_axis(labels: list[str]) -> dict:
    """A category x axis in time order, labels level (never rotated into each other); its tick spacing follows its
    width (assets/chart-ticks.js reads `meta`)."""
    labels = list(labels)
    return {"type": "category", "categoryorder": "array", "categoryarray": labels, "tickangle": 0,
            "automargin": True, "range": [-0.5, len(labels) - 0.5]}


TICK_META = {"cpdTickGap": TICK_GAP_PX}   # layout.meta: what the browser's tick spacing reads
