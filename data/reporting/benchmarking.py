"""How we compare, for the pages: every linked measure's comparison with its peers, worked out once per change of
data (`data.core.cache`, keyed by the data version like the evaluation) and per group chosen. One statement loads
every link with its benchmark figures, one more the named groups where a page offers them, whatever the number of
measures.

Benchmark figures are the publishers' own, public whatever the viewer's role, so the key holds no viewer scope.
"""

from __future__ import annotations

import pandas as pd

from data.benchmarking import compare
from data.benchmarking.compare import Comparison
from data.core import cache
from data.imports import benchmarks
from data.performance.formatting import shown_decimals


def _loaded(conn) -> tuple:
    """(links by code, figures by measure id): one statement per data version."""
    def load():
        links, values = benchmarks.linked(conn)
        by_id = {int(k): f.drop(columns="measure_id").reset_index(drop=True) for k, f in values.groupby("measure_id")}
        return {r["code"]: r for r in links.to_dict("records")}, by_id
    return cache.get_or_compute(conn, "benchmark-data", (), load)


def _groups(conn) -> dict:
    """The named comparator groups (read only where a page offers or uses them)."""
    return cache.get_or_compute(conn, "benchmark-groups", (), lambda: benchmarks.groups(conn))


EMPTY = [c for c in benchmarks.LINKED_COLUMNS if c != "measure_id"]


def _picked(areas) -> tuple:
    if not areas:
        return ()
    words = areas.split(",") if isinstance(areas, str) else list(areas)
    return tuple(sorted({w.strip() for w in words if w and w.strip()}))


def comparisons(conn, peers: str | None = None, areas=None, decimals: dict | None = None) -> dict[str, Comparison]:
    """{measure code: Comparison} of every linked measure against the chosen group, once per version and group."""
    picked = _picked(areas)

    def compute():
        links, by_id = _loaded(conn)
        named = {} if peers in (None, "", compare.ALL, compare.FAMILY, compare.PICK) else _groups(conn)
        out = {}
        for code, link in links.items():
            frame = by_id.get(int(link["measure_id"]))
            if frame is None:
                frame = pd.DataFrame(columns=EMPTY)
            out[code] = compare.compare(code, link, frame, peers=peers, named=named, picked=picked,
                                        decimals=(decimals or {}).get(code))
        return out
    return cache.get_or_compute(conn, "benchmark-compare", (peers or "", picked), compute)


def comparison(conn, code: str, peers: str | None = None, areas=None, own_periods=(),
               decimals: int | None = None) -> Comparison | None:
    """One measure's comparison (None when it has no link); `own_periods` adds the notice when the council's own
    figures run later than the benchmark."""
    links, by_id = _loaded(conn)
    link = next((lk for c, lk in links.items() if c.upper() == (code or "").upper()), None)
    if link is None:
        return None
    frame = by_id.get(int(link["measure_id"]))
    if frame is None:
        frame = pd.DataFrame(columns=EMPTY)
    return compare.compare(link["code"], link, frame, peers=peers, named=_groups(conn), picked=_picked(areas),
                           own_periods=own_periods, decimals=decimals)


def for_measure(conn, code: str, decimals, values, peers: str | None = None, areas=None) -> Comparison | None:
    """A measure's comparison as its page shows it to a viewer: `values` the council's own figures the viewer may
    see ({Period: value}; for the notice when they run later than the benchmark, and the decimals shown where the
    measure sets none), `decimals` the measure's own setting. The measure page and the report pack both use it."""
    years = sorted({p.widen("year").label for p in values if values[p] is not None})
    return comparison(conn, code, peers, areas, own_periods=years, decimals=shown_decimals(decimals, values))


def quartile_of(c: Comparison | None) -> int | None:
    """The quartile among the group (1 best, 4 bottom); None when not compared, not meaningful or no direction."""
    return c.latest.quartile if c and c.meaningful and c.latest and c.latest.polarity != "none" else None


def quartiles(conn, peers: str | None = None, areas=None) -> dict[str, int | None]:
    """{measure code: quartile_of its comparison}."""
    return {code: quartile_of(c) for code, c in comparisons(conn, peers, areas).items()}


QUARTILE_TEXT = {1: "▲ Best quartile", 2: "△ Second-best quartile", 3: "▽ Third quartile", 4: "▼ Bottom quartile"}


def with_quartiles(conn, results):
    """The results with `peer_quartile` (1 best .. 4 bottom, None where not compared) and `peer_text` (symbol and
    words: `▼ Bottom quartile`, `–`) among all areas of each measure's benchmark, for the overview and directorate."""
    found = quartiles(conn)
    codes = results["code"]
    return results.assign(peer_quartile=[found.get(c) for c in codes],
                          peer_text=[QUARTILE_TEXT.get(found.get(c), "–") for c in codes])
