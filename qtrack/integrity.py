"""What a sound qtrack database holds, row by row: every value of its column's type and allowed
values, keys unique, every reference pointing at a row that exists, the migrations this qtrack
knows. Plain data in, sentences out; no SQL here.

`restore` runs these rules over a dump before it writes a single row, and `check` over the
database itself, so that whatever a bad restore (or a hand edit) could leave is caught by both.
A table is described by a Layout (its columns, keys and references, read from the database
the rows go into), so a table added by a later migration is checked without a change here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import operator
import re
from collections.abc import Iterator
from typing import NamedTuple

from qtrack.dates import FIRST_YEAR, LAST_YEAR
from qtrack.planfile.spec import EVERY, OPS
from qtrack.status import STATUSES
from qtrack.i18n import _

MAX_INTEGER = 2**63 - 1  # SQLite's INTEGER
ROLES = ("lead", "support")
# The values a column may hold beyond its type (None is allowed where the column allows NULL).
ALLOWED: dict[tuple[str, str], tuple] = {
    ("task_update", "status"): STATUSES,
    ("duty_report", "status"): ("done", "todo", "dropped"),
    ("target", "op"): OPS,
    ("duty", "every"): EVERY,
    ("task_department", "role"): ROLES,
    ("duty_department", "role"): ROLES,
}
PLANNED = ("plan", "phase", "task", "target", "duty")  # tables a plan file fills: its dates are a plan's
RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("task_update", "progress"): (0, 100),
    ("duty", "day"): (1, 31),
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?")
PERIOD = {"month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"), "quarter": re.compile(r"\d{4}-Q[1-4]"),
           "half-year": re.compile(r"\d{4}-H[12]"), "year": re.compile(r"\d{4}")}


class Column(NamedTuple):
    name: str
    type: str  # the declared SQL type, upper case: INTEGER, VARCHAR, FLOAT, BOOLEAN, DATE, DATETIME
    notnull: bool
    pk: bool


class Layout(NamedTuple):
    """One table as the database declares it."""

    columns: list[Column]
    unique: list[tuple[str, ...]]  # the primary key and every unique constraint
    references: list[tuple[str, str, str]]  # (column, parent table, parent column)


def value_problem(table: str, column: Column, value: object) -> str | None:
    """Why `value` cannot stand in this column, or None."""
    if value is None:
        return _("is empty, and the column needs a value") if column.notnull else None
    kind = column.type.split("(")[0]
    if kind in ("INTEGER", "BOOLEAN"):
        if isinstance(value, bool) or not isinstance(value, int):
            return _("{value} is not a whole number").format(value=_shown(value))
        if kind == "BOOLEAN" and value not in (0, 1):
            return _("{value} is not 0 or 1").format(value=value)
        if abs(value) > MAX_INTEGER:
            return _("{value} is too large for a database integer").format(value=_shown(value))
    elif kind in ("FLOAT", "REAL", "NUMERIC"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _("{value} is not a number").format(value=_shown(value))
        if not math.isfinite(value):  # a JSON dump has no NaN or Infinity; a float column may hold them
            return _("{value} is not a finite number").format(value=_shown(value))
    elif kind in ("DATE", "DATETIME"):
        if not isinstance(value, str) or not _when(kind, value):
            wrong = _("{value} is not a date (YYYY-MM-DD)") if kind == "DATE" else _("{value} is not a timestamp")
            return wrong.format(value=_shown(value))
        last = LAST_YEAR if table in PLANNED else 9999
        if kind == "DATE" and not FIRST_YEAR <= int(value[:4]) <= last:
            return _("{value} is outside the years {first_year}–{last}").format(
                       value=value, first_year=FIRST_YEAR, last=last)
    elif not isinstance(value, str):
        return _("{value} is not text").format(value=_shown(value))
    allowed = ALLOWED.get((table, column.name))
    if allowed and value not in allowed:
        return _("{value} is not one of {allowed}").format(
                   value=_shown(value), allowed=', '.join(allowed))
    low_high = RANGES.get((table, column.name))
    if low_high and not low_high[0] <= value <= low_high[1]:
        return _("{value} is not from {low} to {high}").format(value=value, low=low_high[0], high=low_high[1])
    if (table, column.name) == ("plan", "lead") and not _names(value):
        return _("{value} is not a JSON list of names").format(value=_shown(value))
    return None


def _when(kind: str, value: str) -> bool:
    try:
        if kind == "DATE":
            return bool(_DATE.fullmatch(value)) and bool(dt.date.fromisoformat(value))
        return bool(_DATETIME.fullmatch(value)) and bool(dt.datetime.fromisoformat(value))
    except ValueError:
        return False


def _names(text: str) -> bool:
    try:
        names = json.loads(text)
    except ValueError:
        return False
    return isinstance(names, list) and all(isinstance(n, str) for n in names)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:36] + "…"


def row_problems(layouts: dict[str, Layout], tables: list[tuple[str, list[str], list]], *,
                 references: bool = True) -> Iterator[str]:
    """Every problem of the rows, as `table T row N: …`.

    `tables` gives (name, the column names in the rows' order, the rows), each name and column
    one of `layouts`. References are checked against every row of the parent table, wherever it
    stands: a sub-task may come before its parent. The rows are read once for the checks and
    once more where a table is referred to (a dump streamed from its file: qtrack/dump_lines.py),
    never held; a row's values are checked column by column without a message built until one
    is wrong (800,000 rows at 100,000 tasks)."""
    wanted = {(parent, column) for layout in layouts.values() for _, parent, column in layout.references}
    keys: dict[tuple[str, str], set] = {key: set() for key in wanted}
    for name, columns, rows in tables:
        filling = [(columns.index(c), keys[name, c]) for c in columns if (name, c) in keys]
        for batch in _batches(rows) if filling else ():
            _collect(batch, filling)
    every = _duty_periods(tables)
    for name, columns, rows in tables:
        layout = layouts[name]
        declared = {c.name: c for c in layout.columns}
        order = [declared[c] for c in columns]
        at = {c: i for i, c in enumerate(columns)}
        checks = [_check(name, c) for c in order]
        fast = [_column_check(c, check) for c, check in zip(order, checks)]
        unique = [(cols, [at[c] for c in cols], set()) for cols in layout.unique]
        pointing = [(column, at[column], parent, keys[parent, parent_column])
                    for column, parent, parent_column in (layout.references if references else ())]
        duty = (at["duty_id"], at["period"]) if name == "duty_report" else None
        width, number = len(order), 0
        for batch in _batches(rows):
            if not duty and _clean(batch, width, fast, unique, pointing):
                number += len(batch)
                continue
            for row in batch:  # a problem in these rows: each checked alone, in order, to name it
                number += 1
                if not isinstance(row, list) or len(row) != width:
                    yield _("{where} is not a list of {count} values").format(where=_where(name, number), count=width)
                    continue
                if any(map(operator.call, checks, row)) and (
                        bad := next(((c, p) for c, v in zip(order, row) if (p := value_problem(name, c, v))), None)):
                    yield f"{_where(name, number)}: {bad[0].name} {bad[1]}"
                    continue
                for cols, indexes, seen in unique:
                    key = row[indexes[0]] if len(indexes) == 1 else tuple(row[i] for i in indexes)
                    shown = (key,) if len(indexes) == 1 else key
                    if None not in shown and key in seen:
                        yield _("{where}: {cols} {key} is given twice").format(
                                  where=_where(name, number), cols=', '.join(cols), key=', '.join(map(str, shown)))
                    seen.add(key)
                for column, i, parent, found in pointing:
                    if row[i] is not None and row[i] not in found:
                        yield _("{where}: {column} {row} points at no {parent} row").format(
                                  where=_where(name, number), column=column, row=_shown(row[i]), parent=parent)
                if duty and (bad := period_problem(every.get(row[duty[0]]), row[duty[1]])):
                    yield f"{_where(name, number)}: {bad}"


def _batches(rows, size: int = 500):
    it = iter(rows)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _collect(batch: list, filling: list[tuple[int, set]]) -> None:
    """The values of the referred-to columns (index, set) of a batch of rows, into their sets."""
    if set(map(type, batch)) == {list} and min(map(len, batch)) > max(i for i, _ in filling):
        columns = list(zip(*batch))
        for i, found in filling:
            if set(map(type, columns[i])) <= {int, str, bool}:
                found.update(columns[i])
            else:
                found.update(v for v in columns[i] if isinstance(v, (str, int)))
        return
    for row in batch:
        if isinstance(row, list):
            for i, found in filling:
                if len(row) > i and isinstance(row[i], (str, int)):
                    found.add(row[i])


def _clean(batch: list, width: int, fast: list, unique: list, pointing: list) -> bool:
    """Whether a batch of rows has no problem at all, judged a column at a time (json's values
    through set and map, not a call per value); if so, its keys are added to the unique sets as
    the row-by-row check would add them. False sends the batch to that check, which names the
    problem; so this must never pass a batch that one would refuse."""
    if set(map(type, batch)) != {list} or set(map(len, batch)) != {width}:
        return False
    columns = list(zip(*batch))
    if not all(map(operator.call, fast, columns)):
        return False
    try:
        for column, i, parent, found in pointing:
            values = set(columns[i])
            values.discard(None)
            if not values <= found:
                return False
        keyed = []
        for cols, indexes, seen in unique:
            if len(indexes) == 1:
                keys = columns[indexes[0]]
                keys = [k for k in keys if k is not None] if None in keys else keys
            else:
                keys = [k for k in zip(*(columns[i] for i in indexes)) if None not in k]
            distinct = set(keys)
            if len(distinct) != len(keys) or not seen.isdisjoint(distinct):
                return False
            keyed.append((seen, distinct))
    except TypeError:  # an unhashable value (a list in a dump): the rows alone say which
        return False
    for seen, distinct in keyed:
        seen.update(distinct)
    return True


def _where(name: str, number: int) -> str:
    return _("table {name} row {number}").format(name=name, number=number)


def _column_check(column: Column, check):
    """A column's values (a tuple) -> whether every one passes `check` (_check's), faster: a
    text or whole-number column without further rules by its set of types (and range), any
    other by its distinct values."""
    nullable = {type(None)} if not column.notnull else set()
    if getattr(check, "plain", None) == "text":
        allowed = {str} | nullable
        return lambda values: set(map(type, values)) <= allowed
    if getattr(check, "plain", None) == "integer":
        allowed = {int} | nullable

        def whole(values) -> bool:
            if not set(map(type, values)) <= allowed:
                return False
            numbers = [v for v in values if v is not None] if None in values else values
            return not numbers or (-MAX_INTEGER <= min(numbers) and max(numbers) <= MAX_INTEGER)
        return whole

    def distinct(values) -> bool:
        try:
            kinds = set(zip(map(type, values), values))
        except TypeError:
            return False
        return not any(check(v) for _, v in kinds)
    return distinct


def _check(table: str, column: Column):
    """value_problem for one column, made fast for a dump of 800,000 rows: a text or whole-number
    column without further rules is checked by type alone, and any other value once (a status, a
    date, a flag repeat thousands of times); the message is still value_problem's."""
    kind, rules = column.type.split("(")[0], (table, column.name)
    plain = rules not in ALLOWED and rules not in RANGES and rules != ("plan", "lead")
    if plain and kind not in ("INTEGER", "BOOLEAN", "FLOAT", "REAL", "NUMERIC", "DATE", "DATETIME"):
        def text(v) -> bool:
            return not (type(v) is str or (v is None and not column.notnull))
        text.plain = "text"  # _column_check's mark
        return text
    if plain and kind == "INTEGER":
        def integer(v) -> bool:
            return not ((type(v) is int and -MAX_INTEGER <= v <= MAX_INTEGER) or (v is None and not column.notnull))
        integer.plain = "integer"
        return integer
    good: set = set()

    def check(value) -> bool:
        key = (type(value), value)  # 1, 1.0 and True are equal, and not the same value here
        try:
            if key in good:
                return False
        except TypeError:  # a list or an object in a dump: not hashable, and wrong anyway
            return value_problem(table, column, value) is not None
        if value_problem(table, column, value) is not None:
            return True
        if kind != "DATETIME":  # timestamps hardly repeat: a set of them would only grow
            good.add(key)
        return False
    return check


