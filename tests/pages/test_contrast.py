"""Non-text contrast (WCAG 1.4.11), computed from the palette: every status marker, SPC marker and chart line at
least 3:1 against what it sits on (the white plot, the shaded tolerance band over it), and every status bar
segment at least 3:1 against the white between segments."""

from __future__ import annotations

import re

import pytest

from dashboards import chart_style, figures
from tests.conftest import ROOT

WHITE = (255, 255, 255)


def rgb(colour: str) -> tuple[float, ...]:
    colour = colour.strip()
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    r, g, b, *alpha = (float(x) for x in re.findall(r"[\d.]+", colour))
    return (r, g, b, *alpha)


def over(colour: tuple, background: tuple = WHITE) -> tuple[float, float, float]:
    """A translucent colour composited over an opaque background."""
    if len(colour) == 3:
        return colour
    *c, a = colour
    return tuple(a * x + (1 - a) * y for x, y in zip(c, background))


def luminance(colour) -> float:
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_says():
    assert contrast(rgb("#000000"), WHITE) == pytest.approx(21)
    assert contrast(rgb("#E69F00"), WHITE) == pytest.approx(2.25, abs=0.01)   # the amber the markers used to have
    assert contrast(rgb("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)


BAND = over(rgb(chart_style.BAND_FILL))
MARKERS = {**{f"status {s.value}": c for s, (_, c) in chart_style.STATUS_MARKER.items()},
           **{f"SPC {k}": c for k, (_, _, c) in figures.SPC_MARKER.items()}}
LINES = {"actual": chart_style.BLUE, "target": chart_style.BLACK, "last year and limits": chart_style.GREY,
         "SPC joining line": chart_style.LIGHT_GREY, "SPC target": chart_style.VERMILLION}


@pytest.mark.parametrize("name", [*MARKERS, *LINES])
@pytest.mark.parametrize("background", ["white", "tolerance band"])
def test_every_marker_and_line_stands_out_from_the_plot(name, background):
    colour = rgb({**MARKERS, **LINES}[name])
    ground = WHITE if background == "white" else BAND
    assert contrast(colour, ground) >= 3, f"{name} {contrast(colour, ground):.2f}:1 on the {background}"


def css_bars() -> dict[str, str]:
    css = (ROOT / "assets" / "style.css").read_text()
    return dict(re.findall(r"--status-(\w+)-bar:\s*(#[0-9A-Fa-f]{6})", css))


def test_every_status_has_a_bar_colour():
    assert set(css_bars()) == {s.value for s, _ in chart_style.STATUS_MARKER.items()}


@pytest.mark.parametrize("status", sorted(css_bars()))
def test_every_status_bar_segment_stands_out_from_the_white_between(status):
    assert contrast(rgb(css_bars()[status]), WHITE) >= 3, css_bars()[status]
