"""Progress statuses of actions (icon and words, never colour alone), overdue worked out from the due date and
today, and the counts in the words the quarterly reports use: "Of 40 actions, 31 are on track, ...". Pure."""

from __future__ import annotations

from datetime import date
from enum import Enum

import pandas as pd


class Progress(str, Enum):
    COMPLETED = "completed"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_STARTED = "not_started"

    @property
    def words(self) -> str:
        return WORDS[self]

    @property
    def icon(self) -> str:
        return ICONS[self]

    @property
    def symbol(self) -> str:
        """A text symbol for print (the report pack), one shape per status as the page's icons are."""
        return SYMBOLS[self]

    @classmethod
    def read(cls, text) -> Progress:
        """A status as typed (`On track`, `on-track`, `ON_TRACK`); ValueError naming the choices otherwise."""
        key = "_".join(str(text or "").strip().lower().replace("-", " ").replace("_", " ").split())
        try:
            return cls(key)
        except ValueError:
            raise ValueError(f"{text!r} is not a progress status: use one of {', '.join(WORDS.values())}") from None


WORDS = {Progress.COMPLETED: "Completed", Progress.ON_TRACK: "On track", Progress.AT_RISK: "At risk",
         Progress.OFF_TRACK: "Off track", Progress.NOT_STARTED: "Not started"}
# Bootstrap Icons, one shape per status so the status reads without colour
ICONS = {Progress.COMPLETED: "bi-check-circle-fill", Progress.ON_TRACK: "bi-arrow-right-circle-fill",
         Progress.AT_RISK: "bi-exclamation-triangle-fill", Progress.OFF_TRACK: "bi-x-octagon-fill",
         Progress.NOT_STARTED: "bi-circle"}
# the same shapes as text, for documents without the icon font
SYMBOLS = {Progress.COMPLETED: "✔", Progress.ON_TRACK: "▶", Progress.AT_RISK: "▲", Progress.OFF_TRACK: "✖",
           Progress.NOT_STARTED: "○"}
ORDER = [Progress.ON_TRACK, Progress.AT_RISK, Progress.OFF_TRACK, Progress.COMPLETED, Progress.NOT_STARTED]
KINDS = ("plan", "intervention", "mitigation")
KIND_WORDS = {"plan": "plan action", "intervention": "intervention action", "mitigation": "mitigation"}


def is_overdue(status, due: date | None, today: date) -> bool:
    """Past its due date and not completed (the due date itself is not yet overdue)."""
    if due is None or (isinstance(due, float) and due != due) or pd.isna(due):
        return False
    return Progress(status) is not Progress.COMPLETED and due < today


def with_overdue(frame: pd.DataFrame, today: date, due: str = "due_date", status: str = "status") -> pd.DataFrame:
    """A copy with an `overdue` column worked out for `today`."""
    frame = frame.copy()
    frame["overdue"] = [is_overdue(s, d, today) for s, d in zip(frame[status], frame[due])] if len(frame) else []
    frame["overdue"] = frame["overdue"].astype(bool)
    return frame


def counts(actions: pd.DataFrame) -> dict[str, int]:
    """Actions per status (every status, zero where none) and `overdue`, `total`."""
    tally = actions["status"].value_counts() if len(actions) else {}
    out = {p.value: int(tally.get(p.value, 0)) for p in Progress}
    out["overdue"] = int(actions["overdue"].sum()) if len(actions) and "overdue" in actions else 0
    out["total"] = len(actions)
    return out


def sentence(actions: pd.DataFrame, noun: str = "action") -> str:
    """`Of 40 actions, 31 are on track, 5 at risk, 2 off track and 2 completed; 3 are overdue.` Statuses with no
    action are left out; `No actions.` when there are none."""
    c = counts(actions)
    if not c["total"]:
        return f"No {noun}s."
    shown = [p for p in ORDER if c[p.value]]
    parts = [f"{c[p.value]} {p.words.lower()}" for p in shown]
    parts[0] = f"{c[shown[0].value]} {'is' if c[shown[0].value] == 1 else 'are'} {shown[0].words.lower()}"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    text = f"Of {c['total']} {noun if c['total'] == 1 else noun + 's'}, {listed}"
    if c["overdue"]:
        text += f"; {c['overdue']} {'is' if c['overdue'] == 1 else 'are'} overdue"
    return text + "."
