"""Reading a returned ledger: the fill-in columns of every plan, 指标 and 定期工作 sheet, checked
cell by cell before anything is written.

A returned file is untrusted. It is checked as a zip before it is opened (a zip bomb is refused
by the sizes it declares, and sheetxml.py holds every read to a budget of unpacked bytes), then
read row by row straight from its XML (sheetxml.py), so memory stays flat whatever the sheet
claims to hold. Formulas are never evaluated: a formula in a cell qtrack reads is refused. The
hidden reference column is checked against the row it sits in: the task must belong to the
sheet's plan, and the row's visible title must be the task's title.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack import dates, refs
from qtrack.errors import NotFound, QtrackError, kind_word
from qtrack.ledger import columns as cols
from qtrack.ledger import layout, sheetxml
from qtrack.status import parse_status, settle
from qtrack.store import ledger as rows
from qtrack.store import queries
from qtrack.i18n import _, listed, ngettext

if TYPE_CHECKING:
    from qtrack.store import Store



MAX_UNPACKED = 512 * 2**20  # a 100,000-task ledger unpacks to about 150 MB
MAX_RATIO = 200  # sheets of text pack about 10:1; a bomb packs a thousand to one
MAX_MEMBERS = 10_000
MAX_PROBLEMS = 50  # shown; the rest are counted


@dataclass
class Entry:
    """One filled-in row: the update, measurement or occurrence report it asks for."""

    kind: str  # task | target | duty
    where: str  # Sheet!row, for the listing
    ref: str  # PLAN/CODE, or PLAN/CODE@PERIOD for a duty occurrence
    id: int
    title: str
    status: str | None = None
    progress: int | None = None
    value: float | None = None
    period: str | None = None
    note: str | None = None
    by: str | None = None  # 填报人, until read_progress signs it
    date: dt.date | None = None
    dated: bool = False  # the sheet gave 填报日期 (else the date is today's)
    update: bool = True  # the row reports progress (新状态, 新进度 or 进展情况), not only workflow steps
    # The workflow's steps the row asks for (ledger/record.py takes them through qtrack/workflow/):
    ack: dt.date | None = None  # 签收日期
    extend_to: dt.date | None = None  # 申请延期至
    extend_reason: str | None = None  # 延期理由
    evidence: list[str] = field(default_factory=list)  # 佐证材料, the files' names
    department: str | None = None  # who acts: the ledger's department, else a 填报人 that names one
    cells: dict[str, str] = field(default_factory=dict)  # part → Sheet!Cell, to name a refusal


def open_book(path: Path):
    """The workbook, once its zip is known not to unpack beyond bounds."""
    if not path.exists():
        raise QtrackError(_("no file {path}").format(path=path))
    if not path.is_file():
        raise QtrackError(_("{path}: not a regular file").format(path=path))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise QtrackError(_("{path}: not an Excel workbook (.xlsx) that qtrack can read ({exc})").format(
                              path=path, exc=exc)) from None
    unpacked = sum(m.file_size for m in members)
    swollen = [m for m in members if m.file_size > 2**24 and m.file_size > MAX_RATIO * max(m.compress_size, 1)]
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED or swollen:
        raise QtrackError(_("{path}: unpacks to {unpacked:,.0f} MB in {members} parts; refused (a ledger is far "
                             "smaller: is it a zip bomb?)").format(
                              path=path, unpacked=unpacked / 2**20, members=len(members)))
    try:
        return sheetxml.Book(path, max_unpacked=MAX_UNPACKED)
    except sheetxml.WorkbookError as exc:
        raise QtrackError(_("{path}: not an Excel workbook (.xlsx) that qtrack can read ({exc})").format(
                              path=path, exc=exc)) from None


def read_progress(conn: Store, path: Path, *, today: dt.date, by: str | None = None,
                  step=lambda n: None) -> list[Entry]:
    """Every filled-in row of a returned ledger, all checked; all problems raised together.

    Each entry is signed by its row's 填报人, else by `by` (--by), else the login name. `step` is
    told of each row read (a progress bar)."""
    from qtrack import updates

    book = open_book(path)
    entries: list[Entry] = []
    problems: list[str] = []
    sheets = 0
    plans = {name: plan for plan, name in rows.sheet_names(conn).items()}
    try:
        owner = _owner(book)
        for sheet in book.worksheets:
            reader = _SheetReader.of(conn, sheet, plans, today, problems)
            if reader is None:
                continue  # the summary, or a sheet the department added
            sheets += 1
            for entry in reader.entries(step):
                entry.department = owner or _department(conn, entry.by)
                entry.by = entry.by or by or updates.default_author()
                entries.append(entry)
    except sheetxml.WorkbookError as exc:
        raise QtrackError(_("{path}: a damaged workbook ({exc})").format(path=path, exc=exc)) from None
    finally:
        book.close()
    if not sheets:
        raise QtrackError(_("{path}: no ledger sheet in it (a sheet with a {ref_header} column; export one with "
                             "qtrack export --format xlsx)").format(
                              path=path, ref_header=cols.REF_HEADER))
    if problems:
        raise refusal(problems, path.name)
    return entries


def refusal(problems: list[str], name: str) -> QtrackError:
    """The problems found in a returned ledger, as one error: the first MAX_PROBLEMS, counted."""
    more = len(problems) - MAX_PROBLEMS
    shown = problems[:MAX_PROBLEMS] + ([_("… and {more} more problems").format(more=more)] if more > 0 else [])
    refused = ngettext("refused: {count} problem in {name}; nothing was written",
                       "refused: {count} problems in {name}; nothing was written", len(problems))
    return QtrackError("\n".join(shown) + "\n" + refused.format(count=len(problems), name=name))


def _owner(book: sheetxml.Book) -> str | None:
    """The department whose ledger this is (export --dept wrote it in the file's properties)."""
    return book.properties.get(cols.DEPARTMENT_PROPERTY) or None


def _department(conn: Store, signed) -> str | None:
    """A 填报人 that names a department (its name or alias): the department acting; else None
    (the task's only lead acts, as `ack` without --by)."""
    from qtrack.refs import department

    if _blank(signed) is None:
        return None
    try:
        return department(conn, str(signed))[1]
    except QtrackError:
        return None  # a person's name


class _SheetReader:
    """The rows of one ledger sheet, read and checked; problems are added to the shared list."""

    FILLS = {cols.NEW_STATUS: "task", cols.NEW_VALUE: "target", cols.NEW_STATE: "duty"}

    def __init__(self, conn, sheet, kind: str, headers: dict[str, int], plan: str | None, today, problems):
        self.conn, self.sheet, self.kind, self.headers = conn, sheet, kind, headers
        self.plan, self.today, self.problems = plan, today, problems

    @classmethod
    def of(cls, conn, sheet, plans: dict[str, str], today: dt.date, problems: list[str]):
        """A reader for a ledger sheet, or None for a sheet that is not one."""
        row = next(sheet.rows(min_row=cols.HEADER_ROW, max_col=64), None)
        header = [row.value(column) for column in range(1, 65)] if row and row.number == cols.HEADER_ROW else []
        headers = {v.strip(): i for i, v in enumerate(header) if isinstance(v, str)}
        if cols.REF_HEADER not in headers:
            return None
        kinds = [kind for head, kind in cls.FILLS.items() if head in headers]
        kind = kinds[0] if len(kinds) == 1 else {cols.TARGETS: "target", cols.DUTIES: "duty"}.get(sheet.title, "task")
        wanted = {"task": cols.PLAN, "target": cols.TARGET, "duty": cols.DUTY}[kind]
        # A ledger written before the workflow's columns (or the cycles') still imports: they are read where present.
        missing = [c.header for c in wanted if c.fill and c.header not in headers and c.header not in cols.OPTIONAL_FILLS
                   and c not in cols.WORKFLOW]
        if missing:
            problems.append(ngettext("{title}: the column {missing} went missing; fill in the ledger qtrack exported",
                                     "{title}: the columns {missing} went missing; fill in the ledger qtrack exported",
                                     len(missing)).format(title=sheet.title, missing=listed(missing)))
            return None
        plan = None
        if kind == "task":
            plan = plans.get(sheet.title)
            if plan is None:
                problems.append(_("{title}: no plan has a sheet of this name; keep the sheet names of the ledger "
                                  "qtrack exported").format(title=sheet.title))
                return None
        return cls(conn, sheet, kind, headers, plan, today, problems)

    def entries(self, step=lambda n: None):
        width = max(self.headers.values()) + 1
        fill = [i for header, i in self.headers.items() if header in cols.FILL_HEADERS]
        # The size the file states is not trusted: every row it holds is read.
        for row in self.sheet.rows(min_row=cols.FIRST_ROW, max_col=width, only_filled={i + 1 for i in fill}):
            self.row_number = row.number
            step(1)
            if all(_blank(row.value(i + 1)) is None for i in fill):
                continue  # nobody filled this row: untouched, and its cells are never decoded
            entry = self._row(row.cells(width))
            if entry:
                yield entry

    def bad(self, cell, message: str) -> None:
        self.problems.append(f"{self.at(cell)}: {message}")

    def at(self, cell) -> str:
        """Sheet!Cell of a cell, or of the column `cell` names in the current row."""
        if isinstance(cell, str):
            return f"{self.sheet.title}!{sheetxml.column_letter(self.headers[cell] + 1)}{self.row_number}"
        return f"{self.sheet.title}!{cell.coordinate}"

    def cell(self, cells, header: str):
        return cells[self.headers[header]]

    def _row(self, cells) -> Entry | None:
        before = len(self.problems)
        for c in cells:
            if c.data_type == "f":
                self.bad(c, _("a formula; qtrack reads no formulas: type the value itself"))
        if len(self.problems) > before:
            return None
        entry = self._target_of(cells)
        fields = {"task": self._task_fields, "target": self._target_fields, "duty": self._duty_fields}[self.kind]
        fields(cells, entry)
        note, signed = (_blank(self.cell(cells, h).value) for h in (cols.NOTE, cols.BY))
        date_cell = self.cell(cells, cols.DATE)
        when = self.today
        if _blank(date_cell.value) is not None:
            when = _date(date_cell.value)
            if isinstance(when, str):
                self.bad(date_cell, when)
            else:
                try:  # after the as-of date or the real date: the bound `update` has
                    dates.not_ahead(when, today=self.today, what=_("progress"))
                except QtrackError as exc:
                    self.bad(date_cell, str(exc))
        if len(self.problems) > before or entry is None:
            return None
        if self.kind == "task" and cols.REPORTED in self.headers and not self._reports_on(cells, entry, when):
            return None
        if self.kind == "task":
            try:  # the rule `update` applies (qtrack/status.py), against the task's state on the row's date
                current = queries.task_state(self.conn, entry.id, as_of=when.isoformat())[0]
                entry.status, entry.progress = settle(current, entry.status, entry.progress)
            except QtrackError as exc:
                self.bad(self.cell(cells, cols.NEW_PROGRESS if entry.progress is not None else cols.NEW_STATUS),
                         str(exc))
                return None
        entry.note = None if note is None else layout.cell_text(note)
        entry.by = None if signed is None else str(signed)
        entry.date, entry.dated = when, _blank(date_cell.value) is not None
        return entry

    def _target_of(self, cells) -> Entry | None:
        """The task, target or duty occurrence the row's reference names, checked against the row."""
        ref_cell = self.cell(cells, cols.REF_HEADER)
        ref = _blank(ref_cell.value)
        if ref is None:
            first = next(c for c in cells if _blank(c.value) is not None)
            self.bad(first, _("a filled row without a task reference; add tasks to the plan file, not to the ledger"))
            return None
        try:
            found = refs.resolve(self.conn, str(ref), kinds=(self.kind,))
        except NotFound:
            self.bad(ref_cell, _("{kind} {ref} no longer exists (was the plan re-imported without it?)").format(
                                   kind=kind_word(self.kind), ref=ref))
            return None
        except QtrackError as exc:  # not a reference, or a period the duty does not have
            self.bad(ref_cell, str(exc))
            return None
        if self.kind == "duty" and not found.period:
            self.bad(ref_cell, _("{ref} names a duty, not one of its occurrences (REF@PERIOD)").format(
                                   ref=ref))
            return None
        plan, title, retired = rows.live_row(self.conn, self.kind, found.id)
        if retired:
            self.bad(ref_cell, _("{kind} {ref} was retired (it left its plan file); its history is read-only").format(
                                   kind=kind_word(self.kind), ref=found.ref))
            return None
        if self.plan is not None and plan != self.plan:
            self.bad(ref_cell, _("{kind} {ref} belongs to plan {plan}, not to this sheet's plan {plan2}; rows "
                                 "cannot move between sheets").format(
                                   kind=kind_word(self.kind), ref=found.ref, plan=plan, plan2=self.plan))
            return None
        shown = cells[1]  # 任务, 指标 or 定期工作: the second column of every ledger sheet
        if (_blank(shown.value) or "") != (layout.cell_text(title) or "").strip():
            self.bad(shown, _("this row's title is not that of {ref} ({title}); the reference column does not match "
                               "the row: export a fresh ledger").format(
                                ref=found.ref, title=_short(title)))
            return None
        if found.period:
            period_cell = self.cell(cells, "期次")
            if str(_blank(period_cell.value)) != found.period:
                self.bad(period_cell, _("期次 {value!r} is not the period of the reference {ref}").format(
                                          value=period_cell.value, ref=ref))
                return None
        return Entry(self.kind, f"{self.sheet.title}!{ref_cell.row}", found.ref + (f"@{found.period}" if found.period
                     else ""), found.id, title, period=found.period)

    def _task_fields(self, cells, entry: Entry | None) -> None:
        status_cell, progress_cell = self.cell(cells, cols.NEW_STATUS), self.cell(cells, cols.NEW_PROGRESS)
        status = progress = None
        if _blank(status_cell.value) is not None:
            try:
                status = parse_status(str(status_cell.value))
            except QtrackError as exc:
                self.bad(status_cell, str(exc))
        if _blank(progress_cell.value) is not None:
            progress = _number(progress_cell, _("progress"), _(" (0–100)"))
            if isinstance(progress, str):
                self.bad(progress_cell, progress)
                progress = None
            elif progress != int(progress):
                self.bad(progress_cell, _("progress {progress:g} is not a whole number").format(
                                            progress=progress))
            elif not 0 <= progress <= 100:
                self.bad(progress_cell, _("progress {progress:g} is outside 0–100").format(
                                            progress=progress))
        reported = any(_blank(c.value) is not None for c in (status_cell, progress_cell, self.cell(cells, cols.NOTE)))
        steps = self._workflow_fields(cells, entry)
        if not reported and not steps:
            self.bad(status_cell, _("填报人 or 填报日期 given but nothing to record: fill 新状态, 新进度 or 进展情况 "
                                    "(or 签收日期, 申请延期至, 佐证材料)"))
        if entry is not None:
            entry.status = status
            entry.progress = None if progress is None else int(progress)
            entry.update = reported

    def _workflow_fields(self, cells, entry: Entry | None) -> bool:
        """签收日期, 申请延期至 with 延期理由, and 佐证材料, read and checked as text and dates (the
        steps' own rules are qtrack/workflow/'s, applied when they are recorded); whether any was filled."""
        from qtrack.evidence import name_problem

        present = [h for h in (cols.ACK, cols.EXTEND_TO, cols.EXTEND_REASON, cols.EVIDENCE) if h in self.headers]
        values = {h: _blank(self.cell(cells, h).value) for h in present}
        where = {h: self.at(h) for h in present}
        parsed: dict = {}
        for head in (cols.ACK, cols.EXTEND_TO):
            if values.get(head) is not None:
                parsed[head] = _date(values[head])
                if isinstance(parsed[head], str):
                    self.bad(head, parsed.pop(head))
        reason = values.get(cols.EXTEND_REASON)
        if values.get(cols.EXTEND_TO) is not None and reason is None:
            self.bad(cols.EXTEND_REASON if cols.EXTEND_REASON in present else cols.EXTEND_TO,
                     _("a request for extension needs a reason: fill {reason}").format(reason=cols.EXTEND_REASON))
        if reason is not None and values.get(cols.EXTEND_TO) is None:
            self.bad(cols.EXTEND_TO if cols.EXTEND_TO in present else cols.EXTEND_REASON,
                     _("{reason} given without the date asked for: fill {to}").format(reason=cols.EXTEND_REASON,
                                                                                       to=cols.EXTEND_TO))
        names = _names(values.get(cols.EVIDENCE))
        for name in names:
            problem = name_problem(name)
            if problem:
                self.bad(cols.EVIDENCE, f"{cols.EVIDENCE} {name!r} {problem}")
        if entry is not None:
            entry.ack, entry.extend_to = parsed.get(cols.ACK), parsed.get(cols.EXTEND_TO)
            entry.extend_reason = None if reason is None else layout.cell_text(str(reason).strip())
            entry.evidence = names
            entry.cells = {part: where[h] for part, h in (("ack", cols.ACK), ("extend", cols.EXTEND_TO),
                                                           ("evidence", cols.EVIDENCE)) if h in where}
            entry.cells["update"] = self.at(cols.NEW_STATUS)
        return any(v is not None for v in values.values())

    def _reports_on(self, cells, entry: Entry, when: dt.date) -> bool:
        """Whether the row's 报送期次, when given, is a period the task owes that an update dated
        `when` reports on (qtrack/cycles.py's rule, as `update` has it); a problem reported if not."""
        from qtrack import cycles, periods

        cell = self.cell(cells, cols.REPORTED)
        value = _blank(cell.value)
        if value is None:
            return True
        owed = cycles.report_periods(self.conn, as_of=when, task_id=entry.id)
        if not owed:
            self.bad(cell, _("{ref} owes no progress reports as of {when} (its plan sets no reporting "
                             "cycle for it, or it has not begun): leave 报送期次 empty").format(ref=entry.ref, when=when))
            return False
        every = owed[0]["every"]
        if isinstance(value, (dt.date, dt.datetime)):  # a spreadsheet turns 2016-07 into a date
            day = value.date() if isinstance(value, dt.datetime) else value
            label = periods.occurrence(every, *periods.period_of(every, day)).period
        else:
            found = periods.parse_period(every, unicodedata.normalize("NFKC", str(value)).strip())
            label = periods.occurrence(every, *found).period if found else None
        if label is None:
            self.bad(cell, _("报送期次 {value!r} is not a period of {ref}'s cycle ({every}: like {example})").format(
                value=value, ref=entry.ref, every=every, example=owed[0]["period"]))
            return False
        day = when.isoformat()
        meant = next((p["period"] for i, p in enumerate(owed)
                      if (i == 0 or owed[i - 1]["due"] < day) and day <= p["due"]), None)
        if label != meant:
            owes = listed(_("{period} by {due}").format(period=p["period"], due=p["due"]) for p in owed[-3:])
            self.bad(cell, _("报送期次 {label}: a report dated {day} reports on {meant} ({ref} owes {owes}); "
                             "write that period, or leave 报送期次 empty").format(
                label=label, day=day, meant=meant or _("no period owed"), ref=entry.ref, owes=owes))
            return False
        return True

    def _target_fields(self, cells, entry: Entry | None) -> None:
        value_cell = self.cell(cells, cols.NEW_VALUE)
        if _blank(value_cell.value) is None:
            self.bad(value_cell, _("{new_value} is empty: a target records a measured value").format(
                                     new_value=cols.NEW_VALUE))
            return
        value = _number(value_cell, _("measurement"))
        if isinstance(value, str):
            self.bad(value_cell, value)
        elif entry is not None:
            entry.value = value

    def _duty_fields(self, cells, entry: Entry | None) -> None:
        state_cell = self.cell(cells, cols.NEW_STATE)
        text = _blank(state_cell.value)
        words = "、".join(cols.OCCURRENCE_WORDS)
        if text is None:
            self.bad(state_cell, _("{new_state} is empty: write {words}").format(
                                     new_state=cols.NEW_STATE, words=words))
            return
        status = cols.OCCURRENCE_WORDS.get(str(text))
        if status is None:
            try:
                status = parse_status(str(text))
            except QtrackError:
                pass
        if status not in ("done", "todo", "dropped"):
            self.bad(state_cell, _("{new_state} {text!r}: write {words}").format(
                                     new_state=cols.NEW_STATE, text=text, words=words))
        elif entry is not None:
            entry.status = status


def _names(text) -> list[str]:
    """The file names of a 佐证材料 cell: separated by 、 ， , ； ; or line breaks, each once."""
    if text is None:
        return []
    parts = re.split(r"[、，,；;\n]+", unicodedata.normalize("NFC", str(text)))
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _blank(value):
    """A cell's value, with empty and whitespace-only text as no value."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _short(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"


def _number(cell, what: str, expected: str = "") -> float | str:
    """A finite number from 60, 60.0, "60", "６０％", or a percentage cell (0.6 shown as 60%);
    else what is wrong with it."""
    value = cell.value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().rstrip("%").replace(",", "").strip()
        try:
            value = float(text)
        except ValueError:
            return _("{what} {value!r} is not a number{expected}").format(
                       what=what, value=cell.value, expected=expected)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        value = value * 100 if "%" in (cell.number_format or "") else value
    else:
        return _("{what} {value!r} is not a number{expected}").format(
                   what=what, value=cell.value, expected=expected)
    if not math.isfinite(value):
        return _("{what} {value!r} is not a finite number").format(what=what, value=cell.value)
    return value


def _date(value) -> dt.date | str:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dates.parse_date(unicodedata.normalize("NFKC", value))
        except QtrackError:
            pass
    return _("{value!r} is not a date (write it like 2016-12-10)").format(value=value)
