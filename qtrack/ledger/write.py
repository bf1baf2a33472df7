"""Writing the ledger workbook, streamed: one sheet per plan, then 指标 (targets), 定期工作 (duty
occurrences) and 部门汇总 (the departments' counts).

openpyxl's write-only mode sends each row to the file as it is made, so memory stays flat at any
size; each column's cell object is made once per sheet and given its value row by row. Every
text value is written as text, never as a formula, whatever it begins with.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack.ledger import columns as cols
from qtrack.ledger import layout
from qtrack.lights import CHINESE as LIGHT_CHINESE
from qtrack.lights import LightRule
from qtrack.status import CHINESE as STATUS_CHINESE
from qtrack.store import ledger as rows
from qtrack.store import queries, workflow
from qtrack.workflow.words import STAGES

if TYPE_CHECKING:
    from qtrack.store import Store




class _Sheet:
    """A streamed sheet: its columns' reusable cells, and the rows written so far."""

    def __init__(self, book, name: str, columns: list[layout.Column], *, rows: int, title: str, header: str,
                 as_of: dt.date, paper: int = layout.A3, orientation: str = "landscape", freeze: str = "C3",
                 step=lambda n: None):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        self.sheet = book.create_sheet(name)
        self.columns, self.step = columns, step
        # The sheet's size, written before its rows: a reader without it parses the whole sheet
        # once more just to learn it.
        last = f"{get_column_letter(len(columns))}{cols.HEADER_ROW + max(rows, 1)}"
        self.sheet.calculate_dimension = lambda: f"A1:{last}"
        layout.set_up(self.sheet, columns, title=header, as_of=as_of, paper=paper, orientation=orientation,
                      freeze=freeze)
        layout.heading(self.sheet, columns, title)
        self.cells = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet)
            cell.style = layout.style_name(column.style)
            self.cells.append(cell)
        self.count = 0

    def row(self, values: list, *, styles: dict[int, str] | None = None, indent: int = 0) -> None:
        """Append one body row; `styles` overrides the named style of some columns (by index)."""
        self.sheet.row_dimensions[cols.FIRST_ROW + self.count].height = layout.row_height(
            values, self.columns, indent)
        for i, (cell, value) in enumerate(zip(self.cells, values)):
            if isinstance(value, str):
                cell.value = layout.cell_text(value)
                cell.data_type = "s"  # text stays text: `=HYPERLINK(…)` in a note is not a formula
            else:
                cell.value = value
            if styles and i in styles:
                cell.style = layout.style_name(styles[i])
        self.sheet.append(self.cells)
        self.count += 1
        self.step(1)

    def validate(self, header: str, validation) -> None:
        """Apply a data validation to the body of the column `header`."""
        from openpyxl.utils import get_column_letter

        letter = get_column_letter([c.header for c in self.columns].index(header) + 1)
        last = cols.FIRST_ROW + max(self.count, 1) - 1
        validation.add(f"{letter}{cols.FIRST_ROW}:{letter}{last}")
        self.sheet.data_validations.append(validation)


