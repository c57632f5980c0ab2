"""What a column heading names: a field through synonyms (`PI Code`, `Ref`, `KPI ID` -> code), a period
(`Q2`, `Q2 Actual`, `Jul-19`, `2019/20 Target`) or a comparator's figure (`Scotland_Indicator_Real`,
`England average`). Headings match case-, space- and punctuation-insensitively, CamelCase split.
"""

from __future__ import annotations

import re

from data.core.periods import Period, PeriodError
from data.imports import cells
from data.imports.store import MEASURE_FIELDS

FIGURE_FIELDS = ("period", "year", "value", "target", "commentary")
EXTRA_FIELDS = ("code_and_title", "measure_type", "number_format", "area", "area_code")
NOT_IMPORTED = ("status", "numerator", "denominator", "group")
# `context` (a context indicator) is read from the canonical template only: councils' own files use "context" for
# free text about a measure
FIELDS = tuple(f for f in MEASURE_FIELDS if f != "context") + FIGURE_FIELDS + EXTRA_FIELDS + NOT_IMPORTED + ("ignore",)
RULE_FIELDS = ("polarity", "frequency", "kind", "rollup", "tolerance_type")

# Heading synonyms, matched after `heading_key` (lower case, punctuation and extra spaces removed).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("code", "pi code", "pi", "ref", "pi ref", "pi ref no", "reference", "kpi id", "kpi code", "kpi ref",
             "indicator code", "measure code", "indicator id", "measure id", "id", "pi no", "indicator ref",
             "ref no", "metric code", "kpi reference", "measure ref", "pi reference"),
    "title": ("title", "indicator", "measure", "description", "pi description", "kpi", "kpi name",
              "indicator name", "measure name", "name", "pi name", "pi title", "indicator title", "kpi description",
              "metric", "metric name", "performance indicator", "indicator description short"),
    "code_and_title": ("pi code and name", "pi code name", "code and name", "code and title", "pi code and title",
                       "kpi code and name", "indicator code and name", "ref and description", "pi and description",
                       "code and description", "pi code and description"),
    "description": ("definition", "long description", "indicator description", "how calculated"),
    "directorate": ("directorate", "department", "portfolio", "division"),
    "service": ("service", "service area", "team", "owning service", "business unit", "service name"),
    "priority": ("priority", "council priority", "outcome", "theme", "corporate priority", "objective"),
    "owner": ("owner", "lead", "lead officer", "responsible officer", "officer", "accountable officer", "managed by"),
    "unit": ("unit", "units", "meas in", "unit of measure", "measured in", "format"),
    "measure_type": ("measure type", "measuretype", "type of measure", "value type", "data type", "statistic"),
    "decimals": ("decimals", "dp", "decimal places"),
    "number_format": ("number format", "excel format", "display format"),
    "polarity": ("polarity", "good is", "direction", "good performance is", "prefd outcm", "preferred outcome",
                 "aim", "better is", "direction of improvement", "direction of improving performance",
                 "higher or lower is better", "ranking type", "rank order"),
    "frequency": ("frequency", "reporting frequency", "collection frequency", "collected", "reported"),
    "kind": ("kind", "indicator type", "pi type", "type", "target or data only"),
    "rollup": ("rollup", "roll up", "aggregation", "calculation", "accumulation", "year end calculation"),
    "tolerance": ("tolerance", "amber tolerance", "tolerance band"),
    "tolerance_type": ("tolerance type",),
    "period": ("period", "quarter", "month", "date", "reporting period", "period label", "time period", "week",
               "week ending", "week commencing", "week beginning", "week number", "financial quarter", "time"),
    "year": ("year", "financial year", "fy", "reporting year", "lgbf year"),
    "value": ("value", "actual", "actuals", "outturn", "result", "performance", "figure", "data", "score",
              "current value", "this quarter", "la indicator real", "la indicator", "la value", "indicator value",
              "actual value", "value real", "count"),
    "target": ("target", "target value", "current target"),
    "commentary": ("commentary", "comment", "comments", "notes", "note", "narrative", "explanation",
                   "latest note", "officer comment"),
    "status": ("status", "rag", "rag status", "traffic light", "rating", "short trend", "long trend", "trend",
               "direction of travel", "dot"),
    "area": ("area", "area name", "la", "la name", "local authority", "local authority name", "authority",
             "authority name", "council", "council name", "geography", "geography name", "ward", "ward name",
             "organisation", "organisation name", "lad name", "ltla name", "utla name"),
    "area_code": ("area code", "la code", "local authority code", "geography code", "ons code", "gss code",
                  "ward code", "organisation code", "lad code"),
    "numerator": ("numerator", "num", "la numerator", "la numerator real", "la num real"),
    "denominator": ("denominator", "den", "denom", "la den real", "la denominator", "la denominator real"),
    "group": ("family group", "comparator group", "cipfa group", "grouping"),
}
_VALUE_WORDS = ("actual", "actuals", "value", "outturn", "result", "performance", "figure")
_TARGET_WORDS = ("target", "tgt")


