"""Writing the ledger workbook, streamed: one sheet per plan, then 指标 (targets), 定期工作 (duty
occurrences) and 部门汇总 (the departments' counts).

XlsxWriter's constant_memory mode sends each row to a sheet's temporary file as soon as the next
row begins, so memory stays flat at any size; rows are written in order. Every text value is
written as text (write_string), never as a formula, whatever it begins with. XlsxWriter is
imported here only: a listing never pays for it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

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


class _Book(NamedTuple):
    """The workbook being written and its formats (layout.formats), by name."""
    book: object
    styles: dict


class _Sheet:
    """A streamed sheet: its columns' formats, and the rows written so far."""

    def __init__(self, out: _Book, name: str, columns: list[layout.Column], *, title: str, header: str,
                 as_of: dt.date, paper: int = layout.A3, orientation: str = "landscape",
                 freeze: tuple[int, int] = (2, 2), step=lambda n: None):
        self.sheet = out.book.add_worksheet(name)
        self.columns, self.styles, self.step = columns, out.styles, step
        layout.set_up(self.sheet, columns, title=header, as_of=as_of, paper=paper, orientation=orientation,
                      freeze=freeze)
        layout.heading(self.sheet, out.styles, columns, title)
        self.formats = [out.styles[column.style] for column in columns]
        self.count = 0

    def row(self, values: list, *, styles: dict[int, str] | None = None, indent: int = 0) -> None:
        """Write one body row; `styles` overrides the format of some columns (by index)."""
        r = cols.FIRST_ROW - 1 + self.count  # XlsxWriter counts rows from 0
        sheet = self.sheet
        layout.set_height(sheet, r, layout.row_height(values, self.columns, indent))
        formats = self.formats
        if styles:
            formats = list(formats)
            for i, style in styles.items():
                formats[i] = self.styles[style]
        for i, (value, fmt) in enumerate(zip(values, formats)):
            if value is None:
                sheet.write_blank(r, i, None, fmt)  # a blank cell still carries its fill and border
            elif isinstance(value, str):
                sheet.write_string(r, i, layout.cell_text(value), fmt)  # `=HYPERLINK(…)` in a note is not a formula
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, i, value, fmt)
            else:
                sheet.write_number(r, i, value, fmt)
        # The row is out in the sheet's file once the next begins: its height is not needed again
        # (kept, 100,000 of them would be the only thing growing with the ledger).
        sheet.row_info.pop(r - 1, None)
        self.count += 1
        self.step(1)

    def validate(self, header: str, options: dict) -> None:
        """Apply a data validation to the body of the column `header`."""
        col = [c.header for c in self.columns].index(header)
        first = cols.FIRST_ROW - 1
        self.sheet.data_validation(first, col, first + max(self.count, 1) - 1, col,
                                   {"ignore_blank": True, "show_input": False, "show_error": True, **options})


def write_ledger(conn: Store, path: Path, *, as_of: dt.date, plan: str | None = None,
                 dept_id: int | None = None, rule: LightRule | None = None, rules=None,
                 step=lambda n: None) -> dict[str, int]:
    """Write the ledger workbook; returns the number of task rows per plan sheet. `step` is told
    of each task row written (a progress bar, whose length is size())."""
    from xlsxwriter import Workbook

    book = Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                "strings_to_numbers": False})
    try:
        assessment = _assessment(conn, as_of=as_of, plan=plan, dept_id=dept_id, rules=rules)
        extras = rows.task_extras(conn, as_of=as_of.isoformat())
        styles = layout.formats(book, range(max((d for d, _ in extras.values()), default=0) + 1))
        if dept_id is not None:  # whose ledger it is: the department a 签收 or 延期 filled in acts as
            book.set_custom_property(cols.DEPARTMENT_PROPERTY, rows.department_name(conn, dept_id), "text")
        out = _Book(book, styles)
        counts = _plan_sheets(conn, out, as_of=as_of, plan=plan, dept_id=dept_id, rule=rule, extras=extras,
                              step=step)
        _targets_sheet(conn, out, as_of=as_of, plan=plan, dept_id=dept_id)
        _duties_sheet(conn, out, as_of=as_of, plan=plan, dept_id=dept_id)
        _summary_sheet(conn, out, as_of=as_of, plan=plan, dept_id=dept_id, rule=rule)
        _assessment_sheet(out, assessment, as_of=as_of)
        _close(book)
    except BaseException:
        _discard(book)
        raise
    return counts


