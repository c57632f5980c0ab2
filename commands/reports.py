"""The report pack on the command line: `flask --app app report --period ... --format pdf|docx|html --output PATH`."""

from __future__ import annotations

import time
from pathlib import Path

import click

from commands import fail as _fail

from data.core import db
from data.people import access
from data.reporting import pack, pack_render

FORMATS = click.Choice(sorted(pack_render.FORMATS))




@click.command("report")
@click.option("--period", "period_label",
              help='A quarter or year, e.g. "2026/27 Q2" (default: the latest quarter that has ended).')
@click.option("--directorate", help="One directorate (name or slug) instead of the whole council.")
@click.option("--priority", help="One council priority (name or slug) instead of the whole council.")
@click.option("--format", "fmt", type=FORMATS, help="pdf, docx or html (default: from the output's extension).")
@click.option("--output", required=True, type=click.Path(dir_okay=False), help="Where to write the pack.")
@click.option("--public", is_flag=True,
              help="As the public sees it: published periods only, no internal commentary or actions.")
def report_command(period_label: str | None, directorate: str | None, priority: str | None, fmt: str | None,
                   output: str, public: bool) -> None:
    """The committee report pack for a period: covering summary, measures needing attention, every directorate."""
    fmt = fmt or Path(output).suffix.lstrip(".").lower()
    if fmt not in pack_render.FORMATS:
        _fail(f"give --format pdf, docx or html (cannot tell it from {output!r})")
    viewer = access.PUBLIC if public else access.Viewer(role="officer", username="command line")
    started = time.perf_counter()
    with db.connect() as conn:
        try:
            scope = pack.scope_of(conn, directorate, priority)
            chosen = pack.period_for(conn, period_label, viewer)
        except ValueError as e:   # an unknown period, directorate or priority; a period not published
            _fail(str(e))
        built = pack.build(conn, chosen, viewer, scope)
    data = pack_render.render(built, fmt)
    Path(output).write_bytes(data)
    click.echo(f"{built.marking} pack for {built.period.name}, {built.scope.title}: {built.total} measures, "
               f"{len(built.attention)} needing attention, written to {output} ({fmt}, {len(data):,} bytes, "
               f"{time.perf_counter() - started:.1f} s).")


COMMANDS = (report_command,)
