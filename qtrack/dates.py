"""Dates as users type them, and "today", which every computation takes from one place."""

from __future__ import annotations

import datetime as dt
import os

from qtrack.errors import QtrackError

# The years a plan's dates fall in (a plan file's year 1 or 9999 is a typo). A date typed on the
# command line may be far ahead (`--since 2999-01-01` asks for nothing), but not before the
# first: arithmetic on year 1 (the day before) would leave the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_date(text: str, *, what: str = "date") -> dt.date:
    """ISO dates (2016-03-01), the Chinese form 2016年3月1日, and 2016/3/1 or 2016.3.1."""
    raw = text.strip()
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日", "%Y/%m/%d", "%Y.%m.%d"):
        try:
            day = dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        if day.year < FIRST_YEAR:
            raise QtrackError(f"{what} {text!r} is before {FIRST_YEAR}, earlier than any plan qtrack holds")
        return day
    raise QtrackError(f"{what} {text!r} is not a date (expected YYYY-MM-DD)")


def today(as_of: str | None = None) -> dt.date:
    """The as-of date: --as-of, else QTRACK_TODAY, else the real date."""
    value = as_of or os.environ.get("QTRACK_TODAY")
    if value:
        return parse_date(value, what="as-of date")
    return dt.date.today()