def write_ledger(conn: Store, path: Path, *, as_of: dt.date, plan: str | None = None,
                 dept_id: int | None = None, rule: LightRule | None = None, rules=None,
                 step=lambda n: None) -> dict[str, int]:
    """Write the ledger workbook; returns the number of task rows per plan sheet. `step` is told
    of each task row written (a progress bar)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    try:
        extras = rows.task_extras(conn, as_of=as_of.isoformat())
        layout.register_styles(book, range(max((d for d, _ in extras.values()), default=0) + 1))
        if dept_id is not None:  # whose ledger it is: the department a 签收 or 延期 filled in acts as
            from openpyxl.packaging.custom import StringProperty

            book.custom_doc_props.append(StringProperty(name=cols.DEPARTMENT_PROPERTY,
                                                        value=rows.department_name(conn, dept_id)))
        counts = _plan_sheets(conn, book, as_of=as_of, plan=plan, dept_id=dept_id, rule=rule, extras=extras, step=step)
        _targets_sheet(conn, book, as_of=as_of, plan=plan, dept_id=dept_id)
        _duties_sheet(conn, book, as_of=as_of, plan=plan, dept_id=dept_id)
        _summary_sheet(conn, book, as_of=as_of, plan=plan, dept_id=dept_id, rule=rule)
        _assessment_sheet(conn, book, as_of=as_of, plan=plan, dept_id=dept_id, rules=rules)
        book.save(path)  # an OSError is the caller's to report: it writes through qtrack/outfile.py
    except BaseException:
        _discard(book)
        raise
    return counts


def size(conn: Store, *, as_of: dt.date, plan: str | None = None, dept_id: int | None = None) -> int:
    """The task rows write_ledger writes as of the day: the length of its progress bar."""
    return sum(rows.task_counts(conn, as_of=as_of.isoformat(), plan=plan, dept_id=dept_id).values())


def _discard(book) -> None:
    """Close a failed workbook's streamed sheets and remove their temporary files. Each
    write-only sheet streams into a temporary file through two suspended generators; left to the
    garbage collector after a failure (a full disk), each would try to finish its XML into a file
    that can take no more, and print 'Exception ignored' tracebacks. Closed here, their errors are
    dropped: the failure that brought us here is the one to report."""
    import contextlib

    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        for stream in (getattr(sheet, "_rows", None), writer and writer.xf):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def _plan_sheets(conn, book, *, as_of, plan, dept_id, rule, extras, step) -> dict[str, int]:
    from openpyxl.worksheet.datavalidation import DataValidation

    keep = None
    if dept_id is not None:  # the department's tasks, still in document order
        keep = {r["ref"] for r in queries.task_page(conn, as_of=as_of.isoformat(), rule=rule, plan=plan, dept_id=dept_id).rows}
    names, titles = rows.sheet_names(conn), rows.plan_titles(conn)
    sizes = rows.task_counts(conn, as_of=as_of.isoformat(), plan=plan, dept_id=dept_id)
    cycled, owed = rows.cycle_plans(conn), _periods_owed(conn, as_of=as_of, plan=plan)
    sheets: dict[str, _Sheet] = {}
    waiting = {r["ref"] for r in workflow.requests(conn, as_of=as_of.isoformat(), plan=plan)}
    for row in queries.task_page(conn, as_of=as_of.isoformat(), rule=rule, plan=plan).rows:
        if keep is not None and row["ref"] not in keep:
            continue
        sheet = sheets.get(row["plan"])
        if sheet is None:
            title = titles[row["plan"]]
            sheet = sheets[row["plan"]] = _Sheet(book, names[row["plan"]], cols.plan_columns(row["plan"] in cycled),
                                                 rows=sizes[row["plan"]],
                                                 title=f"{title} 督查台帐 (截至 {as_of})",
                                                 header=f"{title} 督查台帐", as_of=as_of, step=step)
        depth, note = extras[row["ref"]]
        due = dt.date.fromisoformat(row["due"]) if row["due"] else None
        values = [row["label"], row["title"], "、".join(row["lead"]), "、".join(row["support"]), due,
                  STATUS_CHINESE[row["status"]], row["progress"], note, f"● {LIGHT_CHINESE[row['light']]}",
                  None, None, None, None, None, _stage(row, waiting), None, None, None, None, row["ref"]]
        if row["plan"] in cycled:
            at = [c.header for c in cols.PLAN].index(cols.NOTE)
            values[at:at] = [owed.get(row["ref"]), None]
        sheet.row(values, styles={1: f"text-{depth}" if depth else "text", 8: row["light"]}, indent=depth)
    for sheet in sheets.values():
        sheet.validate(cols.NEW_STATUS, DataValidation(
            type="list", formula1='"' + ",".join(STATUS_CHINESE.values()) + '"', allow_blank=True,
            showErrorMessage=True, errorTitle="状态", error="请从列表中选择状态"))
        sheet.validate(cols.NEW_PROGRESS, DataValidation(
            type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
            showErrorMessage=True, errorTitle="进度", error="进度为 0–100 的整数"))
    return {p: s.count for p, s in sheets.items()}


def _periods_owed(conn, *, as_of, plan) -> dict[str, str]:
    """Task ref → the periods it owes and has not reported as of the day, one a line: `2016-07 漏报`
    (its due day gone by), `2016-08 待报` (not yet due)."""
    from qtrack import cycles

    out: dict[str, list[str]] = {}
    for p in cycles.report_periods(conn, as_of=as_of, plan=plan):
        if p["state"] != "reported":
            out.setdefault(p["task"], []).append(f"{p['period']} {'漏报' if p['state'] == 'missed' else '待报'}")
    return {ref: "\n".join(lines) for ref, lines in out.items()}


def _stage(row: dict, waiting: set[str]) -> str | None:
    """办理环节: where the task stands in the workflow (workflow/words.py), or 延期申请中 while a
    request for extension awaits the office."""
    if row["ref"] in waiting:
        return cols.PENDING
    return STAGES.get(row["stage"])


def _targets_sheet(conn, book, *, as_of, plan, dept_id) -> None:
    """指标: each target with its goal and latest value; a department fills in a new measurement."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from qtrack.cli.views import STATE

    sheet = None
    page = queries.target_page(conn, as_of=as_of.isoformat(), plan=plan, dept_id=dept_id)
    for t in page.rows:
        if sheet is None:
            sheet = _Sheet(book, cols.TARGETS, cols.TARGET, rows=page.total, title=f"指标完成情况 (截至 {as_of})",
                           header="指标完成情况", as_of=as_of)
        latest = t["latest"]
        sheet.row([t["ref"], t["title"], t["goal"], t["baseline"],
                   None if latest is None else f"{latest['value']:g}{t['unit'] or ''} ({latest['date']})",
                   STATE[t["state"]], dt.date.fromisoformat(t["due"]) if t["due"] else None, "、".join(t["lead"]),
                   None, None, None, None, t["ref"]])
    if sheet is not None:
        sheet.validate(cols.NEW_VALUE, DataValidation(type="decimal", allow_blank=True, showErrorMessage=True,
                                                      errorTitle="测量值", error="测量值为数字"))


