"""The 催办 record read back: the chases that named a task, one entry per notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qtrack.chase.render import number_text
from qtrack.store import chase as stored

if TYPE_CHECKING:
    from qtrack.store import Store

KIND_ZH = {"late": "逾期", "soon": "临期", "report": "漏报", "duty": "定期工作", "workflow": "待办"}


def of_task(conn: Store, task_id: int, *, as_of: str) -> list[dict]:
    """Each chase dated by the as-of day that named the task: its number, date, department, level,
    who sent it and what of the task it asked for (late, soon, or the periods of missed reports)."""
    out: dict[tuple[int, int], dict] = {}
    for r in stored.of_task(conn, task_id, as_of=as_of):
        entry = out.setdefault((r["year"], r["number"]), {
            "no": number_text(r["year"], r["number"]), "date": r["date"], "department": r["department"],
            "level": r["level"], "by": r["by"], "via": r["via"], "items": []})
        entry["items"].append({"kind": r["kind"], "period": r["period"], "level": r["item_level"]})
    return list(out.values())


def items_text(entry: dict) -> str:
    """What a chase asked of a task, in a few words: 逾期, or 漏报 2016-04、2016-05."""
    words: dict[str, list[str]] = {}
    for i in entry["items"]:
        words.setdefault(KIND_ZH[i["kind"]], []).extend([i["period"]] if i["period"] else [])
    return "；".join(f"{k} {'、'.join(p)}".strip() for k, p in words.items())
