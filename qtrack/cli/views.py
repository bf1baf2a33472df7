"""How `qtrack show` lays out one task, target or duty on a terminal (JSON carries the same dicts)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from qtrack.i18n import _

from qtrack.output import clean, light, names, percent, rich_cell
from qtrack.status import CHINESE
from qtrack.workflow.words import ACTIONS, ROLES, STAGES

STATE = {"met": "达标", "not-met": "未达标", "no-data": "无数据"}  # of a target
# of a target against its trajectory (qtrack/scoring/course.py)
COURSE = {"met": "达标", "not-met": "未达标", "on-trajectory": "按进度", "behind": "滞后", "no-data": "无数据"}
OCCURRENCE = {"met": "已完成", "missed": "未完成", "due": "待完成", "waived": "免除"}  # of a duty occurrence


def _facts() -> Table:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    return facts


def _heading(ref: str, title: str, retired: bool = False) -> Text:
    head = Text()
    head.append(clean(f"{ref}  {title}"), style="bold")
    if retired:
        head.append(_("  (retired: no longer in the plan file)"), style="dim")
    return head


def _history(title: str, headers: tuple[str, ...], rows: list[tuple]) -> Table | Text:
    if not rows:
        return Text(_("{title}: none recorded yet").format(title=title), style="dim")
    table = Table(title=title, title_justify="left", header_style="bold")
    for i, header in enumerate(headers):  # the first column is a reference, a date or a period: never broken
        table.add_column(header, overflow="fold", no_wrap=i == 0)
    for row in rows:
        table.add_row(*row)
    return table


def _latest(t: dict) -> str:
    return f"{t['latest']['value']:g}{t['unit'] or ''} ({t['latest']['date']})" if t["latest"] else "—"


def task(d: dict) -> Group:
    head = _heading(d["ref"], f"{d['label'] or ''} {d['title']}".strip(), d.get("retired", False))
    facts = _facts()
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
    if d["original_due"] and d["original_due"] != d["due"]:
        due += f"  (原定 {d['original_due']}, 已延期)"
    facts.add_row("时限", due)
    if d["pending"]:
        p = d["pending"]
        facts.add_row("延期申请", f"至 {p['due']} ({p['date']} {p['department']}: {p['detail']}) 待批")
    if d["overrides"]:
        was = d["overrides"]
        facts.add_row("改派", "计划文件原为 牵头 " + ("、".join(was["lead"]) or "—")
                      + ("; 配合 " + "、".join(was["support"]) if was["support"] else ""))
    if d["stage"]:
        facts.add_row("签收", _acknowledged(d))
    if d["stage"] in ("claimed", "closed", "done", "dropped"):
        facts.add_row("办理", _stage(d))
    if d["phase"]:
        facts.add_row("阶段", f"{d['phase']['name']} ({d['phase']['start']} – {d['phase']['end']})")
    facts.add_row("状态", f"{CHINESE[d['status']]} ({d['status']}), {d['progress']}%")
    facts.add_row("灯", rich_cell(light(d["light"])))
    if d["notes"]:
        facts.add_row("备注", d["notes"])

    parts: list = [head, facts]
    if d["text"]:
        parts += [Text(""), Text(d["text"])]
    if d["targets"]:
        parts += [Text(""), _history("指标", ("指标", "名称", "目标", "最新", "状态"), [
            (t["ref"], t["title"], t["goal"], _latest(t), STATE[t["state"]]) for t in d["targets"]])]
    parts += [Text(""), _history("督办记录", ("日期", "", "步骤", "签署", "内容"), [
        (s["date"], ROLES[s["role"]], ACTIONS[s["action"]], s["by"], _step(s)) for s in d["steps"]])]
    parts += [Text(""), _history("进展记录", ("日期", "填报人", "状态", "进度", "进展情况"), [
        (u["date"], u["by"], CHINESE.get(u["status"] or "", ""), "" if u["progress"] is None else f"{u['progress']}%",
         u["note"] or "") for u in d["updates"]])]
    if d.get("evidence"):
        parts += [Text(""), _history("佐证材料", ("日期", "文件", "大小", "SHA-256", "填报人"), [
            (e["date"], e["name"], size(e["size"]), e["sha256"] or "(named only, not sent)", e["by"])
            for e in d["evidence"]])]
    return Group(*parts, *_reports_and_chases(d))


REPORT = {"reported": "已报送", "missed": "漏报", "due": "待报送"}  # of a reporting period


def _reports_and_chases(d: dict) -> list:
    """The periods a task owes reports for (if its plan sets a cycle), and the chases that named it."""
    from qtrack.chase.escalation import TITLE
    from qtrack.chase.record import items_text

    parts: list = []
    if d.get("reports"):
        parts += [Text(""), _history("报送周期", ("期", "应报日期", "情况", "报送日期"), [
            (p["period"], p["due"], Text(REPORT[p["state"]], style="bold red" if p["state"] == "missed" else ""),
             p["reported_on"] or "") for p in d["reports"]])]
    if d.get("chases"):
        parts += [Text(""), _history("催办记录", ("编号", "日期", "部门", "级别", "事项", "经办人"), [
            (c["no"], c["date"], c["department"], TITLE[c["level"]], items_text(c), c["by"])
            for c in d["chases"]])]
    return parts


def size(n: int | None) -> str:
    """A file's size in bytes, KB or MB."""
    if n is None:
        return "—"
    return f"{n} B" if n < 2**10 else f"{n / 2**10:.1f} KB" if n < 2**20 else f"{n / 2**20:.1f} MB"


