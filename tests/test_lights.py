"""Red / amber / green: each rule at its boundaries, on a real database, and the 2016 plan."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from qtrack import store as database
from qtrack.importer import import_plans
from qtrack.lights import LightRule
from qtrack.planfile import parse_plan
from qtrack.store import queries
from qtrack.updates import record_update

PLAN = """\
qtrack: 1
plan: {title: 灯, start: 2020-01-01, end: 2020-12-31}
phases:
  - {name: 实施阶段, start: 2020-03-01, end: 2020-12-31}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 百日任务, lead: [甲处], due: 2020-06-08}
      - {code: "2", title: 无日期, lead: [甲处]}
      - {code: "3", title: 阶段外, lead: [甲处], due: 2020-02-20}
"""
# Task 1 runs from its phase's start, 2020-03-01, to 2020-06-08: 99 days.


@pytest.fixture
def conn(db):
    conn = database.open_store(db, create=True)
    import_plans(conn, [parse_plan(PLAN, "p.yaml", default_id="p")])
    return conn


def light(conn, code, as_of, rule=None):
    rows = queries.tasks(conn, as_of=as_of.isoformat(), rule=rule)
    return {r["code"]: r["light"] for r in rows}[code]


def progress(conn, code, value, on, **kw):
    task = conn.execute("SELECT id FROM task WHERE code = ?", (code,)).fetchone()[0]
    record_update(conn, task, date=on, today=on, progress=value, **kw)


@pytest.mark.parametrize("as_of, expected", [
    (dt.date(2020, 6, 9), "red"),  # the day after it was due
    (dt.date(2020, 6, 8), "amber"),  # due today: not yet late
    (dt.date(2020, 5, 9), "amber"),  # exactly 30 days left: inside the window
])
def test_red_and_the_warning_window(conn, as_of, expected):
    progress(conn, "1", 99, dt.date(2020, 5, 1))
    assert light(conn, "1", as_of) == expected


def test_outside_the_window_on_track_is_green(conn):
    progress(conn, "1", 99, dt.date(2020, 5, 1))
    assert light(conn, "1", dt.date(2020, 5, 8)) == "green"  # 31 days left


def test_behind_the_expected_progress_is_amber_within_tolerance_green(conn):
    # 2020-04-10 is 40 of the 99 days: 40.4% expected; the tolerance is 10 points, so 30.4 is the line.
    as_of = dt.date(2020, 4, 10)
    progress(conn, "1", 31, as_of)
    assert light(conn, "1", as_of) == "green"
    progress(conn, "1", 30, as_of)
    assert light(conn, "1", as_of) == "amber"
    assert light(conn, "1", as_of, LightRule(tolerance=15)) == "green"
    assert light(conn, "1", dt.date(2020, 3, 1)) == "green"  # nothing is expected on the first day


def test_done_is_green_even_when_late_and_no_date_is_never_red(conn):
    assert light(conn, "2", dt.date(2030, 1, 1)) == "green"
    assert light(conn, "1", dt.date(2020, 7, 1)) == "red"
    task = conn.execute("SELECT id FROM task WHERE code = '1'").fetchone()[0]
    record_update(conn, task, date=dt.date(2020, 6, 30), today=dt.date(2020, 6, 30), status="done")
    assert light(conn, "1", dt.date(2020, 7, 1)) == "green"


def test_blocked_is_amber_and_the_window_is_settable(conn):
    task = conn.execute("SELECT id FROM task WHERE code = '1'").fetchone()[0]
    assert light(conn, "1", dt.date(2020, 4, 20), LightRule(warn_days=60)) == "amber"
    record_update(conn, task, date=dt.date(2020, 3, 2), today=dt.date(2020, 3, 2), status="blocked")
    assert light(conn, "1", dt.date(2020, 3, 2)) == "amber"


def test_a_task_due_before_its_phase_uses_the_plan_start(conn):
    # Task 3 is due 2020-02-20, before any phase: it runs from the plan's start, 2020-01-01 (50 days).
    as_of = dt.date(2020, 1, 16)  # 15 of 50 days: 30% expected
    assert light(conn, "3", as_of) == "amber"
    progress(conn, "3", 25, as_of)
    assert light(conn, "3", as_of) == "green"


def test_2016_plan_lights_through_the_cli(loaded):
    def lights(as_of, *extra):
        result = loaded("tasks", "--plan", "2016", "--as-of", as_of, *extra, "-f", "json")
        return {r["ref"]: r["light"] for r in json.loads(result.stdout)}

    assert set(lights("2017-01-15").values()) == {"red"}
    loaded("update", "2016/1", "--status", "done", "--as-of", "2016-12-20")
    assert lights("2017-01-15")["2016/1"] == "green"
    assert lights("2016-11-20")["2016/2"] == "amber"  # untouched, ten days left
    loaded("update", "2016/3", "--progress", "95", "--date", "2016-06-15", "--as-of", "2016-06-30")
    assert lights("2016-06-30")["2016/3"] == "green"
    assert lights("2016-06-30")["2016/4"] == "amber"  # untouched: 36% expected by now
    assert lights("2016-06-30", "--tolerance", "40")["2016/4"] == "green"
    assert lights("2016-10-15", "--warn-days", "60")["2016/3"] == "amber"
    table = loaded("tasks", "--plan", "2016", "--as-of", "2017-01-15").stdout
    assert "● 红" in table and "● 绿" in table  # the word survives without colour
    assert [r["ref"] for r in json.loads(loaded("tasks", "--light", "green", "--as-of", "2017-01-15",
                                                "-f", "json").stdout)] == ["2016/1"]


def test_light_settings_from_the_environment(loaded, monkeypatch):
    monkeypatch.setenv("QTRACK_WARN_DAYS", "200")
    result = json.loads(loaded("tasks", "--plan", "2016", "--as-of", "2016-06-01", "-f", "json").stdout)
    assert {r["light"] for r in result} == {"amber"}
    monkeypatch.setenv("QTRACK_WARN_DAYS", "soon")
    assert loaded("tasks", "--as-of", "2016-06-01").stderr == "error: QTRACK_WARN_DAYS='soon' is not a number\n"
