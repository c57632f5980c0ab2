"""What a viewer sees of the plan: the progress reported in periods they may see (the same published-period rule as
figures). Pure: the caller says which periods are visible and which services the viewer may change."""

from __future__ import annotations

from typing import Callable

import pandas as pd

from data.core.periods import Period


def as_seen(actions: pd.DataFrame, updates: pd.DataFrame, visible: Callable[[Period], bool] | None,
            editable: Callable[[int | None], bool] = lambda _s: False) -> pd.DataFrame:
    """Actions with the status, percent and latest note as the viewer may see them (columns `note`,
    `note_period`, `note_author` added). `visible` None: every period (officers). An action the viewer may change
    shows its current progress; any other shows its latest update in a visible period, and is left out when it has
    none (its progress is not published yet)."""
    actions = actions.copy()
    by_action: dict[int, list[dict]] = {}
    for u in updates.to_dict("records"):
        by_action.setdefault(int(u["action_id"]), []).append(u)   # oldest first
    keep, notes = [], []
    for i, a in enumerate(actions.to_dict("records")):
        mine = by_action.get(int(a["id"]), [])
        full = visible is None or editable(a["service_id"] if pd.notna(a["service_id"]) else None)
        seen = mine if full else [u for u in mine if visible(Period.parse(u["period"]))]
        last = seen[-1] if seen else None
        if not full:
            if last is None:
                keep.append(False)
                notes.append((None, None, None))
                continue
            actions.at[actions.index[i], "status"] = last["status"]
            actions.at[actions.index[i], "percent"] = last["percent"]
        keep.append(True)
        notes.append((last["note"], last["period"], last["author"]) if last else (None, None, None))
    actions["note"] = [n[0] for n in notes]
    actions["note_period"] = [n[1] for n in notes]
    actions["note_author"] = [n[2] for n in notes]
    return actions[pd.Series(keep, index=actions.index, dtype=bool)].reset_index(drop=True) if len(actions) else actions


def history(updates: pd.DataFrame, action_id: int, visible: Callable[[Period], bool] | None) -> pd.DataFrame:
    """An action's progress notes, newest first, in the periods the viewer may see."""
    mine = updates[updates["action_id"] == int(action_id)]
    if visible is not None:
        mine = mine[[visible(Period.parse(p)) for p in mine["period"]]] if len(mine) else mine
    return mine.iloc[::-1].reset_index(drop=True)
