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
    ("累计参加脱产培训不少于3个月", ">=", 3, "个月"),
    ("审批时限压缩至3个月以内", "<=", 3, "个月"),
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
    "各地要在3个月内完成清理工作",  # the time allowed for a measure, not a quantity to reach
    "于30个工作日内办结",
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


@pytest.mark.parametrize("text, op, value, unit", [
    # each word of comparison at its edge: below, at most, above, at least, about
    ("审批时间少于5天", "<", 5, "天"),
    ("审批时间不多于5天", "<=", 5, "天"),
    ("审批时间5天以内", "<=", 5, "天"),
    ("审批时间压缩至5天以内", "<=", 5, "天"),
    ("审批时间缩短至100个工作日内", "<=", 100, "个工作日"),
    ("办结时限5天内", "<=", 5, "天"),
    ("涨幅控制在3%以内", "<=", 3, "%"),
    ("涨幅3%以内", "<=", 3, "%"),
    ("涨幅3%以下", "<=", 3, "%"),
    ("制修订标准超过300项", ">", 300, "项"),
    ("制修订标准超过300项以上", ">=", 300, "项"),  # 以上 decides: at least
    ("制修订标准300项以上", ">=", 300, "项"),
    ("年产值超100亿元", ">", 100, "亿元"),
    ("合格率达到95%的目标", ">=", 95, "%"),  # a target, though 的 follows
    ("城镇调查失业率6%左右", "==", 6, "%"),
    ("经济增长7.5%—8%", "between", (7.5, 8), "%"),
    ("人口自然增长率控制在6‰以下", "<=", 6, "‰"),
    ("农村贫困人口减少60万以上", ">=", 60, "万"),
    ("城镇新增就业900万人以上", ">=", 900, "万人"),
    ("引进高层次人才50名", ">=", 50, "名"),
    ("培养技能人才0人", ">=", 0, "人"),  # zero is a value
])
def test_ops_at_their_edges(text, op, value, unit):
    assert [(t.op, t.value, t.unit) for t in targets(text)] == [(op, value, unit)]


def test_each_of_several_targets_in_a_sentence_is_found():
    assert [(t.op, t.value) for t in targets("合格率分别达到90%和95%")] == [(">=", 90), (">=", 95)]
    assert [(t.op, t.value) for t in targets("小学、初中入学率均达到99%以上")] == [(">=", 99)]


def test_a_target_without_a_date_of_its_own_takes_its_paragraphs_then_the_plans_year():
    _, plan = drafted(doc("湘政发〔2024〕1号", "一、主要任务", "1.甲。到2025年,合格率达到95%以上;新增企业20家。",
                          "2.乙。新建实验室5个。", title="某市质量工作方案"))
    got = {t.value: t.due for t in plan.targets}
    assert got == {95: dt.date(2025, 12, 31), 20: dt.date(2025, 12, 31), 5: dt.date(2024, 12, 31)}


@pytest.mark.parametrize("text, found", [
    # a quantity has at most 15 digits (a float holds them exactly); a longer run is not one
    ("新增12345678901234个", [(">=", 12345678901234.0)]),
    ("新增123456789012345个", [(">=", 123456789012345.0)]),  # the bound itself
    ("新增1234567890123456个", []),
    ("新增80-123456789012345个", [("between", (80.0, 123456789012345.0))]),  # the high end of a range alike
    ("新增80-1234567890123456个", []),
    # a range runs low to high; equal bounds are a range of one value, a falling one is no range
    ("新增4-5个", [("between", (4.0, 5.0))]),
    ("新增5-5个", [("between", (5.0, 5.0))]),
    ("新增5-4个", []),
])
def test_digits_and_ranges_at_their_bounds(text, found):
    assert [(t.op, t.value) for t in targets(text)] == found


@pytest.mark.parametrize("text, title", [
    ("覆盖率达到50个品种", "覆盖率品种"),  # three characters say too little: the noun after the number joins them
    ("产品数量达到50个品种", "产品数量"),  # four are a title of their own
    ("示范产品数量达到50个品种", "示范产品数量"),
])
def test_a_short_title_takes_the_noun_after_the_number(text, title):
    assert [t.title for t in targets(text)] == [title]
