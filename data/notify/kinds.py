"""The kinds of notification, as rows: who gets each, how by default, and the words a person chooses them by."""

from __future__ import annotations

from dataclasses import dataclass

IMMEDIATE, DIGEST, NEVER, WEEKLY, MONTHLY = "immediate", "digest", "never", "weekly", "monthly"
DELIVERY_WORDS = {IMMEDIATE: "At once", DIGEST: "In my digest", NEVER: "Never", WEEKLY: "Weekly",
                  MONTHLY: "Monthly"}


@dataclass(frozen=True)
class Kind:
    key: str
    label: str                # what a person chooses it by
    default: str
    choices: tuple[str, ...]
    role: str                 # the least role that receives it


ALERT_CHOICES = (IMMEDIATE, DIGEST, NEVER)
KINDS = (
    Kind("below_target", "A measure I own or edit turns Below target", IMMEDIATE, ALERT_CHOICES, "editor"),
    Kind("concern", "A new special cause of concern (an unusual change for the worse)", IMMEDIATE, ALERT_CHOICES,
         "editor"),
    Kind("forecast_miss", "The year-end forecast moves to a miss", IMMEDIATE, ALERT_CHOICES, "editor"),
    Kind("back_on_target", "A measure is back on target", DIGEST, ALERT_CHOICES, "editor"),
    Kind("reminder", "Reminders before my service's monthly return is due", IMMEDIATE, (IMMEDIATE, NEVER), "editor"),
    Kind("late_returns", "The list of late returns (performance team)", IMMEDIATE, (IMMEDIATE, NEVER), "officer"),
    Kind("published", "A quarter's figures are published", IMMEDIATE, (IMMEDIATE, NEVER), "member"),
    Kind("digest", "My digest of what changed", WEEKLY, (WEEKLY, MONTHLY, NEVER), "editor"),
)
BY_KEY = {k.key: k for k in KINDS}
ALERTS = ("below_target", "concern", "forecast_miss", "back_on_target")
