"""Words in councils' sheets that carry meaning: rule words (`Bigger is better`, `Annually`, `Cumulative`), polarity
written into a title, combined `PI Code & Name` cells, measure types (`Percentage` is `%`), footer and section
rows, and codes derived from indicator names. Pure functions, no database.
"""

from __future__ import annotations

import re

from data.imports import codes as code_rules


def _norm(text) -> str:
    return " ".join(re.sub(r"[^a-z0-9/ ]+", " ", str(text).lower()).split())


WORDS = {
    "polarity": {
        "higher": ("higher", "high", "higher is better", "bigger is better", "more is better", "up", "increase",
                   "maximise", "maximize", "aim to maximise", "aim to maximize", "descending", "desc", "h", "+",
                   "larger is better", "greater is better", "good is high", "high is good"),
        "lower": ("lower", "low", "lower is better", "smaller is better", "less is better", "down", "decrease",
                  "minimise", "minimize", "aim to minimise", "aim to minimize", "ascending", "asc", "l", "-",
                  "good is low", "low is good"),
        "none": ("none", "n/a", "na", "neither", "data only", "goldilocks", "no polarity", "not applicable"),
    },
    "frequency": {
        "weekly": ("weekly", "week", "w", "weeks", "wk"),
        "monthly": ("monthly", "month", "m", "months"),
        "quarterly": ("quarterly", "quarter", "q", "quarters", "qtr"),
        "annual": ("annual", "annually", "year", "yearly", "a", "y", "years", "2 yearly", "biennial",
                   "2 year aggregates", "2 year aggregates (annual)", "3 year aggregates", "4 year aggregates"),
    },
    "kind": {
        "target": ("target", "targeted", "performance", "performance indicator", "pi", "kpi"),
        "data only": ("data only", "data", "dataonly", "for info only", "info", "contextual", "context",
                      "monitor", "volumetric", "activity"),
    },
    "rollup": {
        "sum": ("sum", "total", "add", "summed", "count"),
        "mean": ("mean", "average", "avg", "averaged"),
        "latest": ("latest", "last", "snapshot", "cumulative", "ytd", "year to date", "point in time"),
    },
    "tolerance_type": {
        "percent": ("percent", "%", "percentage", "pct"),
        "absolute": ("absolute", "abs", "value", "points"),
    },
}
_WORD_LOOKUP = {field: {_norm(w) or w: canonical for canonical, words in table.items() for w in words}
                for field, table in WORDS.items()}


