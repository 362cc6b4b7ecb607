"""Calendar months of a mentoring assignment and which of them still lack a monthly report.

Pure functions on dates, no database: the months page, the review queue and the profile section all
call them, and the tests pin their edge cases (an assignment starting mid-month, a year boundary).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month ``count`` months after (or before, if negative) ``month``'s month."""
    index = month.year * 12 + (month.month - 1) + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every month from ``start``'s month to ``end``'s month, both included; [] if end < start.

    An assignment that starts on the 20th still owes a report for that month: the decree puts the OPD to
    work from that day, and a partial month is reported like any other.
    """
    first, last = first_of_month(start), first_of_month(end)
    months = []
    while first <= last:
        months.append(first)
        first = add_months(first, 1)
    return months


def missing_months(start: dt.date, today: dt.date, reported: Collection[dt.date]) -> list[dt.date]:
    """Months since ``start`` that have ended without any report (``reported`` holds first days of months).

    The current month is never missing: its report is due once it is over.
    """
    done = {first_of_month(m) for m in reported}
    return [m for m in months_between(start, add_months(first_of_month(today), -1)) if m not in done]


# Month states beyond the report statuses: no report for a month that has ended, or the month running now.
MISSING = "missing"
CURRENT = "current"


@dataclass(frozen=True)
class MonthState:
    month: dt.date
    status: str  # a ReportStatus value, MISSING or CURRENT

    @property
    def is_missing(self) -> bool:
        return self.status == MISSING


def month_states(
    start: dt.date, today: dt.date, statuses: Mapping[dt.date, str], *, last: int | None = None
) -> list[MonthState]:
    """Every month from ``start``'s to ``today``'s, newest first, with its report's status or MISSING/CURRENT.

    ``statuses`` maps first days of months to report statuses; ``last`` keeps only the newest months.
    """
    current = first_of_month(today)
    months = months_between(start, today)
    if last is not None:
        months = months[-last:] if last > 0 else []
    states = []
    for month in reversed(months):
        status = statuses.get(month)
        if status is None:
            status = CURRENT if month == current else MISSING
        states.append(MonthState(month, status))
    return states