def size(conn: Store, *, as_of: dt.date, plan: str | None = None, dept_id: int | None = None) -> int:
    """The task rows write_ledger writes as of the day: the length of its progress bar (counted
    only where a bar is shown; the writer itself needs no count)."""
    return sum(rows.task_counts(conn, as_of=as_of.isoformat(), plan=plan, dept_id=dept_id).values())


def _close(book) -> None:
    """Assemble the file. An OSError is the caller's to report (it writes through
    qtrack/outfile.py): XlsxWriter wraps it in an error of its own, unwrapped here."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        book.close()
    except FileCreateError as exc:
        if isinstance(exc.args[0], OSError):
            raise exc.args[0] from None
        raise


def _discard(book) -> None:
    """Close a failed workbook's streamed sheets and remove their temporary files (XlsxWriter
    removes them only once the file is assembled). Their errors are dropped: the failure that
    brought us here is the one to report."""
    import contextlib
    import os

    for sheet in book.worksheets():
        handle, name = getattr(sheet, "row_data_fh", None), getattr(sheet, "row_data_filename", None)
        with contextlib.suppress(Exception):
            if handle is not None:
                handle.close()
        with contextlib.suppress(Exception):
            if name:
                os.unlink(name)


def _plan_sheets(conn, book, *, as_of, plan, dept_id, rule, extras, step) -> dict[str, int]:
    keep = None
    if dept_id is not None:  # the department's tasks, still in document order
        keep = {r["ref"] for r in queries.task_page(conn, as_of=as_of.isoformat(), rule=rule, plan=plan, dept_id=dept_id).rows}
    names, titles = rows.sheet_names(conn), rows.plan_titles(conn)
    cycled, owed = rows.cycle_plans(conn), _periods_owed(conn, as_of=as_of, plan=plan)
    sheets: dict[str, _Sheet] = {}
    waiting = {r["ref"] for r in workflow.requests(conn, as_of=as_of.isoformat(), plan=plan)}
    for row in queries.task_page(conn, as_of=as_of.isoformat(), rule=rule, plan=plan).rows:
        if keep is not None and row["ref"] not in keep:
            continue
        sheet = sheets.get(row["plan"])
        if sheet is None:
            title = titles[row["plan"]]
            sheet = sheets[row["plan"]] = _Sheet(book, names[row["plan"]],
                                                 cols.plan_columns(row["plan"] in cycled), title=f"{title} 督查台帐 (截至 {as_of})",
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
        sheet.validate(cols.NEW_STATUS, {"validate": "list", "source": list(STATUS_CHINESE.values()),
                                         "error_title": "状态", "error_message": "请从列表中选择状态"})
        sheet.validate(cols.NEW_PROGRESS, {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": 100,
                                           "error_title": "进度", "error_message": "进度为 0–100 的整数"})
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
    from qtrack.cli.views import STATE

    sheet = None
    page = queries.target_page(conn, as_of=as_of.isoformat(), plan=plan, dept_id=dept_id)
    for t in page.rows:
        if sheet is None:
            sheet = _Sheet(book, cols.TARGETS, cols.TARGET, title=f"指标完成情况 (截至 {as_of})",
                           header="指标完成情况", as_of=as_of)
        latest = t["latest"]
        sheet.row([t["ref"], t["title"], t["goal"], t["baseline"],
                   None if latest is None else f"{latest['value']:g}{t['unit'] or ''} ({latest['date']})",
                   STATE[t["state"]], dt.date.fromisoformat(t["due"]) if t["due"] else None, "、".join(t["lead"]),
                   None, None, None, None, t["ref"]])
    if sheet is not None:
        sheet.validate(cols.NEW_VALUE, {"validate": "decimal", "criteria": "between", "minimum": -1e300,
                                        "maximum": 1e300, "error_title": "测量值", "error_message": "测量值为数字"})


def _duties_sheet(conn, book, *, as_of, plan, dept_id) -> None:
    """定期工作: each occurrence of a duty due so far, and the next; a department reports it met."""
    from qtrack.cli.views import OCCURRENCE

    sheet = None
    owed = queries.duty_occurrences(conn, as_of=as_of.isoformat(), plan=plan, dept_id=dept_id, upcoming=1)
    for o in owed:
        if sheet is None:
            sheet = _Sheet(book, cols.DUTIES, cols.DUTY, title=f"定期工作完成情况 (截至 {as_of})",
                           header="定期工作完成情况", as_of=as_of)
        sheet.row([o["duty"], o["title"], cols.EVERY[o["every"]], o["period"], dt.date.fromisoformat(o["due"]),
                   OCCURRENCE[o["state"]], dt.date.fromisoformat(o["met_on"]) if o["met_on"] else None,
                   "、".join(o["lead"]), None, None, None, None, o["ref"]])
    if sheet is not None:
        sheet.validate(cols.NEW_STATE, {"validate": "list", "source": list(cols.OCCURRENCE_WORDS),
                                        "error_title": "完成情况", "error_message": "请从列表中选择完成情况"})


def _summary_sheet(conn, book, *, as_of, plan, dept_id, rule) -> None:
    board = queries.scoreboard(conn, as_of=as_of.isoformat(), rule=rule, plan=plan)["departments"]
    if dept_id is not None:
        name = rows.department_name(conn, dept_id)
        board = [d for d in board if d["department"] == name]
    sheet = _Sheet(book, cols.SUMMARY, cols.SCORE, title=f"各部门牵头任务情况 (截至 {as_of})",
                   header="各部门牵头任务情况", as_of=as_of, paper=layout.A4, orientation="portrait", freeze=(2, 1))
    for d in board:
        sheet.row([d["department"], d["lead"], d["support"], d["done"], d["red"], d["amber"], d["due_now"], d["rate"]])


def _assessment(conn, *, as_of, plan, dept_id, rules) -> tuple[str, list[list]]:
    """考核's title and rows: each leading department's score up to the as-of date, by the rules,
    with its breakdown. Ranked before any sheet is written (and written last): the ranking holds
    every scoring event of the database while it counts, and with the plan sheets' data not yet
    in memory that peak stays the export's only one."""
    from qtrack.scoring import board, scorer
    from qtrack.scoring.events import KINDS

    ranked = board.ranking(conn, window=board.whole(as_of), plan=plan, rules=rules)
    found = ranked["departments"]
    if dept_id is not None:
        name = rows.department_name(conn, dept_id)
        found = [d for d in found if d["department"] == name]
    title = f"考核评分 (截至 {as_of}, 起评分 {ranked['base']:g}; {scorer.TIE_RULE_ZH})"
    flat = [board.flat(d) for d in found]
    return title, [[d["rank"], d["department"], d["score"], *(f[k.key] for k in KINDS), d["lost"], d["tie"]]
                   for d, f in zip(found, flat)]


def _assessment_sheet(book, assessment: tuple[str, list[list]], *, as_of) -> None:
    from qtrack.ledger.layout import Column
    from qtrack.scoring.events import KINDS

    title, found = assessment
    columns = cols.ASSESS + [Column(k.label, 9, "number") for k in KINDS] + cols.ASSESS_TAIL
    sheet = _Sheet(book, cols.ASSESSMENT, columns, title=title, header="考核评分", as_of=as_of)
    for values in found:
        sheet.row(values)