def _acknowledged(d: dict) -> str:
    """签收: when, or not yet; late against the plan's ack_within, as of the day shown."""
    shown = d["acknowledged"] or ("已退回" if d["stage"] == "declined" else "未签收")
    if d["ack_late"]:
        return shown + f"  逾期{d['ack_late']}天 (限{d['ack_by']})"
    return shown + (f"  (限{d['ack_by']})" if d["ack_by"] and not d["acknowledged"] else "")


def _stage(d: dict) -> str:
    text = STAGES[d["stage"]]
    if d["stage"] in ("claimed", "closed", "done"):
        text += f"  (办结 {d['claimed']}" + (f", 销号 {d['closed']})" if d["closed"] else ")")
    return text


def _step(s: dict) -> str:
    """What a workflow step said: the date asked or granted, the departments set, the reason."""
    parts = []
    if s["due"]:
        parts.append(f"至 {s['due']}")
    if s["departments"]:
        parts.append("牵头 " + "、".join(s["departments"]["lead"])
                     + ("; 配合 " + "、".join(s["departments"]["support"]) if s["departments"]["support"] else ""))
    if s["detail"]:
        parts.append(s["detail"])
    return "  ".join(parts)


def target(t: dict) -> Group:
    facts = _facts()
    facts.add_row("目标", t["goal"] + (f"  (by {t['due']})" if t["due"] else ""))
    if t["baseline"] is not None:
        facts.add_row("基数", f"{t['baseline']:g}{t['unit'] or ''}")
    facts.add_row("最新", _latest(t))
    facts.add_row("进度", percent(t["progress"]) or "—")
    facts.add_row("状态", f"{STATE[t['state']]} ({t['state']})")
    if t["task"]:
        facts.add_row("任务", f"{t['task']}  牵头 {names(t['lead']) or '—'}")
    if t["notes"]:
        facts.add_row("备注", t["notes"])
    return Group(_heading(t["ref"], t["title"]), facts, Text(""), _history(
        "测量记录", ("日期", "数值", "填报人", "说明"),
        [(m["date"], f"{m['value']:g}", m["by"], m["note"] or "") for m in t["measurements"]]))


def duty(d: dict) -> Group:
    every = {"month": "每月", "quarter": "每季度", "half-year": "每半年", "year": "每年"}[d["every"]]
    facts = _facts()
    facts.add_row("周期", f"{every} ({d['every']}), {d['start']} – {d['end']}")
    facts.add_row("牵头", names(d["lead"]) or "—")
    facts.add_row("未完成", str(d["missed"]))
    if d["notes"]:
        facts.add_row("备注", d["notes"])
    return Group(_heading(d["ref"], d["title"]), facts, Text(""), _history(
        "各期", ("期", "应完成", "状态", "完成日期", "填报人", "说明"),
        [(o["period"], o["due"], Text(OCCURRENCE[o["state"]], style="bold red" if o["state"] == "missed" else ""),
          o["met_on"] or "", o["by"] or "", o["note"] or "") for o in d["occurrences"]]))
