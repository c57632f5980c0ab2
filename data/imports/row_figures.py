"""The figures in one row of a found table: its year (a Year column, else the sheet's), its period (a Period
column, or the period columns of a wide sheet) and each value and target with the column it came from.
A mixin of `reader.SheetReader`, which supplies `get`, `where`, `has`, `cell`, `problem` and `skip`.
"""

from __future__ import annotations

from data.core.periods import PeriodError
from data.imports import cells
from data.imports.values import is_no_data


def blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def text(v) -> str | None:
    if blank(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


class RowFigures:
    def _year(self, r, row):
        """The row's year (from its Year column, else the sheet's); False when the row is left out."""
        if not self.has("year"):
            return self.t.year
        candidates = [self.get(row, "year")] + [self.cell(row, i) for i in self.t.alternates.get("year", [])]
        found, error = None, None
        for cell in candidates:
            if blank(cell):
                continue
            try:
                year = cells.year_cell(cell)
            except cells.PooledPeriod as e:
                self.out.add_problem(self.out.skipped, self.sheet.name, r, self.where("year"), str(e))
                return False
            except PeriodError as e:
                error = error or e
                continue
            found = found or year
            if year.fy is not None:
                return year
        if found:
            return found
        if error and not self.has("period"):
            self.skip(r, self.where("year"), str(error))
            return False
        return self.t.year

    def _period(self, r, cell, year, column):
        try:
            return cells.parse_period_cell(cell, year, self.out.notes)
        except cells.PooledPeriod as e:
            self.out.add_problem(self.out.skipped, self.sheet.name, r, column, str(e))
        except PeriodError as e:
            self.skip(r, column, str(e))
        return None

    def _figures(self, r, row, year):
        """[(table, period, cell, column, commentary, day or None)] for the row; None when it is refused."""
        if self.t.layout == "long":
            return self._long(r, row, year)
        if self.t.layout == "wide":
            return self._wide(r, row, year)
        return []

    def _long(self, r, row, year):
        period_cell = self.get(row, "period") if self.has("period") else None
        if blank(period_cell):
            if year is None or year.fy is None and year.calendar is None:
                self.problem(r, self.where("period"), "the period is empty")
                return None
            period_cell = year.fy or year.calendar
        period = self._period(r, period_cell, year, self.where("period"))
        if period is None:
            return None
        day = cells.read_date(period_cell)
        figures = []
        if self.has("value"):
            figures.append(("values", period, self.get(row, "value"), self.where("value"),
                            text(self.get(row, "commentary")), day))
        target = self.get(row, "target")
        if not blank(target) and not is_no_data(target):
            figures.append(("targets", period, target, self.where("target"), None, day))
        return figures

    def _wide(self, r, row, year):
        figures, single_target = [], self.get(row, "target")
        has_pair_targets = any(c.role == "target" for _, c in self.t.period_columns)
        for i, column in self.t.period_columns:
            cell = self.cell(row, i)
            if blank(cell) or text(cell) in {str(b) for b in self.mapping.blank.get(column.role, [])}:
                continue      # a blank future quarter is not a figure
            heading = self.t.heading(i)
            period = column.period
            if period is None:
                if year is None:
                    self.problem(r, heading, f"{heading!r} needs a financial year: add a Year column, name the "
                                 "sheet after the year (such as 2019-20) or give `year` in the mapping")
                    return None
                period = self._period(r, column.text, year, heading)
                if period is None:
                    return None
            if column.role == "value":
                figures.append(("values", period, cell, heading, None, None))
                if not has_pair_targets and not blank(single_target) and not is_no_data(single_target):
                    figures.append(("targets", period, single_target, self.where("target"), None, None))
            elif not is_no_data(cell):
                figures.append(("targets", period, cell, heading, None, None))
        comment = text(self.get(row, "commentary"))
        value_rows = [f for f in figures if f[0] == "values"]
        if comment and value_rows:   # a row's commentary speaks for its latest figure
            latest = max(value_rows, key=lambda f: f[1].sort_key)
            figures[figures.index(latest)] = (*latest[:4], comment, None)
        return figures
