"""How we compare, for the pages: every linked measure's comparison with its peers, worked out once per change of
data (`data.core.cache`, keyed by the data version like the evaluation) and per group chosen. One statement loads
every link with its benchmark figures, one more the named groups where a page offers them, whatever the number of
measures.

The group compared with is the council's default (the council setting `benchmark_peers`: all areas, the family
group or a named group), unless the URL names another (`?among=` on the overview and directorate pages, `?peers=`
on the measure page); `peer_group` says which it is, in words the pages show.

Benchmark figures are the publishers' own, public whatever the viewer's role, so the key holds no viewer scope.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.benchmarking import compare
from data.benchmarking.compare import ALL, FAMILY, Comparison
from data.core import cache
from data.imports import benchmarks
from data.people import access
from data.performance.formatting import shown_decimals

ALL_AREAS = "all-areas"   # all areas as the overview's select writes it: a select's `all` means "the default" there


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
    # the sentences are rounded to `decimals`, so they are part of the key
    return cache.get_or_compute(conn, "benchmark-compare",
                                (peers or "", picked, tuple(sorted((decimals or {}).items()))), compute)


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
    measure sets none), `decimals` the measure's own setting, `peers` the group (None: the council's default).
    The measure page and the report pack both use it."""
    years = sorted({p.widen("year").label for p in values if values[p] is not None})
    return comparison(conn, code, peers or default_group(conn), areas, own_periods=years,
                      decimals=shown_decimals(decimals, values))


# --- the group compared with ------------------------------------------------------------------------------------

def default_group(conn) -> str:
    """The council's default group: `all`, `family` or a named group's slug (all areas if that group is gone)."""
    chosen = cache.get_or_compute(conn, "benchmark-default", (),    # a council setting: changing it bumps the version
                                  lambda: access.council_setting(conn, benchmarks.GROUP_SETTING))
    return chosen if chosen in (ALL, FAMILY) or chosen in _groups(conn) else ALL


def chosen_group(conn, requested: str | None = None) -> str:
    """The group a page compares with: the one the URL names when it is one (`all-areas` is all), else the default."""
    wanted = ALL if requested == ALL_AREAS else requested
    if wanted in (ALL, FAMILY) or (wanted and wanted in _groups(conn)):
        return wanted
    return default_group(conn)


@dataclass(frozen=True)
class PeerGroup:
    """The group a page compares with, and the others it offers."""

    key: str            # all | family | a named group's slug
    label: str          # `all areas`, `family group Family A`, `Demo nearest neighbours`
    default: str        # the council's default key
    choices: tuple      # ((value for `?among=`, label), ...): all areas, the family group where there is one, named
    default_label: str = "all areas"

    @property
    def value(self) -> str:
        """The key as the overview's and directorate's select write it (`all-areas` for all)."""
        return ALL_AREAS if self.key == ALL else self.key

    @property
    def is_default(self) -> bool:
        return self.key == self.default


def group_label(conn, key: str) -> str:
    """The group in words: `all areas`, `family group Family A` (each measure's own where they differ), a named
    group's name."""
    if key == FAMILY:
        names = sorted({c.group.name for c in comparisons(conn, FAMILY).values() if c.group.key == FAMILY})
        return names[0] if len(names) == 1 else "each measure's family group" if names else "the family group"
    named = _groups(conn)
    return named[key][0] if key in named else "all areas"


def peer_group(conn, requested: str | None = None) -> PeerGroup:
    """The group a page compares with (`requested` from its URL, else the council's default), in words."""
    key, default = chosen_group(conn, requested), default_group(conn)
    _, by_id = _loaded(conn)
    offered = [ALL] + ([FAMILY] if any(f["family"].notna().any() for f in by_id.values()) or key == FAMILY else [])
    named = _groups(conn)
    offered += sorted(named, key=lambda slug: named[slug][0].casefold())
    labels = {k: group_label(conn, k) for k in offered}
    choices = tuple((ALL_AREAS if k == ALL else k, labels[k][:1].upper() + labels[k][1:]
                     + (" (the council's default)" if k == default else "")) for k in offered)
    return PeerGroup(key, labels[key], default, choices, labels.get(default) or group_label(conn, default))


def quartile_of(c: Comparison | None) -> int | None:
    """The quartile among the group (1 best, 4 bottom); None when not compared, not meaningful or no direction."""
    return c.latest.quartile if c and c.meaningful and c.latest and c.latest.polarity != "none" else None


def quartiles(conn, peers: str | None = None, areas=None) -> dict[str, int | None]:
    """{measure code: quartile_of its comparison} among `peers` (None: the council's default group)."""
    return {code: quartile_of(c) for code, c in comparisons(conn, peers or default_group(conn), areas).items()}


QUARTILE_TEXT = {1: "▲ Best quartile", 2: "△ Second-best quartile", 3: "▽ Third quartile", 4: "▼ Bottom quartile"}


def peer_text(c: Comparison | None, key: str) -> str:
    """`▼ Bottom quartile`, `–` where not compared; the group named where a measure could not be compared with
    `key`'s (a benchmark with no family groups is compared with all its areas)."""
    quartile = quartile_of(c)
    if quartile is None:
        return "–"
    return QUARTILE_TEXT[quartile] + ("" if c.group.key == key else f" (among {c.group.name})")


def with_quartiles(conn, results, peers: str | None = None):
    """The results with `peer_quartile` (1 best .. 4 bottom, None where not compared) and `peer_text` (symbol and
    words: `▼ Bottom quartile`, `–`) among `peers` (a key of `chosen_group`; None: the council's default group),
    for the overview and directorate."""
    key = chosen_group(conn, peers)
    compared = comparisons(conn, key)
    codes = results["code"]
    return results.assign(peer_quartile=[quartile_of(compared.get(c)) for c in codes],
                          peer_text=[peer_text(compared.get(c), key) for c in codes])