def heading_key(heading) -> str:
    """`  KPI-ID ` -> `kpi id`; `Pref'd Outcm` -> `prefd outcm`; `LocalAuthority` -> `local authority`."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", str(heading or "").strip())
    text = text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text).split())


_LOOKUP = {heading_key(s): f for f, synonyms in SYNONYMS.items() for s in synonyms}


def recognise(heading) -> str | None:
    """The field a heading names, or None: recognise("Good is") -> "polarity"."""
    return _LOOKUP.get(heading_key(heading))


def period_heading(heading, year: Period | None) -> tuple[str, Period | None, str] | None:
    """("value" or "target", period or None when it needs a year, the period text) for a period column
    such as `Q2`, `Q2 Actual`, `Q2 Target`, `2019/20 Q2`, `Jul-19` or `Actual 06/07`; None otherwise."""
    if heading is None or isinstance(heading, bool):
        return None
    raw = str(heading).strip()
    words = raw.lower().replace("_", " ").split()
    role = "target" if any(w.strip("():") in _TARGET_WORDS for w in words) else "value"
    rest = " ".join(w for w in words if w.strip("():") not in _VALUE_WORDS + _TARGET_WORDS).strip(" -:()")
    if not rest or (len(words) > 1 and rest == raw.lower() and not re.search(r"\d|^q[1-4]$", rest)):
        return None
    try:
        return role, cells.parse_period_cell(rest, year), rest
    except PeriodError:
        if cells.is_partial_period(rest):
            return role, None, rest
        return None


# Comparators written as columns beside the council's own figure (LGBF, CIPFA reports, Oflog).
COMPARATORS = {"scotland": "Scotland", "england": "England", "wales": "Wales", "uk": "UK",
               "great britain": "Great Britain", "fg": "Family group average", "fg avg": "Family group average",
               "family group": "Family group average", "family group average": "Family group average",
               "cipfa": "CIPFA neighbours", "cipfa nearest neighbours": "CIPFA neighbours",
               "nearest neighbours": "Nearest neighbours", "statistical neighbours": "Statistical neighbours",
               "national": "National", "regional": "Region", "region": "Region", "shire district": "Shire districts"}
_NEEDS_TAIL = {"national", "regional", "region", "fg", "cipfa"}
_FIGURE_TAIL = {"indicator", "real", "value", "avg", "average", "mean", "median", "rate", "figure", "result", "actual",
                "score", "%"}
_PART_TAIL = {"num", "numerator", "den", "denominator"}


def comparator_heading(heading) -> tuple[str, bool] | None:
    """(comparator's name, True for its figure or False for a numerator/denominator), or None:
    `Scotland_Indicator_Real` -> ("Scotland", True); `FG_Avg_Num_Real` -> ("Family group average", False)."""
    words = heading_key(heading).split()
    for size in (3, 2, 1):
        name = " ".join(words[:size])
        if len(words) >= size and name in COMPARATORS:
            rest = set(words[size:])
            if not rest and name in _NEEDS_TAIL:
                return None
            if rest <= _FIGURE_TAIL:
                return COMPARATORS[name], True
            if rest & _PART_TAIL and rest <= _FIGURE_TAIL | _PART_TAIL:
                return COMPARATORS[name], False
            return None
    return None
