"""What a page shows for a set of filters: the filters as a URL query, and the result frames they select.

Pure functions over `summary.evaluate` results and `assess.series`; no Dash, no database.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, fields, replace
from urllib.parse import parse_qsl, urlencode

import pandas as pd

from data.performance.assess import Rule, series
from data.core.periods import Period
from data.performance.status import Status
from data.spc import wording
from data.spc.variation import ASSURANCE_GROUPS, VARIATION_GROUPS, matrix

# Query keys a page's own filters write; anything else in the URL (e.g. `meeting=1`) is kept as it is.
FILTER_KEYS = ("period", "directorate", "service", "priority", "status", "variation", "assurance", "peers", "among")
ALL = "all"  # a select's "All ..." choice: no filter
STATUS_ORDER = [Status.ON_TARGET, Status.WITHIN_TOLERANCE, Status.BELOW_TARGET, Status.NO_DATA, Status.ANNUAL,
                Status.DATA_ONLY]

# SPC groups in the order variation.matrix gives them, and their URL slugs (`?variation=common-cause`).
VARIATION_SLUGS = {wording.slug(g): g for g in wording.VARIATION_ORDER}
ASSURANCE_SLUGS = {wording.slug(g): g for g in wording.ASSURANCE_ORDER}
SPC_CHOICES = {"variation": VARIATION_SLUGS, "assurance": ASSURANCE_SLUGS}
# `?peers=`: the quartile among each measure's peers (issue 18), shown or filtered to the bottom; `?among=` the group
# (`all-areas`, `family` or a named group's slug; unset, or one that does not exist: the council's default group).
PEER_CHOICES = {"quartile": "Show the quartile among peers", "bottom": "Bottom quartile among peers"}
GROUP_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")


@dataclass(frozen=True)
class Filters:
    """A view's filters; an empty string means "all"."""

    period: str = ""
    directorate: str = ""
    service: str = ""
    priority: str = ""
    status: str = ""
    variation: str = ""
    assurance: str = ""
    peers: str = ""
    among: str = ""

    @classmethod
    def from_query(cls, query: dict | str | None) -> Filters:
        """From `?period=2026/27 Q2&status=below_target` or the keyword arguments Dash Pages passes a layout."""
        if isinstance(query, str) or query is None:
            query = dict(parse_qsl((query or "").lstrip("?")))
        return cls.of_controls(**{k: query.get(k) or "" for k in FILTER_KEYS})

    @classmethod
    def of_controls(cls, **values) -> Filters:
        """From the select values, where None or "all" means no filter; an unknown SPC group is ignored."""
        clean = {k: "" if v in (None, ALL) else str(v) for k, v in values.items()}
        for key, known in SPC_CHOICES.items():
            if clean.get(key) not in known:
                clean.pop(key, None)
        if clean.get("peers") not in PEER_CHOICES:
            clean.pop("peers", None)
        if not GROUP_KEY.fullmatch(clean.get("among", "")):
            clean.pop("among", None)
        return cls(**clean)

    def control_values(self, *keys) -> tuple:
        """The select values for these keys ("all" for no filter)."""
        return tuple(getattr(self, k) or ALL for k in keys)

    def to_search(self, current: str | None = "") -> str:
        """`?period=...&status=...`: the set filters, merged over the other keys of the current query."""
        kept = [(k, v) for k, v in parse_qsl((current or "").lstrip("?")) if k not in FILTER_KEYS]
        ours = [(k, v) for k, v in asdict(self).items() if v]
        query = urlencode(ours + kept)
        return f"?{query}" if query else ""

    def with_(self, **changes) -> Filters:
        return replace(self, **{k: v or "" for k, v in changes.items()})

    def values(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self))


def meeting(search: str | None) -> bool:
    """`?meeting=1`: the page is shown in meeting mode (no controls, large type)."""
    return dict(parse_qsl((search or "").lstrip("?"))).get("meeting") == "1"


