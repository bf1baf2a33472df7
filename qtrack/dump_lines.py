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
    """One table's rows in the file (`count` lines, bytes start to end), parsed some lines at a
    time, by json in one call, each time they are read."""

    CHUNK = 2**14  # 16 KB: faster than larger reads here (0.33 s a pass at 100k, 0.6 s at 1 MB)

    def __init__(self, path: Path, start: int, end: int, count: int, parse_constant):
        self.path, self.start, self.end, self.count = path, start, end, count
        self._decode = json.JSONDecoder(parse_constant=parse_constant).decode

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[object]:
        with self.path.open("rb") as f:
            f.seek(self.start)
            left, rest, seen = self.end - self.start, b"", 0
            while left > 0 or rest:
                more = f.read(min(self.CHUNK, left))
                if left > 0 and not more:  # the file shrank since it was laid out
                    raise NotLaidOut
                chunk, left = rest + more, left - len(more)
                cut = chunk.rfind(b"\n") + 1 if left > 0 else len(chunk)
                if not cut:  # a line longer than a chunk: read on
                    rest = chunk
                    continue
                lines, rest = chunk[:cut], chunk[cut:]
                # rows end ",\n", the last "\n": the lines as one JSON array, every line one row
                if left > 0 or rest:
                    if not lines.endswith(b",\n"):
                        raise NotLaidOut
                    rows = self._rows(lines[:-2])
                elif lines.endswith(b"\n") and not lines.endswith(b",\n"):
                    rows = self._rows(lines[:-1])
                else:
                    raise NotLaidOut
                if len(rows) != lines.count(b"\n"):
                    raise NotLaidOut
                seen += len(rows)
                yield from rows
            if seen != self.count:
                raise NotLaidOut

    def _rows(self, text: bytes) -> list:
        try:
            rows = self._decode("[" + text.decode("utf-8") + "]")
        except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError among them
            raise NotLaidOut from None
        return rows


def parser(parse_constant):
    """A header line's bytes -> its JSON value; NotLaidOut if it is not exactly one value, or not UTF-8."""
    decode = json.JSONDecoder(parse_constant=parse_constant).decode

    def parse(line: bytes):
        try:
            return decode(line.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError among them
            raise NotLaidOut from None
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
                data["tables"].append({**table, "rows": Rows(path, at, at, 0, parse_constant)})
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
            data["tables"].append({**table, "rows": Rows(path, start, at - len(line), count, parse_constant)})
        if list(lines) != [b"]\n", b"}\n"]:
            raise NotLaidOut
    return data


def _table(parse, text: bytes) -> dict:
    table = parse(text)
    if not isinstance(table, dict) or list(table) != TABLE_KEYS or table["rows"] != []:
        raise NotLaidOut
    return table
