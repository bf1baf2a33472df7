"""The periods of a recurring duty and their labels: 2016-03, 2011-Q2, 2011-H1, 2011.

Pure date arithmetic, no database. An occurrence falls due on the last day of its period, or,
when the duty gives `day`, on that day of the period's last month (clamped to the month's
length: day 31 of a June is the 30th, day 30 of a February the 28th or, in a leap year, 29th).
A duty owes an occurrence for every period that overlaps its start–end span.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from typing import NamedTuple

MONTHS_IN = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}
_LABEL = {
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "half-year": re.compile(r"^(\d{4})-H([12])$"),
    "year": re.compile(r"^(\d{4})$"),
}
EXAMPLE = {"month": "2016-03", "quarter": "2011-Q2", "half-year": "2011-H1", "year": "2011"}


class Occurrence(NamedTuple):
    period: str
    start: dt.date
    end: dt.date
    due: dt.date


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def period_of(every: str, day: dt.date) -> tuple[int, int]:
    """(year, index) of the period holding a date; index counts from 1 within the year."""
    return day.year, (day.month - 1) // MONTHS_IN[every] + 1


def occurrence(every: str, year: int, index: int, due_day: int | None = None) -> Occurrence:
    months = MONTHS_IN[every]
    first_month = (index - 1) * months + 1
    last_month = first_month + months - 1
    end = dt.date(year, last_month, _last_day(year, last_month))
    due = end if due_day is None else end.replace(day=min(due_day, end.day))
    label = {"month": f"{year}-{first_month:02d}", "quarter": f"{year}-Q{index}",
             "half-year": f"{year}-H{index}", "year": f"{year}"}[every]
    return Occurrence(label, dt.date(year, first_month, 1), end, due)


def occurrences(every: str, start: dt.date, end: dt.date, due_day: int | None = None) -> list[Occurrence]:
    """Every period from the one holding `start` to the one holding `end`, in order."""
    return list(each_occurrence(every, start, end, due_day))


def each_occurrence(every: str, start: dt.date, end: dt.date, due_day: int | None = None) -> Iterator[Occurrence]:
    """The same, one at a time, so that a reader who stops at today makes no more of them."""
    per_year = 12 // MONTHS_IN[every]
    year, index = period_of(every, start)
    last = period_of(every, end)
    while (year, index) <= last:
        yield occurrence(every, year, index, due_day)
        year, index = (year, index + 1) if index < per_year else (year + 1, 1)


def parse_period(every: str, label: str) -> tuple[int, int] | None:
    """(year, index) for a label of this kind of period, or None if it is not one."""
    match = _LABEL[every].match(label)
    if not match:
        return None
    year = int(match.group(1))
    index = int(match.group(2)) if every != "year" else 1
    if every == "month" and not 1 <= index <= 12:
        return None
    return year, index
