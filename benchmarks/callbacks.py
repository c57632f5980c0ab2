"""Filter changes as the browser sends them: POST /_dash-update-component with the session's CSRF header."""

from __future__ import annotations

import itertools
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import requests

from dashboards import ids

ROUTER_OUTPUT = "_pages_content.children"
PAGE_LOCATION = ids.PAGE_LOCATION
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
    """One user: a session with cookies and the CSRF header. A filter change is what the browser sends once the
    control has written the URL: the Pages router callback for the new path and query, which draws the page."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()
        self.http.get(base + "/", timeout=10).raise_for_status()
        token = self.http.cookies.get("_csrf_token")
        if token:
            self.http.headers["X-CSRFToken"] = token
        deps = self.http.get(base + "/_dash-dependencies", timeout=10).json()
        self.deps = {key: next(d for d in deps if key in d["output"])
                     for key in (ROUTER_OUTPUT, ids.DIRECTORATE_TRENDS_BODY)}

    def post(self, dependency: dict, inputs: list, state: list) -> tuple[float, int]:
        body = {"output": dependency["output"], "outputs": _outputs(dependency["output"]),
                "inputs": [{"id": i["id"], "property": i["property"], "value": v}
                           for i, v in zip(dependency["inputs"], inputs)],
                "state": [{"id": s["id"], "property": s["property"], "value": v}
                          for s, v in zip(dependency["state"], state)],
                "changedPropIds": [f"{dependency['inputs'][0]['id']}.{dependency['inputs'][0]['property']}"]}
        start = time.perf_counter()
        response = self.http.post(self.base + "/_dash-update-component", json=body, timeout=30)
        elapsed = time.perf_counter() - start
        response.raise_for_status()
        self.last = response
        return elapsed, len(response.content)

    def page(self, path: str, search: str = "") -> tuple[float, int]:
        """The whole page for a URL, as Pages' router draws it."""
        return self.post(self.deps[ROUTER_OUTPUT], [path, search], ["page"])

    def trends(self, slug: str, search: str = "") -> tuple[float, int]:
        """A directorate's small multiples, drawn when the reader opens them."""
        return self.post(self.deps[ids.DIRECTORATE_TRENDS_BODY], [1], [slug, search])

    def overview(self, period, directorate="all", priority="all", status="all"):
        return self.page("/", _query(period=period, directorate=directorate, priority=priority, status=status))

    def directorate(self, slug, period, service="all", priority="all", status="all"):
        return self.page(f"/directorate/{slug}", _query(period=period, service=service, priority=priority,
                                                        status=status))

    def find(self, component_id: str) -> dict | None:
        """The props of a component in the last page drawn."""
        stack = [self.last.json()["response"]]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if node.get("props", {}).get("id") == component_id:
                    return node["props"]
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        return None


def _query(**filters) -> str:
    chosen = {k: v for k, v in filters.items() if v and v != "all"}
    return "?" + urlencode(chosen) if chosen else ""


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
    """One user: every filter change once (computing each period's figures), then `rounds` times more; then the
    measure page and the directorate's trend charts."""
    client = Client(base)
    changes = filter_changes(directorates)
    out = {"first pass (computes)": Timings(), "overview filter change": Timings(),
           "directorate filter change": Timings()}
    for change in changes:   # each period's figures are computed once here (Redis shares them between workers)
        seconds, size = run(client, change)
        out["first pass (computes)"].seconds.append(seconds)
        out["first pass (computes)"].sizes.append(size)
    for _ in range(rounds):
        for change in changes:
            seconds, size = run(client, change)
            out[f"{change[0]} filter change"].seconds.append(seconds)
            out[f"{change[0]} filter change"].sizes.append(size)
    visits = {"measure page": lambda: client.page(f"/measure/{measure}"),
              "measure page, SPC view": lambda: client.page(f"/measure/{measure}", "?view=spc"),
              "directorate trend charts": lambda: client.trends(directorates[0])}
    for name, visit in visits.items():
        out[name] = Timings()
        for _ in range(rounds * 5):
            seconds, size = visit()
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
