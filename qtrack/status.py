"""The task statuses, their Chinese names, and what counts as closed."""

from __future__ import annotations

from qtrack.errors import QtrackError

STATUSES = ("todo", "doing", "done", "blocked", "dropped")
CHINESE = {"todo": "未开始", "doing": "进行中", "done": "已完成", "blocked": "受阻", "dropped": "已取消"}
CLOSED = ("done", "dropped")  # a closed task is never late
_FROM_CHINESE = {zh: en for en, zh in CHINESE.items()}


def parse_status(text: str) -> str:
    """`done` or 已完成 → done; anything else is refused with the accepted words."""
    word = text.strip().lower()
    if word in STATUSES:
        return word
    if text.strip() in _FROM_CHINESE:
        return _FROM_CHINESE[text.strip()]
    accepted = ", ".join(f"{en} ({zh})" for en, zh in CHINESE.items())
    raise QtrackError(f"unknown status {text!r}; use one of {accepted}")
