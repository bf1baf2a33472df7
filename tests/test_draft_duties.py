"""Recurring duties: the period and the body that owes them."""

from __future__ import annotations

import pytest
from draft_helpers import doc, drafted

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
