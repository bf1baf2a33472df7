"""The task statuses, their Chinese names, what counts as closed, and how status and progress agree.

The rule, so that a listing never reads 已完成 10% or 未开始 20%:
  - done is 100%: `done` with no progress records 100, with any other progress it is refused;
  - todo is 0%: `todo` with no progress records 0 (a task taken back to not started), with
    any other progress it is refused;
  - progress alone on a task not started (todo) starts it: it records doing;
  - progress alone below 100 on a done task is refused: reopening takes a status with it
    (doing or blocked), so that a typo never silently undoes a done task;
  - doing, blocked and dropped take any progress (a task may be dropped half-way).
Reading applies the same rule to whatever is stored (older records, a restored dump).
"""

from __future__ import annotations

from qtrack.errors import QtrackError
from qtrack.i18n import _

STATUSES = ("todo", "doing", "done", "blocked", "dropped")
CHINESE = {"todo": "未开始", "doing": "进行中", "done": "已完成", "blocked": "受阻", "dropped": "已取消"}
CLOSED = ("done", "dropped")  # a closed task is never late
# How offices also write done on a returned ledger or a command line: 完成, 办结 (of a matter handled).
_FROM_CHINESE = {**{zh: en for en, zh in CHINESE.items()}, "完成": "done", "办结": "done", "已办结": "done"}


def parse_status(text: str) -> str:
    """`done`, 已完成, 完成 or 办结 → done; anything else is refused with the accepted words."""
    word = text.strip().lower()
    if word in STATUSES:
        return word
    if text.strip() in _FROM_CHINESE:
        return _FROM_CHINESE[text.strip()]
    accepted = ", ".join(f"{en} ({zh})" for en, zh in CHINESE.items())
    raise QtrackError(_("unknown status {text!r}; use one of {accepted}").format(
                          text=text, accepted=accepted))


def settle(current: str, status: str | None, progress: int | None) -> tuple[str | None, int | None]:
    """The status and progress an update records, given the task's status before it (see above)."""
    if progress is not None and not 0 <= progress <= 100:
        raise QtrackError(_("progress {progress} is outside 0–100").format(progress=progress))
    if status == "done":
        if progress not in (None, 100):
            raise QtrackError(_("{done} (done) means 100% progress, not {progress}%").format(
                                  done=CHINESE['done'], progress=progress))
        return status, 100
    if status == "todo":
        if progress not in (None, 0):
            raise QtrackError(_("{todo} (todo) means 0% progress, not {progress}%; a task with progress is {doing} "
                                 "(doing)").format(
                                  todo=CHINESE['todo'], progress=progress, doing=CHINESE['doing']))
        return status, 0
    if status is None and progress is not None:
        if current == "done" and progress < 100:
            # "{percent}", not "{progress}%": a "% r" in the template would read as a printf placeholder
            raise QtrackError(_("the task is {done} (done): progress {percent} reopens it only with a status given "
                                "with it, {doing} (doing) or {blocked} (blocked)").format(
                                  done=CHINESE["done"], percent=f"{progress}%", doing=CHINESE["doing"],
                                  blocked=CHINESE["blocked"]))
        if current == "todo" and progress > 0:
            return "doing", progress
    return status, progress
