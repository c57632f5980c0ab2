"""How long the report pack takes at county scale (500 measures, `data/demo/county.py`): building its content and
rendering it as HTML, PDF and Word, for the whole council and one directorate. Prints figures; asserts nothing.

    .venv/bin/python -m benchmarks.report_pack [--database URL] [--runs N] [--formats html,pdf,docx]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from data.core import db
from data.demo import county
from data.people import access
from data.reporting import pack, pack_render

OFFICER = access.Viewer(role="officer", username="benchmark")


def timed(work, runs: int):
    """(median wall seconds, median CPU seconds of this process, result): on a shared machine the wall time also
    counts the waits for a core, the CPU time does not."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="A database already holding the county (default: load it into a "
                                           "temporary SQLite file)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--formats", default="html,pdf,docx", help="Comma-separated formats to time")
    args = parser.parse_args()
    os.environ.setdefault("TODAY", "2026-12-01")
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'county.db'}"
        eng = db.make_engine(url)
        if not args.database:
            db.upgrade(eng)
            start = time.perf_counter()
            county.load(eng)
            print(f"county loaded in {time.perf_counter() - start:.1f} s")
        for label, scope_args in (("whole council", {}), ("one directorate", {"directorate": "Adult Social Care"})):
            with eng.connect() as conn:
                scope = pack.scope_of(conn, **scope_args)
                chosen = pack.period_for(conn, county.LATEST_QUARTER.label, OFFICER)
                seconds, cpu, built = timed(lambda: pack.build(conn, chosen, OFFICER, scope), args.runs)
            print(f"{label}: {built.total} measures, {len(built.attention)} needing attention, "
                  f"{len(built.charts())} charts; content {seconds:.2f} s (CPU {cpu:.2f} s)")
            for fmt in args.formats.split(","):
                seconds, cpu, data = timed(lambda: pack_render.render(built, fmt), args.runs)
                print(f"  {fmt:<4} {seconds:6.2f} s (CPU {cpu:6.2f} s)  {len(data) / 1024:8.0f} KB")
        eng.dispose()


if __name__ == "__main__":
    main()
