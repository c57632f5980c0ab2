"""Command-line tools on the Flask server: `flask --app app init-db | seed-demo | import | summary`."""

from __future__ import annotations

import json
import sys

import click
from flask import Flask

from data import db, demo, importer, loaders, summary, template
from data.periods import Period, PeriodError


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


@click.command("init-db")
def init_db() -> None:
    """Create or migrate the database schema to the latest version."""
    db.upgrade()
    click.echo("Database is at the latest schema.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only load when no measure is stored yet.")
def seed_demo(if_empty: bool) -> None:
    """Load the demo council (deterministic; loading it twice changes nothing)."""
    db.upgrade()
    if if_empty and not db.is_empty():
        click.echo("Database already holds measures; demo not loaded.")
        return
    demo.load(db.engine())
    click.echo("Demo council loaded.")


@click.command("import")
@click.argument("path", type=click.Path())
@click.option("--dry-run", is_flag=True, help="Check and show what would change, write nothing.")
def import_command(path: str, dry_run: bool) -> None:
    """Import the canonical template (.xlsx, or a folder with measures.csv, targets.csv, values.csv)."""
    db.upgrade()
    try:
        changes = importer.import_path(db.engine(), path, dry_run=dry_run)
    except template.ImportRefused as refused:
        click.echo(f"Refused {path}: nothing was written. {len(refused.problems)} problem(s):", err=True)
        for p in refused.problems:
            click.echo(f"  {p}", err=True)
        sys.exit(1)
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {path}: {len(changes.new_measures)} new measures, {len(changes.changed_measures)} changed "
               f"measures, {changes.new_values} new values, {len(changes.changed_values)} changed values, "
               f"{changes.new_targets} new targets, {len(changes.changed_targets)} changed targets, "
               f"{changes.new_commentary} new comments.")
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
@click.option("--period", "period_label", required=True, help='A quarter or year, e.g. "2019/20 Q2".')
@click.option("--directorate", help="Directorate name or slug.")
@click.option("--priority", help="Council priority name or slug.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def summary_command(period_label: str, directorate: str | None, priority: str | None, as_json: bool) -> None:
    """Status counts and each measure's position for a period."""
    try:
        period = Period.parse(period_label)
    except PeriodError as e:
        _fail(str(e))
    with db.connect() as conn:
        directorate_slug = _match(loaders.directorates(conn), directorate, "directorate")
        priority_slug = _match(loaders.priorities(conn), priority, "priority")
        measures = loaders.measures(conn, directorate=directorate_slug, priority=priority_slug)
        results = summary.evaluate(measures, loaders.figures(conn, measures["id"]), period)
    if as_json:
        click.echo(json.dumps(summary.to_json(results, period), indent=2))
        return
    click.echo(f"{period.name}: {summary.headline(results)}")
    for r in results.to_dict("records"):
        click.echo(f"  {r['code']:<8} {r['status'].icon} {r['status'].label:<17} {r['value_text']:>12} "
                   f"target {r['target_text']:>12}  YTD {r['ytd_value_text']:>12} {r['ytd_status'].label:<17} "
                   f"{r['title']}")


def register(server: Flask) -> None:
    for command in (init_db, seed_demo, import_command, summary_command):
        server.cli.add_command(command)