def apply(results: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows matching the directorate, service, priority and status filters."""
    keep = pd.Series(True, index=results.index)
    for column, wanted in (("directorate_slug", filters.directorate), ("service_slug", filters.service),
                           ("priority_slug", filters.priority)):
        if wanted:
            keep &= results[column] == wanted
    if filters.status:
        keep &= results["status"].map(lambda s: Status(s).value) == filters.status
    if filters.variation:
        keep &= variation_groups(results) == VARIATION_SLUGS[filters.variation]
    if filters.assurance:
        keep &= assurance_groups(results) == ASSURANCE_SLUGS[filters.assurance]
    if filters.peers == "bottom":
        keep &= results.get("peer_quartile", pd.Series(None, index=results.index, dtype=object)) == 4
    return results[keep]


def variation_groups(results: pd.DataFrame) -> pd.Series:
    """Each row's variation group (`Concern`), None where SPC makes no judgement."""
    return results["variation_icon"].map(VARIATION_GROUPS)


def assurance_groups(results: pd.DataFrame) -> pd.Series:
    """Each row's assurance group as variation.matrix counts it: only judged rows, no icon meaning `No target`."""
    judged = results["variation_icon"].notna()
    return results["assurance_icon"].map(lambda a: ASSURANCE_GROUPS.get(a, "No target")).where(judged)


def spc_matrix(results: pd.DataFrame) -> dict:
    """variation.matrix of the results as rows for a table, with row and column totals and the unjudged count.

    {"rows": [{"group", "slug", "cells": [{"group", "slug", "count"}], "total"}], "totals": [...], "total",
     "unjudged"}
    """
    counts = matrix(results[["code", "variation_icon", "assurance_icon"]])
    rows = [{"group": v, "slug": slug, "total": int(counts.loc[v].sum()),
             "cells": [{"group": a, "slug": a_slug, "count": int(counts.loc[v, a])}
                       for a_slug, a in ASSURANCE_SLUGS.items()]}
            for slug, v in VARIATION_SLUGS.items()]
    totals = [{"group": a, "slug": a_slug, "count": int(counts[a].sum())} for a_slug, a in ASSURANCE_SLUGS.items()]
    return {"rows": rows, "totals": totals, "total": int(counts.to_numpy().sum()),
            "unjudged": int(results["variation_icon"].isna().sum())}


def short_words(variation_icon) -> tuple[dict, dict]:
    """(variation words, assurance words) for a card, by icon: no judgement means no assurance either, not
    "No target"."""
    if isinstance(variation_icon, str):
        return ({k: w.short for k, w in wording.VARIATION.items()},
                {k: w.short for k, w in wording.ASSURANCE.items()})
    return {None: wording.UNJUDGED.short}, {None: wording.NO_ASSURANCE.short}


def spc_words(variation_icon, assurance_icon) -> tuple[str, str]:
    """(`↗ Concern (high)`, `↕ Hit and miss`): symbol and words; assurance is `–` where SPC makes no judgement."""
    variation = wording.variation(variation_icon)
    if not isinstance(variation_icon, str):
        return f"{variation.symbol} {variation.short}", "–"
    assurance = wording.assurance(assurance_icon)
    return f"{variation.symbol} {variation.short}", f"{assurance.symbol} {assurance.short}"


def status_matrix(results: pd.DataFrame, by: str, names: pd.DataFrame) -> list[dict]:
    """Per group (`directorate_slug` or `priority_slug`): slug, name and count per status, in `names` order."""
    tally = Counter(zip(results[by], (Status(s).value for s in results["status"])))
    rows = []
    for slug, name in zip(names["slug"], names["name"]):
        counts = {s.value: tally[(slug, s.value)] for s in STATUS_ORDER}
        rows.append({"slug": slug, "name": name, "total": sum(counts.values()), **counts})
    return rows


def needs_attention(results: pd.DataFrame) -> pd.DataFrame:
    """Measures below target or worse than both the previous period and last year, worst first."""
    flagged = results[results["needs_attention"].astype(bool)]
    return flagged.sort_values(["severity", "directorate", "code"])


def describe(filters: Filters, names: dict[str, dict[str, str]]) -> str:
    """The active filters in words: `Priority "Homes for everyone", status Below target`."""
    parts = []
    for key, noun in (("directorate", "directorate"), ("service", "service"), ("priority", "priority")):
        value = getattr(filters, key)
        if value:
            parts.append(f'{noun} "{names.get(key, {}).get(value, value)}"')
    if filters.status:
        try:
            parts.append(f"status {Status(filters.status).label}")
        except ValueError:
            parts.append(f'status "{filters.status}"')
    for key, choices in SPC_CHOICES.items():
        value = getattr(filters, key)
        if value:
            parts.append(f"{key} {choices.get(value, value)}")
    if filters.peers == "bottom":
        parts.append("bottom quartile among peers")
    return ", ".join(parts)


def spc_options(key: str) -> list[dict]:
    """Choices for the Variation or Assurance select."""
    return [{"label": group, "value": slug} for slug, group in SPC_CHOICES[key].items()]


def recent_series(measure: dict, values: dict, targets: dict, last: Period, kind: str, count: int) -> list[dict]:
    """The last `count` periods of a kind up to `last` (value, target, edge, status), via assess.series."""
    end = last.months()[-1].widen(kind)
    return series(Rule.of(measure), values, targets, end.shift(-(count - 1)), end)
