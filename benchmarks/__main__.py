"""Print the speed figures: filter changes from the server (one user, then ten), page first render, sizes."""

from __future__ import annotations

import argparse
import os

from benchmarks import browser, callbacks, inprocess
from benchmarks.server import gunicorn

BUDGET_MS, RENDER_S, SIZE_KB = 150, 1.5, 300


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--users", type=int, default=10, help="concurrent users (threads), at most 20")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of the concurrent run, at most 60")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium first-render figures")
    args = parser.parse_args()
    users, seconds = min(args.users, 20), min(args.seconds, 60.0)

    print(f"Demo council, gunicorn -w 2 on loopback; REDIS_URL {'set' if os.environ.get('REDIS_URL') else 'unset'}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (figures stretch with other load)")
    print("\nCPU time per filter change, callbacks called in-process (no HTTP, no cache):")
    for label, timings in inprocess.cpu_per_change().items():
        print("  " + timings.line(label))
    with gunicorn(workers=2) as base:
        print("\nOne user, filter changes (POST /_dash-update-component):")
        one = callbacks.sequential(base)
        for label, timings in one.items():
            print("  " + timings.line(label))
        worst_p95 = max(t.percentile(95) for k, t in one.items() if not k.startswith("page"))
        largest = max(max(t.sizes) for t in one.values()) / 1024
        print(f"  -> p95 {1000 * worst_p95:.0f} ms (budget {BUDGET_MS} ms): "
              f"{'OK' if worst_p95 * 1000 < BUDGET_MS else 'OVER'}; largest response {largest:.0f} KB "
              f"(budget {SIZE_KB} KB): {'OK' if largest < SIZE_KB else 'OVER'}")

        print(f"\n{users} concurrent users for {seconds:.0f} s (threads, 2 gunicorn workers):")
        many, elapsed = callbacks.concurrent(base, users, seconds)
        print("  " + many.line("filter changes"))
        print(f"  -> {len(many.seconds) / elapsed:.1f} responses/s")

        if not args.no_browser:
            print("\nFirst render in headless Chromium, 1280x720, until the main content is visible:")
            renders = browser.first_render(base)
            for name, times in renders.items():
                print(f"  {name:<12} {browser.summary(times)}")
            worst = max(max(t) for t in renders.values())
            print(f"  -> slowest {worst:.2f} s (budget {RENDER_S} s): {'OK' if worst < RENDER_S else 'OVER'}")
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
