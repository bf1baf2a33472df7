"""三色督办单: a department chased for the same task (or duty) without answering is escalated.

An answer is a progress update on the task signed for that department (by qtrack/cycles.py's rule
of whose update counts), or any report of the duty, recorded after the chase: dated after its
day, or on its day and recorded after it. A chase not followed by an answer is unanswered; a
thing chased `yellow` times unanswered is chased in a yellow notice, `red` times in a red one;
otherwise in a blue one (the ordinary 催办单). A notice takes the highest level of what it lists.
"""

from __future__ import annotations

from typing import NamedTuple

from qtrack.errors import QtrackError
from qtrack.i18n import _

LEVELS = ("blue", "yellow", "red")
TITLE = {"blue": "催办单", "yellow": "黄色督办单", "red": "红色督办单"}
WORD = {"blue": "蓝", "yellow": "黄", "red": "红"}


class Thresholds(NamedTuple):
    yellow: int = 1
    red: int = 2

    def check(self) -> Thresholds:
        if self.yellow < 1 or self.red < 1:
            raise QtrackError(_("--yellow-after and --red-after take a number of chases, 1 or more"))
        if self.yellow > self.red:
            raise QtrackError(_("--yellow-after {yellow} is above --red-after {red}: yellow comes first").format(
                                  yellow=self.yellow, red=self.red))
        return self


def unanswered(chases: set[tuple[str, str]], answers: list[tuple[str, str]]) -> int:
    """How many of the chases (date, recorded_at) came after the last answer (date, recorded_at)."""
    last = max(answers, default=None)
    return sum(1 for c in chases if last is None or c > last)


def level(unanswered_chases: int, thresholds: Thresholds) -> str:
    if unanswered_chases >= thresholds.red:
        return "red"
    return "yellow" if unanswered_chases >= thresholds.yellow else "blue"


def highest(levels) -> str:
    return max(levels, key=LEVELS.index, default="blue")
