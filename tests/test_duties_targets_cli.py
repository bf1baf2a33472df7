"""Targets with measurements and recurring duties, through the CLI."""

from __future__ import annotations

import json

import pytest
from conftest import PLANS, state


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def both(loaded):
    assert loaded("import", str(PLANS / "gansu-2011.yaml")).exit_code == 0
    return loaded


def missed(cli, as_of, plan="2016"):
    return [r["ref"] for r in as_json(cli("overdue", "--as-of", as_of, "--plan", plan, "-f", "json"))
            if r["kind"] == "duty"]


def test_monthly_meeting_missed_until_marked(loaded):
    assert missed(loaded, "2016-05-15") == ["2016/D1@2016-03", "2016/D1@2016-04"]
    result = loaded("update", "2016/D1@2016-03", "--status", "done", "--date", "2016-03-28", "--note", "第一次全体会议",
                    "--as-of", "2016-05-15")
    assert result.stdout == "recorded 2016/D1@2016-03 on 2016-03-28: 已完成\n"
    assert missed(loaded, "2016-05-15") == ["2016/D1@2016-04"]
    shown = as_json(loaded("show", "2016/D1", "--as-of", "2016-05-15", "-f", "json"))
    assert [(o["period"], o["state"], o["met_on"]) for o in shown["occurrences"]] == [
        ("2016-03", "met", "2016-03-28"), ("2016-04", "missed", None), ("2016-05", "due", None)]
    assert shown["missed"] == 1 and shown["lead"] == ["质量司"]
    # A correction is a new record: the occurrence is missed again, and the history keeps both.
    loaded("update", "2016/D1@2016-03", "--status", "todo", "--as-of", "2016-05-15")
    assert missed(loaded, "2016-05-15") == ["2016/D1@2016-03", "2016/D1@2016-04"]


def test_missed_occurrences_sit_beside_late_tasks_worst_first(loaded):
    rows = as_json(loaded("overdue", "--as-of", "2016-12-05", "-f", "json"))
    assert [r["ref"] for r in rows[:2]] == ["2016/D1@2016-03", "2016/D1@2016-04"]
    assert (rows[0]["days_late"], rows[0]["lead"], rows[0]["light"]) == (249, ["质量司"], "red")
    assert [r["kind"] for r in rows].count("task") == 10


def test_quarterly_and_half_yearly_duties_of_gansu(both):
    duties = {d: as_json(both("show", f"gansu-2011/{d}", "--as-of", "2011-10-15", "-f", "json"))
              for d in ("D1", "D2")}
    assert duties["D1"]["every"] == "quarter" and duties["D2"]["every"] == "half-year"
    assert [(o["period"], o["due"], o["state"]) for o in duties["D1"]["occurrences"]] == [
        ("2011-Q2", "2011-06-30", "missed"), ("2011-Q3", "2011-09-30", "missed"), ("2011-Q4", "2011-12-31", "due")]
    assert both("update", "gansu-2011/D2@2011-H1", "--status", "done", "--as-of", "2011-10-15").exit_code == 0
    assert [r for r in missed(both, "2011-10-15", "gansu-2011") if "/D1@" in r or "/D2@" in r] == [
        "gansu-2011/D1@2011-Q2", "gansu-2011/D1@2011-Q3"]


@pytest.mark.parametrize("ref, message", [
    ("2016/D1@2016-13", "error: '2016-13' is not a period of 2016/D1 (monthly, 2016-03 … 2016-12); write it like 2016-03\n"),
    ("2016/D1@2016-Q1", "error: '2016-Q1' is not a period of 2016/D1 (monthly, 2016-03 … 2016-12); write it like 2016-03\n"),
    ("2016/D1@2016-02", "error: 2016/D1 owes nothing for 2016-02 (monthly, 2016-03 … 2016-12)\n"),
    ("2016/D1@2017-01", "error: 2016/D1 owes nothing for 2017-01 (monthly, 2016-03 … 2016-12)\n"),
    ("2016/D1", "error: 2016/D1 is a duty: name the occurrence, e.g. 2016/D1@2016-03\n"),
    ("2016/3@2016-03", "error: 2016/3 is a task; only a duty has occurrences (REF@PERIOD)\n"),
    ("2016/T1", "error: 2016/T1 is a target: record a value with `qtrack measure 2016/T1 VALUE`\n"),
])
def test_unknown_occurrence_periods_refused(loaded, db, ref, message):
    before = state(db)
    result = loaded("update", ref, "--status", "done", "--as-of", "2016-12-31")
    assert (result.exit_code, result.stderr) == (1, message)
    assert state(db) == before


