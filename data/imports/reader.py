"""Read the rows of a found table (`table.Table`) into measure drafts, figures and comparators (`drafts`).

Footer rows (`Total`, `Source: ...`) and section rows are left out with a note; a file of many areas keeps the
chosen area's rows and holds the others' figures for benchmarking; a combined `PI Code & Name` cell is split.
"""

from __future__ import annotations

from data.imports import codes as code_rules, words
from data.imports.drafts import Benchmark, Converted, Figure
from data.imports.headings import heading_key
from data.imports.mapping import Mapping
from data.imports.row_figures import RowFigures, blank, text
from data.imports.store import MEASURE_FIELDS
from data.imports.table import Comparator, Table
from data.imports.values import parse_value

class SheetReader(RowFigures):
    """One table: each data row becomes figures for a measure (and comparators' figures)."""

    def __init__(self, table: Table, mapping: Mapping, out: Converted, context: dict):
        self.t, self.mapping, self.out = table, mapping, out
        self.sheet = table.sheet
        self.context = {**context, **table.context}
        self.area_columns = [table.by_field[f] for f in ("area", "area_code") if f in table.by_field]
        self.in_sheet: dict[tuple, int] = {}      # a wide or catalogue sheet lists each measure (and area) once

    def problem(self, row, column, message):
        self.out.problem(self.sheet.name, row, column, message)

    def skip(self, row, column, message):
        target = self.out.skipped if self.mapping.skip_unparseable_periods else self.out.problems
        self.out.add_problem(target, self.sheet.name, row, column, message)

    # cells ------------------------------------------------------------------------------------
    def cell(self, row, i):
        return row[i] if i is not None and i < len(row) else None

    def column_index(self, heading) -> int | None:
        return next((j for j, h in enumerate(self.t.headings) if heading_key(h) == heading_key(heading)), None)

    def get(self, row, f: str):
        """A field's cell in a row: the column, else the mapping's derivation; blank markers applied."""
        value = self.cell(row, self.t.by_field.get(f))
        rule = self.mapping.derive.get(f)
        if rule and f not in self.t.by_field:
            if "value" in rule:
                value = rule["value"]
            else:
                source = text(self.cell(row, self.column_index(rule["from"])))
                value = rule.get("map", {}).get(source, source if rule.get("keep_unmapped", True) else None)
        if text(value) in {str(b) for b in self.mapping.blank.get(f, [])}:
            return None
        return value

    def where(self, f: str) -> str:
        if f in self.t.by_field:
            return self.t.heading(self.t.by_field[f])
        return f"{f} (from the mapping)" if f in self.mapping.derive else f

    def has(self, f: str) -> bool:
        return f in self.t.by_field or f in self.mapping.derive

    # rows -------------------------------------------------------------------------------------
    def read(self) -> None:
        self.out.layouts[self.sheet.name] = self.t.layout
        for r in range(self.t.header + 1, len(self.sheet.rows) + 1):
            row = self.sheet.rows[r - 1]
            if all(blank(v) for v in row) or not self._wanted(row):
                continue
            if words.is_footer(row):
                self.out.note(f"{self.sheet.name} row {r} ({text(next(c for c in row if not blank(c)))[:40]}) "
                              "is a footer: not imported")
                continue
            filled = [c for i, c in enumerate(row) if not blank(c) and i < len(self.t.headings)
                      and not blank(self.t.headings[i])]
            if not filled:
                continue      # only an unnamed index column (a pandas export) is filled
            if len(filled) == 1 and self.t.layout != "measures" and not self._figure_cells(row):
                found = words.labelled(filled[0])
                if found and found[0] in ("directorate", "service"):
                    self.context[found[0]] = found[1]
                else:
                    self.out.note(f"{self.sheet.name} row {r} ({text(filled[0])[:40]}) is a section heading: "
                                  "not imported")
                continue
            self.row(r, row)

    def _figure_cells(self, row) -> bool:
        figure_columns = [i for i, _ in self.t.period_columns] + [self.t.by_field[f] for f in ("value", "target")
                                                                  if f in self.t.by_field]
        return any(not blank(self.cell(row, i)) for i in figure_columns)

    def _wanted(self, row) -> bool:
        for rules, keep in ((self.mapping.include, True), (self.mapping.exclude, False)):
            for heading, allowed in rules.items():
                i = self.column_index(heading)
                if i is not None and (text(self.cell(row, i)) in {str(a) for a in allowed}) != keep:
                    return False
        return True

    def _area(self, row) -> tuple[str | None, str | None, bool]:
        """(area name, area code, whether this row is the council's own)."""
        if not self.area_columns:
            return None, None, True
        name = text(self.get(row, "area")) if "area" in self.t.by_field else None
        code = text(self.get(row, "area_code")) if "area_code" in self.t.by_field else None
        self.out.count_area(name or code, code)
        chosen = self.mapping.area
        own = chosen is None or (chosen or "").casefold() in {(name or "").casefold(), (code or "").casefold()}
        return name, code, own

    def identity(self, r, row) -> tuple | None:
        """(code or None, title or None) for the row, or None when the row names no measure."""
        code = code_rules.clean(self.get(row, "code")) if self.has("code") else None
        title = text(self.get(row, "title")) if self.has("title") else None
        if "code_and_title" in self.t.by_field:
            combined = self.get(row, "code_and_title")
            split = words.split_code_and_title(combined)
            if split is None and not blank(combined):
                self.problem(r, self.where("code_and_title"), f"{text(combined)[:60]!r} does not start with a "
                             "measure code: write it as `CODE Name` (such as `HSG01 Rent loss`)")
                return None
            if split:
                code, title = code or split[0], title or split[1]
        if code is None and title is None:
            self.problem(r, self.where("code" if self.has("code") else "title"), "the measure code is empty")
            return None
        return code, title

    def row(self, r: int, row: list) -> None:
        found = self.identity(r, row)
        if found is None:
            return
        code, title = found
        area, area_code, own = self._area(row)
        qualifier = text(self.get(row, "measure_type")) if self.has("measure_type") else None
        if title:
            title, polarity = words.polarity_in_title(title)
        else:
            polarity = None
        ref = self.out.ref(code, title, qualifier)
        if not own:
            self._benchmark(r, row, ref, area, area_code)
            return
        self.out.rows_read += 1
        if self.t.layout in ("wide", "measures"):
            first = self.in_sheet.setdefault(ref, r)
            if first != r:
                self.problem(r, self.where("code" if self.has("code") else "title"), f"measure {code or title} is "
                             f"listed twice in this sheet (first at row {first})")
                return
        year = self._year(r, row)
        if year is False:
            return
        figures = self._figures(r, row, year)
        if figures is None:
            return
        if code and code in self.mapping.scale:
            figures = [(t, p, _scaled(c, self.mapping.scale[code]), *rest) for t, p, c, *rest in figures]
        self._comparators(r, row, ref, figures)
        self._describe(r, row, ref, code, title, polarity, qualifier, figures)

    def _describe(self, r, row, ref, code, title, polarity, qualifier, figures) -> None:
        given = {f: text(self.get(row, f)) for f in MEASURE_FIELDS
                 if f not in ("code", "title") and self.has(f)}
        given = {f: v for f, v in given.items() if v is not None}
        for f in ("directorate", "service"):
            if f not in given and self.context.get(f):
                given[f] = self.context[f]
        if self.has("number_format"):
            unit, places = words.excel_format(self.get(row, "number_format"))
            if unit:
                given.setdefault("unit", unit)
            if places is not None:
                given.setdefault("decimals", str(places))
        if title:
            given["title"] = title
        if polarity and "polarity" not in given:
            given["polarity"] = polarity
        if qualifier:
            known, unit = words.unit_of_measure_type(qualifier)
            if known and unit:
                given["unit"] = unit                       # `Percentage`: a %, whatever the unit column says
            elif known and given.get("unit"):
                given["unit"] = given["unit"].lower()     # `Tonnes` beside `Frequency`: the unit counted
        columns = {f: self.where(f) for f in given}
        columns["code"] = self.where("code" if self.has("code") else "title")
        self.out.describe(ref, code, given, (self.sheet.name, r, columns))
        for table, period, cell, column, comment, day in figures:
            where = {"code": columns["code"], "period": column if self.t.layout == "wide" else self.where("period"),
                     table[:-1]: column, "commentary": self.where("commentary")}
            self.out.figures.append(Figure(table, ref, period, day, cell, comment, self.sheet.name, r, where))

    def _benchmark(self, r, row, ref, area, area_code) -> None:
        """Another area's row: its figures are kept for benchmarking when they read cleanly, else passed over."""
        quiet = Converted(mapping=self.mapping)
        reader = SheetReader(self.t, self.mapping, quiet, self.context)
        year = reader._year(r, row)
        figures = reader._figures(r, row, year) if year is not False else None
        for table, period, cell, *_ in figures or []:
            if table == "values":
                self.out.benchmarks.append(Benchmark(area_code, area or area_code, ref, period, cell))

    def _comparators(self, r, row, ref, figures) -> None:
        periods = [p for t, p, *_ in figures if t == "values"]
        for i, c in self.t.columns.items():
            if isinstance(c, Comparator) and c.figure and periods and not blank(self.cell(row, i)):
                self.out.benchmarks.append(Benchmark(None, c.name, ref, periods[0], self.cell(row, i)))


def _scaled(cell, factor: float):
    try:
        value, _ = parse_value(cell)
    except ValueError:
        return cell          # left for the check to report
    return cell if value is None else round(value * float(factor), 10)
