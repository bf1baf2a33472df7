"""Deadlines, phases, issue dates and the header's particulars."""

from __future__ import annotations

import datetime as dt

import pytest
from draft_helpers import doc, drafted

from qtrack.draft.dates import deadlines, issue_date, phases
from qtrack.draft.header import read_header

D = dt.date


@pytest.mark.parametrize("text, year, due", [
    ("2011年底前完成", None, D(2011, 12, 31)),
    ("于2011年4月底前报送", None, D(2011, 4, 30)),
    ("2012年2月底前", None, D(2012, 2, 29)),
    ("6月底前完成", 2016, D(2016, 6, 30)),
    ("到2015年,覆盖率达到", None, D(2015, 12, 31)),
    ("力争用2年时间完成建设", None, D(2013, 3, 18)),
])
def test_deadline_forms(text, year, due):
    assert [d.date for d in deadlines(text, year, D(2011, 3, 18))] == [due]


def test_recurring_dates_and_unresolvable_months_are_not_deadlines():
    assert deadlines("每年12月底前报送计划", 2011, None) == []
    assert deadlines("6月底前完成", None, None) == []  # no year to put it in
    assert deadlines("力争用2年时间", 2011, None) == []  # no issue date to count from


def test_phases_with_ranges_and_a_single_month():
    found = phases("(一)研究部署阶段(2016年2月至2016年3月)。(二)实施阶段(2011年4月-2015年9月)。总结阶段(2016年12月)。")
    assert [(p.name, p.start, p.end) for p in found] == [
        ("研究部署阶段", D(2016, 2, 1), D(2016, 3, 31)), ("实施阶段", D(2011, 4, 1), D(2015, 9, 30)),
        ("总结阶段", D(2016, 12, 1), D(2016, 12, 31))]


def test_issue_dates_in_figures_and_in_chinese():
    assert issue_date("质检总局 2016年5月13日")[0] == D(2016, 5, 13)
    assert issue_date("二○一一年三月十八日")[0] == D(2011, 3, 18)


def test_header_of_a_notice_gives_title_issuer_source_doc_no_and_date():
    h = read_header(["甘肃省人民政府办公厅关于印发甘肃省推进质量振兴工作方案的通知", "发布文号: 甘政办发[2011]58号",
                     "根据《意见》(甘政发〔2010〕25号)制定。", "甘肃省人民政府办公厅", "二○一一年三月十八日"])
    assert (h.title, h.issuer, h.doc_no, h.issued) == ("甘肃省推进质量振兴工作方案", "甘肃省人民政府办公厅",
                                                       "甘政办发[2011]58号", D(2011, 3, 18))
    h = read_header(["国家质检总局关于印发《质量品牌提升行动计划(2016)》的通知"])
    assert (h.title, h.issuer) == ("质量品牌提升行动计划(2016)", "国家质检总局")
    h = read_header(["中共中央、国务院关于开展质量提升行动的指导意见"])
    assert (h.title, h.issuer, h.source) == ("中共中央、国务院关于开展质量提升行动的指导意见", "中共中央、国务院", None)


def test_task_dates_in_a_document_with_year_from_the_title_and_issue_date():
    out, plan = drafted(doc("质检总局", "2016年3月1日", "一、主要任务", "1.甲。6月底前完成。", "2.乙。2016年底前完成。",
                            "3.丙。力争用2年时间完成,2016年9月底前启动。", "4.丁。做事。",
                            title="2016年质量工作要点"))
    dues = {t.code: t.due for t in plan.tasks}
    assert dues == {"1": D(2016, 6, 30), "2": D(2016, 12, 31), "3": D(2018, 3, 1), "4": D(2016, 12, 31)}
    assert "due: 2016-06-30  # derived from 6月底前: the year 2016 is the plan's; check: a derived date" in out
    assert "check: the text states several dates" in out
    assert (plan.start, plan.end, plan.issued) == (D(2016, 1, 1), D(2016, 12, 31), D(2016, 3, 1))


def test_default_due_is_the_implementation_phase_end_when_no_task_has_a_date():
    _, plan = drafted(doc("一、主要任务", "1.甲。做事。", "二、进度安排", "(一)部署阶段(2016年2月至2016年3月)。部署。",
                          "(二)组织实施阶段(2016年4月至2016年11月)。实施。", "(三)总结阶段(2016年12月)。总结。"))
    assert [p.name for p in plan.phases] == ["部署阶段", "组织实施阶段", "总结阶段"]
    assert (plan.start, plan.end, plan.due, plan.tasks[0].due) == (D(2016, 2, 1), D(2016, 12, 31),
                                                                    D(2016, 11, 30), D(2016, 11, 30))


def test_default_due_is_the_date_most_dated_tasks_share():
    _, plan = drafted(doc("一、主要任务", "1.甲。到2015年完成。", "2.乙。到2015年完成。", "3.丙。2011年底前完成。",
                          "4.丁。做事。"))
    assert plan.due == D(2015, 12, 31) and plan.task("4").due == D(2015, 12, 31)


@pytest.mark.parametrize("text, due", [
    ("于2019年6月底前完成", dt.date(2019, 6, 30)),
    ("2019年上半年完成", dt.date(2019, 6, 30)),
    ("2019年下半年完成", dt.date(2019, 12, 31)),
    ("2019年一季度完成", dt.date(2019, 3, 31)),
    ("2019年第4季度完成", dt.date(2019, 12, 31)),
    ("2019年12月底前完成", dt.date(2019, 12, 31)),  # the last month of the year
    ("年内持续推进", dt.date(2020, 12, 31)),  # the plan's year
])
def test_deadline_forms(text, due):
    assert [d.date for d in deadlines(text, 2020, None)] == [due]


@pytest.mark.parametrize("text", ["从2019年起每年2月底前报送", "每年年底前报送", "用5年内的时间"])
def test_recurring_and_relative_dates_are_no_deadline_of_the_plans_year(text):
    assert all(d.date != dt.date(2020, 12, 31) for d in deadlines(text, 2020, None))
