"""A council measure against its comparators: the group chosen, the latest common period, the position, the
series over time for the chart, the table of every area, and what makes a comparison not meaningful. Pure: it
takes the linked figures as a frame (`data.imports.benchmarks.linked_values`) and returns a `Comparison`.

Groups (`peers` in the URL): `all` (every area in the dataset), `family` (the areas that share the council's family
group for this measure, as LGBF gives it), a named group's slug (a CIPFA nearest-neighbours list), or `pick` (the
areas listed in `areas`, codes or names).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import pandas as pd

from data.benchmarking import stats
from data.core.periods import Period
from data.performance.formatting import format_value

MIN_AREAS = 4          # fewer areas with a figure (the council's own included) give no meaningful quartiles
ALL, FAMILY, PICK = "all", "family", "pick"


@dataclass
class Group:
    key: str                  # all | family | pick | a named group's slug
    name: str                 # `all 32 areas in LGBF (Scotland)`, `family group Urban`, `CIPFA nearest neighbours`
    areas: list               # area keys of the dataset in the group (the council's own included)
    unknown: list = field(default_factory=list)    # areas the group names that the dataset does not hold
    phrase: str = "the {n} areas"                  # the sentence's words for it, {n} the areas with figures


@dataclass
class Comparison:
    code: str
    link: dict
    group: Group
    choices: list                                  # (key, label) of the groups offered
    latest: stats.Position | None = None
    series: list = field(default_factory=list)     # {period, value, q1, median, q3, n} oldest first
    table: pd.DataFrame | None = None              # area x period, the council's own first
    names: dict = field(default_factory=dict)      # area key -> name, of the group
    all_names: dict = field(default_factory=dict)  # area key -> name, of every area in the dataset (to pick from)
    latest_area: str = ""                          # the council's own area key
    notices: list = field(default_factory=list)    # why a comparison is not (fully) meaningful
    meaningful: bool = False
    sentence: str = ""


def _key(code, name) -> str:
    return code if isinstance(code, str) and code else name


def resolve(frame: pd.DataFrame, own: str, peers: str | None, named: dict, picked, dataset: str) -> Group:
    """The group chosen (unknown choices fall back to all areas)."""
    keys = dict(zip(frame["key"], frame["area_name"]))
    by_word = {}
    for k, name, code in zip(frame["key"], frame["area_name"], frame["area_code"]):
        for word in (k, name, code):
            if isinstance(word, str) and word:
                by_word[word.casefold()] = k
    own_key = by_word.get(own.casefold(), own)

    def members(words):
        found = [by_word[w.strip().casefold()] for w in words if w.strip().casefold() in by_word]
        return (list(dict.fromkeys([*found, own_key])),
                [w for w in words if w.strip() and w.strip().casefold() not in by_word])
    if peers == FAMILY:
        labels = frame[(frame["key"] == own_key) & frame["family"].notna()].sort_values("order")
        if len(labels):
            label, period = labels["family"].iloc[-1], labels["period"].iloc[-1]
            # the family as it stood in that period: groupings are revised between releases
            same = (frame["family"] == label) & (frame["period"] == period)
            areas = sorted(set(frame.loc[same, "key"]) | {own_key})
            return Group(FAMILY, f"family group {label}", areas, phrase=f"the {{n}} areas of our family group ({label})")
    if peers in named:
        name, words = named[peers]
        areas, unknown = members(words)
        return Group(peers, name, areas, unknown, phrase=f"the {{n}} areas of {name}")
    if peers == PICK and picked:
        areas, unknown = members(list(picked))
        return Group(PICK, "the areas picked", areas, unknown, phrase="the {n} areas picked")
    return Group(ALL, f"all areas in {dataset}", sorted(keys), phrase=f"the {{n}} areas in {dataset}")


def compare(code: str, link: dict, frame: pd.DataFrame, *, peers: str | None = None, named: dict | None = None,
            picked=None, own_periods=(), decimals: int | None = None) -> Comparison:
    """The comparison for one linked measure. `frame` holds its benchmark figures (LINKED_COLUMNS);
    `own_periods` the labels of the years the council has its own figures for (to say when they run further)."""
    named = named or {}
    frame = frame.copy()
    frame["key"] = [_key(c, n) for c, n in zip(frame["area_code"], frame["area_name"])]
    frame["order"] = [_order(p) for p in frame["period"]]      # cached per label: a file has a few dozen
    polarity = link.get("polarity") or stats.NONE
    choices = [(ALL, "All areas")]
    if frame["family"].notna().any():
        choices.append((FAMILY, "Our family group"))
    choices += [(slug, name) for slug, (name, _) in sorted(named.items(), key=lambda kv: kv[1][0])]
    choices.append((PICK, "Areas I pick"))
    group = resolve(frame, link["area"], peers, named, picked, link.get("dataset") or "the dataset")
    wanted = link["area"].casefold()
    own = next((k for k, n in zip(frame["key"], frame["area_name"]) if wanted in (k.casefold(), str(n).casefold())),
               link["area"])
    out = Comparison(code, link, group, choices, all_names=dict(zip(frame["key"], frame["area_name"])))
    out.latest_area = own
    members = set(group.areas)
    by_period: dict[str, dict] = {}        # period -> {area key: (value, lower, upper)}, one pass over the rows
    for k, name, period, v, lo, hi in zip(frame["key"], frame["area_name"], frame["period"], frame["value"],
                                          frame["lower_ci"], frame["upper_ci"]):
        if k in members and not _missing(v):
            out.names[k] = name
            by_period.setdefault(period, {})[k] = (float(v), None if _missing(lo) else float(lo),
                                                   None if _missing(hi) else float(hi))
    if group.unknown:
        out.notices.append(f"{len(group.unknown)} of the group's areas are not in {link.get('dataset')}: "
                           + ", ".join(group.unknown[:8]))
    if link.get("title") is None:
        out.notices.append(f"{link.get('benchmark_code')} is no longer in {link.get('dataset')}: import it again")
        return out
    periods = sorted(by_period, key=_order)
    for label in periods:
        figures = by_period[label]
        q1, median, q3 = stats.quartiles(f[0] for f in figures.values())
        mine = figures.get(own)
        out.series.append({"period": label, "value": mine[0] if mine else None,
                           "q1": q1, "median": median, "q3": q3, "n": len(figures)})
    if periods:
        table = pd.DataFrame({p: {k: f[0] for k, f in by_period[p].items()} for p in periods})
        order = [own] + sorted((k for k in table.index if k != own), key=lambda k: out.names.get(k, k))
        out.table = table.reindex([k for k in order if k in table.index])
    common = [s for s in out.series if s["value"] is not None and s["n"] >= MIN_AREAS]
    if not common:
        mine = [s for s in out.series if s["value"] is not None]
        if not mine:
            out.notices.append(f"{link['area']} has no figure in {link.get('dataset')} for this measure: "
                               "no comparison")
        else:
            most = max(s["n"] for s in mine)
            out.notices.append(f"Too few areas to compare: at most {most} with figures (the council's own "
                               f"included); quartiles need at least {MIN_AREAS}")
        return out
    latest = common[-1]
    figures = by_period[latest["period"]]
    out.latest = stats.position(figures, own, group.areas, polarity, latest["period"])
    out.meaningful = True
    if out.latest.missing:
        one = len(out.latest.missing) == 1
        out.notices.append(f"{len(out.latest.missing)} of the {len(group.areas)} areas {'has' if one else 'have'} no "
                           f"figure for {latest['period']} and {'is' if one else 'are'} left out: "
                           + ", ".join(out.names.get(a, a) for a in out.latest.missing[:8]))
    later = [s["period"] for s in out.series if _order(s["period"]) > _order(latest["period"])]
    if later:
        out.notices.append(f"Later years ({', '.join(later)}) have too few areas or no figure of ours: the "
                           f"position is for {latest['period']}")
    ours_later = [p for p in own_periods if _order(p) > _order(latest["period"])]
    if ours_later:
        out.notices.append(f"The comparison runs to {latest['period']}; our own figures run to "
                           f"{max(ours_later, key=_order)}")
    if link.get("definition_note"):
        out.notices.append(f"Not like for like: {link['definition_note']}")
    if polarity == stats.NONE:
        out.notices.append("This measure has no direction of better: quartiles are by value, lowest first")
    out.sentence = sentence(out.latest, group, link.get("unit"), decimals, bool(link.get("definition_note")))
    return out


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


@functools.lru_cache(maxsize=4096)
def _order(label: str) -> tuple:
    return Period.parse(label).sort_key


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# The words of a position, shared by the measure page and the report pack.
SIGNIFICANCE_WORDS = {"better": "Significantly better than the group average",
                      "worse": "Significantly worse than the group average",
                      "similar": "Not significantly different from the group average",
                      "higher": "Significantly higher than the group average",
                      "lower": "Significantly lower than the group average"}
BETTER_WORDS = {stats.HIGHER: "Higher", stats.LOWER: "Lower"}      # anything else: "No direction"
QUARTILE_NOTE = ("Quartiles by the inclusive method (type 7, as Excel's QUARTILE.INC); rank 1 is best and tied "
                 "values share the best rank; areas with no figure are left out and counted.")


def rank_words(pos: stats.Position) -> str:
    """`4th of 8`, `joint 2nd of 15`."""
    return f"{'joint ' if pos.tied else ''}{ordinal(pos.rank)} of {pos.of}"


def quartile_words(pos: stats.Position) -> str:
    """`Second-best quartile (lower is better)`; `Lowest quartile (no direction of better)`."""
    better = BETTER_WORDS.get(pos.polarity)
    return (f"{pos.quartile_words.capitalize()} quartile "
            f"({f'{better.lower()} is better' if better else 'no direction of better'})")


def sentence(pos: stats.Position, group: Group, unit: str | None, decimals: int | None, caveat: bool) -> str:
    """`In 2023/24 we were in the second-best quartile of the 8 areas in ..., 4th of 8; the median was 12.1 days.`"""
    place = ordinal(pos.rank)
    shown = format_value(pos.median, unit, decimals)
    direction = {stats.HIGHER: " (higher is better)", stats.LOWER: " (lower is better)"}.get(pos.polarity, "")
    text = (f"In {pos.period} we were in the {pos.quartile_words} quartile of {group.phrase.format(n=pos.of)}"
            f"{' with figures' if pos.missing else ''}, {'joint ' if pos.tied else ''}{place} of {pos.of}{direction}; "
            f"the median was {shown}.")
    if pos.significance:
        text += f" Against the group's average we were {_significance_words(pos.significance)}."
    if caveat:
        text = "Not like for like (definitions differ): " + text
    return text


def _significance_words(word: str) -> str:
    return {"better": "significantly better", "worse": "significantly worse",
            "similar": "not significantly different", "higher": "significantly higher",
            "lower": "significantly lower"}[word]
