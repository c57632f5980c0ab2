"""Roll many measures' assessments into the frames and sentences the pages and the CLI show."""

from __future__ import annotations

import pandas as pd

from data.performance.assess import Rule, assess, assess_to_date
from data.performance.formatting import format_value, shown_decimals
from data.core.periods import Period
from data.performance.status import SEVERITY, Direction, Status

RESULT_COLUMNS = ["id", "code", "title", "directorate", "directorate_slug", "service", "service_slug",
                  "priority", "priority_slug", "owner", "unit", "decimals", "polarity", "frequency", "kind",
                  "rollup", "period", "effective", "value", "target", "edge", "status", "ytd_value", "ytd_target",
                  "ytd_status", "previous_value", "last_year_value", "direction_previous", "direction_last_year",
                  "value_text", "target_text", "ytd_value_text", "ytd_target_text", "severity", "needs_attention",
                  "context"]


def evaluate(measures: pd.DataFrame, figures: dict, period: Period, through: Period | None = None) -> pd.DataFrame:
    """One row per measure with its assessment for the period (RESULT_COLUMNS); a year still under way is judged
    to date through the quarter `through` (assess.assess_to_date)."""
    rows = []
    for m in measures.to_dict("records"):
        values, targets = figures.get(m["id"], ({}, {}))
        rule = Rule.of(m)
        a = (assess_to_date(rule, values, targets, period, through) if through is not None
             else assess(rule, values, targets, period))
        decimals = shown_decimals(m["decimals"], values, targets)
        fmt = lambda v: format_value(v, m["unit"], decimals)  # noqa: E731
        worsened = (a.direction_previous is Direction.WORSENING and a.direction_last_year is Direction.WORSENING)
        rows.append({**{k: m.get(k) for k in RESULT_COLUMNS if k in m}, "decimals": decimals,
                     "period": period.label, "effective": a.effective.label if a.effective else None,
                     "value": a.value, "target": a.target, "edge": a.edge, "status": a.status,
                     "ytd_value": a.ytd_value, "ytd_target": a.ytd_target, "ytd_status": a.ytd_status,
                     "previous_value": a.previous_value, "last_year_value": a.last_year_value,
                     "direction_previous": a.direction_previous, "direction_last_year": a.direction_last_year,
                     "value_text": fmt(a.value), "target_text": fmt(a.target), "ytd_value_text": fmt(a.ytd_value),
                     "ytd_target_text": fmt(a.ytd_target), "severity": SEVERITY.index(a.status),
                     "needs_attention": a.status is Status.BELOW_TARGET or worsened,
                     "context": bool(m.get("context") or False)})
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    for column in ("status", "ytd_status", "direction_previous", "direction_last_year"):
        # Keep the enums (and None for "no comparison") rather than letting pandas infer strings and NaN.
        frame[column] = pd.Series([r[column] for r in rows], index=frame.index, dtype=object)
    return frame


def own(results: pd.DataFrame) -> pd.DataFrame:
    """The council's own performance: every measure but the context indicators (wider figures outside its
    control, shown apart and never counted in the status totals)."""
    if "context" not in results or not len(results):
        return results
    return results[~results["context"].fillna(False).astype(bool)]


def context(results: pd.DataFrame) -> pd.DataFrame:
    """The context indicators among the results."""
    if "context" not in results or not len(results):
        return results.iloc[0:0]
    return results[results["context"].fillna(False).astype(bool)]


def counts(results: pd.DataFrame) -> dict[str, int]:
    """Measures per status, every status present (zero where none)."""
    tally = results["status"].value_counts() if len(results) else {}
    return {s.value: int(tally.get(s, 0)) for s in Status}


def headline(results: pd.DataFrame) -> str:
    """`Of 60 measures, 41 are on target or within tolerance, 7 are below target and 12 are annual or data only`."""
    c = counts(results)
    total = len(results)
    met = c["on_target"] + c["within_tolerance"]
    other = c["annual"] + c["data_only"]
    parts = [f"{met} {'is' if met == 1 else 'are'} on target or within tolerance",
             f"{c['below_target']} {'is' if c['below_target'] == 1 else 'are'} below target"]
    if c["no_data"]:
        parts.append(f"{c['no_data']} {'has' if c['no_data'] == 1 else 'have'} no data")
    parts.append(f"{other} {'is' if other == 1 else 'are'} annual or data only")
    noun = "measure" if total == 1 else "measures"
    return f"Of {total} {noun}, " + ", ".join(parts[:-1]) + " and " + parts[-1] + "."


def direction_word(results_row) -> str | None:
    """The direction against the previous period, as a word for exports (`improving`, ...)."""
    d = results_row["direction_previous"]
    return d.value if isinstance(d, Direction) else None


def _number(x) -> float | None:
    """A JSON-safe number: pandas turns missing values into NaN, which JSON cannot carry."""
    return None if x is None or x != x else float(x)


def to_json(results: pd.DataFrame, period: Period, name: str | None = None) -> dict:
    """The `summary --json` document; `name` says the period in words (`2026/27 to date (Apr-Sep)`)."""
    measures = [{"code": r["code"], "title": r["title"], "directorate": r["directorate"],
                 "status": r["status"].value, "value": _number(r["value"]), "target": _number(r["target"]),
                 "ytd_value": _number(r["ytd_value"]), "ytd_status": r["ytd_status"].value,
                 "direction": direction_word(r)} for r in results.to_dict("records")]
    return {"period": period.label, "period_name": name or period.name, "total": len(results),
            "counts": counts(results), "measures": measures}
