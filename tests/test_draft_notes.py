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


@pytest.mark.parametrize("text, lead, support", [
    # forms of the corpus's documents
    ("(国务院各部门分别负责,年内持续推进)", ["国务院各部门"], []),
    ("(财政部牵头,国务院相关部门及各地区按职责分工负责)", ["财政部"], []),
    ("(财政部、民政部、银保监会等国务院相关部门及各地区按职责分工负责)", ["财政部", "民政部", "银保监会"], []),
    ("〔牵头单位:区政府办公室,责任单位:区政府有关部门,各街道(功能区)〕", ["区政府办公室"], ["各街道(功能区)"]),
    ("(牵头单位:区政府办公室;责任单位:区司法局等有关部门)", ["区政府办公室"], ["区司法局"]),
    ("[责任单位:老街办、区招商服务中心、长乐投资有限公司]", ["老街办", "区招商服务中心", "长乐投资有限公司"], []),
    ("〔责任单位:省发展改革委、商务厅按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕",
     ["省发展改革委", "商务厅"], []),
    ("(责任单位:市行政审批局、住建局,各市(区)人民政府,医药高新区管委会)",
     ["市行政审批局", "住建局", "各市(区)人民政府", "医药高新区管委会"], []),
    ("(市质监局牵头,市委宣传部及市政府有关部门参加)", ["市质监局"], ["市委宣传部"]),
    # verbs the issue names
    ("(市农委会同市财政局负责)", ["市农委"], ["市财政局"]),
    ("(省教育厅负责,省财政厅指导)", ["省教育厅"], ["省财政厅"]),
    ("(省委宣传部指导,各市人民政府负责落实)", ["各市人民政府"], ["省委宣传部"]),
    ("(牵头部门:省商务厅)", ["省商务厅"], []),
    ("(牵头单位:省商务厅 配合单位:省财政厅)", ["省商务厅"], ["省财政厅"]),
    ("（省商务厅牵头，省财政厅、省税务局配合）", ["省商务厅"], ["省财政厅", "省税务局"]),
])
def test_more_note_forms(text, lead, support):
    assert bodies("开展工作。" + text) == [(lead, support)]


@pytest.mark.parametrize("text, lead, support", [
    ("1.做事。\n牵头单位:区发改局\n责任单位:立山经济开发区,各街道、区直各部门\n2.下一项。",
     ["区发改局"], ["立山经济开发区", "各街道", "区直各部门"]),  # 责任单位 after a lead supports
    ("1.做事。\n责任单位:区发展和改革局\n", ["区发展和改革局"], []),  # alone it leads
    ("1.做事。\n分管省领导:林克庆\n部门分工:省发展改革委牵头,各地、各部门配合。", ["省发展改革委"], []),
    ("做事。由市财政局、农业局,各县(市)、区人民政府负责落实。", ["市财政局", "农业局", "各县(市)、区人民政府"], []),
    ("做事。\n责任处室、单位(按处室、单位顺序排列,下同):秘书处、办公室、人事处(人才工作处)。",
     ["秘书处", "办公室", "人事处(人才工作处)"], []),
])
def test_notes_in_lines_and_sentences_of_their_own(text, lead, support):
    assert bodies(text) == [(lead, support)]


@pytest.mark.parametrize("text, lead, support", [
    ("做事(牵头单位:区审批局、区发改局;责任单位:区政", ["区审批局", "区发改局"], []),  # "区政" is cut short
    ("目标(副省长负责,省发展改革委牵头,省工业和信息化厅、省", ["省发展改革委"], ["省工业和信息化厅"]),
    ("做事(牵头单位:市发", None, None),  # nothing whole is left
    ("做事(市财政局负责", ["市财政局"], []),  # cut after its role word: whole
])
def test_a_note_cut_off_by_the_end_of_the_text_loses_only_its_last_name(text, lead, support):
    assert bodies(text) == ([(lead, support)] if lead is not None else [])


@pytest.mark.parametrize("text", [
    "做事）（市质监局负责）",  # a stray closing bracket before the note does not hide it
    "做事)(市质监局负责)",
    "做事））（市质监局负责）",
    "做事（市质监局负责）",
])
def test_a_stray_closing_bracket_before_a_note_does_not_hide_it(text):
    assert bodies(text) == [(["市质监局"], [])]


@pytest.mark.parametrize("text", [
    "(这是一个说明,负责的同志要认真做好工作。)",
    "(由各地负责组织实施的项目除外)",
    "(具体负责同志名单另行通知)",
    "(各地要落实属地责任,负责做好辖区内的工作。各部门加强指导。)",
    "(2019年底前完成)",
    "(以下简称“负责单位”)",
])
def test_a_bracketed_sentence_that_mentions_responsibility_is_not_a_note(text):
    assert bodies("开展工作" + text) == []


