"""Facts of 甘肃省推进质量振兴工作方案 (甘政办发[2011]58号) that plans/gansu-2011.yaml must carry."""

import datetime as dt
from pathlib import Path

import pytest
from conftest import SOURCES

from qtrack.planfile import load_plan_file

PLANS = Path(__file__).resolve().parent.parent / "plans"
SOURCE_NAME = "2011-gansu-quality-revitalization-scheme.txt"
D = dt.date


@pytest.fixture(scope="module")
def spec():
    return load_plan_file(PLANS / "gansu-2011.yaml")


def test_plan_header(spec):
    assert spec.id == "gansu-2011"
    assert spec.title == "甘肃省推进质量振兴工作方案"
    assert spec.issuer == "甘肃省人民政府办公厅"
    assert spec.doc_no == "甘政办发[2011]58号"
    assert spec.issued == D(2011, 3, 18)
    assert (spec.start, spec.end, spec.due) == (D(2010, 4, 1), D(2015, 12, 31), D(2015, 12, 31))
    assert spec.lead == []


def test_sections_and_task_counts(spec):
    assert [(s.code, s.label, s.title) for s in spec.sections] == [
        ("1", "一", "主要任务"), ("2", "二", "实施步骤"), ("3", "三", "保障措施")]
    assert len(spec.tasks) == 47
    main = [t for t in spec.tasks if t.section == "1" and t.parent is None]
    assert [t.code for t in main] == [str(i) for i in range(1, 15)]
    assert [t.label for t in main][:3] == ["(一)", "(二)", "(三)"] and main[-1].label == "(十四)"
    assert len([t for t in spec.tasks if t.parent]) == 31
    assert [t.code for t in spec.tasks if t.section == "3"] == ["B2", "B3"]
    assert not [t for t in spec.tasks if t.section == "2"]
    subs = {}
    for t in spec.tasks:
        if t.parent:
            subs.setdefault(t.parent, []).append(t.code)
    assert {p: len(c) for p, c in subs.items()} == {"4": 4, "6": 4, "7": 6, "10": 4, "11": 7, "12": 2, "14": 4}
    assert subs["11"][-1] == "11.7" and subs["14"][-1] == "14.4"
    assert spec.task("7.4").label == "4." and spec.task("7.4").title == "装备制造业"


@pytest.mark.parametrize("code, lead, support", [
    ("1", ["各市州人民政府"], []),
    ("2", ["省推进质量振兴工作领导小组办公室"], []),
    ("3", ["省质监局"], ["省名牌战略推进委员会各成员单位"]),
    ("4", [], []),
    ("4.3", ["省发展改革委"], ["省工信委", "省质监局", "省商务厅", "省交通运输厅", "省卫生厅", "省旅游局",
                            "省邮政局", "省通信管理局", "甘肃银监局", "甘肃保监局"]),
    ("6.3", ["甘肃出入境检验检疫局"], ["省卫生厅", "省工商局"]),
    ("6.4", ["省质监局", "省环保厅"], ["省发展改革委", "省工信委", "省政府国资委"]),
    ("10.4", ["省林业厅"], ["省环保厅", "有关市州人民政府"]),
    ("11.1", ["省交通运输厅", "兰州铁路局", "民航甘肃监管局"], []),
    ("11.2", ["甘肃银监局", "甘肃保监局"], []),
    ("13", ["省质监局"], ["省发展改革委", "省财政厅", "省建设厅", "省环保厅", "各市州人民政府"]),
    ("14.3", ["省质监局", "省环保厅", "省建设厅"], ["省统计局"]),
    ("B2", ["各市州政府", "省政府有关部门"], []),
    ("B3", ["领导小组办公室"], []),
])
def test_leads_and_supports(spec, code, lead, support):
    t = spec.task(code)
    assert (t.lead, t.support) == (lead, support)


@pytest.mark.parametrize("code, due", [
    ("1", D(2011, 12, 31)),
    ("2", D(2011, 12, 31)),
    ("3", D(2015, 12, 31)),
    ("4.2", D(2015, 12, 31)),
    ("10.3", D(2015, 12, 31)),   # inherited from (十)'s 到2015年
    ("13", D(2015, 12, 31)),
    ("14.1", D(2015, 12, 31)),   # no date of its own: the plan default
    ("B2", D(2011, 4, 30)),
])
def test_due_dates(spec, code, due):
    assert spec.task(code).due == due


