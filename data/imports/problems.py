"""Why a file was refused, row by row: every problem names its sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.sheet + (f", row {self.row}" if self.row else "") + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportRefused(Exception):
    """The file was refused; nothing was written. `problems` says why, row by row."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def refuse(sheet: str, message: str, row: int | None = None, column: str | None = None):
    """Raise ImportRefused with one problem."""
    raise ImportRefused([Problem(sheet, row, column, message)])


def listing(problems: list[Problem], most: int = 50) -> list[str]:
    """The first `most` problems as lines, then `... and N more` (the command line and the workbench say the same)."""
    lines = [str(p) for p in problems[:most]]
    if len(problems) > most:
        lines.append(f"... and {len(problems) - most} more")
    return lines
