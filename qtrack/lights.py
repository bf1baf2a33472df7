"""The red / amber / green light of a task (红黄绿灯), as of a date.

  red    not closed and past due (due before the as-of date);
  amber  not closed and due within the warning window (default 30 days), or blocked, or
         behind: recorded progress more than the tolerance (default 10 points) below the
         expected progress, which is the elapsed share of the task's start→due span;
  green  done or dropped, or on track. A task with no due date is never red.

A task's start is the start of the plan phase its due date falls in, else the plan's start.
The rule is one SQL expression (store/state.py LIGHT) so that listings, filters and counts all
agree and stay fast.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from qtrack.errors import QtrackError

LIGHTS = ("red", "amber", "green")
CHINESE = {"red": "红", "amber": "黄", "green": "绿"}
STYLE = {"red": "bold red", "amber": "bold yellow", "green": "green"}


class LightRule(NamedTuple):
    warn_days: int = 30
    tolerance: float = 10.0  # percentage points

    @classmethod
    def from_settings(cls, warn_days: int | None = None, tolerance: float | None = None) -> LightRule:
        """Options first, then QTRACK_WARN_DAYS / QTRACK_TOLERANCE, then the defaults."""
        if warn_days is None and os.environ.get("QTRACK_WARN_DAYS"):
            warn_days = _number("QTRACK_WARN_DAYS", int)
        if tolerance is None and os.environ.get("QTRACK_TOLERANCE"):
            tolerance = _number("QTRACK_TOLERANCE", float)
        default = cls()
        rule = cls(default.warn_days if warn_days is None else warn_days,
                   default.tolerance if tolerance is None else tolerance)
        if rule.warn_days < 0 or not 0 <= rule.tolerance <= 100:
            raise QtrackError("the warning window must be 0 days or more, the tolerance 0–100 points")
        return rule


def _number(name: str, kind: type):
    try:
        return kind(os.environ[name])
    except ValueError:
        raise QtrackError(f"{name}={os.environ[name]!r} is not a number") from None