def test_texts_are_the_documents_words(spec):
    t = spec.task("14.1")
    assert t.title == "建立质量状况分析报告制度"
    assert t.text.startswith("质监、环保、建设等部门定期分别")
    assert t.text.endswith("(牵头单位:省质监局;配合单位:省环保厅、省建设厅)")
    assert spec.task("6").text is None
    src = SOURCES / SOURCE_NAME
    lines = {line.strip() for line in src.read_text(encoding="utf-8").splitlines()}
    for t in spec.tasks:
        assert f"{t.label}{t.title}。{t.text or ''}" in lines, t.code


def test_target_count_and_links(spec):
    assert len(spec.targets) == 60
    codes = {t.code for t in spec.tasks}
    assert all(t.task in codes for t in spec.targets)
    assert [t.code for t in spec.targets] == [f"T{i}" for i in range(1, 61)]
    per_task = {}
    for t in spec.targets:
        per_task[t.task] = per_task.get(t.task, 0) + 1
    assert per_task["3"] == 6 and per_task["7.4"] == 7 and per_task["9"] == 6 and per_task["12.1"] == 4
    assert sum(1 for t in spec.targets if t.op == "between") == 6


@pytest.mark.parametrize("code, task, op, value, unit, due", [
    ("T1", "2", "<=", 4, "个", None),
    ("T4", "3", "between", (80, 100), "个", D(2015, 12, 31)),
    ("T8", "3", ">=", 70, "%", D(2015, 12, 31)),
    ("T12", "4.4", ">=", 10, "个", None),
    ("T17", "6.2", ">=", 90, "%", D(2015, 12, 31)),
    ("T19", "7.2", ">=", 12, "%", D(2015, 12, 31)),
    ("T21", "7.3", "<", 620, "千克标准煤", D(2015, 12, 31)),
    ("T22", "7.3", "<=", 12500, "千瓦时", D(2015, 12, 31)),
    ("T28", "7.4", "between", (2, 3), "个", D(2015, 12, 31)),
    ("T40", "10.1", ">=", 70, "%", D(2015, 12, 31)),
    ("T44", "10.4", ">=", 10, "个百分点", D(2015, 12, 31)),
    ("T48", "11.2", ">=", 10, "个百分点", D(2015, 12, 31)),
    ("T51", "11.5", ">=", 98, "%", D(2015, 12, 31)),
    ("T54", "11.7", "between", (1, 2), "家", D(2015, 12, 31)),
    ("T59", "12.1", ">=", 95, "%", D(2015, 12, 31)),
    ("T60", "13", ">=", 5, "个", D(2013, 3, 18)),
])
def test_targets(spec, code, task, op, value, unit, due):
    t = next(t for t in spec.targets if t.code == code)
    assert (t.task, t.op, t.value, t.unit, t.due) == (task, op, value, unit, due)
    assert t.baseline is None


def test_reduction_and_rise_are_labelled(spec):
    by = {t.code: t for t in spec.targets}
    assert by["T19"].title.endswith("下降幅度") and "against" in by["T19"].notes
    assert "十一五" in by["T48"].notes


def test_phases(spec):
    assert [(p.name, p.start, p.end) for p in spec.phases] == [
        ("启动阶段", D(2010, 4, 1), D(2011, 3, 31)),
        ("实施阶段", D(2011, 4, 1), D(2015, 9, 30)),
        ("总结阶段", D(2015, 10, 1), D(2015, 12, 31)),
    ]


def test_duties(spec):
    got = [(d.code, d.every, d.lead, d.task, d.day) for d in spec.duties]
    assert got == [
        ("D1", "quarter", ["县市区主管部门"], "14.1", None),
        ("D2", "half-year", ["市州主管部门"], "14.1", None),
        ("D3", "half-year", ["省主管部门"], "14.1", None),
        ("D4", "year", ["省主管部门"], "14.1", None),
        ("D5", "year", ["各市州政府", "省政府有关部门"], "B2", None),
        ("D6", "year", ["领导小组办公室"], "B3", None),
    ]
    for d in spec.duties:
        assert (d.start, d.end) == (D(2011, 4, 1), D(2015, 12, 31))
        assert spec.start <= d.start and d.end <= spec.end
