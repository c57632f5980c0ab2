"""Print the speed figures for the demo council and the county, on SQLite and PostgreSQL: SQL statements per
request, each callback over HTTP (p50/p95, sizes), 10/25/50 users with think time, memory per worker, and first
render in headless Chromium against a do-nothing Dash app with the same pages, measured in the same run."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import browser, callbacks, councils, statements
from benchmarks.server import ROOT, redis_server, serve, worker_rss_mb

GOALS = {"filter_p95_ms": 100, "users_p95_ms": 300, "help_s": 1.0, "largest_kb": 300}
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def cli_help_seconds(runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "--help"], cwd=ROOT, check=True,
                       capture_output=True, timeout=60)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ok(good: bool) -> str:
    return "OK" if good else "OVER"


def measure(council: str, backend: str, url: str, redis_url: str, args, floor: str | None) -> None:
    facts = councils.FACTS[council]
    directorates, code = facts["directorates"], facts["measure"]
    print(f"\n== {council} on {NAMES[backend]} ==")
    print("SQL statements per request (in-process; after a write / next request):")
    for name, (cold, warm) in statements.per_page(url, directorates[0], code).items():
        print(f"  {name:<28} {cold:3d} / {warm:3d}")
    masters = []
    with serve(url, 2, process=masters, REDIS_URL=redis_url) as base:
        print("One user over HTTP, gunicorn -w 2 (POST /_dash-update-component; pages are the router callback):")
        one = callbacks.sequential(base, directorates, code)
        for label, timings in one.items():
            print("  " + timings.line(label))
        worst = max(one[k].percentile(95) for k in ("overview filter change", "directorate filter change")) * 1000
        largest = max(max(t.sizes) for t in one.values()) / 1024
        print(f"  -> filter change p95 {worst:.0f} ms (goal {GOALS['filter_p95_ms']} ms): "
              f"{ok(worst <= GOALS['filter_p95_ms'])}; largest response {largest:.0f} KB")
        for count in args.users:
            many = callbacks.users(base, count, args.seconds, directorates, args.think)
            p95 = many.percentile(95) * 1000
            print(f"  {count:3d} users, {args.think:g} s think, {args.seconds:g} s: " + many.line("filter changes")
                  + f"  -> p95 {ok(p95 <= GOALS['users_p95_ms'] and not many.errors)}")
        print("  RSS per worker: " + ", ".join(f"{mb:.0f} MB" for mb in worker_rss_mb(masters[0])))
        if floor:
            paths = browser.pages(directorates[0], code)
            ours, bare = browser.first_render(base, paths), browser.first_render(floor, paths)
            print("First render in headless Chromium (median of 5, fresh context), ours / do-nothing Dash app:")
            for name in ours:
                a, b = statistics.median(ours[name]), statistics.median(bare[name])
                print(f"  {name:<12} {a:.2f} s / {b:.2f} s = {a / b:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--councils", default="demo,county", help="comma-separated: demo, county")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--users", default="10,25,50", help="concurrent users per run, at most 50 each")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each users run, at most 120")
    parser.add_argument("--think", type=float, default=5.0, help="seconds each user waits between changes")
    parser.add_argument("--postgres", default=councils.POSTGRES, help="PostgreSQL to make schemas in")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium first renders")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))   # stopped early: still stop the servers, drop schemas
    args.users = [min(int(u), 50) for u in args.users.split(",") if u]
    args.seconds = min(args.seconds, 120.0)
    backends = [b for b in args.backends.split(",") if b]
    if "postgresql" in backends and not councils.postgres_answers(args.postgres):
        print(f"PostgreSQL at {args.postgres} does not answer: SQLite only")
        backends.remove("postgresql")
    print(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (figures stretch with other load); "
          "each server has a Redis of its own")
    help_s = cli_help_seconds()
    print(f"flask --app app --help: {help_s:.2f} s (goal {GOALS['help_s']:g} s): {ok(help_s <= GOALS['help_s'])}")
    with tempfile.TemporaryDirectory() as tmp, redis_server(Path(tmp)) as redis_url:
        floor_db = f"sqlite:///{Path(tmp) / 'floor.db'}"
        floor_server = (contextlib.nullcontext() if args.no_browser
                        else serve(floor_db, 2, app_module="benchmarks.floor:server"))
        with floor_server as floor:
            for council in [c for c in args.councils.split(",") if c]:
                for backend in backends:
                    folder = Path(tmp) / f"{council}-{backend}"
                    folder.mkdir()
                    start = time.perf_counter()
                    with councils.database(council, backend, folder, args.postgres) as url:
                        print(f"\n(built {council} on {NAMES[backend]} in {time.perf_counter() - start:.0f} s)")
                        measure(council, backend, url, redis_url, args, floor)
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
