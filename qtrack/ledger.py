"""The supervision ledger (督查台帐) as an Excel workbook: written out, and read back filled in.

Out: one sheet per plan, its tasks in document order with what the office shows (label, task,
departments, due date, status, progress, latest note, light), then the columns a department
fills in, then — hidden — each row's task reference, which is all a re-import trusts to know
the row. A 部门汇总 sheet gives each department's counts over the tasks it leads.

Back in: only the fill-in columns are read. Every filled cell is checked before anything is
written, and every problem is reported as `Sheet!Cell: what is wrong`. A row is recorded as an
update unless the same update (status, progress, note, and the date when one is given) is
already in the task's history, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from qtrack import dates, db, queries, refs, updates
from qtrack.errors import QtrackError
from qtrack.lights import CHINESE as LIGHT_CHINESE
from qtrack.lights import LightRule
from qtrack.status import CHINESE as STATUS_CHINESE
from qtrack.status import parse_status

# (header, width): what the office shows, then what a department fills in, then the reference.
SHOWN = [("序号", 7), ("任务", 38), ("牵头单位", 14), ("配合单位", 22), ("完成时限", 12), ("状态", 8),
         ("进度", 7), ("最新进展", 26), ("红黄绿灯", 9)]
FILL = [("新状态", 9), ("新进度", 8), ("进展情况", 30), ("填报人", 10), ("填报日期", 12)]
REF_HEADER = "任务引用(勿改)"
HEADER_ROW = 2  # row 1 is the sheet's title
SUMMARY = "部门汇总"
_FILL_KEYS = dict(zip((h for h, _ in FILL), ("status", "progress", "note", "by", "date")))
_LIGHT_FILL = {"red": ("FFC7CE", "9C0006"), "amber": ("FFEB9C", "9C5700"), "green": ("C6EFCE", "006100")}


def _extras(conn: sqlite3.Connection) -> dict[str, tuple[int, str | None]]:
    """Per task ref: its depth (to indent sub-tasks) and its latest note (最新进展)."""
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT t.plan_id || '/' || t.code, t.depth, (SELECT u.note FROM task_update u WHERE u.task_id = t.id "
        "AND u.note IS NOT NULL ORDER BY u.date DESC, u.id DESC LIMIT 1) FROM task t")}


def write_ledger(conn: sqlite3.Connection, path: Path, *, as_of: dt.date, plan: str | None = None,
                 dept_id: int | None = None, rule: LightRule | None = None) -> dict[str, int]:
    """Write the ledger workbook; returns the number of task rows per plan sheet."""
    from openpyxl import Workbook

    rows = queries.tasks(conn, as_of=as_of, rule=rule, plan=plan)  # document order
    if dept_id is not None:  # the department's tasks, still in document order
        named = {r["ref"] for r in queries.tasks(conn, as_of=as_of, rule=rule, plan=plan, dept_id=dept_id)}
        rows = [r for r in rows if r["ref"] in named]
    titles = dict(conn.execute("SELECT id, title FROM plan"))
    extras = _extras(conn)
    book = Workbook()
    book.remove(book.active)
    counts: dict[str, int] = {}
    for plan_id in dict.fromkeys(r["plan"] for r in rows):
        tasks = [r for r in rows if r["plan"] == plan_id]
        _plan_sheet(book.create_sheet(plan_id[:31]), f"{titles[plan_id]} 督查台帐 (截至 {as_of})", tasks, extras)
        counts[plan_id] = len(tasks)
    board = queries.scoreboard(conn, as_of=as_of, rule=rule, plan=plan)["departments"]
    if dept_id is not None:
        name = conn.execute("SELECT name FROM department WHERE id = ?", (dept_id,)).fetchone()[0]
        board = [d for d in board if d["department"] == name]
    _summary_sheet(book.create_sheet(SUMMARY), f"各部门牵头任务情况 (截至 {as_of})", board)
    book.save(path)  # an OSError is the caller's to report: it writes through qtrack/outfile.py
    return counts


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {"border": Border(left=thin, right=thin, top=thin, bottom=thin),
            "wrap": Alignment(wrap_text=True, vertical="top"),
            "center": Alignment(horizontal="center", vertical="top", wrap_text=True),
            "bold": Font(bold=True), "title": Font(bold=True, size=14),
            "head": PatternFill("solid", fgColor="D9E1F2"), "fill_head": PatternFill("solid", fgColor="FFF2CC"),
            "fill": PatternFill("solid", fgColor="FFFBEA")}


def _heading(sheet, title: str, columns: list[tuple[str, int]], style: dict, fill_from: int | None = None) -> None:
    """Title row, header row, widths, frozen header and A4 landscape printing fitted to the width."""
    from openpyxl.utils import get_column_letter

    sheet.cell(1, 1, title).font = style["title"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    for i, (header, width) in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, i, header)
        cell.font, cell.border, cell.alignment = style["bold"], style["border"], style["center"]
        cell.fill = style["fill_head"] if fill_from and i >= fill_from else style["head"]
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)  # header and 序号/任务 stay in view
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _plan_sheet(sheet, title: str, rows: list[dict], extras: dict) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    style = _styles()
    columns = SHOWN + FILL + [(REF_HEADER, 14)]
    _heading(sheet, title, columns, style, fill_from=len(SHOWN) + 1)
    first = HEADER_ROW + 1
    for n, row in enumerate(rows, start=first):
        depth, note = extras[row["ref"]]
        due = dt.date.fromisoformat(row["due"]) if row["due"] else None
        values = [row["label"], row["title"], "、".join(row["lead"]), "、".join(row["support"]), due,
                  STATUS_CHINESE[row["status"]], row["progress"], note, f"● {LIGHT_CHINESE[row['light']]}",
                  None, None, None, None, None, row["ref"]]
        for i, value in enumerate(values, start=1):
            cell = sheet.cell(n, i, value)
            cell.border, cell.alignment = style["border"], style["wrap"]
            if len(SHOWN) < i <= len(SHOWN) + len(FILL):
                cell.fill = style["fill"]
        sheet.cell(n, 2).alignment = Alignment(wrap_text=True, vertical="top", indent=2 * depth)
        sheet.cell(n, 5).number_format = sheet.cell(n, 14).number_format = "yyyy-mm-dd"
        sheet.cell(n, 7).number_format = '0"%"'
        back, ink = _LIGHT_FILL[row["light"]]
        light = sheet.cell(n, 9)
        light.fill, light.font, light.alignment = PatternFill("solid", fgColor=back), Font(color=ink, bold=True), style["center"]
    last = max(first, first + len(rows) - 1)
    status_col, progress_col = (get_column_letter(len(SHOWN) + 1 + i) for i in range(2))
    choices = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHINESE.values()) + '"', allow_blank=True,
                             showErrorMessage=True, errorTitle="状态", error="请从列表中选择状态")
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
                             showErrorMessage=True, errorTitle="进度", error="进度为 0–100 的整数")
    choices.add(f"{status_col}{first}:{status_col}{last}")
    percent.add(f"{progress_col}{first}:{progress_col}{last}")
    sheet.add_data_validation(choices)
    sheet.add_data_validation(percent)
    sheet.column_dimensions[get_column_letter(len(columns))].hidden = True  # present for re-import, out of the way


def _summary_sheet(sheet, title: str, board: list[dict]) -> None:
    style = _styles()
    columns = [("部门", 22), ("牵头任务", 9), ("配合任务", 9), ("已完成", 8), ("红灯", 7), ("黄灯", 7),
               ("已到期", 8), ("达成率", 8)]
    _heading(sheet, title, columns, style)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    for n, d in enumerate(board, start=HEADER_ROW + 1):
        values = [d["department"], d["lead"], d["support"], d["done"], d["red"], d["amber"], d["due_now"], d["rate"]]
        for i, value in enumerate(values, start=1):
            cell = sheet.cell(n, i, value)
            cell.border = style["border"]
        sheet.cell(n, 8).number_format = "0%"


@dataclass
class Entry:
    """One filled-in row: the update it asks for, and where it came from."""

    where: str  # Sheet!row, for the listing
    ref: str
    task_id: int
    title: str
    status: str | None
    progress: int | None
    note: str | None
    by: str | None  # 填报人, until read_progress signs it
    date: dt.date
    dated: bool  # the sheet gave 填报日期 (else the date is today's)


def read_progress(conn: sqlite3.Connection, path: Path, *, today: dt.date, by: str | None = None) -> list[Entry]:
    """Every filled-in row of a returned ledger, all checked; all problems raised together.

    Each entry is signed by its row's 填报人, else by `by` (--by), else the login name."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)  # a formula counts by its value
    except FileNotFoundError:
        raise QtrackError(f"no file {path}") from None
    except Exception as exc:  # openpyxl raises a zoo of types for a file that is not a workbook
        raise QtrackError(f"{path}: not an Excel workbook (.xlsx) that qtrack can read ({exc})") from None
    entries: list[Entry] = []
    problems: list[str] = []
    sheets = 0
    for sheet in book.worksheets:
        headers = {sheet.cell(HEADER_ROW, c).value: c for c in range(1, sheet.max_column + 1)}
        if REF_HEADER not in headers:
            continue  # the summary, or a sheet the department added
        sheets += 1
        missing = [h for h in _FILL_KEYS if h not in headers]
        if missing:
            problems.append(f"{sheet.title}: the column{'s' * (len(missing) > 1)} {', '.join(missing)} "
                            "went missing; fill in the ledger qtrack exported")
            continue
        for n in range(HEADER_ROW + 1, sheet.max_row + 1):
            entry = _read_row(conn, sheet, n, headers, today, problems)
            if entry:
                entry.by = entry.by or by or updates.default_author()
                entries.append(entry)
    if not sheets:
        raise QtrackError(f"{path}: no ledger sheet in it (a sheet with a {REF_HEADER} column; "
                          "export one with qtrack export --format xlsx)")
    if problems:
        raise QtrackError("\n".join(problems) + f"\nrefused: {len(problems)} problem{'s' * (len(problems) > 1)} "
                          f"in {path.name}; nothing was written")
    return entries


