"""What a council's file says, gathered across its sheets before it is checked: measure drafts, figures and
comparators' figures (`Converted`), then turned into the canonical template's tables (`Converted.finish`) with
codes derived from names where the file has none, frequencies inferred from the periods present (weekly from
dates a week apart), and one message per missing field for the whole file rather than one per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from data.core.periods import Period
from data.imports import codes as code_rules, infer, words
from data.imports.headings import RULE_FIELDS
from data.imports.mapping import Mapping
from data.imports.problems import Problem
from data.imports.store import MEASURE_FIELDS
from data.imports.template import SHEETS
from data.imports.values import parse_value

REQUIRED = ("title", "directorate", "service", "polarity", "frequency", "kind", "rollup")
HOW = {"directorate": "name one for the whole file (command line --directorate NAME; on the page, Directorate for "
                      "the file)",
       "service": "name one for the whole file (command line --service NAME; on the page, Service for the file)",
       "polarity": "say whether a higher value is better for each (on the page, the measures table; command line "
                   "--polarity CODE=higher|lower|none)",
       "frequency": "add a Frequency column (monthly, quarterly, annual) or give it in the mapping's defaults",
       "title": "add a title column or give it in the mapping's measures"}


@dataclass
class Figure:
    table: str                 # values | targets
    ref: tuple
    period: Period
    day: date | None           # the date the period was read from, if any (weekly series)
    cell: object
    comment: str | None
    sheet: str
    row: int
    columns: dict


@dataclass
class Benchmark:
    area_code: str | None
    area_name: str
    ref: tuple
    period: Period
    cell: object


@dataclass
class Draft:
    ref: tuple
    code: str | None
    given: dict
    origin: tuple              # (sheet, row, {field: column})
    title: str | None = None


@dataclass
class Converted:
    """Canonical tables (as `template.tables_of` gives them) plus where each row came from."""

    mapping: Mapping = field(default_factory=Mapping)
    existing: dict = field(default_factory=dict)
    drafts: dict[tuple, Draft] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    benchmarks: list[Benchmark] = field(default_factory=list)
    areas: dict[str, list] = field(default_factory=dict)         # name -> [code, rows]
    tables: dict[str, list] = field(default_factory=lambda: {name: [("headings", list(cols))]
                                                            for name, cols in SHEETS.items()})
    origins: dict[tuple[str, int], tuple[str, int, dict]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    layouts: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    found: dict[str, dict] = field(default_factory=dict)          # sheet -> {header, columns: [(heading, role)]}
    first_rows: dict[str, list] = field(default_factory=dict)     # sheets with no table: their top rows
    measures: list[dict] = field(default_factory=list)            # what the preview lists per measure
    withheld: set = field(default_factory=set)                    # codes whose draft has problems
    rows_read: int = 0

    # gathering --------------------------------------------------------------------------------
    def problem(self, sheet, row, column, message) -> None:
        self.add_problem(self.problems, sheet, row, column, message)

    def add_problem(self, target: list, sheet, row, column, message) -> None:
        target.append(Problem(sheet, row, column, message))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def count_area(self, name: str | None, code: str | None) -> None:
        if name:
            self.areas.setdefault(name, [code, 0])[1] += 1

    def ref(self, code: str | None, title: str | None, qualifier: str | None) -> tuple:
        if code:
            return ("code", code_rules.key(code))
        return ("title", title.casefold(), (qualifier or "").casefold())

    def describe(self, ref: tuple, code: str | None, given: dict, origin: tuple) -> None:
        draft = self.drafts.get(ref)
        if draft is None:
            self.drafts[ref] = Draft(ref, code, dict(given), origin, given.get("title"))
            return
        sheet, row, columns = origin
        for f, v in given.items():
            if f in draft.given and str(draft.given[f]).casefold() != str(v).casefold():
                self.problem(sheet, row, columns.get(f, f), f"measure {draft.code or draft.title} has {f} {v!r} here "
                             f"but {draft.given[f]!r} at {draft.origin[0]} row {draft.origin[1]} (a measure has one {f})")
            draft.given.setdefault(f, v)

    # finishing --------------------------------------------------------------------------------
    def finish(self) -> None:
        codes = self._codes()
        self._weeks(codes)
        if not self._areas():
            return
        by_ref: dict[tuple, list[Figure]] = {}
        for f in self.figures:
            by_ref.setdefault(f.ref, []).append(f)
        for ref, draft in self.drafts.items():
            self._measure(draft, codes[ref], by_ref.get(ref, []))
        self._missing()
        for f in self.figures:
            code = codes[f.ref]
            if f.table == "values":
                self.add("values", {"code": code, "period": f.period.label, "value": f.cell,
                                    "commentary": f.comment}, f.sheet, f.row, f.columns)
            else:
                self.add("targets", {"code": code, "period": f.period.label, "target": f.cell}, f.sheet, f.row,
                         f.columns)

    def _codes(self) -> dict[tuple, str]:
        """A code for every measure: the file's, a stored measure's of the same name, the mapping's, or derived."""
        by_title = {str(m.get("title", "")).casefold(): c for c, m in self.existing.items()}
        taken = set(self.existing) | {d.code for d in self.drafts.values() if d.code}
        qualifiers: dict[str, set] = {}
        for ref in self.drafts:
            if ref[0] == "title":
                qualifiers.setdefault(ref[1], set()).add(ref[2])
        out = {}
        for ref, d in self.drafts.items():
            if ref[0] == "code":
                out[ref] = d.code
                continue
            title = d.title
            if len(qualifiers[ref[1]]) > 1:
                title = d.given["title"] = f"{d.title} ({d.given.get('unit') or ref[2]})"
            code = self.mapping.codes.get(title) or by_title.get(title.casefold())
            if code is None:
                code = words.derive_code(title, taken)
                self.note(f"code {code} derived from the name {title!r} (change it on the page, or in the "
                          "mapping's `codes`)")
            d.code = out[ref] = code
        return out

    def _weeks(self, codes: dict) -> None:
        """Dates a week apart (or two in one month) are a weekly series: each becomes its week."""
        by_ref: dict[tuple, list[Figure]] = {}
        for f in self.figures:
            if f.day is not None:
                by_ref.setdefault(f.ref, []).append(f)
        for ref, figures in by_ref.items():
            months = [(f.day.year, f.day.month) for f in figures if f.table == "values"]
            if len(months) != len(set(months)):
                for f in figures:
                    f.period = Period.week_of(f.day)
                self.note(f"{codes[ref]}: dates a week apart, read as a weekly series (rolled into months and "
                          "quarters by the measure's rule)")

    def _areas(self) -> bool:
        """False when the file holds several areas and none is chosen (or the chosen one is not there)."""
        names = sorted(self.areas)
        listed = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        chosen = (self.mapping.area or "").casefold()
        if chosen and names and not any(chosen in (n.casefold(), str(c or "").casefold())
                                        for n, (c, _) in self.areas.items()):
            self.problem("file", None, "area", f"{self.mapping.area!r} is not an area in this file (it has {listed})")
            return False
        if chosen and len(names) > 1:
            others = sum(r for n, (c, r) in self.areas.items() if chosen not in (n.casefold(), str(c).casefold()))
            self.note(f"{others} rows of {len(names) - 1} other areas kept for benchmarking")
        elif len(names) > 1:
            self.problem("file", None, "area", f"this file holds figures for {len(names)} areas ({listed}): choose "
                         "the one to import (command line --area NAME; on the page, Area); the others are kept for "
                         "benchmarking")
            return False
        return True

    def _measure(self, d: Draft, code: str, figures: list[Figure]) -> None:
        override = {f: str(v) for f, v in self.mapping.measures.get(code, {}).items()}
        stored = self.existing.get(code, {})
        given = {f: v for f, v in d.given.items() if f in MEASURE_FIELDS}
        if not stored and not given.get("title") and not override.get("title"):
            return      # figures for a code nothing here describes: the check names it once
        inferred = infer.inferred(figures)
        measure, source_of = {"code": code}, {}
        for f in MEASURE_FIELDS[1:]:
            for name, source in (("mapping", override), ("file", given), ("stored", stored),
                                 ("defaults", self.mapping.defaults), ("inferred", inferred)):
                v = source.get(f)
                if v not in (None, ""):
                    measure[f], source_of[f] = (words.rule_word(f, v) if f in RULE_FIELDS else v), name
                    break
        finer = infer.finer(stored, inferred, given, override)
        if finer:
            measure["frequency"] = finer
            self.note(f"{code} is given {finer} here but stored as {stored['frequency']}: its frequency becomes "
                      f"{finer} (figures already stored stay)")
        elif stored and not given and not override:
            return      # figures for a known measure: nothing about the measure itself to write
        sheet, row, columns = d.origin
        self.measures.append({"code": code, "title": measure.get("title"), "new": not stored,
                              "derived": d.ref[0] == "title" and code not in self.mapping.codes.values()
                              and code not in self.existing, "polarity": measure.get("polarity"),
                              "polarity_from": source_of.get("polarity"), "unit": measure.get("unit"),
                              "decimals": measure.get("decimals"), "kind": measure.get("kind")})
        self.add("measures", measure, sheet, row, {**columns, "code": columns.get("code", "code")})

    def _missing(self) -> None:
        """One problem per field new measures lack, naming them, instead of one per row; those measures are
        withheld from the check (which would name each row again)."""
        missing: dict[str, list] = {}
        for n, m in self.tables["measures"][1:]:
            for f in REQUIRED:
                if m.get(f) in (None, ""):
                    missing.setdefault(f, []).append((n, m))
        for f, rows in missing.items():
            sheet, row, _ = self.origins[("measures", rows[0][0])]
            listed = ", ".join(m["code"] for _, m in rows[:10]) + (" ..." if len(rows) > 10 else "")
            self.problem(sheet, row, f, f"no {f} for {len(rows)} measure{'s' if len(rows) > 1 else ''} ({listed}): "
                         + HOW.get(f, "add a column or give it in the mapping (defaults or measures)"))
            self.withheld |= {m["code"] for _, m in rows}
        self.tables["measures"] = [r for r in self.tables["measures"]
                                   if r[0] == "headings" or r[1]["code"] not in self.withheld]
        guessed = [m["code"] for m in self.measures if m["new"] and m["polarity_from"] == "inferred"]
        if guessed:
            self.note(f"polarity not given for {', '.join(guessed[:10])}{' ...' if len(guessed) > 10 else ''}: "
                      "stored as none, as data-only measures are not judged (say which way is better on the page "
                      "or with --polarity CODE=higher)")

    def add(self, table: str, row: dict, sheet: str, sheet_row: int, columns: dict) -> None:
        n = len(self.tables[table]) + 1      # the synthetic row number the check reports
        self.tables[table].append((n, row))
        self.origins[(table, n)] = (sheet, sheet_row, columns)

    def locate(self, p: Problem) -> Problem:
        """A template problem in the user's own sheet, row and column."""
        origin = self.origins.get((p.sheet, p.row))
        if origin is None:
            return p
        sheet, row, columns = origin
        return Problem(sheet, row, columns.get(p.column) or p.column, p.message)

    def sources(self) -> dict[tuple, str]:
        """{("value"|"target", code, period label): "Sheet row 7"} for the audit trail."""
        out = {}
        for table, kind in (("values", "value"), ("targets", "target")):
            for n, row in self.tables[table][1:]:
                sheet, sheet_row, _ = self.origins[(table, n)]
                out[(kind, str(row.get("code")), str(row.get("period")))] = f"{sheet} row {sheet_row}"
        return out

    def benchmark_rows(self, codes_by_ref: dict | None = None) -> list[tuple]:
        """(area code, area name, measure code, period label, value) of the comparators' numeric figures."""
        codes = codes_by_ref or {ref: d.code for ref, d in self.drafts.items()}
        out, seen = [], set()
        for b in self.benchmarks:
            code = codes.get(b.ref)
            try:
                value, _ = parse_value(b.cell)
            except ValueError:
                continue
            key = (b.area_name, code, b.period.label)
            if code and value is not None and key not in seen:
                seen.add(key)
                out.append((b.area_code, b.area_name, code, b.period.label, value))
        return out
