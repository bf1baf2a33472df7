"""Boundary tables for filters that a one-line bug (< for <=, a lost time zone) would break unseen:
each edge is tried the day before, the day itself and the day after, December's turn of year included."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from conftest import rows as stored_rows

PLAN = """\
qtrack: 1
plan: {title: 边界}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 年末前一天, lead: [甲处], due: 2020-12-30}
      - {code: "2", title: 年末, lead: [甲处], due: 2020-12-31}
      - {code: "3", title: 新年, lead: [甲处], due: 2021-01-01}
      - {code: "4", title: 无日期, lead: [甲处]}
"""


@pytest.fixture
def edges(cli, tmp_path):
    plan = tmp_path / "b.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    return cli


def refs(cli, *args):
    result = cli("tasks", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return [r["ref"] for r in json.loads(result.stdout)]


@pytest.mark.parametrize("day, expected", [
    ("2020-12-30", []),                      # the bound itself is not before itself
    ("2020-12-31", ["b/1"]),
    ("2021-01-01", ["b/1", "b/2"]),          # across the turn of the year
    ("2021-01-02", ["b/1", "b/2", "b/3"]),
])
def test_due_before_is_strictly_before(edges, day, expected):
    assert refs(edges, "--due-before", day) == expected


@pytest.mark.parametrize("day, expected", [
    ("2020-12-29", ["b/1", "b/2", "b/3"]),
    ("2020-12-30", ["b/2", "b/3"]),
    ("2020-12-31", ["b/3"]),
    ("2021-01-01", []),
])
def test_due_after_is_strictly_after(edges, day, expected):
    assert refs(edges, "--due-after", day) == expected


def test_due_window_between_two_bounds(edges):
    assert refs(edges, "--due-after", "2020-12-30", "--due-before", "2021-01-01") == ["b/2"]


@pytest.fixture
def shanghai(monkeypatch):
    """A wall clock eight hours ahead of UTC, so that a lost time zone shows."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _recorded(db) -> list[dt.datetime]:
    return [dt.datetime.fromisoformat(at).replace(tzinfo=dt.timezone.utc)
            for (at,) in stored_rows(db, "SELECT recorded_at FROM task_update")]


def test_log_shows_utc_times_on_the_local_clock(edges, db, shanghai):
    assert edges("update", "b/1", "--status", "doing", "--by", "张三").exit_code == 0
    (at,) = _recorded(db)
    rows = json.loads(edges("log", "--by", "张三", "-f", "json").stdout)
    table = edges("log", "--by", "张三").stdout
    local = at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert at.astimezone().utcoffset() == dt.timedelta(hours=8)
    assert local in table
    assert len(rows) == 1


@pytest.mark.parametrize("shift, shown", [(-1, True), (0, True), (1, False)])
def test_log_since_counts_the_local_day_of_the_change(edges, db, shanghai, shift, shown):
    assert edges("update", "b/1", "--status", "doing", "--by", "张三").exit_code == 0
    (at,) = _recorded(db)
    day = at.astimezone().date() + dt.timedelta(days=shift)
    rows = json.loads(edges("log", "--by", "张三", "--since", day.isoformat(), "-f", "json").stdout)
    assert bool(rows) is shown


def test_ledger_summary_sheet_carries_each_departments_figures(loaded, tmp_path):
    from openpyxl import load_workbook

    loaded("update", "2016/3", "--status", "done", "--as-of", "2016-06-01")
    loaded("update", "2016/5", "--status", "doing", "--as-of", "2016-06-01")
    board = json.loads(loaded("status", "--as-of", "2016-12-15", "-f", "json").stdout)
    path = tmp_path / "ledger.xlsx"
    assert loaded("export", "-o", str(path), "--as-of", "2016-12-15").exit_code == 0
    sheet = load_workbook(path)["部门汇总"]
    shown = {r[0]: list(r[1:8]) for r in sheet.iter_rows(min_row=3, values_only=True) if r[0]}
    keys = ["lead", "support", "done", "red", "amber", "due_now", "rate"]
    wanted = {d["department"]: [d[k] for k in keys] for d in board["departments"]}
    assert shown == wanted and len({tuple(v[:6]) for v in wanted.values()}) > 1


def test_calendar_for_a_department_holds_its_tasks_and_no_others(loaded, tmp_path):
    from icalendar import Calendar

    path = tmp_path / "mine.ics"
    assert loaded("export", "-f", "ics", "-o", str(path), "--dept", "质量司").exit_code == 0
    uids = {str(e["UID"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    tasks = {u.removesuffix("@qtrack") for u in uids if u.count("@") == 1}
    assert tasks == set(refs(loaded, "--dept", "质量司")) and 0 < len(tasks) < len(refs(loaded))
