"""Outputs are inert: no raw control character in CSV or JSON, no live HTML or link in the
Markdown bulletin, no injected property in the calendar; and arguments a terminal set to GBK
gives, or full-width digits in a reference, are read or refused in one clear line."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import state
from test_safe_output import store_raw_note

AS_OF = "2016-12-15"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TITLE_SETTER = "\x1b]0;pwned\x07\x9b2J\x1b[2J"  # set the terminal's title, clear the screen (7-bit and C1 CSI)


@pytest.fixture
def noted(loaded, db):
    store_raw_note(db, "2016/3", f"进展{TITLE_SETTER}完", by=f"王{TITLE_SETTER}五")
    return loaded


@pytest.mark.parametrize("args", [("log",), ("show", "2016/3"), ("tasks", "--plan", "2016")])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_carry_no_raw_control_character(noted, args, fmt):
    result = noted(*args, "--format", fmt, "--as-of", AS_OF) if args[0] != "log" else noted(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert not RAW_CONTROL.search(result.stdout), repr(RAW_CONTROL.search(result.stdout))


def test_json_escapes_control_characters_losslessly_and_csv_shows_them(noted):
    [entry] = [e for e in json.loads(noted("log", "-f", "json").stdout) if e["ref"] == "2016/3"]
    assert entry["by"] == f"王{TITLE_SETTER}五"  # the JSON reader gets the text back exactly
    assert "\\u009b2J" in noted("log", "-f", "json").stdout
    assert "王\\x1b]0;pwned\\x07\\x9b2J\\x1b[2J五" in noted("log", "-f", "csv").stdout


def test_the_whole_database_dump_is_inert_and_still_lossless(noted, tmp_path):
    dump = tmp_path / "all.json"
    assert noted("export", "-o", str(dump)).exit_code == 0
    text = dump.read_text(encoding="utf-8")
    assert not RAW_CONTROL.search(text.replace("\n", ""))
    copy = tmp_path / "copy.db"
    from typer.testing import CliRunner

    from qtrack.cli import app

    assert CliRunner().invoke(app, ["restore", str(dump), "--db", str(copy)]).exit_code == 0
    notes = [u["note"] for u in json.loads(CliRunner().invoke(
        app, ["show", "2016/3", "-f", "json", "--db", str(copy)]).stdout)["updates"]]
    assert notes == [f"进展{TITLE_SETTER}完"]


def test_markdown_bulletin_escapes_html_and_links_in_every_value(loaded, plan2016, tmp_path):
    from markdown_it import MarkdownIt

    text = plan2016.read_text(encoding="utf-8")
    text = (text.replace("title: 质量品牌提升行动计划(2016)", "title: '<script>alert(1)</script>计划'", 1)
            .replace("title: 开展消费品质量提升专项行动", "title: '[点此](javascript:alert(1)) ![x](http://e.example/t.png)'")
            .replace("lead: [监督司]", "lead: ['<svg onload=alert(1)>']", 1))
    plan2016.write_text(text, encoding="utf-8")
    result = loaded("import", str(plan2016))
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "b.md"
    assert loaded("report", "--plan", "2016", "-o", str(out), "--as-of", AS_OF).exit_code == 0
    markdown = out.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script" not in html and "<svg" not in html and "<a " not in html and "<img" not in html
    shown = re.sub(r"<[^>]+>", "", html)  # what a reader sees: the values as written
    for value in ("&lt;script&gt;alert(1)&lt;/script&gt;计划", "[点此](javascript:alert(1))", "&lt;svg onload=alert(1)&gt;"):
        assert value in shown, value


def test_a_title_with_line_breaks_cannot_add_calendar_properties(loaded, plan2016, tmp_path):
    from icalendar import Calendar

    text = plan2016.read_text(encoding="utf-8")
    plan2016.write_text(text.replace("title: 开展消费品质量提升专项行动",
                                     'title: "开展\\r\\nDTSTART:19700101\\nX-INJECTED:1\\rATTENDEE:x"'), encoding="utf-8")
    assert loaded("import", str(plan2016)).exit_code == 0
    out = tmp_path / "due.ics"
    assert loaded("export", "-o", str(out)).exit_code == 0
    raw = out.read_bytes().decode("utf-8")
    assert not re.search(r"^(X-INJECTED|ATTENDEE|DTSTART:1970)", raw, re.M)
    events = {str(e["uid"]): e for e in Calendar.from_ical(raw).walk("VEVENT")}
    event = events["2016/1@qtrack"]
    assert str(event["summary"]) == "2016/1 开展 DTSTART:19700101 X-INJECTED:1 ATTENDEE:x"
    assert "X-INJECTED" not in event and "ATTENDEE" not in event


def test_an_argument_that_is_not_utf8_is_one_line(loaded, db):
    before = state(db)
    gbk = "质量司".encode("gbk")
    result = subprocess.run([sys.executable.encode(), b"-m", b"qtrack", b"status", b"--dept", gbk,
                             b"--db", str(db).encode()], capture_output=True, timeout=120)
    assert result.returncode == 2 and result.stdout == b""
    [line] = result.stderr.decode().splitlines()
    assert line.startswith("error: argument 3 (") and "is not UTF-8" in line and "质量司" in line
    assert state(db) == before


def test_an_argument_of_bytes_that_are_not_gbk_either_is_one_line(loaded):
    result = loaded("update", "2016/1", "--note", "\udcff\udcfe")  # what Python makes of b"\xff\xfe"
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "is not UTF-8; give UTF-8 text" in line


def test_full_width_digits_in_a_reference_are_read(loaded):
    result = loaded("update", "2016/D1@２０１６-03", "-s", "done", "--date", "2016-03-28", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "2016/D1@2016-03" in result.stdout
    occurrences = json.loads(loaded("show", "２０１６／Ｄ１", "-f", "json", "--as-of", AS_OF).stdout)["occurrences"]
    assert [o["state"] for o in occurrences if o["period"] == "2016-03"] == ["met"]


def test_digits_of_another_script_in_a_period_are_refused_not_owed_nothing(loaded, db):
    before = state(db)
    result = loaded("update", "2016/D1@٢٠١٦-03", "-s", "done", "--as-of", AS_OF)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "is not a period of 2016/D1" in line and "owes nothing" not in line
    assert state(db) == before
