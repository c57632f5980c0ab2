"""The statistics of a comparison among areas, each rule stated once and used by the pages, the tests and the charts.

- **Quartiles**: the *inclusive* method (Hyndman & Fan type 7; R's default, Excel's QUARTILE.INC, numpy's
  `linear`, Python's `statistics.quantiles(method="inclusive")`): the p-th quantile of n sorted values is found at
  position 1 + (n - 1) p, interpolating linearly between neighbours.
- **Ranks**: 1 is best in the polarity's direction (the highest value where higher is better, the lowest where
  lower is); equal values share the best rank of their block and the next rank skips (standard competition
  ranking, 1, 2, 2, 4). Values are equal when they agree to 9 significant figures (binary floating point never
  splits a tie). With no direction of better (polarity `none`), rank 1 is the lowest value.
- **Quartile of an area**: 1 is the best quartile: where higher is better, at or above the upper quartile is the
  best, at or above the median the second-best, at or above the lower quartile the third, below it the bottom;
  mirrored where lower is better. A value exactly on a cut point goes to the better side.
- **Missing values** (an area of the group with no figure for the period) are left out and counted.
- **Significance** (only where the publisher gives confidence intervals): the area's interval against the
  group's average (the mean of the areas' values), as Public Health England's profiles compare with a benchmark:
  wholly above or below it is *better* or *worse* by polarity (*higher* or *lower* without one), else *similar*.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

QUARTILE_METHOD = "inclusive (type 7)"
HIGHER, LOWER, NONE = "higher", "lower", "none"
QUARTILE_WORDS = {HIGHER: ("best", "second-best", "third", "bottom"),
                  LOWER: ("best", "second-best", "third", "bottom"),
                  NONE: ("lowest", "second-lowest", "second-highest", "highest")}


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def quartiles(values) -> tuple[float, float, float]:
    """(lower quartile, median, upper quartile) of at least one value, by the inclusive (type 7) method."""
    data = sorted(float(v) for v in values)
    if not data:
        raise ValueError("quartiles of no values")
    if len(data) == 1:
        return data[0], data[0], data[0]
    q1, median, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return q1, median, q3


def ranks(values: dict, polarity: str) -> dict:
    """{key: rank} with 1 best (see the module's rule for ties and for polarity `none`)."""
    ordered = sorted(values.items(), key=lambda kv: -kv[1] if polarity == HIGHER else kv[1])
    out, previous, rank = {}, None, 0
    for i, (key, value) in enumerate(ordered, start=1):
        if previous is None or not _same(value, previous):
            rank, previous = i, value
        out[key] = rank
    return out


def quartile_of(value: float, cuts: tuple[float, float, float], polarity: str) -> int:
    """1 (best, or lowest without a direction) to 4; a value on a cut point goes to the better side."""
    q1, median, q3 = cuts
    if polarity == HIGHER:
        return next(i for i, edge in ((1, q3), (2, median), (3, q1), (4, -math.inf))
                    if value > edge or _same(value, edge))
    return next(i for i, edge in ((1, q1), (2, median), (3, q3), (4, math.inf))
                if value < edge or _same(value, edge))


def significance(lower: float | None, upper: float | None, average: float, polarity: str) -> str | None:
    """`better`, `similar` or `worse` (`higher`/`similar`/`lower` with no direction); None without an interval."""
    if lower is None or upper is None or any(isinstance(x, float) and math.isnan(x) for x in (lower, upper)):
        return None
    if lower > average and not _same(lower, average):
        side = "higher"
    elif upper < average and not _same(upper, average):
        side = "lower"
    else:
        return "similar"
    if polarity == NONE:
        return side
    return "better" if (side == "higher") == (polarity == HIGHER) else "worse"


@dataclass(frozen=True)
class Position:
    """An area's place among its comparators for one period (the area itself counted among them)."""

    period: str
    area: str
    value: float
    rank: int
    of: int                         # areas with a figure, the council's own included
    quartile: int                   # 1 best (see QUARTILE_WORDS for polarity none)
    q1: float
    median: float
    q3: float
    mean: float
    missing: tuple = ()             # areas of the group with no figure this period
    significance: str | None = None
    polarity: str = NONE
    tied: bool = False              # another area shares the rank

    @property
    def quartile_words(self) -> str:
        return QUARTILE_WORDS[self.polarity][self.quartile - 1]

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1


def position(figures: dict, area: str, group, polarity: str, period: str) -> Position | None:
    """The area's Position among `group` (keys of figures: value, or (value, lower, upper)); None when the area
    has no figure. Areas of the group with no figure are left out and named in `missing`."""
    def value_of(f):
        return f[0] if isinstance(f, tuple) else f
    members = list(dict.fromkeys([*group, area]))
    present = {a: figures[a] for a in members if a in figures and value_of(figures[a]) is not None
               and not math.isnan(value_of(figures[a]))}
    if area not in present:
        return None
    values = {a: float(value_of(f)) for a, f in present.items()}
    cuts = quartiles(values.values())
    mean = statistics.fmean(values.values())
    own = present[area]
    lower, upper = (own[1], own[2]) if isinstance(own, tuple) and len(own) == 3 else (None, None)
    ranked = ranks(values, polarity)
    return Position(period, area, values[area], ranked[area], len(values),
                    quartile_of(values[area], cuts, polarity), *cuts, mean,
                    tuple(a for a in members if a not in present), significance(lower, upper, mean, polarity),
                    polarity, sum(r == ranked[area] for r in ranked.values()) > 1)