def _read_row(conn, sheet, n: int, headers: dict, today: dt.date, problems: list[str]) -> Entry | None:
    cells = {key: sheet.cell(n, headers[h]) for h, key in _FILL_KEYS.items()}
    values = {key: _blank(c.value) for key, c in cells.items()}
    if all(v is None for v in values.values()):
        return None  # nobody filled this row: untouched
    before = len(problems)

    def bad(cell, message: str) -> None:
        problems.append(f"{sheet.title}!{cell.coordinate}: {message}")

    ref_cell = sheet.cell(n, headers[REF_HEADER])
    task = None
    if _blank(ref_cell.value) is None:
        bad(next(c for k, c in cells.items() if values[k] is not None),
            "a filled row without a task reference; add tasks to the plan file, not to the ledger")
    else:
        task = _task(conn, str(ref_cell.value).strip())
        if isinstance(task, str):
            bad(ref_cell, task)
    status = progress = None
    if values["status"] is not None:
        try:
            status = parse_status(str(values["status"]))
        except QtrackError as exc:
            bad(cells["status"], str(exc))
    if values["progress"] is not None:
        progress = _progress(cells["progress"])
        if isinstance(progress, str):
            bad(cells["progress"], progress)
            progress = None
        elif status == "done" and progress != 100:
            bad(cells["progress"], f"已完成 (done) means 100%, not {progress}%")
    date = today
    if values["date"] is not None:
        date = _date(values["date"])
        if isinstance(date, str):
            bad(cells["date"], date)
        elif date > today:
            bad(cells["date"], f"date {date} is after today ({today}); progress cannot be reported ahead")
    if values["status"] is None and values["progress"] is None and values["note"] is None:
        bad(cells["status"], "填报人 or 填报日期 given but nothing to record: fill 新状态, 新进度 or 进展情况")
    if len(problems) > before:
        return None
    return Entry(f"{sheet.title}!{n}", task[0], task[1], task[2], status, 100 if status == "done" else progress,
                 None if values["note"] is None else str(values["note"]),
                 None if values["by"] is None else str(values["by"]), date, values["date"] is not None)


