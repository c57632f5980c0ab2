"""Peer benchmarking on the command line: `flask --app app import-benchmarks | benchmark-link | benchmark-group`."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from data.core import db, settings
from data.imports import benchmark_files, benchmarks
from data.imports.problems import ImportRefused, listing


def _refused(what: str, refused: ImportRefused) -> None:
    click.echo(f"Refused {what}: nothing was written. {len(refused.problems)} problem(s):", err=True)
    for line in listing(refused.problems):
        click.echo(f"  {line}", err=True)
    sys.exit(1)


@click.command("import-benchmarks")
@click.argument("path", type=click.Path())
@click.option("--mapping", "mapping_path", type=click.Path(),
              help="A JSON benchmark mapping (see examples/benchmarks/): columns, dataset, measures file, scale.")
@click.option("--name", help="The dataset's name (default: the mapping's, else the file's).")
@click.option("--source", help="Where the figures came from (publisher, URL).")
@click.option("--licence", help="Their licence, e.g. 'Open Government Licence v3.0'.")
@click.option("--retrieved", help="The date they were retrieved, e.g. 2024-03-20 (default: today).")
@click.option("--polarity", multiple=True,
              help="CODE=higher|lower|none for a measure the file gives no direction, or higher|lower for all of them.")
@click.option("--dry-run", is_flag=True, help="Check and count, write nothing.")
def import_benchmarks_command(path: str, mapping_path: str | None, name: str | None, source: str | None,
                              licence: str | None, retrieved: str | None, polarity: tuple, dry_run: bool) -> None:
    """Import other areas' figures (long or wide) as a benchmark dataset, kept apart from the council's own."""
    db.upgrade()
    try:
        mapping = benchmark_files.BenchmarkMapping.load(mapping_path) if mapping_path else None
        chosen = benchmark_files.chosen_mapping(mapping, name=name, source=source, licence=licence,
                                                retrieved=retrieved, polarity=polarity)
        read = benchmark_files.read(path, chosen)
        counts = benchmarks.store_file(db.engine(), read, dry_run=dry_run, source="command line")
    except ImportRefused as refused:
        _refused(path, refused)
    for note in read.notes:
        click.echo(f"  note: {note}")
    click.echo(benchmarks.stored_words(path, counts, dry_run))


@click.command("benchmark-link")
@click.argument("code")
@click.argument("benchmark_code", required=False)
@click.option("--dataset", help="The benchmark dataset (when the code is in more than one).")
@click.option("--area", help="The council itself in the dataset, by code or name (default: COUNCIL_NAME).")
@click.option("--note", help="How the council's definition differs from the publisher's (shown on the page).")
@click.option("--remove", is_flag=True, help="Remove the measure's link.")
def benchmark_link_command(code: str, benchmark_code: str | None, dataset: str | None, area: str | None,
                           note: str | None, remove: bool) -> None:
    """Compare a council measure with one benchmark measure (units and polarity must agree)."""
    db.upgrade()
    if remove:
        found = benchmarks.unlink(db.engine(), code, source="command line")
        click.echo(f"{code}: link removed." if found else f"{code} had no link.")
        return
    if not benchmark_code:
        click.echo("Error: give the benchmark measure's code (or --remove).", err=True)
        sys.exit(2)
    try:
        said = benchmarks.link(db.engine(), code, benchmark_code, dataset=dataset,
                               area=area or settings.get("COUNCIL_NAME"), note=note, author=getpass.getuser(),
                               source="command line")
    except ImportRefused as refused:
        _refused(f"the link of {code}", refused)
    click.echo(said)


@click.command("benchmark-group")
@click.argument("name")
@click.argument("path", type=click.Path(), required=False)
@click.option("--areas", help="The areas, comma-separated codes or names (instead of a CSV).")
def benchmark_group_command(name: str, path: str | None, areas: str | None) -> None:
    """Save a named comparator group (e.g. CIPFA nearest neighbours) from a CSV of area codes, or --areas."""
    db.upgrade()
    slug = benchmarks.group_slug(name)
    try:
        listed = benchmark_files.read_group_file(Path(path)) if path else [a for a in (areas or "").split(",")]
        count = benchmarks.save_group(db.engine(), slug, name, listed, source=Path(path).name if path else None,
                                      via="command line")
    except ImportRefused as refused:
        _refused(f"group {name!r}", refused)
    click.echo(f"Group {name!r} saved with {count} areas: pick it with ?peers={slug} on a measure page.")


COMMANDS = [import_benchmarks_command, benchmark_link_command, benchmark_group_command]