@pytest.mark.parametrize("note, convention, lead, support", [
    ("(A局、B局牵头)", True, ["A局", "B局"], []),  # 牵头 says who leads: the convention does not split it
    ("(A局、B局牵头)", False, ["A局", "B局"], []),
    ("(A局、B局负责)", True, ["A局"], ["B局"]),
    ("(A局、B局负责)", False, ["A局", "B局"], []),
    ("(责任单位:A局、B局)", True, ["A局"], ["B局"]),
    ("(牵头单位:A局、B局)", True, ["A局", "B局"], []),
    ("(A局负责)", True, ["A局"], []),
])
def test_the_first_named_leads_convention_splits_only_joint_responsibility(note, convention, lead, support):
    assert bodies("开展工作。" + note, convention) == [(lead, support)]


@pytest.mark.parametrize("declaration", [
    "排在第一位的为牵头单位", "列第一位者为牵头单位，下同", "列第一位的责任单位为牵头单位", "排在首位的部门为牵头部门",
    "排名第一的责任单位为牵头单位",
])
def test_declarations_of_first_named_leads_apply_from_the_note_that_declares_them(declaration):
    _, plan = drafted(doc("一、主要任务", "1.甲项。做事。(市农委、市卫生局负责)",
                          f"2.乙项。做事。(市质监局、市工商局负责,{declaration})",
                          "3.丙项。做事。(市财政局、市税务局负责)"))
    assert [(t.lead, t.support) for t in plan.tasks] == [
        (["市农委", "市卫生局"], []), (["市质监局"], ["市工商局"]), (["市财政局"], ["市税务局"])]


@pytest.mark.parametrize("declaration", [
    "以下任务均需各县(市、区)人民政府落实,不再列出。",
    "以下各项工作均需各县(市、区)人民政府负责落实,不再一一列出。",
])
def test_a_body_said_once_to_take_part_in_every_following_task_supports_each(declaration):
    _, plan = drafted(doc("一、主要任务", "1.甲项。做事。(市农委负责)", declaration,
                          "2.乙项。做事。(市质监局牵头,市工商局配合)", "3.丙项。做事。(市财政局负责)"))
    assert [(t.lead, t.support) for t in plan.tasks] == [
        (["市农委"], []), (["市质监局"], ["市工商局", "各县(市、区)人民政府"]), (["市财政局"], ["各县(市、区)人民政府"])]


def test_bodies_said_to_be_involved_but_given_no_part_are_no_default():
    _, plan = drafted(doc("一、主要任务", "(一)甲项。做事。〔责任单位:省发改委负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕",
                          "(二)乙项。做事。〔责任单位:省市场监管局〕"))
    assert [(t.lead, t.support) for t in plan.tasks] == [(["省发改委"], []), (["省市场监管局"], [])]


def test_a_task_whose_note_is_cut_off_says_so_and_one_cut_before_any_name_has_no_bodies():
    out, plan = drafted(doc("一、主要任务", "1.甲项。做事。(牵头单位:区审批局;责任单位:区政"))
    assert (plan.tasks[0].lead, plan.tasks[0].support) == (["区审批局"], [])
    assert "check: the text ends inside this note" in out
    out, plan = drafted(doc("一、主要任务", "(一)甲类。做事。(市财政局负责)", "1.甲项。做事。", "2.乙项。做事。(财"))
    assert [(t.code, t.lead) for t in plan.tasks] == [("1", ["市财政局"]), ("1.1", ["市财政局"]), ("1.2", [])]


def notes_read(text: str, convention: bool = False):
    return [(n.lead, n.support, n.by_convention, n.cut_off) for _, _, n in find_notes(text, -1 if convention else None)]


@pytest.mark.parametrize("note, lead, support, by_convention", [
    ("（市财政局负责）", ["市财政局"], [], False),  # one body: it leads by its own note, not by the convention
    ("（市财政局、市农业局负责）", ["市财政局"], ["市农业局"], True),
    ("（市财政局、市农业局、市教育局负责）", ["市财政局"], ["市农业局", "市教育局"], True),
])
def test_the_convention_that_the_first_body_leads_needs_two_bodies(note, lead, support, by_convention):
    assert notes_read("做事" + note, convention=True) == [(lead, support, by_convention, False)]


@pytest.mark.parametrize("text, found", [
    # a bracket closed on the text's last character is whole; only one never closed is cut off
    ("做事（市财政局、市农业局负责）", [(["市财政局", "市农业局"], [], False, False)]),
    ("做事（市财政局、市农业局负责）。", [(["市财政局", "市农业局"], [], False, False)]),
    ("做事（市财政局、市农业局负责", [(["市财政局", "市农业局"], [], False, True)]),
    ("做事（市财政局、市农业局）", [(["市财政局", "市农业局"], [], False, False)]),  # a bare list, read whole
    ("做事（市财政局、市农业局", []),  # cut off with no role word: its last name may be cut, the rest is no note
])
def test_a_note_closed_at_the_end_of_the_text_is_not_cut_off(text, found):
    assert notes_read(text) == found