def _blank(value):
    """A cell's value, with empty and whitespace-only text as no value."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _task(conn: sqlite3.Connection, ref: str) -> tuple[str, int, str] | str:
    """(ref, id, title) of a live task, or what is wrong with the reference."""
    try:
        found = refs.resolve(conn, ref, kinds=("task",))
    except QtrackError:
        return f"task {ref} no longer exists (was the plan re-imported without it?)"
    retired, title = conn.execute("SELECT retired, title FROM task WHERE id = ?", (found.id,)).fetchone()
    if retired:
        return f"task {ref} was retired (it left its plan file); its history is read-only"
    return found.ref, found.id, title


def _progress(cell) -> int | str:
    """0–100 from 60, 60.0, "60", "60%", or a cell formatted as a percentage (0.6 shown as 60%)."""
    value = cell.value
    if isinstance(value, str):
        text = value.strip().rstrip("%％").strip()
        try:
            value = float(text)
        except ValueError:
            return f"progress {cell.value!r} is not a number (0–100)"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        value = value * 100 if "%" in cell.number_format else value
    else:
        return f"progress {cell.value!r} is not a number (0–100)"
    if value != int(value):
        return f"progress {value:g} is not a whole number"
    if not 0 <= value <= 100:
        return f"progress {value:g} is outside 0–100"
    return int(value)


def _date(value) -> dt.date | str:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dates.parse_date(str(value))
    except QtrackError:
        return f"{value!r} is not a date (write it like 2016-12-10)"


def _recorded(conn: sqlite3.Connection, e: Entry) -> bool:
    """Whether the task's history already holds this very update (on this date, when one was given)."""
    return conn.execute(
        "SELECT 1 FROM task_update WHERE task_id = ? AND status IS ? AND progress IS ? AND note IS ? "
        "AND (? IS NULL OR date = ?) LIMIT 1",
        (e.task_id, e.status, e.progress, e.note, *(2 * [e.date.isoformat() if e.dated else None]))).fetchone() is not None


def new_entries(conn: sqlite3.Connection, entries: list[Entry]) -> list[Entry]:
    """The entries not yet in the database (nor earlier in the same file)."""
    seen: set[tuple] = set()
    out = []
    for e in entries:
        key = (e.task_id, e.status, e.progress, e.note, e.date if e.dated else None)
        if key not in seen and not _recorded(conn, e):
            out.append(e)
        seen.add(key)
    return out


def record(conn: sqlite3.Connection, entries: list[Entry], *, today: dt.date) -> list[Entry]:
    """Append the new entries as updates, all in one transaction; returns what was recorded."""
    with db.transaction(conn):
        fresh = new_entries(conn, entries)
        for e in fresh:
            updates.record_update(conn, e.task_id, date=e.date, today=today, status=e.status, progress=e.progress,
                                  note=e.note, by=e.by, command="import-progress")
    return fresh
