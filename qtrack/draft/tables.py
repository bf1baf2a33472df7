"""Tables flattened to one cell a line, as a web page's 任务分解表 arrives when copied as text:

    序号 / 目标任务 / 牵头单位 / 责任单位 / 责任人 / 1 / ★地区生产总值增长15%。 / 区发改局 / …

The header (序号 and the column names after it) says what each cell of a row is; a bare number
opens a row. Each row is written back as the lines the rest of the reader knows: "1.任务", then
"牵头单位:…", "责任单位:…", "完成时限:…". Headings between rows (一、…) stay as they are.
"""

from __future__ import annotations

import re

from qtrack.draft.headings import HEADING_RE

NUMBER_COLUMN = re.compile(r"^序\s*号$")
ROW_NUMBER = re.compile(r"^(\d{1,4})$")
# What a column holds, by its name: the task, a role, a deadline; anything else (责任人, 分管领导,
# 备注) is left out.
COLUMNS = (
    ("task", re.compile(r"^(?:目\s*标\s*任\s*务|主要任务|重点任务|工作任务|任务内容|工作内容|具体措施|任\s*务|事\s*项)$")),
    ("牵头单位", re.compile(r"^(?:牵头单位|牵头部门)$")),
    ("责任单位", re.compile(r"^(?:责任单位|责任部门|主要责任单位)$")),
    ("配合单位", re.compile(r"^(?:配合单位|配合部门|协同单位|参与单位)$")),
    ("完成时限", re.compile(r"^(?:完成时限|完成时间|时间节点|时限要求)$")),
)


def _column(cell: str) -> str | None:
    name = cell.replace(" ", "")
    for kind, pattern in COLUMNS:
        if pattern.match(name):
            return kind
    return "other" if len(name) <= 6 else None


def _header(lines: list[str], at: int) -> tuple[list[str | None], int] | None:
    """The columns after 序号 at `at`, and where the first row starts; None when it is no header."""
    columns: list[str | None] = []
    i = at + 1
    while i < len(lines) and not ROW_NUMBER.match(lines[i]) and not HEADING_RE.match(lines[i]):
        if lines[i]:
            kind = _column(lines[i])
            if kind is None:
                return None
            columns.append(kind)
        i += 1
    return (columns, i) if "task" in columns else None


def unflatten(lines: list[str]) -> list[str]:
    """The lines with every flattened table written back as items and their notes."""
    for at, line in enumerate(lines):
        if NUMBER_COLUMN.match(line) and (found := _header(lines, at)):
            columns, start = found
            return lines[:at] + _rows(lines[start:], columns)
    return lines


def _rows(lines: list[str], columns: list[str | None]) -> list[str]:
    out: list[str] = []
    cells: list[str] = []
    number = None

    def flush() -> None:
        if number is None:
            return
        row = dict(zip(columns, cells))
        out.append(f"{number}.{row.get('task', '')}")
        out.extend(f"{kind}:{row[kind]}" for kind in ("牵头单位", "责任单位", "配合单位", "完成时限") if row.get(kind))

    for line in lines:
        if ROW_NUMBER.match(line) or HEADING_RE.match(line):
            flush()
            number, cells = (line, []) if ROW_NUMBER.match(line) else (None, [])
            if number is None:
                out.append(line)
        elif line and number is not None:
            cells.append(line)
        elif line:
            out.append(line)
    flush()
    return out
