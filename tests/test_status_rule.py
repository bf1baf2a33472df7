"""Status and progress never contradict: no listing, ledger or bulletin reads 已完成 10% or 未开始 20%.

The rule (qtrack/status.py): done is 100%, todo is 0%, progress alone starts a task not started,
and progress below 100 on a done task needs a status given with it. `update` and the ledger's
way back apply it when writing; reading applies it to whatever is stored (a restored dump, or
records written before the rule).
"""

from __future__ import annotations

import getpass
import json

import pytest
from conftest import rows as stored_rows
from conftest import write
from conftest import state as db_state
from openpyxl import load_workbook

from qtrack.errors import QtrackError
from qtrack.status import settle

AS_OF = "2016-12-15"


@pytest.mark.parametrize("current, status, progress, recorded", [
    ("todo", None, 20, ("doing", 20)),      # progress starts a task
    ("todo", None, 0, (None, 0)),
    ("todo", "done", None, ("done", 100)),  # done is 100%
    ("doing", "done", 100, ("done", 100)),
    ("doing", None, 60, (None, 60)),
    ("doing", "todo", None, ("todo", 0)),   # taken back to not started: 0%
    ("doing", "blocked", None, ("blocked", None)),
    ("doing", "dropped", 40, ("dropped", 40)),  # dropped half-way
    ("done", None, 100, (None, 100)),
    ("done", "doing", 10, ("doing", 10)),   # reopened, with its status
    ("done", None, None, (None, None)),     # a note alone
    ("blocked", None, 30, (None, 30)),
])
def test_what_an_update_records(current, status, progress, recorded):
    assert settle(current, status, progress) == recorded


@pytest.mark.parametrize("current, status, progress, words", [
    ("done", None, 10, "reopens it only with a status"),
    ("doing", "done", 50, "means 100% progress, not 50%"),
    ("doing", "todo", 20, "means 0% progress, not 20%"),
    ("todo", None, 101, "outside 0–100"),
    ("todo", None, -1, "outside 0–100"),
])
def test_what_an_update_may_not_say(current, status, progress, words):
    with pytest.raises(QtrackError, match=words):
        settle(current, status, progress)


