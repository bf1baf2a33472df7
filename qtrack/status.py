"""The task statuses, their Chinese names, and what counts as closed."""

from __future__ import annotations

from qtrack.errors import QtrackError

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
    raise QtrackError(f"unknown status {text!r}; use one of {accepted}")
