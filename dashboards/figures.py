"""Pure chart builders for the measure page: rows in, `go.Figure` out. Status is shown by marker shape and a legend
in words, in the one chart vocabulary (dashboards/chart_style.py), never by colour alone."""

from __future__ import annotations

import plotly.graph_objects as go

from data.performance.formatting import format_value
from dashboards.chart_style import (AMBER, BAND_FILL, BLACK, BLUE, FONT_FAMILY, GREY, LIGHT_GREY, PURPLE,
                                    STATUS_MARKER, TEXT, TICK_META, VERMILLION, category_axis, tick_label,
                                    tick_labels)
from data.performance.status import Status

FONT = dict(family=FONT_FAMILY, size=14, color=TEXT)


def axis_format(unit: str | None, decimals: int = 0) -> dict:
    """Tick format, prefix and suffix so the axis reads `0.80%` or `£1,200`."""
    fmt = {"tickformat": f",.{decimals}f"}
    if unit == "%":
        return {**fmt, "ticksuffix": "%"}
    if unit == "£":
        return {**fmt, "tickprefix": "£"}
    return fmt


def base_layout(title: str, unit: str | None, decimals: int = 0, y_title: str | None = None) -> dict:
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=16)),
        font=FONT, template="plotly_white", hovermode="x unified",
        margin=dict(l=60, r=20, t=50, b=60),
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0, font=dict(size=13)),
        yaxis=dict(title=dict(text=y_title or (unit if unit and unit not in ("%", "£") else "")),
                   zeroline=False, **axis_format(unit, decimals)),
        meta={**TICK_META, "cpdLabel": title},
    )


def trend_figure(rows: list[dict], last_year: list | None = None, *, unit: str | None = None,
                 decimals: int = 0, title: str = "") -> go.Figure:
    """Actual values with status markers, the target line, the shaded tolerance band and last year's line.

    `rows` are `data.performance.assess.series` rows (label, value, target, edge, status); `last_year` holds the value
    of the same period a year earlier, one per row.
    """
    rows = [{**r, "label": tick_label(r["label"])} for r in rows]
    labels = [r["label"] for r in rows]
    fig = go.Figure()
    banded = [r for r in rows if r["target"] is not None and r["edge"] is not None]
    if banded:
        band_x = [r["label"] for r in banded]
        fig.add_trace(go.Scatter(
            name="Tolerance band", x=band_x + band_x[::-1],
            y=[r["target"] for r in banded] + [r["edge"] for r in banded][::-1],
            fill="toself", fillcolor=BAND_FILL, line=dict(width=0), hoverinfo="skip", mode="lines"))
    if any(r["target"] is not None for r in rows):
        fig.add_trace(go.Scatter(
            name="Target", x=labels, y=[r["target"] for r in rows], mode="lines",
            line=dict(color=BLACK, dash="dash", width=2),
            hovertemplate=[f"Target: {format_value(r['target'], unit, decimals)}<extra></extra>" for r in rows]))
    if last_year is not None and any(v is not None for v in last_year):
        fig.add_trace(go.Scatter(
            name="Last year", x=labels, y=last_year, mode="lines", connectgaps=False,
            line=dict(color=GREY, dash="dot", width=2),
            hovertemplate=[f"Last year: {format_value(v, unit, decimals)}<extra></extra>" for v in last_year]))
    fig.add_trace(go.Scatter(
        name="Actual", x=labels, y=[r["value"] for r in rows], mode="lines",
        line=dict(color=BLUE, width=3), hoverinfo="skip"))
    for status, (symbol, colour) in STATUS_MARKER.items():
        points = [r for r in rows if r["value"] is not None and r["status"] is status]
        if not points:
            continue
        fig.add_trace(go.Scatter(
            name=status_legend(status), x=[r["label"] for r in points], y=[r["value"] for r in points],
            mode="markers", marker=dict(symbol=symbol, size=13, color=colour, line=dict(width=1.5, color=colour)),
            hovertemplate=[f"{format_value(r['value'], unit, decimals)} ({status_legend(status)})<extra></extra>"
                           for r in points]))
    layout = base_layout(title, unit, decimals)
    layout["xaxis"] = category_axis(labels)
    fig.update_layout(**layout)
    return fig


def status_legend(status: Status) -> str:
    """Legend words for a status marker: `No data` would be wrong for a value with no target."""
    return "No target" if status is Status.NO_DATA else status.label


