"""Tables read row by row; a 任务分工表 (序号/任务/牵头单位/配合单位/完成时限) read as tasks.

A task table's row becomes the line the drafter would read in prose, "1.任务。完成时限:…。
(牵头单位:A;配合单位:B)", so the same rules give its lead, support and due date. A row that is
one cell across the table (a group heading such as 一、产品质量) stays a line of its own."""

from __future__ import annotations

import re

# Header cells of each column, as 方案 word them.
COLUMNS = {
    "number": re.compile(r"^(序号|编号|序)$"),
    "task": re.compile(r"^(重点|主要|工作|具体)?(任务|工作|事项)(内容|名称|措施|事项)?$|^(工作|具体)?措施$"),
    "lead": re.compile(r"^(牵头|责任|主责|负责)(单位|部门)$"),
    "support": re.compile(r"^(配合|参与|协办|协助)(单位|部门)$"),
    "due": re.compile(r"^(完成)?(时限|时间|期限)$|^完成(时限|时间|期限)$|^时间(安排|节点|要求)$"),
}
CN_NUMBER_RE = re.compile(r"^[一二三四五六七八九十]+$")
HEADER_ROWS = 3  # a task table's header may sit under a title row or two

Cell = list[str]  # a cell's paragraphs


def table_lines(rows: list[list[Cell | None]]) -> list[str]:
    """Lines for a table: a task table as tasks, any other one row a line, cell after cell.
    A None cell (the lower part of a vertically merged cell) repeats the cell above it."""
    filled: list[list[Cell]] = []
    for row in rows:
        above = filled[-1] if filled else []
        filled.append([(above[i] if i < len(above) else []) if cell is None else cell for i, cell in enumerate(row)])
    for at, row in enumerate(filled[:HEADER_ROWS]):
        if columns := _task_columns(row):
            before = [_plain(r) for r in filled[:at]]
            return [line for line in before if line] + [
                line for row in filled[at + 1:] if (line := _task_line(row, columns))]
    return [line for row in filled if (line := _plain(row))]


def is_task_table(rows: list[list[Cell | None]]) -> bool:
    return any(_task_columns([cell or [] for cell in row]) for row in rows[:HEADER_ROWS])


def _plain(row: list[Cell]) -> str:
    cells = ["".join(cell).strip() for cell in row]
    return " ".join(_distinct(c for c in cells if c))


def _distinct(cells) -> list[str]:
    """The cells in order, a cell spread over several columns counted once."""
    out: list[str] = []
    for cell in cells:
        if not out or out[-1] != cell:
            out.append(cell)
    return out


def _task_columns(header: list[Cell]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        text = re.sub(r"\s+", "", "".join(cell))
        for name, pattern in COLUMNS.items():
            if name not in found and pattern.match(text):
                found[name] = i
                break
    return found if {"task", "lead"} <= found.keys() else None


def _task_line(row: list[Cell], columns: dict[str, int]) -> str:
    def cell(name: str, joiner: str = "") -> str:
        i = columns.get(name)
        return joiner.join(p.strip() for p in row[i] if p.strip()) if i is not None and i < len(row) else ""

    if len(_distinct(c for c in ("".join(p).strip() for p in row) if c)) == 1:
        return _plain(row)  # one cell across the row: a group heading
    task = cell("task").rstrip("。;；")
    if not task:
        return _plain(row)
    number = re.sub(r"[.、．\s]+$", "", cell("number"))
    label = f"{number}." if number.isdigit() else f"({number})" if CN_NUMBER_RE.match(number) else ""
    line = label + task + "。"
    if due := cell("due", ";"):
        line += f"完成时限:{due}{'' if re.search('前|以前|之前|持续|长期|每', due) else '前'}。"
    # Bodies on lines of their own in one cell are several bodies.
    people = [f"牵头单位:{lead}"] if (lead := cell("lead", "、")) else []
    if support := cell("support", "、"):
        people.append(f"配合单位:{support}")
    return line + (f"({';'.join(people)})" if people else "")