def state(cli, ref: str, as_of: str = AS_OF) -> tuple[str, int]:
    result = cli("show", ref, "--as-of", as_of, "-f", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    return shown["status"], shown["progress"]


def test_progress_on_a_fresh_task_makes_it_under_way(loaded):
    result = loaded("update", "2016/3", "--progress", "20", "--as-of", AS_OF)
    assert result.stdout == f"recorded 2016/3 on {AS_OF}: 进行中, 20% (by {getpass.getuser()})\n"
    assert state(loaded, "2016/3") == ("doing", 20)
    table = loaded("tasks", "--as-of", AS_OF).stdout
    assert "进行中 20%" in table and "未开始 20%" not in table


def test_progress_below_100_on_a_done_task_is_refused_unless_a_status_comes_with_it(loaded, db):
    assert loaded("update", "2016/3", "--status", "done", "--date", "2016-12-01", "--as-of", AS_OF).exit_code == 0
    before = db_state(db)
    result = loaded("update", "2016/3", "--progress", "10", "--as-of", AS_OF)
    assert result.exit_code == 1 and result.stderr.startswith("error: the task is 已完成 (done): progress 10%")
    assert db_state(db) == before and state(loaded, "2016/3") == ("done", 100)
    assert loaded("update", "2016/3", "--status", "doing", "--progress", "10", "--as-of", AS_OF).exit_code == 0
    assert state(loaded, "2016/3") == ("doing", 10)


def test_the_rule_takes_the_state_on_the_update_s_own_date(loaded):
    """A task done on 12-01 was not done on 11-20: progress dated 11-20 is fine, and starts it then."""
    assert loaded("update", "2016/3", "--status", "done", "--date", "2016-12-01", "--as-of", AS_OF).exit_code == 0
    assert loaded("update", "2016/3", "--progress", "50", "--date", "2016-11-20", "--as-of", AS_OF).exit_code == 0
    assert state(loaded, "2016/3", "2016-11-25") == ("doing", 50)
    assert state(loaded, "2016/3") == ("done", 100)


def test_todo_takes_a_task_back_to_zero(loaded):
    assert loaded("update", "2016/3", "--progress", "40", "--date", "2016-12-01", "--as-of", AS_OF).exit_code == 0
    assert loaded("update", "2016/3", "--status", "todo", "--as-of", AS_OF).exit_code == 0
    assert state(loaded, "2016/3") == ("todo", 0)
    result = loaded("update", "2016/3", "--status", "todo", "--progress", "20", "--as-of", AS_OF)
    assert result.exit_code == 1 and "未开始 (todo) means 0% progress, not 20%" in result.stderr


def test_stored_contradictions_read_coherently(loaded, db, tmp_path):
    """Records as an older qtrack wrote them (or as a dump restores them): done then 10% alone; 20%
    alone on a task never given a status. Nothing rewrites them; every reader settles them."""
    ids = dict(stored_rows(db, "SELECT code, id FROM task WHERE plan_id = '2016'"))
    write(db, "INSERT INTO task_update (task_id, date, recorded_at, by, status, progress, note, command) "
              "VALUES (?, ?, '2016-12-01 00:00:00.000000', 'old', ?, ?, NULL, 'update')",
          (ids["1"], "2016-11-01", "done", 100), (ids["1"], "2016-11-02", None, 10), (ids["2"], "2016-11-01", None, 20))
    assert state(loaded, "2016/1") == ("done", 100)
    assert state(loaded, "2016/2") == ("doing", 20)
    rows = {t["ref"]: (t["status"], t["progress"]) for t in json.loads(
        loaded("tasks", "--as-of", AS_OF, "-f", "json").stdout)}
    assert (rows["2016/1"], rows["2016/2"]) == (("done", 100), ("doing", 20))
    bulletin = tmp_path / "b.md"
    assert loaded("report", "-o", str(bulletin), "--as-of", AS_OF).exit_code == 0
    text = bulletin.read_text(encoding="utf-8")
    assert "| 2016/2 |" in text and "进行中 20%" in text and "未开始 20%" not in text
    ledger = tmp_path / "l.xlsx"
    assert loaded("export", "-o", str(ledger), "--as-of", AS_OF).exit_code == 0
    cells = {r[-1]: (r[5], r[6]) for r in load_workbook(ledger)["2016"].iter_rows(min_row=3, values_only=True)}
    assert (cells["2016/1"], cells["2016/2"]) == (("已完成", 100), ("进行中", 20))


def _ledger_with(cli, tmp_path, ref: str, **cells):
    path = tmp_path / f"back-{ref.replace('/', '-')}.xlsx"
    assert cli("export", "-o", str(path), "--as-of", AS_OF).exit_code == 0
    book = load_workbook(path)
    sheet = book["2016"]
    [n] = [c[0].row for c in sheet.iter_rows(min_row=3) if c[-1].value == ref]
    columns = {"status": 10, "progress": 11, "note": 12, "by": 13, "date": 14}
    for key, value in cells.items():
        sheet.cell(n, columns[key]).value = value
    book.save(path)
    return path, n


def test_the_ledger_applies_the_same_rule(loaded, db, tmp_path):
    assert loaded("update", "2016/3", "--status", "done", "--date", "2016-12-01", "--as-of", AS_OF).exit_code == 0
    path, n = _ledger_with(loaded, tmp_path, "2016/3", progress=10)
    before = db_state(db)
    result = loaded("import-progress", str(path), "--as-of", AS_OF)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: 2016!K{n}: the task is 已完成 (done)")
    assert db_state(db) == before
    path, _ = _ledger_with(loaded, tmp_path, "2016/4", progress=30)
    assert loaded("import-progress", str(path), "--as-of", AS_OF).exit_code == 0
    assert state(loaded, "2016/4") == ("doing", 30)
    again = loaded("import-progress", str(path), "--as-of", AS_OF)  # the derived status is no new update
    assert "recorded 0 updates" in again.stdout
