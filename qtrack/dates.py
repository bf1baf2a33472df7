"""Dates as users type them, "today" (the as-of date), and the real clock, each read in one place.

"Today" is what a listing takes as the present: --as-of, else QTRACK_TODAY, else the clock; anyone
may set it to ask how things stood on a day. The clock itself bounds what may be recorded: no
update, measurement or duty report may be dated after the real date, whatever today is taken to be.
"""

from __future__ import annotations

import datetime as dt
import os

from qtrack.errors import QtrackError
from qtrack.i18n import _

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
            raise QtrackError(_("{what} {text!r} is before {first_year}, earlier than any plan qtrack holds").format(
                                  what=what, text=text, first_year=FIRST_YEAR))
        return day
    raise QtrackError(_("{what} {text!r} is not a date (expected YYYY-MM-DD)").format(
                          what=what, text=text))


def parse_due(text: str, *, what: str) -> dt.date:
    """A due date typed on the command line (an extension's): within the years a plan's dates fall in."""
    day = parse_date(text, what=what)
    if day.year > LAST_YEAR:
        raise QtrackError(_("{what} {text!r} is after {last_year}, later than any plan qtrack holds").format(
                              what=what, text=text, last_year=LAST_YEAR))
    return day


def today(as_of: str | None = None) -> dt.date:
    """The as-of date: --as-of, else QTRACK_TODAY, else the real date."""
    value = as_of or os.environ.get("QTRACK_TODAY")
    if value:
        return parse_date(value, what=_("as-of date"))
    return clock()


def clock() -> dt.date:
    """The real date, the one read of the clock: --as-of and QTRACK_TODAY never change it."""
    return dt.date.today()


def not_ahead(date: dt.date, *, today: dt.date, what: str) -> None:
    """Refuse a record dated after the as-of date or after the real date: nobody reports the future,
    and one record dated 9999-12-31 would otherwise outrank every later correction for ever."""
    if date > clock():
        raise QtrackError(_("date {date} is after the real date ({clock}); {what} cannot be recorded ahead").format(
                              date=date, clock=clock(), what=what))
    if date > today:
        raise QtrackError(_("date {date} is after today ({today}); {what} cannot be recorded ahead").format(
                              date=date, today=today, what=what))
