"""Hostile dumps, made from a real one: each case is a small edit of what `export --format json`
writes, the kind a damaged file, a hand edit or an attacker's file holds. Used by test_dump_hostile.py."""

from __future__ import annotations

import json


def _table(data: dict, name: str) -> dict:
    return next(t for t in data["tables"] if t["name"] == name)


def _set(name: str, column: str, value, row: int = 0):
    """An edit that puts `value` into one cell of a table."""
    def edit(data: dict) -> None:
        table = _table(data, name)
        table["rows"][row][table["columns"].index(column)] = value
    return edit


def _add_row(name: str, **values):
    """An edit that appends a copy of a table's first row with some cells changed."""
    def edit(data: dict) -> None:
        table = _table(data, name)
        row = list(table["rows"][0])
        for column, value in values.items():
            row[table["columns"].index(column)] = value
        table["rows"].append(row)
    return edit


def _migration(names: list[str]):
    def edit(data: dict) -> None:
        table = _table(data, "migration")
        stamp = table["rows"][0][1]
        table["rows"] = [[n, stamp] for n in names]
    return edit


def _drop_column(name: str, column: str):
    def edit(data: dict) -> None:
        table = _table(data, name)
        i = table["columns"].index(column)
        del table["columns"][i]
        for row in table["rows"]:
            del row[i]
    return edit


# name → an edit of the parsed dump, and words qtrack's refusal must hold
EDITS = {
    "status-unknown": (_set("task_update", "status", "finished"), "table task_update row 1: status 'finished' is not one of"),
    "progress-150": (_set("task_update", "progress", 150), "progress 150 is not from 0 to 100"),
    "op-unknown": (_set("target", "op", "approx"), "table target row 1: op 'approx' is not one of"),
    "every-unknown": (_set("duty", "every", "weekly"), "table duty row 1: every 'weekly' is not one of"),
    "day-40": (_set("duty", "day", 40), "table duty row 1: day 40 is not from 1 to 31"),
    "role-unknown": (_set("task_department", "role", "boss"), "role 'boss' is not one of lead, support"),
    "duty-report-status": (_set("duty_report", "status", "doing"), "table duty_report row 1: status 'doing'"),
    "period-not-a-month": (_set("duty_report", "period", "2016-13"), "period '2016-13' is not a month"),
    "huge-integer": (_set("task", "seq", 10**30), "table task row 1: seq 1000000000000000000000000000000 is too large"),
    "integer-is-text": (_set("task", "seq", "first"), "table task row 1: seq 'first' is not a whole number"),
    "integer-is-true": (_set("task", "depth", True), "table task row 1: depth True is not a whole number"),
    "boolean-is-2": (_set("task", "retired", 2), "table task row 1: retired 2 is not 0 or 1"),
    "float-is-text": (_set("target", "value", "ninety"), "table target row 1: value 'ninety' is not a number"),
    "date-impossible": (_set("task", "due", "2016-02-30"), "table task row 1: due '2016-02-30' is not a date"),
    "duty-from-year-1": (_set("duty", "start", "0001-01-01"), "table duty row 1: start 0001-01-01 is outside the years 1900–2100"),
    "task-due-year-9999": (_set("task", "due", "9999-12-31"), "table task row 1: due 9999-12-31 is outside the years"),
    "date-is-a-number": (_set("task_update", "date", 20160501), "date 20160501 is not a date"),
    "timestamp-garbage": (_set("task_update", "recorded_at", "yesterday"), "recorded_at 'yesterday' is not a timestamp"),
    "text-is-a-list": (_set("task", "title", ["a", "b"]), "table task row 1: title ['a', 'b'] is not text"),
    "text-is-an-object": (_set("plan", "title", {"x": 1}), "table plan row 1: title {'x': 1} is not text"),
    "not-null-is-null": (_set("task", "title", None), "table task row 1: title is empty, and the column needs a value"),
    "plan-lead-not-a-list": (_set("plan", "lead", "质量司"), "table plan row 1: lead '质量司' is not a JSON list of names"),
    "foreign-key-dangling": (_set("task_update", "task_id", 99999), "table task_update row 1: task_id 99999 points at no task row"),
    "parent-dangling": (_set("task", "parent_id", 424242), "parent_id 424242 points at no task row"),
    "plan-id-dangling": (_set("task", "plan_id", "nowhere"), "table task row 1: plan_id 'nowhere' points at no plan row"),
    "primary-key-twice": (_add_row("task_update"), "table task_update row 2: id 1 is given twice"),
    "unique-code-twice": (_add_row("task", id=9999, seq=9999), "plan_id, code"),
    "row-too-short": (lambda d: _table(d, "task")["rows"][0].pop(), "table task row 1 is not a list of"),
    "row-is-an-object": (lambda d: _table(d, "plan")["rows"].__setitem__(0, {"id": "x"}), "table plan row 1 is not a list"),
    "migration-missing": (_migration(["m001_initial"]), "the dump's migration rows (m001_initial) are not the schema"),
    "migration-from-the-future": (lambda d: _migration([*d["schema"], "m999_future"])(d),
                                  "m999_future) are not the schema it names"),
    "column-missing": (_drop_column("task", "notes"), "table task has columns"),
    "table-missing": (lambda d: d["tables"].remove(_table(d, "audit")), "the dump's tables"),
    "table-extra": (lambda d: d["tables"].append({"name": "evil", "columns": ["x"], "rows": [[1]]}), "the dump's tables"),
    "table-not-an-object": (lambda d: d["tables"].__setitem__(0, ["department"]), "table 1 of the dump is not an object"),
    "rows-not-a-list": (lambda d: _table(d, "task").__setitem__("rows", "none"), "is not an object with a name, columns and rows"),
    "tables-not-a-list": (lambda d: d.__setitem__("tables", {"task": []}), "not a qtrack dump"),
    "schema-from-the-future": (lambda d: d.__setitem__("schema", [*d["schema"], "m999_future"]), "the dump is of schema"),
}

# name → how the dump's text is spoiled after it is written, and the words of the refusal
TEXTS = {
    "truncated": (lambda text: text[: len(text) // 2], "cut short at line"),
    "empty": (lambda text: "", "cut short at line 1"),
    "not-json": (lambda text: "qtrack dump\n" + text, "not JSON at line 1"),
    "nan-value": (lambda text: text.replace('"format": "qtrack-dump"', '"format": "qtrack-dump", "x": NaN'),
                  "NaN is not a JSON number"),
    "infinity-in-a-row": (lambda text: text.replace('"rows": [\n[', '"rows": [\n[Infinity, ', 1), "Infinity is not a JSON number"),
    "5000-digit-integer": (lambda text: text.replace('"version": 1', '"version": ' + "9" * 5000), "not a qtrack dump"),
    "deeply-nested": (lambda text: text.replace('"version": 1', '"version": 1, "x": ' + "[" * 200_000 + "]" * 200_000),
                      "nested far deeper than a dump is"),
    "not-utf8": (lambda text: text.replace("质量司", "\udcff", 1), "not UTF-8"),
}


def spoil(text: str, name: str) -> bytes:
    """The dump's text spoiled as TEXTS[name] says, or edited as EDITS[name] says, as bytes."""
    if name in TEXTS:
        return TEXTS[name][0](text).encode("utf-8", "surrogateescape")
    data = json.loads(text)
    EDITS[name][0](data)
    return json.dumps(data, ensure_ascii=False).encode()