def _duties_sheet(conn, book, *, as_of, plan, dept_id) -> None:
    """定期工作: each occurrence of a duty due so far, and the next; a department reports it met."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from qtrack.cli.views import OCCURRENCE

    sheet = None
    owed = queries.duty_occurrences(conn, as_of=as_of.isoformat(), plan=plan, dept_id=dept_id, upcoming=1)
    for o in owed:
        if sheet is None:
            sheet = _Sheet(book, cols.DUTIES, cols.DUTY, rows=len(owed), title=f"定期工作完成情况 (截至 {as_of})",
                           header="定期工作完成情况", as_of=as_of)
        sheet.row([o["duty"], o["title"], cols.EVERY[o["every"]], o["period"], dt.date.fromisoformat(o["due"]),
                   OCCURRENCE[o["state"]], dt.date.fromisoformat(o["met_on"]) if o["met_on"] else None,
                   "、".join(o["lead"]), None, None, None, None, o["ref"]])
    if sheet is not None:
        sheet.validate(cols.NEW_STATE, DataValidation(
            type="list", formula1='"' + ",".join(cols.OCCURRENCE_WORDS) + '"', allow_blank=True,
            showErrorMessage=True, errorTitle="完成情况", error="请从列表中选择完成情况"))


def _summary_sheet(conn, book, *, as_of, plan, dept_id, rule) -> None:
    board = queries.scoreboard(conn, as_of=as_of.isoformat(), rule=rule, plan=plan)["departments"]
    if dept_id is not None:
        name = rows.department_name(conn, dept_id)
        board = [d for d in board if d["department"] == name]
    sheet = _Sheet(book, cols.SUMMARY, cols.SCORE, rows=len(board), title=f"各部门牵头任务情况 (截至 {as_of})", header="各部门牵头任务情况",
                   as_of=as_of, paper=layout.A4, orientation="portrait", freeze="B3")
    for d in board:
        sheet.row([d["department"], d["lead"], d["support"], d["done"], d["red"], d["amber"], d["due_now"], d["rate"]])


def _assessment_sheet(conn, book, *, as_of, plan, dept_id, rules) -> None:
    """考核: each leading department's score up to the as-of date, by the rules, with its breakdown."""
    from qtrack.ledger.layout import Column
    from qtrack.scoring import board, scorer
    from qtrack.scoring.events import KINDS

    ranked = board.ranking(conn, window=board.whole(as_of), plan=plan, rules=rules)
    found = ranked["departments"]
    if dept_id is not None:
        name = rows.department_name(conn, dept_id)
        found = [d for d in found if d["department"] == name]
    columns = cols.ASSESS + [Column(k.label, 9, "number") for k in KINDS] + cols.ASSESS_TAIL
    sheet = _Sheet(book, cols.ASSESSMENT, columns, rows=len(found), title=f"考核评分 (截至 {as_of}, 起评分 "
                   f"{ranked['base']:g}; {scorer.TIE_RULE_ZH})", header="考核评分", as_of=as_of)
    for d in found:
        flat = board.flat(d)
        sheet.row([d["rank"], d["department"], d["score"], *(flat[k.key] for k in KINDS), d["lost"], d["tie"]])
