"""The one chart vocabulary: colours, the marker shape of each status, the tolerance band and the font, for every
chart (the measure page's trend and SPC charts, the directorate's small multiples, the sparklines).

Colours follow Okabe & Ito's colour-blind-safe palette, darkened where needed so every marker and line has at
least 3:1 contrast against white and against the tolerance band (WCAG 1.4.11); the shape carries the status too.
"""

from __future__ import annotations

from data.performance.status import Status

GREEN = "#007A5A"        # Okabe-Ito bluish green, darkened
AMBER = "#9E6A00"        # Okabe-Ito orange, darkened
VERMILLION = "#D55E00"
BLUE = "#0072B2"
PURPLE = "#A8508A"       # Okabe-Ito reddish purple, darkened
BLACK = "#000000"
GREY = "#595959"         # quiet lines (last year, limits): 7:1 against white
LIGHT_GREY = "#8C8C8C"   # the SPC chart's joining line, under its markers
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
