"""Command-line tools on the Flask server: `flask --app app init-db | seed-demo | import | summary`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from commands import fail as _fail

from data.core import audit, clock, db, loaders
from data.reporting import choice
from data.core.periods import Period, PeriodError
from data.demo import council as demo
from data.demo import county as county_demo
from data.imports import export, intake, mapping
from data.imports.mapping import Mapping
from data.imports.problems import ImportRefused
from data.performance import summary




@click.command("init-db")
def init_db() -> None:
    """Create or migrate the database schema to the latest version."""
    db.upgrade()
    click.echo("Database is at the latest schema.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only load when no measure is stored yet.")
@click.option("--county", is_flag=True, help="The county-sized council instead: 500 measures, monthly since 2016/17.")
def seed_demo(if_empty: bool, county: bool) -> None:
    """Load the demo council (deterministic; loading it twice changes nothing)."""
    db.upgrade()
    if if_empty and not db.is_empty():
        click.echo("Database already holds measures; demo not loaded.")
        return
    (county_demo if county else demo).load(db.engine())
    click.echo("County demo loaded." if county else "Demo council loaded.")


def _pairs(values: tuple[str, ...], what: str) -> dict[str, str]:
    """`("HSG01=lower",)` -> {"HSG01": "lower"}."""
    out = {}
    for item in values:
        code, sep, word = item.partition("=")
        if not sep or not code.strip() or not word.strip():
            _fail(f"{what} takes CODE=VALUE, such as HSG01=lower (got {item!r})")
        out[code.strip()] = word.strip()
    return out


def _mapping(name: str | None) -> Mapping:
    """A mapping from a JSON file, else one saved under that name, else an empty one."""
    if not name:
        return Mapping()
    if Path(name).is_file():
        return Mapping.load(name)
    saved = mapping.load_saved(db.engine(), name)
    if saved is None:
        _fail(f"no mapping file or saved mapping called {name!r}")
    return saved


@click.command("import")
@click.argument("path", type=click.Path())
@click.option("--dry-run", is_flag=True, help="Check and show what would change, write nothing.")
@click.option("--mapping", "mapping_name", help="A JSON mapping file (see examples/) or the name of a saved mapping.")
@click.option("--save-mapping", help="After importing, save the mapping used under this name.")
@click.option("--area", help="In a file of many areas, the one to import (the others are kept for benchmarking).")
@click.option("--directorate", help="Directorate for measures the file gives none.")
@click.option("--service", help="Service for measures the file gives none.")
@click.option("--polarity", multiple=True, help="CODE=higher|lower|none for a measure the file gives none.")
@click.option("--scale", multiple=True, help="CODE=FACTOR, e.g. CORP07=100 for figures given as fractions of 1.")
@click.option("--heading-row", type=int, help="The row holding the headings (when it is not found).")
@click.option("--layout", type=click.Choice(["auto", "template", "wide", "long", "measures"]), default="auto",
              help="Force a layout instead of recognising it.")
@click.option("--author", help="Who is importing (recorded in the audit trail).")
@click.option("--correction", help="The reason, when the file corrects values of a closed period (recorded).")
def import_command(path: str, dry_run: bool, mapping_name: str | None, save_mapping: str | None, area: str | None,
                   directorate: str | None, service: str | None, polarity: tuple, scale: tuple,
                   heading_row: int | None, layout: str, author: str | None, correction: str | None) -> None:
    """Import the canonical template (.xlsx, or a folder of CSVs) or a council's own CSV/XLSX layout."""
    db.upgrade()
    try:
        chosen = _mapping(mapping_name).merged(area=area, directorate=directorate, service=service,
                                               polarity=_pairs(polarity, "--polarity"))
        chosen.scale.update({c: float(f) for c, f in _pairs(scale, "--scale").items()})
        chosen.header_row = heading_row or chosen.header_row
        chosen.layout = chosen.layout if layout == "auto" else layout
        prepared = intake.prepare(db.engine(), path, mapping=chosen if chosen.to_dict() else None)
        changes = intake.commit(db.engine(), prepared, author=author or _os_user(), dry_run=dry_run,
                                correction=correction)
    except ImportRefused as refused:
        click.echo(f"Refused {path}: nothing was written. {len(refused.problems)} problem(s):", err=True)
        for p in refused.problems:
            click.echo(f"  {p}", err=True)
        understood = getattr(refused, "understood", None)
        if understood and understood.saved and not mapping_name:
            click.echo(f"  A saved mapping matches these headings: --mapping {understood.saved[0]!r}", err=True)
        sys.exit(1)
    except ValueError as e:
        _fail(str(e))
    _report(path, prepared, changes, dry_run)
    if save_mapping and not dry_run:
        mapping.save(db.engine(), save_mapping, chosen, [h for row in prepared.understood.headings for h in row],
                     author or _os_user())
        click.echo(f"Mapping saved as {save_mapping!r}: use --mapping {save_mapping!r} next time.")


