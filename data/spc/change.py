"""Has the process changed? Making Data Count: when the latest points show a *sustained* special cause, a shift
(a run of 7 or more on one side of the average) or a trend (7 or more each higher, or lower, than the last), the
limits worked out from the old process no longer describe it, so their assurance is not valid. The limits should
be recalculated from where the change began, once someone who knows the service confirms it (a process change
with its reason). Pure functions over an `xmr` result; xmr itself is left as it is.
"""

from __future__ import annotations

from data.spc import xmr as spc


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _latest_segment(result: dict) -> list[int]:
    """Indices of the observed points in the segment holding the latest observed point, in date order."""
    observed = [i for i, v in enumerate(result["value"]) if v is not None]
    if not observed:
        return []
    segment = result["segment"][observed[-1]]
    return [i for i in observed if result["segment"][i] == segment]


def _trailing(signs: list[int]) -> int:
    """How many of the last entries share the last entry's (non-zero) sign."""
    if not signs or signs[-1] == 0:
        return 0
    n = 0
    for s in reversed(signs):
        if s != signs[-1]:
            break
        n += 1
    return n


def sustained_change(result: dict) -> dict | None:
    """The shift or trend the latest points show, or None: {"kind": "shift" | "trend", "index" (where it began, an
    index into the result), "date", "points", "direction": "higher" | "lower", "better": True | False | None (by
    polarity)}. A shift wins over a trend (it is the clearer sign of a new level); a change that begins where the
    segment begins has already been rebased."""
    points = _latest_segment(result)
    if len(points) < spc.RUN:
        return None
    y = [result["value"][i] for i in points]
    mean = result["mean"][points[-1]]
    sides = [_sign(v - mean) for v in y]
    steps = [_sign(b - a) for a, b in zip(y, y[1:])]
    found = None
    run = _trailing(sides)
    if run >= spc.RUN:
        found = ("shift", run, sides[-1])
    else:
        trend = _trailing(steps) + 1  # n steps one way join n + 1 points
        if trend >= spc.RUN:
            found = ("trend", trend, steps[-1])
    if found is None or found[1] >= len(points):
        return None
    kind, n, way = found
    start = points[-n]
    direction = spc.IMPROVEMENT[result["improvement"]]
    return {"kind": kind, "index": start, "date": result["date"][start], "points": n,
            "direction": "higher" if way > 0 else "lower", "better": None if direction == 0 else way == direction}


def _contradicted(result: dict) -> bool:
    """The latest figure sits on the wrong side of the target for what the assurance icon claims (it can only do so
    from outside the limits, a special cause): "will consistently meet" beside a miss, or "miss" beside a pass."""
    points = _latest_segment(result)
    target, icon = result.get("target"), result.get("assurance_icon")
    if not points or target is None or icon not in ("consistent_pass", "consistent_fail"):
        return False
    latest = result["value"][points[-1]]
    meets = latest >= target if result["improvement"] == "increase" else latest <= target
    return meets != (icon == "consistent_pass")


def judge(result: dict, labels: dict[str, str] | None = None) -> dict:
    """The xmr result with `change` (sustained_change, plus the `label` of the period it began in) and an assurance
    that never contradicts the latest figures: `recalculate` after a sustained change, `unconfirmed` when the latest
    figure lies outside the limits against the icon's claim; the reference's own icon is kept as `limits_assurance`.
    `labels` maps ISO dates to period labels (`2026-01`)."""
    out = {**result, "limits_assurance": result["assurance_icon"]}
    change = sustained_change(result)
    if change is not None:
        change["label"] = (labels or {}).get(change["date"], change["date"])
    out["change"] = change
    if result["assurance_icon"] is not None:
        if change is not None:
            out["assurance_icon"] = "recalculate"
        elif _contradicted(result):
            out["assurance_icon"] = "unconfirmed"
    return out
