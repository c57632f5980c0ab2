"""Filter changes as the browser sends them: POST /_dash-update-component with the session's CSRF header."""

from __future__ import annotations

import itertools
import random
import statistics
import threading
import time
from dataclasses import dataclass, field

import requests

from dashboards import ids

OVERVIEW_INPUTS = [ids.OVERVIEW_PERIOD, ids.OVERVIEW_DIRECTORATE, ids.OVERVIEW_PRIORITY, ids.OVERVIEW_STATUS]
DIRECTORATE_INPUTS = [ids.DIRECTORATE_PERIOD, ids.DIRECTORATE_SERVICE, ids.DIRECTORATE_PRIORITY,
                      ids.DIRECTORATE_STATUS]
PERIODS = ["2026/27 Q2", "2026/27 Q1", "2025/26 Q4", "2025/26", "2024/25 Q3"]
STATUSES = ["all", "below_target", "on_target", "within_tolerance"]


@dataclass
class Timings:
    seconds: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    errors: int = 0

    def add(self, other: Timings) -> None:
        self.seconds += other.seconds
        self.sizes += other.sizes
        self.errors += other.errors

    def percentile(self, p: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")

    def line(self, label: str) -> str:
        ms = lambda s: f"{1000 * s:6.1f} ms"  # noqa: E731
        return (f"{label:<28} n={len(self.seconds):4d}  p50 {ms(self.percentile(50))}  p95 "
                f"{ms(self.percentile(95))}  max {ms(max(self.seconds, default=0))}  largest "
                f"{max(self.sizes, default=0) / 1024:6.1f} KB  errors {self.errors}")

    @property
    def mean(self) -> float:
        return statistics.fmean(self.seconds) if self.seconds else float("nan")


class Client:
    """One user: a session with cookies and the CSRF header, and the app's callback outputs."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()
        self.http.get(base + "/", timeout=10).raise_for_status()
        token = self.http.cookies.get("_csrf_token")
        if token:
            self.http.headers["X-CSRFToken"] = token
        deps = self.http.get(base + "/_dash-dependencies", timeout=10).json()
        self.outputs = {d["output"].split(".", 3)[2] if d["output"].startswith("..") else d["output"].split(".")[0]:
                        d for d in deps}

    def _dependency(self, first_input: str) -> dict:
        return next(d for d in self.outputs.values() if d["inputs"] and d["inputs"][0]["id"] == first_input)

    def post(self, dependency: dict, values: list, state: list | None = None, search: str = "") -> tuple[float, int]:
        # inputs after the search (the Variation and Assurance selects) are left at "all"
        padding = ["all"] * (len(dependency["inputs"]) - len(values) - 1)
        inputs = [{"id": i["id"], "property": i["property"], "value": v}
                  for i, v in zip(dependency["inputs"], values + [search] + padding)]
        body = {"output": dependency["output"], "outputs": _outputs(dependency["output"]), "inputs": inputs,
                "state": [{"id": s["id"], "property": s["property"], "value": v}
                          for s, v in zip(dependency["state"], state or [])],
                "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}
        start = time.perf_counter()
        response = self.http.post(self.base + "/_dash-update-component", json=body, timeout=30)
        elapsed = time.perf_counter() - start
        response.raise_for_status()
        self.last = response
        return elapsed, len(response.content)

    def overview(self, period, directorate="all", priority="all", status="all"):
        return self.post(self._dependency(ids.OVERVIEW_PERIOD), [period, directorate, priority, status])

    def directorate(self, slug, period, service="all", priority="all", status="all"):
        return self.post(self._dependency(ids.DIRECTORATE_PERIOD), [period, service, priority, status],
                         state=[slug])

    def page(self, path: str, search: str = ""):
        """The Dash Pages router callback: a whole page's layout, as on navigation."""
        return self.post(self._dependency("_pages_location"), [path], search=search)


def _outputs(output: str) -> list[dict] | dict:
    parts = output.strip(".").split("...")
    outs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    return outs if output.startswith("..") else outs[0]


def filter_changes(directorates: list[str]) -> list[tuple[str, tuple]]:
    """A fixed mix of filter changes over both pages: every period x status, and each directorate."""
    changes = [("overview", (p, "all", "all", s)) for p, s in itertools.product(PERIODS, STATUSES)]
    changes += [("overview", (p, d, "all", "all")) for p, d in itertools.product(PERIODS[:2], directorates)]
    changes += [("directorate", (d, p, "all", "all", s))
                for d, p, s in itertools.product(directorates, PERIODS[:3], STATUSES[:2])]
    return changes


def run(client: Client, change: tuple[str, tuple]) -> tuple[float, int]:
    kind, args = change
    return getattr(client, kind)(*args)


def sequential(base: str, directorates: list[str], measure: str, rounds: int = 2) -> dict[str, Timings]:
    """One user: each filter change `rounds` times (the first round after a write computes), then page layouts."""
    client = Client(base)
    changes = filter_changes(directorates)
    for change in changes[:6]:  # warm both workers' imports
        run(client, change)
    out = {"overview filter change": Timings(), "directorate filter change": Timings()}
    for _ in range(rounds):
        for change in changes:
            seconds, size = run(client, change)
            out[f"{change[0]} filter change"].seconds.append(seconds)
            out[f"{change[0]} filter change"].sizes.append(size)
    for name, path in [("overview page", "/"), ("directorate page", f"/directorate/{directorates[0]}"),
                       ("measure page", f"/measure/{measure}")]:
        out[name] = Timings()
        for _ in range(rounds * 5):
            seconds, size = client.page(path)
            out[name].seconds.append(seconds)
            out[name].sizes.append(size)
    return out


def users(base: str, count: int, seconds: float, directorates: list[str], think: float = 5.0) -> Timings:
    """`count` users, each its own session, making a filter change then thinking `think` seconds (starts spread
    over one think time), for `seconds`; every request is bounded by a 30 s timeout."""
    results = [Timings() for _ in range(count)]
    changes = filter_changes(directorates)
    deadline = time.perf_counter() + seconds
    rng = random.Random(count)
    starts = [rng.uniform(0, think) for _ in range(count)]

    def user(n: int):
        time.sleep(starts[n])
        try:
            client = Client(base)
        except requests.RequestException:
            results[n].errors += 1
            return
        for change in itertools.islice(itertools.cycle(changes), n * 7, None):
            if time.perf_counter() > deadline:
                return
            try:
                elapsed, size = run(client, change)
                results[n].seconds.append(elapsed)
                results[n].sizes.append(size)
            except requests.RequestException:
                results[n].errors += 1
            time.sleep(think)

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + think + 40)
    total = Timings()
    for r in results:
        total.add(r)
    return total
