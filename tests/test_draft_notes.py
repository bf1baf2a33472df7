"""Responsibility notes in every form the issue names, in notes alone and in a drafted document."""

from __future__ import annotations

import pytest
from draft_helpers import doc, drafted

from qtrack.draft.notes import find_notes


def bodies(text: str, convention: bool = False):
    return [(n.lead, n.support) for _, _, n in find_notes(text, -1 if convention else None)]


@pytest.mark.parametrize("text, lead, support", [
    ("(牵头单位:省质监局;配合单位:省科技厅、省工信委)", ["省质监局"], ["省科技厅", "省工信委"]),
    ("（牵头单位：省质监局；配合单位：省科技厅，省工信委）", ["省质监局"], ["省科技厅", "省工信委"]),
    ("(牵头部门:监督司,配合部门:认监委、标准委,法规司)", ["监督司"], ["认监委", "标准委", "法规司"]),
    ("(牵头部门:标准委、质量司,配合部门:计量司;食品局)", ["标准委", "质量司"], ["计量司", "食品局"]),
    ("(市质监局牵头,市发展改革委、市教育局参加)", ["市质监局"], ["市发展改革委", "市教育局"]),
    ("(市质监局牵头，市统计局及有关单位参加)", ["市质监局"], ["市统计局"]),
    ("(市财政局、市卫生局、市质监局负责)", ["市财政局", "市卫生局", "市质监局"], []),
    ("(责任单位:省农牧厅、省林业厅)", ["省农牧厅", "省林业厅"], []),
    ("(责任单位:省农牧厅、省林业厅等)", ["省农牧厅", "省林业厅"], []),
    ("(牵头单位:省环保厅;配合单位:省水利厅、各市州人民政府等)", ["省环保厅"], ["省水利厅", "各市州人民政府"]),
    ("(牵头单位:甘肃银监局、甘肃保监局)", ["甘肃银监局", "甘肃保监局"], []),
])
def test_note_forms(text, lead, support):
    assert bodies("开展工作。" + text) == [(lead, support)]


def test_a_name_holding_a_separator_in_brackets_stays_one_body():
    assert bodies("(各市(州)、县(市、区)人民政府负责)") == [(["各市(州)、县(市、区)人民政府"], [])]
    assert bodies("(省民政厅牵头,各市(州)、县(市、区)人民政府参加)") == [
        (["省民政厅"], ["各市(州)、县(市、区)人民政府"])]


def test_brackets_that_are_not_notes_are_ignored():
    assert bodies("根据《意见》(甘政发〔2010〕25号,以下简称《意见》)和会议精神") == []
    assert bodies("(这是一个说明,负责的同志要认真做好工作。)") == []


def test_a_declared_convention_makes_the_first_body_lead_from_there_on():
    assert bodies("(A局、B局、C局负责)", convention=True) == [(["A局"], ["B局", "C局"])]
    text = doc("一、主要任务", "1.甲项。做事。(市农委、市卫生局负责)",
               "本方案中,排在第一位的部门为牵头部门。",
               "2.乙项。做事。(市质监局、市工商局负责)")
    out, plan = drafted(text)
    assert [(t.lead, t.support) for t in plan.tasks] == [(["市农委", "市卫生局"], []),
                                                         (["市质监局"], ["市工商局"])]
    assert "# the document declares that the body named first leads" in out


def test_a_note_split_across_lines_is_rejoined():
    _, plan = drafted(doc("一、主要任务", "(一)开展行动。切实做好全省质量提升各项工作,确保取得实效(牵头单位:省质监局;配合",
                          "单位:省工商局、省商务厅)"))
    assert plan.tasks[0].lead == ["省质监局"] and plan.tasks[0].support == ["省工商局", "省商务厅"]
    assert plan.tasks[0].text.endswith("确保取得实效(牵头单位:省质监局;配合单位:省工商局、省商务厅)")


def test_sub_tasks_without_a_note_inherit_their_parents_and_two_notes_are_merged_and_flagged():
    out, plan = drafted(doc("一、主要任务", "(一)开展行动。做事。(牵头单位:省质监局)", "1.甲。做事。",
                            "2.乙。做事(牵头单位:省卫生厅)。再做事(牵头单位:省农牧厅;配合单位:省林业厅)。"))
    leads = {t.code: (t.lead, t.support) for t in plan.tasks}
    assert leads["1.1"] == (["省质监局"], [])
    assert leads["1.2"] == (["省卫生厅", "省农牧厅"], ["省林业厅"])
    assert "check: 2 responsibility notes in the text" in out


def test_a_document_naming_nobody_asks_for_a_default_lead():
    out, plan = drafted(doc("一、主要任务", "1.甲。做事。"))
    assert plan.tasks[0].lead == [] and "lead: []  # check: the document names no responsible body" in out