def period_problem(every: str | None, period: object) -> str | None:
    """Why a duty report's `period` is not one of its duty's kind (`every`: month, quarter, …), or None."""
    if every not in PERIOD or (isinstance(period, str) and PERIOD[every].fullmatch(period)):
        return None
    return _("period {period} is not a {every} (as 2016-03, 2016-Q2, 2016-H1, 2016)").format(
               period=_shown(period), every=every)


def _duty_periods(tables: list[tuple[str, list[str], list]]) -> dict[object, str]:
    """Each duty's id → its kind of period (month, quarter, …), to check a report's label."""
    for name, columns, rows in tables:
        if name == "duty" and "id" in columns and "every" in columns:
            i, e = columns.index("id"), columns.index("every")
            return {row[i]: row[e] for row in rows if isinstance(row, list) and len(row) == len(columns)
                    and isinstance(row[i], int) and isinstance(row[e], str) and row[e] in PERIOD}
    return {}


class Unsure(Exception):
    """A batch Loading cannot pass: row_problems must judge the whole dump (and name its problem)."""


class Loading:
    """row_problems' rules for rows checked as they are written (a restore into a new file, in
    one pass over the dump): a batch passes only where row_problems would find nothing in it,
    else Unsure, and the caller throws what it wrote away. Two rules are left to where the rows
    go, or to the end: a key given twice the database's own unique keys refuse as the batch is
    written (a uniqueness refused there is Unsure too), and a reference to a row not read yet (a
    sub-task before its parent) is kept and checked by finish(), once every row is read."""

    def __init__(self, layouts: dict[str, Layout]):
        self.layouts = layouts
        wanted = {(parent, column) for layout in layouts.values() for _, parent, column in layout.references}
        self.keys: dict[tuple[str, str], set] = {key: set() for key in wanted}
        self.later: dict[tuple[str, str], set] = {key: set() for key in wanted}
        self.every: dict[object, str] | None = None  # _duty_periods' map, once the duty table is read

    def batches(self, name: str, columns: list[str], rows) -> Iterator[list]:
        """The table's rows a checked batch at a time; Unsure at the first batch with a problem."""
        layout = self.layouts[name]
        declared = {c.name: c for c in layout.columns}
        fast = [_column_check(declared[c], _check(name, declared[c])) for c in columns]
        width, at = len(columns), {c: i for i, c in enumerate(columns)}
        filling = [(at[c], self.keys[name, c]) for c in columns if (name, c) in self.keys]
        pointing = [(at[column], self.keys[parent, to], self.later[parent, to])
                    for column, parent, to in layout.references]
        periods = name == "duty" and "id" in at and "every" in at and {}
        duty = (at["duty_id"], at["period"]) if name == "duty_report" else None
        if duty and self.every is None:  # a dump in another order: row_problems reads the duties first
            raise Unsure
        for batch in _batches(rows):
            if set(map(type, batch)) != {list} or set(map(len, batch)) != {width}:
                raise Unsure
            values = list(zip(*batch))
            if not all(map(operator.call, fast, values)):
                raise Unsure
            try:  # every value is now of its column's type: a list in a dump was refused above
                for i, found, later in pointing:
                    later.update(set(values[i]).difference(found, (None,)))
                for i, found in filling:
                    found.update(values[i])
                if duty and any(period_problem(self.every.get(d), p) for d, p in set(zip(*(values[i] for i in duty)))):
                    raise Unsure
            except TypeError:
                raise Unsure from None
            if periods is not False:
                periods.update((row[at["id"]], row[at["every"]]) for row in batch if row[at["every"]] in PERIOD)
            yield batch
        if periods is not False and self.every is None:
            self.every = periods

    def finish(self) -> None:
        """Unsure if a reference kept for later points at no row after all."""
        for key, later in self.later.items():
            if not later <= self.keys[key]:
                raise Unsure
