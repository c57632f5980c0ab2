"""The pack's small charts, drawn by hand from the figures: no browser, no network, a few milliseconds each.

One drawing (`shapes`) in pixel coordinates, given as SVG for the HTML and PDF and as PNG (Pillow) for Word,
which cannot show SVG. The value line's markers carry the status by shape as well as colour: a circle on target,
a triangle within tolerance, a cross below target. *How we compare* has its own drawing (`benchmark_shapes`): the
group's middle half shaded, its median dashed, the council's own line thick with square markers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from data.performance.formatting import format_value
from data.performance.status import Status

WIDTH, HEIGHT = 300, 110
LEFT, RIGHT, TOP, BOTTOM = 58, 10, 8, 20
INK, TARGET, BAND, GOOD, BAD = "#1b1b1b", "#4a4a4a", "#d9e4f0", "#1d6b35", "#a4161a"
US = "#0b4f9c"       # the council's own line among its peers (also thicker, with square markers)


@dataclass(frozen=True)
class Shape:
    kind: str                  # "band", "line", "dashed", "circle", "triangle", "cross", "square", "text", "axis"
    points: tuple              # ((x, y), ...)
    colour: str = INK
    text: str = ""
    anchor: str = "start"      # text: start | end | middle
    width: float = 1.5         # lines


def _runs(points: list):
    """Consecutive stretches of points that are not None."""
    run = []
    for p in points:
        if p is None:
            if run:
                yield run
            run = []
        else:
            run.append(p)
    if run:
        yield run


def shapes(rows: list[dict], unit: str | None, decimals) -> list[Shape]:
    """The chart of assess.series rows (label, value, target, edge, status) as shapes."""
    numbers = [r[k] for r in rows for k in ("value", "target", "edge") if r[k] is not None]
    out = [Shape("axis", ((LEFT, TOP), (LEFT, HEIGHT - BOTTOM), (WIDTH - RIGHT, HEIGHT - BOTTOM)))]
    if not rows or not numbers:
        return out + [Shape("text", ((WIDTH / 2, HEIGHT / 2),), text="No figures", anchor="middle")]
    low, high = min(numbers), max(numbers)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    step = (WIDTH - LEFT - RIGHT) / max(len(rows) - 1, 1)

    def x(i):
        return LEFT + (i * step if len(rows) > 1 else (WIDTH - LEFT - RIGHT) / 2)

    def y(v):
        return TOP + (high - v) / (high - low) * (HEIGHT - TOP - BOTTOM)

    def at(key):
        return [None if r[key] is None else (x(i), y(r[key])) for i, r in enumerate(rows)]
    targets, edges = at("target"), at("edge")
    both = [t if t is not None and e is not None else None for t, e in zip(targets, edges)]
    for run in _runs([i if b else None for i, b in enumerate(both)]):
        out.append(Shape("band", tuple(targets[i] for i in run) + tuple(edges[i] for i in reversed(run)),
                         BAND))
    for run in _runs(targets):
        out.append(Shape("dashed", tuple(run), TARGET))
    for run in _runs(at("value")):
        out.append(Shape("line", tuple(run), INK))
    markers = {Status.ON_TARGET: ("circle", GOOD), Status.WITHIN_TOLERANCE: ("triangle", INK),
               Status.BELOW_TARGET: ("cross", BAD)}
    for point, r in zip(at("value"), rows):
        if point is not None:
            kind, colour = markers.get(Status(r["status"]), ("circle", INK))
            out.append(Shape(kind, (point,), colour))
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    out += [Shape("text", ((LEFT - 4, TOP + 8),), text=fmt(high - pad), anchor="end"),
            Shape("text", ((LEFT - 4, HEIGHT - BOTTOM),), text=fmt(low + pad), anchor="end"),
            Shape("text", ((LEFT, HEIGHT - 5),), text=rows[0]["label"]),
            Shape("text", ((WIDTH - RIGHT, HEIGHT - 5),), text=rows[-1]["label"], anchor="end")]
    return out


def _frame(numbers: list, count: int):
    """(x of the i-th period, y of a value, lowest and highest figure) for `count` periods spanning `numbers`."""
    low, high = min(numbers), max(numbers)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)

    def x(i):
        return LEFT + (i * step if count > 1 else (WIDTH - LEFT - RIGHT) / 2)

    def y(v):
        return TOP + (high - v) / (high - low) * (HEIGHT - TOP - BOTTOM)
    return x, y, low + pad, high - pad


def benchmark_shapes(series: list[dict], unit: str | None, decimals) -> list[Shape]:
    """The council against its group over time (`Comparison.series` rows: period, value, q1, median, q3): the
    interquartile band shaded, the median dashed, the council's own figures a thick line with square markers."""
    numbers = [s[k] for s in series for k in ("value", "q1", "median", "q3") if s[k] is not None]
    out = [Shape("axis", ((LEFT, TOP), (LEFT, HEIGHT - BOTTOM), (WIDTH - RIGHT, HEIGHT - BOTTOM)))]
    if not series or not numbers:
        return out + [Shape("text", ((WIDTH / 2, HEIGHT / 2),), text="No figures", anchor="middle")]
    x, y, low, high = _frame(numbers, len(series))
    band = [i if s["q1"] is not None and s["q3"] is not None else None for i, s in enumerate(series)]
    for run in _runs(band):
        out.append(Shape("band", tuple((x(i), y(series[i]["q3"])) for i in run)
                         + tuple((x(i), y(series[i]["q1"])) for i in reversed(run)), BAND))
    for run in _runs([None if s["median"] is None else (x(i), y(s["median"])) for i, s in enumerate(series)]):
        out.append(Shape("dashed", tuple(run), INK))
    ours = [None if s["value"] is None else (x(i), y(s["value"])) for i, s in enumerate(series)]
    for run in _runs(ours):
        out.append(Shape("line", tuple(run), US, width=2.5))
    out += [Shape("square", (point,), US) for point in ours if point is not None]
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    out += [Shape("text", ((LEFT - 4, TOP + 8),), text=fmt(high), anchor="end"),
            Shape("text", ((LEFT - 4, HEIGHT - BOTTOM),), text=fmt(low), anchor="end"),
            Shape("text", ((LEFT, HEIGHT - 5),), text=series[0]["period"]),
            Shape("text", ((WIDTH - RIGHT, HEIGHT - 5),), text=series[-1]["period"], anchor="end")]
    return out


