"""Dates as users type them, and "today", which every computation takes from one place."""

from __future__ import annotations

import datetime as dt
import os

from qtrack.errors import QtrackError

# The years a plan's dates, and any date typed for one, fall in: year 1 or 9999 is a typo, and
# arithmetic on such a date (a warning window, the day before) would leave the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_date(text: str, *, what: str = "date") -> dt.date:
    """ISO dates (2016-03-01) and the Chinese form 2016年3月1日."""
    raw = text.strip()
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日", "%Y/%m/%d"):
        try:
            day = dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise QtrackError(f"{what} {text!r} is outside the years {FIRST_YEAR}–{LAST_YEAR} qtrack's plans fall in")
        return day
    raise QtrackError(f"{what} {text!r} is not a date (expected YYYY-MM-DD)")


def today(as_of: str | None = None) -> dt.date:
    """The as-of date: --as-of, else QTRACK_TODAY, else the real date."""
    value = as_of or os.environ.get("QTRACK_TODAY")
    if value:
        return parse_date(value, what="as-of date")
    return dt.date.today()
