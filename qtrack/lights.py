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

from typing import NamedTuple

from qtrack.config.keys import MAX_WARN_DAYS, TOLERANCE, WARN_DAYS
from qtrack.errors import QtrackError
from qtrack.i18n import _

LIGHTS = ("red", "amber", "green")
CHINESE = {"red": "红", "amber": "黄", "green": "绿"}
STYLE = {"red": "bold red", "amber": "bold yellow", "green": "green"}


class LightRule(NamedTuple):
    warn_days: int = WARN_DAYS
    tolerance: float = TOLERANCE  # percentage points

    @classmethod
    def from_settings(cls, warn_days: int | None = None, tolerance: float | None = None) -> LightRule:
        """Options first, then QTRACK_WARN_DAYS / QTRACK_TOLERANCE, then the config file, then the
        defaults (qtrack/config resolves each)."""
        from qtrack.config import resolve

        rule = cls(resolve("warn_days", warn_days).value, resolve("tolerance", tolerance).value)
        if not 0 <= rule.warn_days <= MAX_WARN_DAYS or not 0 <= rule.tolerance <= 100:
            raise QtrackError(_("the warning window must be 0–{max_warn_days:,} days, the tolerance 0–100 "
                                "points").format(
                                  max_warn_days=MAX_WARN_DAYS))
        return rule