def _path(points) -> str:
    return " ".join(f"{px:.1f},{py:.1f}" for px, py in points)


def svg(rows: list[dict], unit: str | None, decimals, title: str = "") -> str:
    """The chart as an SVG document (its <title> the chart's title; the text alternative goes on the <img>)."""
    return svg_of(shapes(rows, unit, decimals), title)


def svg_of(drawing: list[Shape], title: str = "") -> str:
    """Shapes as an SVG document."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, sans-serif" font-size="9">',
             f"<title>{escape(title)}</title>"]
    for s in drawing:
        if s.kind == "axis":
            parts.append(f'<polyline points="{_path(s.points)}" fill="none" stroke="#888" stroke-width="0.8"/>')
        elif s.kind == "band":
            parts.append(f'<polygon points="{_path(s.points)}" fill="{s.colour}" stroke="none"/>')
        elif s.kind in ("line", "dashed"):
            dash = ' stroke-dasharray="4 3"' if s.kind == "dashed" else ""
            parts.append(f'<polyline points="{_path(s.points)}" fill="none" stroke="{s.colour}" '
                         f'stroke-width="{s.width:g}"{dash}/>')
        elif s.kind == "circle":
            (px, py), = s.points
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.8" fill="{s.colour}"/>')
        elif s.kind == "triangle":
            (px, py), = s.points
            parts.append(f'<polygon points="{_path(_triangle(px, py))}" fill="{s.colour}"/>')
        elif s.kind == "square":
            (px, py), = s.points
            parts.append(f'<rect x="{px - 3:.1f}" y="{py - 3:.1f}" width="6" height="6" fill="{s.colour}"/>')
        elif s.kind == "cross":
            (px, py), = s.points
            parts.append(f'<path d="M{px - 3:.1f},{py - 3:.1f}L{px + 3:.1f},{py + 3:.1f}M{px - 3:.1f},'
                         f'{py + 3:.1f}L{px + 3:.1f},{py - 3:.1f}" stroke="{s.colour}" stroke-width="1.8"/>')
        elif s.kind == "text":
            (px, py), = s.points
            parts.append(f'<text x="{px:.1f}" y="{py:.1f}" text-anchor="{s.anchor}" fill="{INK}">'
                         f"{escape(s.text)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _triangle(px, py, r=3.4):
    return ((px, py - r), (px + r, py + r * 0.8), (px - r, py + r * 0.8))


def png(rows: list[dict], unit: str | None, decimals, scale: int = 3) -> bytes:
    """The same chart as a PNG, `scale` times the SVG's size (sharp when printed from Word)."""
    return png_of(shapes(rows, unit, decimals), scale)


def png_of(drawing: list[Shape], scale: int = 3) -> bytes:
    """Shapes as a PNG."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=9 * scale)

    def sc(points):
        return [(px * scale, py * scale) for px, py in points]
    for s in drawing:
        if s.kind == "axis":
            draw.line(sc(s.points), fill="#888888", width=max(1, scale // 2))
        elif s.kind == "band":
            draw.polygon(sc(s.points), fill=s.colour)
        elif s.kind == "line":
            draw.line(sc(s.points), fill=s.colour, width=int(s.width * scale), joint="curve")
        elif s.kind == "dashed":
            for a, b in zip(s.points, s.points[1:]):
                _dashes(draw, a, b, scale, s.colour, width=s.width)
        elif s.kind == "circle":
            (px, py), = sc(s.points)
            r = 2.8 * scale
            draw.ellipse((px - r, py - r, px + r, py + r), fill=s.colour)
        elif s.kind == "triangle":
            (px, py), = s.points
            draw.polygon(sc(_triangle(px, py)), fill=s.colour)
        elif s.kind == "square":
            (px, py), = s.points
            draw.rectangle(sc(((px - 3, py - 3), (px + 3, py + 3))), fill=s.colour)
        elif s.kind == "cross":
            (px, py), = s.points
            draw.line(sc(((px - 3, py - 3), (px + 3, py + 3))), fill=s.colour, width=2 * scale)
            draw.line(sc(((px - 3, py + 3), (px + 3, py - 3))), fill=s.colour, width=2 * scale)
        elif s.kind == "text":
            (px, py), = sc(s.points)
            anchor = {"start": "ls", "end": "rs", "middle": "ms"}[s.anchor]
            draw.text((px, py), s.text, fill=INK, font=font, anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _dashes(draw, a, b, scale, colour, on=4.0, off=3.0, width=1.5):
    (ax, ay), (bx, by) = a, b
    length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5 or 1.0
    t = 0.0
    while t < length:
        t2 = min(t + on, length)
        draw.line([((ax + (bx - ax) * t / length) * scale, (ay + (by - ay) * t / length) * scale),
                   ((ax + (bx - ax) * t2 / length) * scale, (ay + (by - ay) * t2 / length) * scale)],
                  fill=colour, width=int(width * scale))
        t = t2 + off