def rule_word(field: str, cell) -> str | None:
    """The canonical word for a rule column: rule_word("polarity", "Bigger is better") -> "higher".

    Returns the cell unchanged (stripped) when not recognised, so the template check reports it."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    text = str(cell).strip()
    table = _WORD_LOOKUP.get(field, {})
    return table.get(_norm(text) or text, table.get(text.lower(), text))


# Polarity written into a name: `(aim to maximise)`, `(higher is better)`, `Good is: Low`, `[good = high]`.
_IN_TITLE = re.compile(r"\s*[(\[]?\s*(?:aim\s+to\s+(maximi[sz]e|minimi[sz]e)|(higher|lower|bigger|smaller|more|less)"
                       r"\s+is\s+better|good\s*(?:is|=)\s*:?\s*(high|low|higher|lower))\s*[)\]]?\s*[.;,]?", re.I)


def polarity_in_title(title: str) -> tuple[str, str | None]:
    """`Rent collected (aim to maximise)` -> (`Rent collected`, `higher`); no polarity words -> (title, None)."""
    m = _IN_TITLE.search(title)
    if not m:
        return title, None
    word = (m[1] or m[2] or m[3]).lower()
    polarity = "higher" if word.startswith(("max", "high", "big", "more")) else "lower"
    rest = (title[:m.start()] + " " + title[m.end():]).strip(" -:")
    return " ".join(rest.split()) or title, polarity


_CODE_AND_NAME = re.compile(r"^\s*([A-Za-z][A-Za-z&]{0,9}[-_./ ]?\d+[A-Za-z0-9._/-]*)\s*(?:[-\u2013:|]\s*|\s+)(\S.*)$")


def split_code_and_title(cell) -> tuple[str, str] | None:
    """`HSG01 - Rent loss from empty homes` -> (`HSG01`, `Rent loss from empty homes`); None when no code leads."""
    if not isinstance(cell, str):
        return None
    m = _CODE_AND_NAME.match(code_rules.clean(cell) or "")
    return (m[1].strip(), m[2].strip()) if m else None


# What a `measure type` column says about the unit: `Percentage` is `%`, `Cost` is `£`.
MEASURE_TYPES = {"percentage": "%", "percent": "%", "%": "%", "proportion": "%", "cost": "£", "money": "£",
                 "£": "£", "days": "days", "weeks": "weeks", "score": "score", "rate per 1 000": "per 1,000",
                 "rate per 10 000": "per 10,000", "rate per 100 000": "per 100,000", "rate per 1000": "per 1,000",
                 "frequency": None, "count": None, "number": None, "total": None}


def unit_of_measure_type(cell) -> tuple[bool, str | None]:
    """(known, unit) for a measure type: `Percentage` -> (True, "%"), `Frequency` -> (True, None)."""
    key = _norm(cell)
    return (key in MEASURE_TYPES, MEASURE_TYPES.get(key))


def excel_format(cell) -> tuple[str | None, int | None]:
    """(unit, decimals) of an Excel number format: `0.0%` -> ("%", 1), `'£ '0.00` -> ("£", 2), `0` -> (None, 0)."""
    if not isinstance(cell, str) or not re.search(r"[0#]", cell):
        return None, None
    places = re.search(r"[0#]\.([0#]+)", cell)
    unit = "%" if "%" in cell else "£" if "£" in cell else None
    return unit, len(places[1]) if places else 0


_FOOTER = re.compile(r"^(?:(?:grand\s+)?totals?\s*:?|sum|average|source[s]?\b.*|notes?\s*:.*|key\s*:.*|\*.*|©.*|"
                     r"copyright\b.*|(?:report\s+)?(?:generated|printed|produced|run)\s+(?:on|by|at)\b.*|"
                     r"page\s+\d+(?:\s+of\s+\d+)?|end of report|data (?:as at|correct)\b.*)$", re.I)


def is_footer(cells: list) -> bool:
    """A row such as `Total`, `Source: Pentana`, `Page 2 of 3`: the first filled cell says it is not data."""
    first = next((c for c in cells if c is not None and str(c).strip()), None)
    return isinstance(first, str) and bool(_FOOTER.match(first.strip()))


_LABELLED = re.compile(r"^\s*(directorate|department|service|service area|portfolio|financial year|year|"
                       r"reporting year)\s*[:=\-\u2013]\s*(\S.*?)\s*$", re.I)
CONTEXT_FIELDS = {"directorate": "directorate", "department": "directorate", "portfolio": "directorate",
                  "service": "service", "service area": "service", "financial year": "year", "year": "year",
                  "reporting year": "year"}


def labelled(cell) -> tuple[str, str] | None:
    """`Directorate: Place` -> ("directorate", "Place"); a title or section cell saying what follows."""
    m = _LABELLED.match(str(cell)) if isinstance(cell, str) else None
    return (CONTEXT_FIELDS[m[1].lower()], m[2]) if m else None


_STOP = {"of", "the", "a", "an", "and", "or", "in", "on", "to", "for", "within", "by", "with", "from", "at", "per",
         "as", "is", "are", "be", "that", "which", "who", "number", "percentage", "proportion", "rate", "total"}


def derive_code(title: str, taken: set[str]) -> str:
    """A short code from an indicator's name, unique among `taken` (by code key), which it joins:
    `Percentage of major planning applications decided within 13 weeks` -> `MPADW13`."""
    words = re.findall(r"[A-Za-z]+|\d+", title)
    significant = [w for w in words if w.lower() not in _STOP] or words or ["M"]
    base = "".join(w if w.isdigit() else w[0].upper() for w in significant)[:8] or "M"
    code, n = base, 2
    keys = {code_rules.key(t) for t in taken}
    while code_rules.key(code) in keys:
        code, n = f"{base}-{n}", n + 1
    taken.add(code)
    return code