def trend_summary(rows: list[dict], *, unit: str | None, decimals: int, title: str) -> str:
    """One sentence a screen reader hears instead of the chart."""
    shown = [r for r in rows if r["value"] is not None]
    if not shown:
        return f"{title}: no values to chart for these periods."
    latest = shown[-1]
    sentence = (f"{title} from {shown[0]['label']} to {latest['label']}: latest "
                f"{format_value(latest['value'], unit, decimals)}")
    if latest["target"] is not None:
        sentence += f" against a target of {format_value(latest['target'], unit, decimals)} ({latest['status'].label})"
    judged = [r for r in shown if r["status"] in (Status.ON_TARGET, Status.WITHIN_TOLERANCE, Status.BELOW_TARGET)]
    if judged:
        on = sum(r["status"] is Status.ON_TARGET for r in judged)
        sentence += f"; on target in {on} of {len(judged)} periods"
    return sentence + "."


# SPC point types, as NHS England's "Making Data Count": blue improvement, orange concern, purple neutral,
# each with its own marker shape too.
SPC_MARKER = {
    "common_cause": ("Common cause", "circle", GREY),
    "special_cause_improvement": ("Special cause: improvement", "diamond", BLUE),
    "special_cause_concern": ("Special cause: concern", "square", AMBER),
    "special_cause_neutral_high": ("Special cause: higher", "triangle-up", PURPLE),
    "special_cause_neutral_low": ("Special cause: lower", "triangle-down", PURPLE),
}


def _segments(result: dict) -> list[list[int]]:
    """Point indexes grouped by SPC segment (a rebase starts a new one)."""
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(result["segment"]):
        groups.setdefault(s, []).append(i)
    return list(groups.values())


def spc_figure(result: dict, labels: list[str], *, unit: str | None = None, decimals: int = 0,
               title: str = "") -> go.Figure:
    """An XmR chart from `data.spc.xmr.xmr`: values, centre line, process limits per segment, the target,
    special-cause points by shape and colour, and a dotted line at each rebase with its reason."""
    fig = go.Figure()
    labels = tick_labels(labels)
    fmt = lambda v: format_value(v, unit, decimals)  # noqa: E731
    fig.add_trace(go.Scatter(name="Actual", x=labels, y=result["value"], mode="lines",
                             line=dict(color=LIGHT_GREY, width=1.5), hoverinfo="skip"))
    for n, rows in enumerate(_segments(result)):
        x = [labels[i] for i in rows]
        for key, name, dash, width in (("mean", "Average (centre line)", "solid", 2),
                                       ("upl", "Process limits", "dash", 1.5), ("lpl", "Process limits", "dash", 1.5)):
            fig.add_trace(go.Scatter(
                name=name, x=x, y=[result[key][i] for i in rows], mode="lines", legendgroup=name,
                showlegend=n == 0 and key != "lpl", line=dict(color=BLACK if key == "mean" else GREY,
                                                              dash=dash, width=width),
                hovertemplate=[f"{name if key == 'mean' else ('Upper' if key == 'upl' else 'Lower') + ' limit'}: "
                               f"{fmt(result[key][i])}<extra></extra>" for i in rows]))
    if result.get("target") is not None:
        fig.add_trace(go.Scatter(name="Target", x=labels, y=[result["target"]] * len(labels), mode="lines",
                                 line=dict(color=VERMILLION, dash="dot", width=2),
                                 hovertemplate=f"Target: {fmt(result['target'])}<extra></extra>"))
    for point_type, (name, symbol, colour) in SPC_MARKER.items():
        points = [i for i, t in enumerate(result["point_type"]) if t == point_type]
        if points:
            fig.add_trace(go.Scatter(
                name=name, x=[labels[i] for i in points], y=[result["value"][i] for i in points], mode="markers",
                marker=dict(symbol=symbol, size=11 if point_type == "common_cause" else 13, color=colour),
                hovertemplate=[f"{fmt(result['value'][i])}: {name} ({result['special_cause_type'][i]})"
                               "<extra></extra>" for i in points]))
    for change in result.get("rebase", []):
        at = result["date"].index(change["date"])
        x = labels[at]
        fig.add_shape(type="line", x0=x, x1=x, yref="paper", y0=0, y1=1, line=dict(color=GREY, dash="dot"))
        fig.add_annotation(x=x, yref="paper", y=1, yanchor="bottom", showarrow=False,
                           xanchor="left" if at < len(labels) / 2 else "right",   # its words stay over the chart
                           text=f"Rebased: {change['reason'] or 'process change'}", font=dict(size=12))
    layout = base_layout(title, unit, decimals)
    layout["xaxis"] = category_axis(labels)
    layout["margin"]["t"] = 70
    fig.update_layout(**layout)
    return fig
