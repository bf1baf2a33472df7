"""Which days a score covers: a period (2016-Q3, 2016-H1, 2016-07, 2016), or --from/--to, ending
no later than the as-of date (nothing dated after it counts). No window given: everything up to
the as-of date."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from qtrack import periods
from qtrack.errors import QtrackError
from qtrack.i18n import _


class Window(NamedTuple):
    start: dt.date | None  # None: from the beginning
    end: dt.date  # the last day counted, never after the as-of date
    label: str

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end


def resolve(*, as_of: dt.date, period: str | None = None, start: dt.date | None = None,
            end: dt.date | None = None) -> Window:
    """The window the options name, its end cut to the as-of date."""
    if period and (start or end):
        raise QtrackError(_("--period or --from/--to, not both"))
    if period:
        start, end = period_span(period)
    if start and end and start > end:
        raise QtrackError(_("--from {start} is after --to {end}").format(start=start, end=end))
    last = min(end, as_of) if end else as_of
    if start and start > last:
        raise QtrackError(_("the window starts {start}, after the as-of date {as_of}: nothing in it has "
                            "happened yet").format(
                              start=start, as_of=as_of))
    label = period or f"{start or '…'} – {last}"
    return Window(start, last, label)


def period_span(label: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period label, of any of the duties' kinds."""
    for every in ("quarter", "half-year", "month", "year"):
        found = periods.parse_period(every, label.strip())
        if found:
            occ = periods.occurrence(every, *found)
            return occ.start, occ.end
    raise QtrackError(_("--period {label!r} is not a period; give 2016-Q3, 2016-H1, 2016-07 or 2016").format(
                          label=label))
