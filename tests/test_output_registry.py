"""One registry of output formats: a format registered once reaches every command that takes
--format, and a name nobody registered fails as a usage error, in one line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import PLANS, state
from typer.main import get_command

from qtrack import output
from qtrack.cli import app
from qtrack.errors import QtrackError

AS_OF = "2016-12-15"
# Every command that takes --format, with arguments that give it rows. (export's --format picks
# a file type, not a rendering: it is not a listing.)
LISTINGS = {
    "import": (str(PLANS / "2016.yaml"),),
    "plans": (),
    "tasks": ("--plan", "2016"),
    "show": ("2016/D1",),
    "status": (),
    "overdue": (),
    "depts": (),
    "targets": (),
    "log": (),
    "check": (),
    "score": ("--plan", "2016"),
    "requests": (),
}


def ndjson(out: output.Output, stream) -> None:
    """A format the registry did not have: one JSON object per line."""
    for row in out.rows:
        stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


@pytest.fixture
def with_ndjson(monkeypatch):
    monkeypatch.setitem(output.FORMATS, "ndjson", output.Format(ndjson))


@pytest.fixture
def recorded(loaded):
    for args in (("update", "2016/3", "-s", "doing", "-p", "40", "--by", "李四", "--date", "2016-06-01"),
                 ("update", "2016/D1@2016-03", "-s", "done", "--date", "2016-03-20"),
                 ("measure", "2016/T1", "91", "--date", "2016-10-01"),
                 ("extend", "2016/3", "--to", "2016-12-31", "--reason", "试点延后", "--date", "2016-11-01")):
        result = loaded(*args, "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr
    return loaded


def test_the_list_covers_every_command_that_takes_format():
    commands = get_command(app).commands
    takes = {name for name, command in commands.items() if any("--format" in p.opts for p in command.params)}
    assert takes - {"export", "chase"} == set(LISTINGS)  # those two write documents, not listings


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_a_registered_format_reaches_every_listing(recorded, with_ndjson, name):
    args = (name, *LISTINGS[name], *(("--as-of", AS_OF) if name not in ("import", "log", "check") else ()))
    given = recorded(*args, "--format", "ndjson")
    assert given.exit_code == 0, given.stderr
    lines = [json.loads(line) for line in given.stdout.splitlines()]
    as_csv = list(csv.DictReader(io.StringIO(recorded(*args, "--format", "csv").stdout)))
    assert lines and len(lines) == len(as_csv)  # the same rows the CSV has, one object each
    assert [str(next(iter(r.values()))) for r in lines] == [next(iter(r.values())) for r in as_csv]


def test_the_new_format_is_paged_like_csv_not_like_the_table(recorded, with_ndjson):
    from qtrack.cli.options import FALLBACK_PAGE, page_size

    assert page_size(None, "ndjson") is None and page_size(None, "table") == FALLBACK_PAGE


@pytest.mark.parametrize("name", ["tasks", "show", "status", "import", "check"])
def test_an_unknown_format_is_one_usage_line(recorded, db, name):
    before = state(db)
    args = [name, *LISTINGS[name]]
    result = recorded(*args, "--format", "xml")
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "'xml'" in line and "table, json or csv" in line
    assert state(db) == before


def test_render_refuses_a_format_nobody_registered():
    with pytest.raises(QtrackError, match="'yaml' is not an output format; use table, json or csv"):
        output.render(output.Output([]), "yaml")


def test_a_format_is_registered_once(monkeypatch):
    monkeypatch.setattr(output, "FORMATS", dict(output.FORMATS))
    with pytest.raises(ValueError, match="registered already"):
        output.register("csv", ndjson)
    output.register("ndjson", ndjson)
    assert output.unknown("ndjson") is None and output.unknown("xml") == (
        "'xml' is not an output format; use table, json, csv or ndjson")


def test_a_document_goes_to_json_and_its_rows_to_csv():
    out = output.Output([{"ref": "2016/1"}], document={"ref": "2016/1", "updates": []}, view=lambda: "shown")
    for fmt, expected in (("json", '{\n  "ref": "2016/1",\n  "updates": []\n}\n'), ("csv", "ref\n2016/1\n"),
                          ("table", "shown\n")):
        stream = io.StringIO()
        output.render(out, fmt, stream)
        assert stream.getvalue() == expected, fmt
