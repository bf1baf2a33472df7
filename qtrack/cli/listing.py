"""What the listing commands share: the --plan and --dept filters resolved, and the columns of a
task listing (tasks, status --dept and overdue show tasks alike)."""

from __future__ import annotations

from qtrack.i18n import _
from qtrack.output import Column


def plan_filter(conn, plan: str | None) -> str | None:
    """The plan id --plan names (checked, with suggestions), or None for every plan."""
    from qtrack import refs

    return refs.plan_id(conn, plan) if plan else None


def dept_filter(conn, dept: str | None) -> tuple[int | None, str | None]:
    """(id, name) of the department --dept names (a name or an alias), or (None, None)."""
    from qtrack import refs

    return refs.department(conn, dept) if dept else (None, None)


def task_columns(*, role: bool = False) -> list[Column]:
    """Six columns fit an 80-cell terminal: the due date carries the days left or late, the
    status its progress, the title whether the task is retired."""
    from qtrack.output import light, names
    from qtrack.status import CHINESE

    def title(value: str, row: dict) -> str:
        return _("{title} (retired)").format(title=value) if row.get("retired") else value

    def due(value: str | None, row: dict) -> str:
        if row["days_late"]:
            return f"{value} 逾期{row['days_late']}天"
        if row["days_left"] is not None:
            return f"{value} " + ("今天到期" if row["days_left"] == 0 else f"剩{row['days_left']}天")
        return value or "—"

    def status(value: str, row: dict) -> str:
        word = CHINESE.get(value, "未完成" if value == "missed" else value)
        return word if row["progress"] is None else f"{word} {row['progress']}%"

    columns = [Column("light", "灯", show=light, no_wrap=True), Column("ref", "任务", no_wrap=True),
               Column("title", "标题", show=title, min_width=10)]
    if role:
        columns.append(Column("role", "角色", show=lambda v, r: {"lead": "牵头", "support": "配合"}[v], no_wrap=True))
    return columns + [Column("lead", "牵头", show=names), Column("due", "时限", show=due, min_width=10),  # a date is never broken
                      Column("status", "状态", show=status)]


def from_context(name: str, given: str | None) -> str | None:
    """A listing's --dept or --plan: as given, else the active context's (recorded for the caption)."""
    from qtrack.config import context

    if given is not None:
        return given
    found = context.active()
    value = found.filters.get(name) if found else None
    if value is not None:
        context.applied[name] = value
    return value


def context_note() -> str | None:
    """What the caption says of the active context: the filters it gave, or that it gave none here."""
    from qtrack.config import context

    found = context.active()
    if found is None:
        return None
    given = ", ".join(f"--{k} {v}" for k, v in context.applied.items())
    context.applied.clear()
    if given:
        return _("context {name}: {filters} (qtrack context none to clear)").format(name=found.name, filters=given)
    return _("context {name} is active; it filters nothing here").format(name=found.name)
