"""Dates as users type them, and "today", which every computation takes from one place."""

from __future__ import annotations

import datetime as dt
import os

from qtrack.errors import QtrackError


def parse_date(text: str, *, what: str = "date") -> dt.date:
    """ISO dates (2016-03-01), the Chinese form 2016年3月1日, and 2016/3/1 or 2016.3.1."""
    raw = text.strip()
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日", "%Y/%m/%d", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise QtrackError(f"{what} {text!r} is not a date (expected YYYY-MM-DD)")


def today(as_of: str | None = None) -> dt.date:
    """The as-of date: --as-of, else QTRACK_TODAY, else the real date."""
    value = as_of or os.environ.get("QTRACK_TODAY")
    if value:
        return parse_date(value, what="as-of date")
    return dt.date.today()
