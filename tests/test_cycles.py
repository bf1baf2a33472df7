"""Reporting cycles (报送周期): which periods a task owes, which it missed (漏报), and where they show."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import state

from qtrack import cycles

D = dt.date


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def with_cycle(plan_file, cycle: str = "  report_every: month\n  report_day: 5\n") -> None:
    """The 2016 plan with a plan-wide reporting cycle (its tasks start 2016-04-01, their phase's start)."""
    text = plan_file.read_text(encoding="utf-8")
    plan_file.write_text(text.replace("  due: 2016-11-30", cycle + "  due: 2016-11-30", 1), encoding="utf-8")


@pytest.fixture
def cycled(cli, plan2016):
    with_cycle(plan2016)
    assert cli("import", str(plan2016)).exit_code == 0
    return cli


def reports(cli, as_of: str, ref: str | None = None) -> list[str]:
    rows = as_json(cli("overdue", "--as-of", as_of, "--plan", "2016", "-f", "json"))
    return [r["ref"] for r in rows if r["kind"] == "report" and (ref is None or r["task"] == ref)]


# --- the rules, without a database ------------------------------------------------------------

def test_report_day_is_a_day_of_the_next_month_clamped_to_its_length():
    assert cycles.due_day(D(2016, 1, 31), 31) == D(2016, 2, 29)  # leap year
    assert cycles.due_day(D(2015, 1, 31), 30) == D(2015, 2, 28)
    assert cycles.due_day(D(2016, 6, 30), 5) == D(2016, 7, 5)
    assert cycles.due_day(D(2016, 12, 31), 10) == D(2017, 1, 10)  # across New Year
    assert cycles.due_day(D(2016, 6, 30), None) == D(2016, 6, 30)  # default: the period's last day


def test_periods_owed_run_from_the_one_holding_the_start_to_the_as_of_day():
    owed = cycles.owed("quarter", 15, start=D(2016, 2, 20), closed=None, as_of=D(2016, 8, 1))
    assert [(o.period, o.due, o.opens) for o in owed] == [
        ("2016-Q1", D(2016, 4, 15), D(2015, 12, 31)), ("2016-Q2", D(2016, 7, 15), D(2016, 4, 15)),
        ("2016-Q3", D(2016, 10, 15), D(2016, 7, 15))]
    assert cycles.owed("month", None, start=D(2016, 9, 1), closed=None, as_of=D(2016, 8, 31)) == []


def test_a_task_closed_mid_period_owes_only_the_periods_that_ended_before_it_closed():
    owed = cycles.owed("month", 5, start=D(2016, 4, 1), closed=D(2016, 6, 20), as_of=D(2016, 9, 1))
    assert [o.period for o in owed] == ["2016-04", "2016-05"]
    # closed on the first day of a month: the month before ended before it, and is owed
    owed = cycles.owed("month", 5, start=D(2016, 4, 1), closed=D(2016, 6, 1), as_of=D(2016, 9, 1))
    assert [o.period for o in owed] == ["2016-04", "2016-05"]
    owed = cycles.owed("month", 5, start=D(2016, 4, 1), closed=D(2016, 5, 31), as_of=D(2016, 9, 1))
    assert [o.period for o in owed] == ["2016-04"]


@pytest.mark.parametrize(("reported", "april", "may"), [
    (D(2016, 5, 5), "reported", "missed"),  # on the due day: April's
    (D(2016, 5, 6), "missed", "reported"),  # the day after: May's, not April's too
    (D(2016, 4, 1), "reported", "missed"),  # the first period owed takes updates from its first day
    (D(2016, 3, 31), "missed", "missed"),  # before the task's first period
])
def test_each_update_reports_on_one_period(reported, april, may):
    owed = cycles.owed("month", 5, start=D(2016, 4, 1), closed=None, as_of=D(2016, 7, 1))
    assert [cycles.judge(o, [reported], D(2016, 7, 1))[0] for o in owed[:2]] == [april, may]


def test_a_period_not_yet_due_is_due_not_missed():
    [june] = [o for o in cycles.owed("month", 5, start=D(2016, 4, 1), closed=None, as_of=D(2016, 7, 5))
              if o.period == "2016-06"]
    assert cycles.judge(june, [], D(2016, 7, 5)) == ("due", None)
    assert cycles.judge(june, [], D(2016, 7, 6)) == ("missed", None)


def test_whose_update_counts():
    signers = {"监督司": 1, "总局监督司": 1, "质量司": 2}
    assert cycles.counts("监督司", {1}, signers)
    assert cycles.counts("总局监督司", {1}, signers)  # an alias
    assert cycles.counts("张三", {1}, signers)  # a person: recorded for the lead
    assert not cycles.counts("质量司", {1}, signers)  # another department (配合) is not the lead


# --- through the command line -----------------------------------------------------------------

def test_a_missed_report_appears_and_disappears_when_reported(cycled):
    assert reports(cycled, "2016-05-05", "2016/1") == []  # due today: not yet missed
    assert reports(cycled, "2016-05-06", "2016/1") == ["2016/1@2016-04"]
    assert reports(cycled, "2016-06-10", "2016/1") == ["2016/1@2016-04", "2016/1@2016-05"]
    assert cycled("update", "2016/1", "--note", "四月进展", "--by", "监督司", "--date", "2016-05-04",
                  "--as-of", "2016-06-10").exit_code == 0
    assert reports(cycled, "2016-06-10", "2016/1") == ["2016/1@2016-05"]
    assert reports(cycled, "2016-05-06", "2016/1") == []
    # as of a day before it was dated, the update is not there: April's report is not yet due
    assert as_json(cycled("show", "2016/1", "--as-of", "2016-05-03", "-f", "json"))["reports"][0]["state"] == "due"


def test_a_supporting_departments_update_is_not_the_leads_report(cycled):
    assert cycled("update", "2016/1", "--note", "配合", "--by", "质量司", "--date", "2016-05-04",
                  "--as-of", "2016-06-10").exit_code == 0
    assert reports(cycled, "2016-06-10", "2016/1") == ["2016/1@2016-04", "2016/1@2016-05"]


def test_overdue_rows_of_missed_reports(cycled):
    rows = as_json(cycled("overdue", "--as-of", "2016-06-10", "--dept", "监督司", "-f", "json"))
    assert [(r["ref"], r["due"], r["days_late"], r["lead"], r["status"]) for r in rows] == [
        ("2016/1@2016-04", "2016-05-05", 36, ["监督司"], "missed"),
        ("2016/1@2016-05", "2016-06-05", 5, ["监督司"], "missed")]
    table = cycled("overdue", "--as-of", "2016-06-10", "--dept", "监督司").stdout
    assert "2 reports missed" in table and "2016/1@2016-04" in table


def test_a_task_done_owes_no_more_reports(cycled):
    assert cycled("update", "2016/1", "--status", "done", "--by", "监督司", "--date", "2016-06-20",
                  "--as-of", "2016-09-01").exit_code == 0
    # April missed; May's window (05-06 … 06-05) had no update; the closing update is June's report
    assert reports(cycled, "2016-09-01", "2016/1") == ["2016/1@2016-04", "2016/1@2016-05"]


def test_status_counts_missed_reports_per_lead_department(cycled):
    data = as_json(cycled("status", "--as-of", "2016-06-10", "-f", "json"))
    depts = {d["department"]: d for d in data["departments"]}
    # 质量司 leads 3, 5, 6 and 10 (5 jointly): two missed months each
    assert depts["质量司"]["reports_missed"] == 8 and depts["监督司"]["reports_missed"] == 2
    assert depts["认监委"]["reports_missed"] == 0  # supports only
    assert data["plans"][0]["reports_missed"] == 20  # ten tasks, two months each
    assert "2 reports missed" in cycled("status", "--dept", "监督司", "--as-of", "2016-06-10").stdout


def test_show_lists_the_periods_owed(cycled):
    cycled("update", "2016/1", "--progress", "10", "--by", "监督司", "--date", "2016-05-20", "--as-of", "2016-06-10")
    data = as_json(cycled("show", "2016/1", "--as-of", "2016-06-10", "-f", "json"))
    assert [(p["period"], p["state"], p["reported_on"]) for p in data["reports"]] == [
        ("2016-04", "missed", None), ("2016-05", "reported", "2016-05-20"), ("2016-06", "due", None)]
    assert "报送周期" in cycled("show", "2016/1", "--as-of", "2016-06-10").stdout


def test_a_section_or_task_sets_its_own_cycle_or_none(cli, plan2016):
    with_cycle(plan2016)
    text = plan2016.read_text(encoding="utf-8")
    text = text.replace("    title: 开展重点领域质量品牌提升行动\n",
                        "    title: 开展重点领域质量品牌提升行动\n    report_every: quarter\n", 1)
    text = text.replace("        title: 开展消费品质量提升专项行动\n",
                        "        title: 开展消费品质量提升专项行动\n        report_every: null\n", 1)
    plan2016.write_text(text, encoding="utf-8")
    assert cli("import", str(plan2016)).exit_code == 0
    missed = reports(cli, "2016-08-01")
    assert not [r for r in missed if r.startswith("2016/1@")]  # out of the cycle
    assert [r for r in missed if r.startswith("2016/2@")] == ["2016/2@2016-Q2"]  # the section's quarter, day 5
    assert [r for r in missed if r.startswith("2016/5@")] == ["2016/5@2016-04", "2016/5@2016-05", "2016/5@2016-06"]


def test_a_plan_without_a_cycle_owes_no_reports(loaded):
    assert reports(loaded, "2016-12-31") == []
    assert as_json(loaded("show", "2016/1", "--as-of", "2016-12-31", "-f", "json"))["reports"] == []


def test_changing_the_cycle_is_an_audited_change(cli, plan2016):
    assert cli("import", str(plan2016)).exit_code == 0
    with_cycle(plan2016)
    result = cli("import", str(plan2016))
    assert result.exit_code == 0 and "10 tasks changed" in result.stdout, result.stdout
    assert "2016/1: report_every — → month, report_day — → 5" in result.stdout
    log = as_json(cli("log", "--plan", "2016", "-f", "json"))
    assert [e["ref"] for e in log if e["action"] == "changed"] == [f"2016/{n}" for n in range(10, 0, -1)]
    assert "no change" in cli("import", str(plan2016)).stdout


@pytest.mark.parametrize(("cycle", "problem"), [
    ("  report_every: weekly\n", "report_every: 'weekly' of the plan is not one of month, quarter, half-year, year"),
    ("  report_day: 5\n", "report_day of the plan needs a report_every (here or above it)"),
    ("  report_every: month\n  report_day: 32\n", "report_day of the plan must be a whole number from 1 to 31"),
])
def test_a_bad_cycle_is_refused_with_its_line_and_nothing_written(cli, plan2016, db, cycle, problem):
    assert cli("import", str(plan2016)).exit_code == 0
    before = state(db)
    with_cycle(plan2016, cycle)
    result = cli("import", str(plan2016))
    assert result.exit_code == 1
    line = plan2016.read_text(encoding="utf-8").splitlines().index(cycle.splitlines()[-1]) + 1
    assert f"{plan2016}:{line}: {problem}" in result.stderr.splitlines()
    assert state(db) == before
