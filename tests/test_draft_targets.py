"""Targets: op, value and unit for every form the issue names; numbers that are not targets."""

from __future__ import annotations

import datetime as dt

import pytest
from draft_helpers import doc, drafted

from qtrack.draft.targets import targets


@pytest.mark.parametrize("text, op, value, unit", [
    ("合格率达到90%以上", ">=", 90, "%"),
    ("全年新增保护地理标志产品120个", ">=", 120, "个"),
    ("争创5个以上中国名牌产品", ">=", 5, "个"),
    ("新增80-100个甘肃名牌产品", "between", (80, 100), "个"),
    ("吨钢综合能耗低于620千克标准煤", "<", 620, "千克标准煤"),
    ("吨铝直流电耗降至12500千瓦时以下", "<=", 12500, "千瓦时"),
    ("万元工业增加值综合能耗下降12%以上", ">=", 12, "%"),
    ("森林覆盖率提高10个百分点", ">=", 10, "个百分点"),
    ("培育示范企业不少于50家", ">=", 50, "家"),
    ("制修订标准超过300项", ">", 300, "项"),
    ("获奖单位数量均不超过4个", "<=", 4, "个"),
    ("争取1-2家进入全国连锁企业100强", "between", (1, 2), "家"),
])
def test_target_forms(text, op, value, unit):
    found = targets(text)
    assert [(t.op, t.value, t.unit) for t in found] == [(op, value, unit)]


def test_titles_name_what_is_measured():
    assert [t.title for t in targets("力争10类重点消费品国家监督抽查合格率达到90%以上")] == ["10类重点消费品国家监督抽查合格率"]
    assert [t.title for t in targets("新增80-100个甘肃名牌产品")] == ["新增甘肃名牌产品"]
    assert [t.title for t in targets("森林覆盖率提高10个百分点")] == ["森林覆盖率提高幅度"]


@pytest.mark.parametrize("text", [
    "以空气净化器等10类消费品为重点",  # 类 is not a unit of a target
    "培育年销售收入超50亿元的企业集团",  # a qualifier of a noun
    "印发石化产业调整振兴规划等5个重点产业规划",  # counts what came before
    "在13个行业深入开展标准自我声明公开",  # no verb of making, no comparison
])
def test_numbers_that_are_not_targets(text):
    assert targets(text) == []


def test_targets_in_a_document_carry_their_date_and_task_and_preamble_ones_the_plan_end():
    _, plan = drafted(doc("一、年度目标", "全年新增示范企业20家。", "二、主要任务",
                          "1.甲。到2015年,合格率达到95%以上。", "2.乙。2014年底前新建实验室5个。",
                          title="2014年质量工作要点"))
    got = [(t.op, t.value, t.unit, t.due, t.task) for t in plan.targets]
    assert got == [(">=", 95, "%", dt.date(2015, 12, 31), "1"), (">=", 5, "个", dt.date(2014, 12, 31), "2"),
                   (">=", 20, "家", dt.date(2014, 12, 31), None)]
