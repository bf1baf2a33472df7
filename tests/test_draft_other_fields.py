"""A document from another field, in full-width punctuation, with notes on lines of their own."""

from __future__ import annotations

import datetime as dt

from draft_helpers import drafted

AIR = """XX市人民政府办公室关于印发《XX市大气污染防治行动计划（2018—2020年）》的通知
X政办发〔2018〕12号
各区县人民政府，市政府各部门：
　　现将《XX市大气污染防治行动计划（2018—2020年）》印发给你们，请认真组织实施。
XX市人民政府办公室
2018年3月20日
XX市大气污染防治行动计划（2018—2020年）
　　为持续改善空气质量，制定本计划。
　　一、总体要求
　　到2020年，全市PM2.5年均浓度下降到45微克/立方米以下，优良天数比例达到80%以上。
　　二、重点任务
　　（一）调整优化产业结构
　　1．严控“两高”行业产能。2018年6月底前，完成落后产能淘汰任务，淘汰燃煤小锅炉200台以上。
　　牵头单位：市发展改革委；配合单位：市工业和信息化局、市生态环境局
　　2．深化工业污染治理。2019年底前，重点行业全部完成提标改造。（市生态环境局牵头，市工业和信息化局配合）
　　（二）加快调整能源结构
　　3．控制煤炭消费总量。到2020年，煤炭消费总量比2015年下降10%以上。（市发展改革委、市统计局负责）
　　三、保障措施
　　（一）加强组织领导。市大气污染防治领导小组每季度召开一次联席会议，研究解决重大问题。
"""


def test_an_air_pollution_plan():
    _, plan = drafted(AIR)
    assert (plan.title, plan.issuer, plan.doc_no, plan.issued) == (
        "XX市大气污染防治行动计划（2018—2020年）", "XX市人民政府办公室", "X政办发〔2018〕12号", dt.date(2018, 3, 20))
    assert (plan.start, plan.end) == (dt.date(2018, 1, 1), dt.date(2020, 12, 31))
    assert [(s.code, s.label) for s in plan.sections] == [("2.1", "二（一）"), ("2.2", "二（二）")]
    assert [(t.code, t.lead, t.support, t.due) for t in plan.tasks] == [
        ("1", ["市发展改革委"], ["市工业和信息化局", "市生态环境局"], dt.date(2018, 6, 30)),
        ("2", ["市生态环境局"], ["市工业和信息化局"], dt.date(2019, 12, 31)),
        ("3", ["市发展改革委", "市统计局"], [], dt.date(2020, 12, 31)),
    ]
    assert [(t.op, t.value, t.unit, t.task) for t in plan.targets] == [
        (">=", 200, "台", "1"), (">=", 10, "%", "3"), ("<=", 45, "微克/立方米", None), (">=", 80, "%", None)]
    assert [(d.every, d.lead) for d in plan.duties] == [("quarter", ["市大气污染防治领导小组"])]
