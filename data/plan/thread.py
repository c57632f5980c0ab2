"""The golden thread: a council priority, its objectives, and the measures and actions that serve each; and back,
from a measure or an action to the objective and priority it supports. Pure, over the frames `records` reads."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class ObjectiveThread:
    objective: dict                      # code, title, description, priority, priority_slug
    measures: list[str] = field(default_factory=list)     # measure codes
    actions: pd.DataFrame | None = None                   # the plan actions under it
    risks: list[str] = field(default_factory=list)        # risk codes that threaten it


def down(priority_slug: str, objectives: pd.DataFrame, links: pd.DataFrame, actions: pd.DataFrame,
         risk_links: pd.DataFrame | None = None) -> list[ObjectiveThread]:
    """From a priority down: each of its objectives with the measures linked to it, its plan actions and the
    risks threatening it, in objective code order."""
    mine = objectives[objectives["priority_slug"] == priority_slug].sort_values("code")
    out = []
    for o in mine.to_dict("records"):
        measures = sorted(links.loc[links["objective_id"] == o["id"], "measure_code"])
        acts = actions[(actions["objective_id"] == o["id"]) & (actions["kind"] == "plan")]
        risks = ([] if risk_links is None else
                 sorted(risk_links.loc[risk_links["objective_id"] == o["id"], "risk_code"]))
        out.append(ObjectiveThread(o, measures, acts.reset_index(drop=True), risks))
    return out


def up_from_measure(measure_code: str, objectives: pd.DataFrame, links: pd.DataFrame) -> list[dict]:
    """The objectives (with their priority) a measure shows progress towards."""
    ids = set(links.loc[links["measure_code"] == measure_code, "objective_id"])
    return objectives[objectives["id"].isin(ids)].sort_values("code").to_dict("records")


def up_from_action(action: dict, objectives: pd.DataFrame) -> dict | None:
    """The objective (with its priority) an action serves, or None."""
    found = objectives[objectives["id"] == action.get("objective_id")]
    return None if found.empty else found.iloc[0].to_dict()
