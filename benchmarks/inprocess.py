"""CPU time of the page callbacks called in this process (no HTTP, no other users): what a filter change costs."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from benchmarks.callbacks import Timings, filter_changes
from benchmarks.server import demo_database


def cpu_per_change(rounds: int = 2) -> dict[str, Timings]:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = demo_database(Path(tmp))
        os.environ.pop("REDIS_URL", None)  # the cost of computing, not of a cache hit
        from dash._utils import to_json

        import app  # noqa: F401  registers the pages and callbacks
        from callbacks.directorate import show_directorate
        from callbacks.overview import show_overview
        from data.core import db
        db.engine.cache_clear()
        run = {"overview": lambda *a: show_overview(*a, ""),
               "directorate": lambda slug, *a: show_directorate(*a, "", slug)}
        out = {"overview": Timings(), "directorate": Timings()}
        for i in range(rounds + 1):
            for kind, args in filter_changes():
                start = time.process_time()
                size = len(to_json(run[kind](*args)))  # Dash serialises the outputs the same way
                if i:
                    out[kind].seconds.append(time.process_time() - start)
                    out[kind].sizes.append(size)
        db.engine().dispose()
        db.engine.cache_clear()
        return out
