"""Tables read row by row; a 任务分工表 (序号/任务/牵头单位/配合单位/完成时限) read as tasks.

A task table's row becomes the line the drafter would read in prose, "1.任务。完成时限:…。
(牵头单位:A;配合单位:B)", so the same rules give its lead, support and due date."""

from __future__ import annotations

import re

# Header cells of each column, as 方案 word them.
COLUMNS = {
    "number": re.compile(r"^(序号|编号|序)$"),
    "task": re.compile(r"^(重点|主要|工作)?(任务|工作|事项)(内容|名称|措施|事项)?$|^(工作|具体)?措施$"),
    "lead": re.compile(r"^(牵头|责任|主责|负责)(单位|部门)$"),
    "support": re.compile(r"^(配合|参与|协办|协助)(单位|部门)$"),
    "due": re.compile(r"^(完成)?(时限|时间|期限)$|^完成(时限|时间|期限)$|^时间(安排|节点|要求)$"),
}


def table_lines(rows: list[list[str | None]]) -> list[str]:
    """Lines for a table: a task table as tasks, any other one cell after cell, a row a line.
    A None cell (the lower part of a vertically merged cell) repeats the cell above it."""
    filled: list[list[str]] = []
    for row in rows:
        above = filled[-1] if filled else []
        filled.append([(above[i] if i < len(above) else "") if cell is None else cell for i, cell in enumerate(row)])
    columns = _task_columns(filled[0]) if filled else None
    if columns is None:
        return [" ".join(c for c in row if c) for row in filled if any(row)]
    return [line for row in filled[1:] if (line := _task_line(row, columns, len(filled) - 1))]


def _task_columns(header: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        cell = re.sub(r"\s+", "", cell)
        for name, pattern in COLUMNS.items():
            if name not in found and pattern.match(cell):
                found[name] = i
                break
    return found if {"task", "lead"} <= found.keys() else None


def _task_line(row: list[str], columns: dict[str, int], count: int) -> str:
    def cell(name: str) -> str:
        i = columns.get(name)
        return re.sub(r"\s*\n\s*", "", row[i]).strip() if i is not None and i < len(row) else ""

    task = cell("task").rstrip("。;；")
    if not task:
        return ""
    number = re.sub(r"[.、．\s]+$", "", cell("number")) or ""
    line = (f"{number}." if number.isdigit() else "") + task + "。"
    if due := cell("due"):
        line += f"完成时限:{due}{'' if re.search('前|以前|之前|持续|长期|每', due) else '前'}。"
    people = [f"牵头单位:{cell('lead')}"] if cell("lead") else []
    if cell("support"):
        people.append(f"配合单位:{cell('support')}")
    return line + (f"({';'.join(people)})" if people else "")
