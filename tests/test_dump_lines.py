"""Restore reads a dump laid out as qtrack writes it a row line at a time (qtrack/dump_lines.py),
and any other JSON of the same content whole: both give the same database, and the same refusals."""

from __future__ import annotations

import json

import pytest
from conftest import absent
from conftest import snapshot as table_contents  # every table and every row, read with the bare driver
from test_dump import history, on  # noqa: F401  (the bundled plans with every kind of record)

from qtrack import dump, dump_lines


@pytest.fixture
def dumped(history, cli, tmp_path):  # noqa: F811
    out = tmp_path / "all.json"
    assert cli("export", "-o", str(out)).exit_code == 0
    return out


def test_qtrack_s_own_dump_is_read_line_by_line_as_json_reads_it_whole(dumped, monkeypatch):
    data = dump.read(dumped)
    assert all(isinstance(t["rows"], dump_lines.Rows) for t in data["tables"])  # nothing held
    whole = json.loads(dumped.read_text(encoding="utf-8"))
    monkeypatch.setattr(dump_lines.Rows, "CHUNK", 7)  # lines longer than a read: read on
    assert [[t["name"], t["columns"], list(t["rows"])] for t in data["tables"]] == \
        [[t["name"], t["columns"], t["rows"]] for t in whole["tables"]]
    assert sum(len(t["rows"]) for t in data["tables"]) == sum(len(t["rows"]) for t in whole["tables"])


def _split_a_row(text: str) -> str:
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("[") and line.endswith(",\n") and ", " in line)
    lines[at] = lines[at].replace(", ", ",\n", 1)
    return "".join(lines)


@pytest.mark.parametrize("relaid", [
    lambda text: json.dumps(json.loads(text), ensure_ascii=False, indent=2),  # pretty-printed by another tool
    lambda text: json.dumps(json.loads(text), ensure_ascii=False),  # on one line
    lambda text: _split_a_row(text),  # a row over two lines by hand: its lines are not JSON alone
])
def test_a_dump_laid_out_otherwise_restores_the_same(dumped, db, new_db, tmp_path, relaid):
    other = tmp_path / "other.json"
    other.write_text(relaid(dumped.read_text(encoding="utf-8")), encoding="utf-8")
    assert other.read_bytes() != dumped.read_bytes()
    copy = new_db("copy.db")
    result = on(copy, "restore", str(other))
    assert result.exit_code == 0, result.stderr
    assert table_contents(copy) == table_contents(db)


def test_a_bad_row_in_a_streamed_dump_is_refused_by_its_row_and_nothing_is_made(dumped, new_db, tmp_path):
    text = dumped.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(i for i, line in enumerate(text) if line.startswith('{"name": "task", '))
    row = json.loads(text[header + 2].rstrip(",\n"))
    row[0] = json.loads(text[header + 1].rstrip(",\n"))[0]  # the second task takes the first's id
    text[header + 2] = json.dumps(row, ensure_ascii=False) + ",\n"
    bad = tmp_path / "bad.json"
    bad.write_text("".join(text), encoding="utf-8")
    assert isinstance(dump.read(bad)["tables"][0]["rows"], dump_lines.Rows)  # still read line by line
    copy = new_db("copy.db")
    result = on(copy, "restore", str(bad))
    assert result.exit_code == 1
    assert "table task row 2: id" in result.stderr and "is given twice" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert absent(copy)


def test_a_line_not_json_after_a_thousand_problems_is_named_as_the_file_s_fault(dumped, new_db, tmp_path):
    text = dumped.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(i for i, line in enumerate(text) if line.startswith('{"name": "task_department", '))
    rows = [json.loads(line.rstrip(",\n")) for line in text[header + 1:header + 3]]
    many = "".join(json.dumps([rows[0][0], rows[0][1], "not a role", i]) + ",\n" for i in range(1001))
    text[header + 1] = many + text[header + 1]
    last = max(i for i, line in enumerate(text) if line.startswith("["))  # the last table's last row,
    text[last] = "[oops]" + text[last][text[last].rindex("]") + 1:]  # read after 1,000 problems: not JSON
    bad = tmp_path / "bad.json"
    bad.write_text("".join(text), encoding="utf-8")
    copy = new_db("copy.db")
    result = on(copy, "restore", str(bad))
    assert result.exit_code == 1
    assert "not a qtrack dump (not JSON at line" in result.stderr, result.stderr
    assert absent(copy)
