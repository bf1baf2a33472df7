"""Recurring duties: the period and the body that owes them."""

from __future__ import annotations

import datetime as dt

import pytest
from draft_helpers import doc, drafted
from typer.testing import CliRunner

from qtrack.cli import app
from qtrack.draft.duties import duties


@pytest.mark.parametrize("text, every, owner", [
    ("领导小组每月召开一次全体会议", "month", "领导小组"),
    ("县市区主管部门每季度向本级政府报告一次质量状况", "quarter", "县市区主管部门"),
    ("市州主管部门每半年报告一次", "half-year", "市州主管部门"),
    ("省质监局要每年发布一次质量状况报告", "year", "省质监局"),
])
def test_duty_forms(text, every, owner):
    assert [(d.every, d.owner) for d in duties(text)] == [(every, owner)]


def test_a_second_period_in_one_sentence_keeps_its_owner_and_no_obligation_is_no_duty():
    found = duties("省主管部门每半年提交一份统计报告,每年提交一份综合分析报告。")
    assert [(d.every, d.owner) for d in found] == [("half-year", "省主管部门"), ("year", "省主管部门")]
    assert duties("每年的产量稳步提高。") == []


def test_duties_in_a_document_with_dates_and_without_an_owner_are_flagged():
    out, plan = drafted(doc("一、主要任务", "1.甲。每季度通报一次工作进展。(牵头单位:省质监局)",
                            "二、保障措施", "(一)加强督查。领导小组每月召开一次会议。", title="2016年质量工作要点"))
    assert [(d.every, d.lead, d.task) for d in plan.duties] == [("quarter", ["省质监局"], "1"),
                                                                ("month", ["领导小组"], None)]
    assert "check: the sentence names no body that owes it; the task's lead" in out


def test_duties_need_plan_dates_and_are_named_in_the_notes_without_them():
    _, plan = drafted(doc("一、主要任务", "1.甲。领导小组每月召开一次会议。"))
    assert plan.duties == [] and "领导小组每月召开一次会议" in plan.notes


@pytest.mark.parametrize("text, since, years, when, day", [
    ("从2017年起每年3月底前报送上年度工作总结", 2017, None, "3月底前", None),
    ("自2019年开始每半年通报一次", 2019, None, None, None),
    ("各区县每月5日前报送进度", None, None, "5日前", 5),
    ("每年12月底前报告一次", None, None, None, None),  # the period's end: the plan file's default
    ("2018年起连续3年每年开展评选", 2018, 3, None, None),
])
def test_the_start_span_and_time_within_the_period_of_a_duty(text, since, years, when, day):
    [found] = duties(text)
    assert (found.since, found.years, found.when, found.day) == (since, years, when, day)


def test_连续n年_with_an_obligation_is_a_yearly_duty_and_without_one_none():
    assert [(d.every, d.years, d.since) for d in duties("从2018年起连续两年组织质量检查。")] == [("year", 2, 2018)]
    assert duties("连续3年保持增长。") == []
    assert [d.owner for d in duties("省质监局从2017年起连续3年每年发布质量报告。")] == ["省质监局"]


def test_a_duty_from_a_stated_year_in_a_task_heading_runs_from_then_and_is_marked_for_its_month():
    out, plan = drafted(doc("一、重点任务", "1.实施标准化工程，从2017年起每年3月底前报送上年度工作总结。（市质监局负责）",
                            "2.开展抽查。到2019年底完成。（市质监局负责）"))
    [duty] = plan.duties
    assert (duty.every, duty.start, duty.end, duty.task, duty.lead) == ("year", dt.date(2017, 1, 1),
                                                                        dt.date(2019, 12, 31), "1", ["市质监局"])
    assert "every: year  # check: due 3月底前 (as written)" in out
    assert "check: derived: the latest date the document states" in out


def test_a_monthly_duty_keeps_its_day():
    _, plan = drafted(doc("一、重点任务", "1.加强调度。各区县每月5日前报送工作进度。（市质监局负责）",
                          title="2018年质量工作要点"))
    assert [(d.every, d.day) for d in plan.duties] == [("month", 5)]


def test_连续3年_runs_three_yearly_rounds_from_the_plan_year_and_dates_the_task(cli, tmp_path):
    source = tmp_path / "doc.txt"
    source.write_text(doc("一、重点任务", "1.连续3年开展质量月活动。（市质监局牵头，各区县政府配合）",
                          title="2017年某市质量提升行动方案"), encoding="utf-8")
    out = tmp_path / "plan.yaml"
    drafted_ = CliRunner().invoke(app, ["draft", str(source), "--id", "q", "-o", str(out)])  # draft takes no --db
    assert drafted_.exit_code == 0, drafted_.stderr
    text = out.read_text(encoding="utf-8")
    assert "start: 2017-01-01  # derived: the plan's year 2017" in text
    assert "end: 2019-12-31  # check: derived: 3 yearly rounds from 2017" in text
    assert "due: 2019-12-31  # derived: 连续3年 from 2017; check:" in text
    assert cli("import", str(out)).exit_code == 0
    late = cli("overdue", "--as-of", "2019-02-01", "--format", "json")
    assert late.exit_code == 0 and "q/D1@2017" in late.stdout and "q/D1@2018" in late.stdout
    assert "q/D1@2019" not in late.stdout


def test_连续n年_with_no_year_to_count_from_is_left_out_and_the_note_is_marked():
    out, plan = drafted(doc("一、重点任务", "1.连续3年开展质量月活动。（市质监局负责）", title="某市质量提升行动方案"))
    assert plan.duties == [] and "连续3年开展质量月活动" in plan.notes
    assert "# check: recurring duties were left out" in out and plan.tasks[0].due is None


def test_a_duty_starting_after_the_plan_ends_runs_to_the_latest_stated_date_or_is_left_out():
    _, plan = drafted(doc("一、重点任务", "1.开展评价，从2019年起每年报送评价报告。（市质监局负责）",
                          "2.开展抽查。2020年底前完成。（市质监局负责）", title="2017年质量工作要点"))
    assert [(d.start, d.end) for d in plan.duties] == [(dt.date(2019, 1, 1), dt.date(2020, 12, 31))]
    _, plan = drafted(doc("一、重点任务", "1.开展评价，从2019年起每年报送评价报告。（市质监局负责）",
                          title="2017年质量工作要点"))
    assert plan.duties == [] and "从2019年起每年报送评价报告" in plan.notes
