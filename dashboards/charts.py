"""Pure chart builders for the overview and directorate pages: series rows in, a figure or an image out.

Colours and marker shapes are the one chart vocabulary (dashboards/chart_style.py); status is also carried by marker
shape and by the text beside each chart.
"""

from __future__ import annotations

import base64
import math

from data.performance.formatting import format_value
from dashboards.chart_style import (BAND_FILL, BLACK, BLUE, FONT_FAMILY, GRID, STATUS_MARKER, TEXT, TICK_META,
                                    category_axis, tick_labels)
from data.performance.status import Status

PANEL_HEIGHT = 190


def _present(v) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def sparkline_src(values: list, width: int = 120, height: int = 32) -> str:
    """An inline SVG polyline of the values as a data URI (gaps skipped); light enough for a card per measure."""
    points = [(i, float(v)) for i, v in enumerate(values) if _present(v)]
    if len(points) < 2:
        svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"></svg>'
    else:
        low, high = min(v for _, v in points), max(v for _, v in points)
        span = (high - low) or 1.0
        step = (width - 4) / max(len(values) - 1, 1)
        coords = [(2 + i * step, height - 3 - (v - low) / span * (height - 6)) for i, v in points]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        x, y = coords[-1]
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
               f'viewBox="0 0 {width} {height}"><polyline fill="none" stroke="{BLUE}" stroke-width="2" '
               f'points="{line}"/><circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BLUE}"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def sparkline_text(rows: list[dict], unit, decimals) -> str:
    """The sparkline in words: `Jul-Sep 2024 to Jul-Sep 2026: from 0.70% to 0.85%`."""
    present = [r for r in rows if _present(r["value"])]
    if not present:
        return "No recent values."
    first, last = present[0], present[-1]
    return (f"Trend from {first['label']} to {last['label']}: from {format_value(first['value'], unit, decimals)} "
            f"to {format_value(last['value'], unit, decimals)}.")


def multiples_figure(panels: list[dict], columns: int = 3, large: bool = False, label: str = "") -> dict:
    """Small multiples, one panel per measure: value line, dashed target, tolerance band shaded to the edge.

    Each panel is {"title", "unit", "decimals", "rows": assess.series rows}. Returns a plain figure dict: building
    go.Figure objects validates every property and cost ~100 ms per chart, too slow for a filter change.
    """
    data, annotations = [], []
    if large:  # meeting mode: fewer, taller panels and bigger type for a projector
        columns = min(columns, 2)
    tick, title, panel_height = (15, 17, 270) if large else (11, 13, PANEL_HEIGHT)
    rows_needed = max(math.ceil(len(panels) / columns), 1)
    gap_x, gap_y = 0.06, 0.55 / rows_needed
    width = (1 - gap_x * (columns - 1)) / columns
    height = (1 - gap_y * (rows_needed - 1)) / rows_needed
    layout = {}
    for n, panel in enumerate(panels):
        row, col = divmod(n, columns)
        suffix = "" if n == 0 else str(n + 1)
        x0 = col * (width + gap_x)
        y1 = 1 - row * (height + gap_y)
        layout[f"xaxis{suffix}"] = {**category_axis(tick_labels(r["label"] for r in panel["rows"])),
                                    "domain": [max(x0, 0), min(x0 + width, 1)], "anchor": f"y{suffix}",
                                    "showgrid": False, "tickfont": {"size": tick}, "automargin": False}
        layout[f"yaxis{suffix}"] = {"domain": [max(y1 - height, 0), min(y1, 1)], "anchor": f"x{suffix}",
                                    "gridcolor": GRID, "tickfont": {"size": tick}, "nticks": 4,
                                    "ticksuffix": "%" if panel["unit"] == "%" else ""}
        for trace in _panel_traces(panel, first=n == 0):
            data.append({**trace, "xaxis": f"x{suffix}", "yaxis": f"y{suffix}"})
        annotations.append({"text": _clip(panel["title"], 44), "x": max(x0, 0), "y": min(y1, 1), "xref": "paper",
                            "yref": "paper", "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                            "font": {"size": title, "color": TEXT}, "yshift": 4})
    layout.update(height=panel_height * rows_needed + 60, margin={"l": 64 if large else 52, "r": 12, "t": 30, "b": 50},
                  font={"family": FONT_FAMILY, "color": TEXT, "size": tick + 1}, plot_bgcolor="white", paper_bgcolor="white",
                  showlegend=True, legend={"orientation": "h", "y": -0.35 / rows_needed, "x": 0},
                  hovermode="closest", annotations=annotations, meta={**TICK_META, "cpdLabel": label})
    return {"data": data, "layout": layout}


def _panel_traces(panel: dict, first: bool) -> list[dict]:
    rows = panel["rows"]
    x = tick_labels(r["label"] for r in rows)
    fmt = lambda v: format_value(v, panel["unit"], panel["decimals"])  # noqa: E731
    traces = []
    if any(_present(r["target"]) for r in rows):
        traces.append({"type": "scatter", "x": x, "y": [r["edge"] for r in rows], "mode": "lines",
                       "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False, "name": "Edge of tolerance"})
        traces.append({"type": "scatter", "x": x, "y": [r["target"] for r in rows], "mode": "lines",
                       "name": "Target (shaded: tolerance band)", "fill": "tonexty", "fillcolor": BAND_FILL,
                       "line": {"color": BLACK, "dash": "dash", "width": 1.5}, "legendgroup": "target",
                       "showlegend": first, "customdata": [fmt(r["target"]) for r in rows],
                       "hovertemplate": "Target %{customdata}<extra></extra>"})
    symbols = [STATUS_MARKER[Status(r["status"])] for r in rows]
    traces.append({"type": "scatter", "x": x, "y": [r["value"] for r in rows], "mode": "lines+markers",
                   "name": "Value", "line": {"color": BLUE, "width": 2}, "legendgroup": "value",
                   "showlegend": first, "connectgaps": False,
                   "marker": {"symbol": [s for s, _ in symbols], "color": [c for _, c in symbols], "size": 7},
                   "customdata": [f"{fmt(r['value'])} ({Status(r['status']).label})" for r in rows],
                   "hovertemplate": "%{x}: %{customdata}<extra></extra>"})
    return traces


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def multiples_summary(panels: list[dict]) -> list[str]:
    """One sentence per panel: latest value, its status, and how many periods met target."""
    out = []
    for panel in panels:
        rows = [r for r in panel["rows"] if _present(r["value"])]
        if not rows:
            out.append(f"{panel['title']}: no values in these periods.")
            continue
        last = rows[-1]
        met = sum(Status(r["status"]) in (Status.ON_TARGET, Status.WITHIN_TOLERANCE) for r in rows)
        judged = sum(Status(r["status"]) in (Status.ON_TARGET, Status.WITHIN_TOLERANCE, Status.BELOW_TARGET)
                     for r in rows)
        sentence = (f"{panel['title']}: {format_value(last['value'], panel['unit'], panel['decimals'])} in "
                    f"{last['label']} ({Status(last['status']).label})")
        if judged:
            sentence += f"; on target or within tolerance in {met} of {judged} periods"
        out.append(sentence + ".")
    return out
