"""plans/city-action.yaml against its source, a city's 落实质量纲要行动计划 (the year is lost)."""

from pathlib import Path

import pytest
from conftest import SOURCES

from qtrack.planfile import load_plan_file

PLANS = Path(__file__).resolve().parent.parent / "plans"
SOURCE = SOURCES / "city-quality-outline-action-plan.txt"


@pytest.fixture(scope="module")
def spec():
    return load_plan_file(PLANS / "city-action.yaml")


def test_plan_has_no_year_and_no_dates(spec):
    assert spec.id == "city-action"
    assert spec.title == "落实质量纲要行动计划"
    assert spec.issuer is None and spec.doc_no is None and spec.issued is None
    assert spec.start is None and spec.end is None and spec.due is None
    assert all(t.due is None for t in spec.tasks)
    assert spec.targets == [] and spec.duties == [] and spec.phases == []
    assert "国办发〔〕27号" in spec.notes  # the lost year is explained, not guessed


def test_sections_and_tasks(spec):
    assert [(s.code, s.label) for s in spec.sections] == [
        (str(i), n + "、") for i, n in enumerate("一二三四五六七八", 1)]
    assert spec.sections[7].title == "加强组织保障、宣传教育和社会监督"
    assert [t.code for t in spec.tasks] == [str(i) for i in range(1, 23)]
    assert all(t.parent is None for t in spec.tasks)  # no sub-tasks
    per_section = [sum(t.section == s.code for t in spec.tasks) for s in spec.sections]
    assert per_section == [4, 2, 2, 4, 1, 2, 4, 3]
    assert spec.task("11").label == "(十一)"
    assert spec.task("22").label == "(二十二)" and spec.task("22").section == "8"
    assert spec.task("10").title == "完善地方质量奖励制度,加快推进市长质量奖活动"


def test_texts_are_the_sources_words(spec):
    source = SOURCE.read_text(encoding="utf-8") + "\n"  # the file has no final newline
    for t in spec.tasks:
        assert f"{t.label}{t.title}。{t.text}\n" in source, t.code
    # lost words are carried as the source has them, not repaired
    assert "及时产品伤害预警" in spec.task("4").text
    assert "把县、桓仁县、高新区" in spec.task("11").text
    assert "()名牌产品" in spec.task("21").text
    assert spec.task("4").notes and spec.task("11").notes and spec.task("21").notes


@pytest.mark.parametrize("code, lead, support", [
    # (A牵头,B、C参加)
    ("2", ["市质监局"], ["市发展改革委", "市教育局", "市经济和信息化委", "市城乡规划建设委", "市旅游局", "市国资委"]),
    ("8", ["市质监局"], ["市发展改革委", "市经济和信息化委", "市服务业委", "人民银行市中心支行", "市统计局", "市政府金融办"]),
    ("12", ["市质监局"], ["市经济和信息化委", "市财政局", "市统计局"]),       # …及有关单位参加
    ("13", ["市质监局"], ["市名牌战略推进委员会成员单位"]),
    ("16", ["市质监局"], ["市发展改革委", "市经济和信息化委", "市科技产权局"]),  # …等参加
    ("19", ["市质监局", "市科技产权局"], ["市发展改革委", "市经济和信息化委", "市公安局"]),
    ("21", ["市质监局"], ["市委宣传部"]),                                   # …及市政府有关部门参加
    # (A、B、C负责): joint responsibility, every body a lead
    ("1", ["市教育局", "市农委", "市服务业委", "市卫生局", "市城乡规划建设委", "市国资委",
           "市工商局", "市质监局", "市食品药品监管局", "市食品安全办"], []),
    ("4", ["市财政局", "市卫生局", "市质监局"], []),
    ("9", ["市委组织部", "市监察局", "市质监局", "市统计局"], []),
    ("20", ["市科技产权局", "市经济和信息化委", "市国资委", "市质监局"], []),
    ("18", ["市质监局"], []),
    ("22", [], []),                                                        # no responsibility note
])
def test_departments(spec, code, lead, support):
    t = spec.task(code)
    assert (t.lead, t.support) == (lead, support)


def test_joint_notes_all_leads(spec):
    joint = [t for t in spec.tasks if t.text.endswith("负责)")]
    assert [t.code for t in joint] == ["1", "3", "4", "5", "6", "9", "10", "11", "14", "15", "18", "20"]
    assert all(t.support == [] and len(t.lead) == t.text.rsplit("(", 1)[1].count("、") + 1 for t in joint)