def _report(path: str, prepared: intake.Prepared, changes, dry_run: bool) -> None:
    for note in prepared.notes:
        click.echo(f"  note: {note}")
    for p in prepared.skipped:
        click.echo(f"  skipped: {p}")
    verb = "Would import" if dry_run else "Imported"
    waiting = " (as submitted: they wait for approval)" if changes.state == "submitted" else ""
    click.echo(f"{verb} {path}: {len(changes.new_measures)} new measures, {len(changes.changed_measures)} changed "
               f"measures, {changes.new_values} new values, {len(changes.changed_values)} changed values{waiting}, "
               f"{changes.new_targets} new targets, {len(changes.changed_targets)} changed targets, "
               f"{changes.new_commentary} new comments, {changes.benchmarks} benchmark figures.")
    for code, period, old, new in changes.changed_values:
        click.echo(f"  {code} {period}: {old} -> {new}")


def _match(frame, name: str | None, what: str) -> str | None:
    """The slug of a directorate or priority given by name or slug (case-insensitive)."""
    if not name:
        return None
    wanted = name.strip().lower()
    for row in frame.to_dict("records"):
        if wanted in (row["name"].lower(), row["slug"]):
            return row["slug"]
    _fail(f"unknown {what} {name!r}; known: {', '.join(frame['name'])}")


@click.command("summary")
@click.option("--period", "period_label",
              help='A quarter or year, e.g. "2019/20 Q2" (default: the latest quarter that has ended).')
@click.option("--directorate", help="Directorate name or slug.")
@click.option("--priority", help="Council priority name or slug.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def summary_command(period_label: str | None, directorate: str | None, priority: str | None, as_json: bool) -> None:
    """Status counts and each measure's position for a period (a year under way is judged to date)."""
    try:
        period = Period.parse(period_label) if period_label else None
    except PeriodError as e:
        _fail(str(e))
    with db.connect() as conn:
        directorate_slug = _match(loaders.directorates(conn), directorate, "directorate")
        priority_slug = _match(loaders.priorities(conn), priority, "priority")
        available = loaders.periods_with_data(conn)
        try:
            chosen = choice.of(period, available, clock.today()) if period else choice.choose(None, available,
                                                                                                 clock.today())
        except ValueError as e:
            _fail(str(e))
        if chosen is None:
            _fail("no figures are stored yet: give --period")
        measures = loaders.measures(conn, directorate=directorate_slug, priority=priority_slug)
        results = summary.own(summary.evaluate(measures, loaders.figures(conn, measures["id"]), chosen.period,
                                               chosen.through))   # context indicators are never counted
    if as_json:
        click.echo(json.dumps(summary.to_json(results, chosen.period, chosen.name), indent=2))
        return
    click.echo(f"{chosen.name}: {summary.headline(results)}")
    for r in results.to_dict("records"):
        click.echo(f"  {r['code']:<8} {r['status'].icon} {r['status'].label:<17} {r['value_text']:>12} "
                   f"target {r['target_text']:>12}  YTD {r['ytd_value_text']:>12} {r['ytd_status'].label:<17} "
                   f"{r['title']}")


def _os_user() -> str | None:
    """Who runs a command, for the audit trail when --author is not given."""
    import getpass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


@click.command("export")
@click.argument("path", type=click.Path())
@click.option("--directorate", help="Directorate name or slug (default: every directorate).")
@click.option("--from", "first", help='First period, e.g. "2019/20 Q1".')
@click.option("--to", "last", help='Last period, e.g. "2020/21".')
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "zip"]),
              help="xlsx workbook, csv folder or zip of CSVs (default: from PATH's extension).")
def export_command(path: str, directorate: str | None, first: str | None, last: str | None, fmt: str | None) -> None:
    """Export a selection to the canonical template (approved values only)."""
    try:
        first_p, last_p = (Period.parse(first) if first else None), (Period.parse(last) if last else None)
    except PeriodError as e:
        _fail(str(e))
    with db.connect() as conn:
        slug = _match(loaders.directorates(conn), directorate, "directorate")
        data = export.tables(conn, directorate=slug, first=first_p, last=last_p)
    out = export.write(data, path, fmt)
    click.echo(f"Exported {len(data['measures']) - 1} measures, {len(data['values']) - 1} values and "
               f"{len(data['targets']) - 1} targets to {out}.")


@click.command("history")
@click.argument("code")
def history_command(code: str) -> None:
    """A measure's audit trail: every change, newest first, with its id for `restore`."""
    with db.connect() as conn:
        found = loaders.measures(conn, code=code)
        if found.empty:
            _fail(f"unknown measure {code!r}")
        frame = audit.history(conn, int(found["id"].iloc[0]))
    for r in frame.to_dict("records"):
        click.echo(f"{r['id']:>6}  {r['at']:%Y-%m-%d %H:%M}  {r['period'] or '':<11} {r['field']:<10} "
                   f"{r['old_text']} -> {r['new_text']}  ({r['author'] or 'unknown'}; {r['source'] or ''})")


@click.command("restore")
@click.argument("change_id", type=int)
@click.option("--author", help="Who is restoring (recorded in the audit trail).")
@click.option("--to-new", is_flag=True, help="Put back the value the change set, not the one it replaced.")
@click.option("--reason", help="Why (needed when the value's period is closed; recorded).")
def restore_command(change_id: int, author: str | None, to_new: bool, reason: str | None) -> None:
    """Restore the value a recorded change replaced (see `history CODE` for change ids)."""
    try:
        click.echo(audit.restore(db.engine(), change_id, author=author or _os_user(),
                                 use="new" if to_new else "old", reason=reason))
    except audit.RestoreError as e:
        _fail(str(e))


COMMANDS = (init_db, seed_demo, import_command, summary_command, export_command, history_command, restore_command)
