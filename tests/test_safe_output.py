"""Text from plan files and notes is shown, never obeyed: not as Rich markup, not as terminal
commands, not as spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import write

from qtrack.output import clean

MARKUP = "[red]警告[/red] [link=http://evil.example]点击[/link]"
FORMULA = '=HYPERLINK("http://evil.example","点我")'
ESCAPES = "\x1b[2J\x1b]8;;http://evil.example\x1b\\链接\x1b]8;;\x1b\\"


def store_raw_note(db, ref: str, note: str, by: str = "某人") -> None:
    """A note qtrack itself would refuse (control characters), as an older qtrack or another
    program could have stored it: every output must still carry it inert."""
    plan, code = ref.split("/")
    write(db, "INSERT INTO task_update (task_id, date, recorded_at, by, command, note) SELECT id, '2016-06-01', "
              "'2016-06-01 08:00:00.000000', ?, 'update', ? FROM task WHERE plan_id = ? AND code = ?",
          (by, note, plan, code))


@pytest.fixture
def hostile(loaded, plan2016, db):
    text = plan2016.read_text()
    plan2016.write_text(text.replace("title: 开展消费品质量提升专项行动", f"title: '{MARKUP}'")
                        .replace("title: 开展出口商品质量提升专项行动", f"title: '{FORMULA}'"))
    assert loaded("import", str(plan2016)).exit_code == 0
    store_raw_note(db, "2016/1", ESCAPES)
    for note in ("@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"):
        result = loaded("update", "2016/1", "--note", note, "--as-of", "2016-06-01")
        assert result.exit_code == 0, result.stderr
    return loaded


def test_markup_in_a_title_is_shown_literally_in_tables_and_show(hostile):
    for args in (("tasks", "--plan", "2016"), ("show", "2016/1")):
        out = hostile(*args, "--as-of", "2016-06-01").stdout
        assert MARKUP in out, out


def test_terminal_escapes_in_a_note_are_printed_as_escapes(hostile, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # a real terminal: Rich writes its own codes, and only those
    out = hostile("show", "2016/1", "--as-of", "2016-06-01").stdout
    assert "\x1b[2J" not in out and "\x1b]8;;http://evil" not in out
    assert "\\x1b[2J" in out and "\\x1b]8;;http://evil.example\\x1b\\链接" in out


def test_csv_cells_that_would_run_as_formulas_are_defused(hostile):
    rows = list(csv.DictReader(io.StringIO(hostile("tasks", "--plan", "2016", "-f", "csv").stdout)))
    titles = {r["ref"]: r["title"] for r in rows}
    assert titles["2016/2"] == "'" + FORMULA
    assert titles["2016/1"] == MARKUP
    history = json.loads(hostile("show", "2016/1", "-f", "json").stdout)["updates"]
    assert [u["note"] for u in history][-2:] == ["@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"]  # JSON keeps the text as is


@pytest.mark.parametrize("text, shown", [
    ("质量\x1b[31m", "质量\\x1b[31m"), ("a\x07b", "a\\x07b"), ("\x9b2J", "\\x9b2J"), ("行\n\t列", "行\n\t列"),
])
def test_clean_makes_control_characters_visible_and_keeps_line_breaks(text, shown):
    assert clean(text) == shown
