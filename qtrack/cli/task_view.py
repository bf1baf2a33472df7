"""How `qtrack show` lays one task out on a terminal (JSON carries the same dict as is)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from qtrack.status import CHINESE


def _op_text(target: dict) -> str:
    unit = target["unit"] or ""
    if target["op"] == "between":
        low, high = target["value"]
        return f"{low:g}–{high:g}{unit}"
    return f"{target['op']} {target['value']:g}{unit}"


def render_task(d: dict) -> Group:
    head = Text()
    head.append(f"{d['ref']}  ", style="bold")
    head.append(f"{d['label'] or ''} {d['title']}".strip(), style="bold")
    if d.get("retired"):
        head.append("  (retired: no longer in the plan file)", style="dim")

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row("计划", f"{d['plan']} {d['plan_title']}")
    if d["section"]:
        facts.add_row("部分", f"{d['section']['label'] or ''} {d['section']['title']}".strip())
    if d["parent"]:
        facts.add_row("上级任务", d["parent"])
    if d["subtasks"]:
        facts.add_row("子任务", ", ".join(d["subtasks"]))
    facts.add_row("牵头", "、".join(d["lead"]) or "—")
    facts.add_row("配合", "、".join(d["support"]) or "—")
    due = d["due"] or "— (no date in the document)"
    if d["days_late"]:
        due += f"  逾期{d['days_late']}天"
    elif d["days_left"] is not None:
        due += f"  剩{d['days_left']}天"
    facts.add_row("时限", due)
    if d["phase"]:
        facts.add_row("阶段", f"{d['phase']['name']} ({d['phase']['start']} – {d['phase']['end']})")
    facts.add_row("状态", f"{CHINESE[d['status']]} ({d['status']}), {d['progress']}%")
    if d["notes"]:
        facts.add_row("备注", d["notes"])

    parts: list = [head, facts]
    if d["text"]:
        parts += [Text(""), Text(d["text"])]
    if d["targets"]:
        targets = Table(title="指标", title_justify="left", header_style="bold")
        for header in ("指标", "名称", "目标", "时限"):
            targets.add_column(header)
        for t in d["targets"]:
            targets.add_row(t["ref"], t["title"], _op_text(t), t["due"] or "")
        parts += [Text(""), targets]
    history = Table(title="进展记录", title_justify="left", header_style="bold")
    for header in ("日期", "填报人", "状态", "进度", "进展情况"):
        history.add_column(header)
    for u in d["updates"]:
        history.add_row(u["date"], u["by"], CHINESE.get(u["status"] or "", ""),
                        "" if u["progress"] is None else f"{u['progress']}%", u["note"] or "")
    parts += [Text(""), history if d["updates"] else Text("no updates recorded yet", style="dim")]
    return Group(*parts)
