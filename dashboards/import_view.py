"""Pure builders for the import page: the preview of an upload (figures shown in their units, old and new side by
side), its problems with the plain reason for each, what was left out, and the messages after confirming."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from data.core import settings
from data.imports.choices import Confirmed
from data.imports.intake import Preview
from data.imports.limits import Limits
from data.performance.formatting import format_value

MAX_ROWS_SHOWN = 200
NEW_VALUES_SHOWN = 20


def upload_limit_mb() -> float:
    """Megabytes a web upload may have: the server's MAX_UPLOAD_MB, never above the importer's own limit."""
    return min(Limits.current().file_bytes / 1024 / 1024, float(settings.get("MAX_UPLOAD_MB") or 50))


def upload_limit() -> int:
    return int(upload_limit_mb() * 1024 * 1024)


def _places(v: float) -> int:
    text = f"{v:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def figure(v, unit=None, decimals=None) -> str:
    """A figure in its unit, never with fewer decimals than it has: `0.85%`, `£1,234`, `44 secs`."""
    if v is None:
        return "No data"
    return format_value(v, unit, max(int(decimals or 0), _places(v)))


def problems_table(problems) -> html.Div:
    rows = [html.Tr([html.Td(p.sheet), html.Td(p.row or ""), html.Td(p.column or ""), html.Td(p.message)])
            for p in problems[:MAX_ROWS_SHOWN]]
    more = [html.P(f"… and {len(problems) - MAX_ROWS_SHOWN} more.")] if len(problems) > MAX_ROWS_SHOWN else []
    return html.Div([dbc.Table([html.Thead(html.Tr([html.Th("Sheet"), html.Th("Row"), html.Th("Column"),
                                                    html.Th("Why")])), html.Tbody(rows)],
                               size="sm", bordered=True, className="import-problems"), *more],
                    className="table-responsive", role="region", tabIndex=0, **{"aria-label": "Problems found"})


def _notes(preview: Preview) -> list:
    notes = preview.understood.notes
    if not notes:
        return []
    return [html.H3("What the importer read into the file", className="h6 mt-3"),
            html.Ul([html.Li(n) for n in notes[:40]] + ([html.Li(f"… and {len(notes) - 40} more.")]
                                                        if len(notes) > 40 else []), className="small")]


def _figures_table(preview: Preview) -> html.Div:
    c = preview.changes
    unit = preview.units
    rows = [(code, period, what, old, new) for what, changed in (("value", c.changed_values),
                                                                ("target", c.changed_targets))
            for code, period, old, new in changed[:MAX_ROWS_SHOWN]]
    rows += [(code, period, "value (new)", None, value) for code, period, value in c.added_values[:NEW_VALUES_SHOWN]]
    if not rows:
        return html.Div()
    body = [html.Tr([html.Td(code), html.Td(period), html.Td(what),
                     html.Td("–" if what.endswith("(new)") else figure(old, *unit.get(code, (None, None)))),
                     html.Td(figure(new, *unit.get(code, (None, None))))]) for code, period, what, old, new in rows]
    more = c.new_values - min(len(c.added_values), NEW_VALUES_SHOWN)
    return html.Div([dbc.Table([html.Thead(html.Tr([html.Th("Measure"), html.Th("Period"), html.Th("Figure"),
                                                    html.Th("Now"), html.Th("After import")])), html.Tbody(body)],
                               size="sm", bordered=True, className="import-changes"),
                     html.P(f"… and {more} more new values.", className="small") if more > 0 else None],
                    className="table-responsive", role="region", tabIndex=0, **{"aria-label": "Figures that would change"})


def preview_panel(preview: Preview) -> html.Div:
    if not preview.ok:
        return dbc.Alert([html.H2(f"{preview.filename} cannot be imported", className="h5"),
                          html.P(f"{len(preview.problems)} problem(s); nothing has been written. Change the choices "
                                 "above, or fix the file and upload it again."),
                          problems_table(preview.problems), *_notes(preview)], color="danger")
    c, p = preview.changes, preview.prepared
    waiting = " (as submitted: they wait for approval)" if c.state == "submitted" else ""
    summary = html.Ul([
        html.Li(f"{len(c.new_measures)} new measures" + (f": {', '.join(c.new_measures[:20])}"
                                                          if c.new_measures else "")),
        html.Li(f"{len(c.changed_measures)} measures with changed details"),
        html.Li(f"{c.new_values} new values, {len(c.changed_values)} changed values{waiting}"),
        html.Li(f"{c.new_targets} new targets, {len(c.changed_targets)} changed targets"),
        html.Li(f"{c.new_commentary} new comments"),
    ] + ([html.Li(f"{c.benchmarks} figure{'s' if c.benchmarks != 1 else ''} of other areas kept for benchmarking")]
         if c.benchmarks else []))
    skipped = [html.H3("Rows not imported", className="h6 mt-3"), problems_table(p.skipped)] if p.skipped else []
    if p.ignored:
        skipped.append(html.P(f"Columns not imported: {', '.join(p.ignored[:30])}"
                              + (" …" if len(p.ignored) > 30 else "") + ".", className="small"))
    nothing = c.nothing
    return dbc.Alert([
        html.H2(f"{preview.filename}: {'nothing would change' if nothing else 'ready to import'}", className="h5"),
        html.P(f"{p.rows_read} rows read ({', '.join(f'{s}: {k}' for s, k in p.layouts.items())}), checked in "
               f"{p.seconds:.1f} s."),
        summary, _figures_table(preview), *skipped, *_notes(preview),
    ], color="secondary" if nothing else "info")


def result_alert(message: str, ok: bool = True) -> dbc.Alert:
    return dbc.Alert(message, color="success" if ok else "danger")


def confirmed_alert(filename: str, done: Confirmed) -> dbc.Alert:
    if done.problems is not None:
        return result_alert(f"Refused: {len(done.problems)} problem(s); nothing was written. "
                            + "; ".join(str(p) for p in done.problems[:3]), False)
    c = done.changes
    saved = f" The choices were saved as {done.saved_as!r}." if done.saved_as else ""
    waiting = " They wait for approval on the entry page." if c.state == "submitted" else ""
    return result_alert(f"Imported {filename}: {len(c.new_measures)} new measures, {c.new_values} new values, "
                        f"{len(c.changed_values)} changed values, {c.new_targets} new targets, "
                        f"{len(c.changed_targets)} changed targets.{waiting}{saved}")


def export_options(directorates) -> list[dict]:
    return [{"label": "Every directorate", "value": "all"}] + [
        {"label": name, "value": slug} for slug, name in directorates]


def period_options(periods, everything: str) -> list[dict]:
    """Quarters and years with data, newest first, after an `everything` choice."""
    return [{"label": everything, "value": "all"}] + [{"label": p.name, "value": p.label} for p in periods]


CONFIRM_CLASS = "me-2"   # the Confirm button's classes (the background check adds `disabled` while it runs)
