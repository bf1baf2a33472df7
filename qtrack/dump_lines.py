"""A dump read as qtrack writes it (qtrack/dump.py's _write): one record per line, so its rows are
parsed a line at a time and never held all at once (a 100,000-task dump is 800,000 rows; parsed
whole it took 430 MB).

The layout, line by line:

    {
    "format": "qtrack-dump", "version": 1,
    "schema": [...],
    "tables": [
    {"name": "T", "columns": [...], "rows": [        (or ... "rows": []}, for an empty table)
    [row],
    [last row]
    ]},                                              (]} after the last table)
    ]
    }

`lay_out` checks a file's lines against it (cheaply: the first byte and the ending of each row
line) and says where each table's rows start; each table's rows are then parsed when they are
read, as often as they are read. A file laid out any other way (hand-edited, pretty-printed by
another tool), or one a line of which does not parse as the JSON it should, is `NotLaidOut`:
the caller reads it whole instead, and that reading names the fault as before.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

HEADER_KEYS = {"format", "version", "schema"}
TABLE_KEYS = ["name", "columns", "rows"]


class NotLaidOut(Exception):
    """The file is not in qtrack's own layout, or a line of it is not the JSON it should be."""


class Rows:
    """One table's rows in the file, parsed line by line each time they are read."""

    def __init__(self, path: Path, start: int, count: int, parse):
        self.path, self.start, self.count, self._parse = path, start, count, parse

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[object]:
        if not self.count:
            return
        parse = self._parse
        with self.path.open("rb") as f:
            f.seek(self.start)
            for _ in range(self.count - 1):
                yield parse(f.readline()[:-2])  # each row but the last ends ",\n"
            yield parse(f.readline()[:-1])


def parser(parse_constant):
    """A line's bytes -> its JSON value; NotLaidOut if it is not exactly one value, or not UTF-8."""
    decode = json.JSONDecoder(parse_constant=parse_constant).raw_decode

    def parse(line: bytes):
        try:
            text = line.decode("utf-8")
            value, end = decode(text)
        except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError among them
            raise NotLaidOut from None
        if end != len(text):
            raise NotLaidOut
        return value
    return parse


def lay_out(path: Path, parse_constant, limit: int) -> dict:
    """The dump's header and tables, each table's rows a Rows of the file; NotLaidOut if the
    file is not laid out as qtrack writes it (or is not a regular file of at most `limit` bytes:
    the whole reading says why)."""
    parse = parser(parse_constant)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise NotLaidOut
        f = path.open("rb")
    except OSError:
        raise NotLaidOut from None
    with f:
        lines = iter(f)
        head = [next(lines, b"") for _ in range(4)]
        if head[0] != b"{\n" or head[3] != b'"tables": [\n' or not all(h.endswith(b",\n") for h in head[1:3]):
            raise NotLaidOut
        data = parse(b"{" + head[1] + head[2] + b'"tables": []}')
        if not isinstance(data, dict) or set(data) != HEADER_KEYS | {"tables"}:
            raise NotLaidOut
        at, last = sum(map(len, head)), False
        while not last:
            line = next(lines, b"")
            at += len(line)
            if line.endswith((b'"rows": []},\n', b'"rows": []}\n')):
                table, last = _table(parse, line[:line.rindex(b"}") + 1]), line.endswith(b"}\n")
                data["tables"].append({**table, "rows": Rows(path, at, 0, parse)})
                continue
            if not line.endswith(b'"rows": [\n'):
                raise NotLaidOut
            table, start, count = _table(parse, line[:-1] + b"]}"), at, 0
            for line in lines:  # rows "[...],", the last "[...]", then the table's "]}" or "]},"
                at += len(line)
                if line[:1] != b"[":
                    raise NotLaidOut
                count += 1
                if not line.endswith(b",\n"):
                    break
            line = next(lines, b"")
            at += len(line)
            if line not in (b"]},\n", b"]}\n"):
                raise NotLaidOut
            last = line == b"]}\n"
            data["tables"].append({**table, "rows": Rows(path, start, count, parse)})
        if list(lines) != [b"]\n", b"}\n"]:
            raise NotLaidOut
    return data


def _table(parse, text: bytes) -> dict:
    table = parse(text)
    if not isinstance(table, dict) or list(table) != TABLE_KEYS or table["rows"] != []:
        raise NotLaidOut
    return table
