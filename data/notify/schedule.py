"""When returns are due: N working days after the month ends (the RETURN_DUE_WORKING_DAYS setting), reminders a
few working days before (REMINDER_WORKING_DAYS). Working days are Monday to Friday; bank holidays are not known."""

from __future__ import annotations

from datetime import date, timedelta

from data.core.periods import Period


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (n >= 0; n == 0 gives `day` itself, moved to a working day)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when end is before start)."""
    sign, (a, b) = (1, (start, end)) if end >= start else (-1, (end, start))
    days, count = a, 0
    while days < b:
        days += timedelta(days=1)
        if days.weekday() < 5:
            count += 1
    return sign * count


def due_date(month: Period, working_days: int) -> date:
    """The day a month's return is due: `working_days` working days after the month's last day."""
    return add_working_days(month.end, working_days)


def months_to_watch(today: date, back: int = 3) -> list[Period]:
    """The last `back` months that have ended by `today`, newest first."""
    month = Period.of_date(today).previous()
    return [month.shift(-i) for i in range(back)]