def test_occurrence_takes_done_todo_or_dropped_only(loaded):
    result = loaded("update", "2016/D1@2016-03", "--status", "doing", "--as-of", "2016-12-31")
    assert result.stderr == ("error: a duty occurrence takes --status done (met), todo (not met after all) or "
                             "dropped (waived)\n")
    loaded("update", "2016/D1@2016-03", "--status", "dropped", "--note", "并入4月会议", "--as-of", "2016-12-31")
    assert "2016/D1@2016-03" not in missed(loaded, "2016-12-31")


def test_targets_met_not_met_and_no_data(both):
    assert both("measure", "2016/T1", "92.5", "--date", "2016-12-31", "--by", "监督司",
                "--as-of", "2017-01-10").stdout == (
        "recorded 2016/T1 = 92.5% on 2016-12-31: goal ≥ 90%, now 达标 (met)\n")
    both("measure", "gansu-2011/T21", "650", "--as-of", "2015-12-31")
    rows = {r["ref"]: r for r in as_json(both("targets", "-f", "json"))}
    assert (rows["2016/T1"]["state"], rows["2016/T1"]["latest"]) == ("met", {"value": 92.5, "date": "2016-12-31"})
    assert rows["2016/T1"]["lead"] == ["监督司"] and rows["2016/T1"]["task"] == "2016/1"
    assert (rows["gansu-2011/T21"]["op"], rows["gansu-2011/T21"]["state"]) == ("<", "not-met")
    assert rows["2016/T2"]["state"] == "no-data" and rows["2016/T2"]["latest"] is None
    between = [r for r in rows.values() if r["op"] == "between"][0]
    assert between["value"] == [80.0, 100.0]
    # The latest measurement decides; the history is kept and shown.
    both("measure", "gansu-2011/T21", "615", "--note", "统计局年报", "--as-of", "2016-06-30")
    shown = as_json(both("show", "gansu-2011/T21", "-f", "json"))
    assert shown["state"] == "met"
    assert [(m["date"], m["value"], m["note"]) for m in shown["measurements"]] == [
        ("2015-12-31", 650.0, None), ("2016-06-30", 615.0, "统计局年报")]


def test_targets_filters(both):
    plan = as_json(both("targets", "--plan", "2016", "-f", "json"))
    assert [r["ref"] for r in plan] == ["2016/T1", "2016/T2", "2016/T3", "2016/T4"]
    inspection = as_json(both("targets", "--dept", "检验司", "-f", "json"))  # supports task 1, not task 4
    assert [r["ref"] for r in inspection] == ["2016/T1"]


@pytest.mark.parametrize("args, message", [
    (("measure", "2016/T1", "abc"), "error: measurement 'abc' is not a number\n"),
    (("measure", "2016/T1", "nan"), "error: measurement 'nan' is not a finite number\n"),
    (("measure", "2016/1", "90"), "error: no target '2016/1'; did you mean 2016/T1?\n"),
    (("measure", "2016/T9", "90"), "error: no target '2016/T9'; did you mean 2016/T4, 2016/T3, 2016/T2?\n"),
    (("measure", "2016/T1", "90", "--date", "2017-02-01", "--as-of", "2017-01-01"),
     "error: date 2017-02-01 is after today (2017-01-01); a measurement cannot be recorded ahead\n"),
])
def test_bad_measurements_refused(loaded, db, args, message):
    before = state(db)
    result = loaded(*args)
    assert (result.exit_code, result.stderr) == (1, message)
    assert state(db) == before
