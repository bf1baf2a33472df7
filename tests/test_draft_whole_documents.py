"""What whole documents do that page openings did not: headings that only introduce a list,
N年内 spans, lists of counts, marked leads and bare lists of bodies, ongoing time limits, a site's
header table; and every corpus document's draft goes through `qtrack import` as a user runs it."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT
from draft_helpers import doc, drafted
from typer.testing import CliRunner

from qtrack.cli import app

from qtrack.draft import bodies, dates, notes, targets
from qtrack.draft.header import read_header

CORPUS = sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_corpus_draft_imports_through_the_cli(path, tmp_path, cli):
    out = tmp_path / f"{path.stem}.yaml"
    drafted_ = CliRunner(env={"NO_COLOR": "1", "QTRACK_DEBUG": None}).invoke(app, ["draft", str(path), "-o", str(out)])
    assert drafted_.exit_code == 0, drafted_.stderr
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("# ")  # the count of checks, in one line
    imported = cli("import", str(out))
    assert imported.exit_code == 0, imported.stderr
    assert "new plan:" in imported.stdout


# -- headings that introduce a list ---------------------------------------------------------------

def test_a_heading_that_only_introduces_its_items_is_a_section_not_a_task():
    _, plan = drafted(doc("一、主要任务",
                          "（一）人才行动计划。围绕产业发展，实施如下重点项目：",
                          "1.紧缺人才项目。引进人才。（牵头单位：市人社局，配合单位：市财政局）",
                          "2.企业家项目。培养企业家。（牵头单位：市委组织部）",
                          "（二）科技人才行动计划。围绕创新，实施如下重点项目：",
                          "3.博士后项目。培养博士后。（牵头单位：市人社局）"))
    assert [(t.code, t.title, t.lead) for t in plan.tasks] == [
        ("1", "紧缺人才项目", ["市人社局"]), ("2", "企业家项目", ["市委组织部"]), ("3", "博士后项目", ["市人社局"])]
    assert [s.title for s in plan.sections] == ["人才行动计划", "科技人才行动计划"]


def test_a_heading_with_a_note_of_its_own_stays_a_task_above_its_items():
    _, plan = drafted(doc("一、主要任务",
                          "（一）推进质量提升。开展以下工作：（市质监局牵头）",
                          "1.抽查产品。做事。",
                          "（二）推进标准化。开展以下工作：（市标准化院负责）",
                          "2.制定标准。做事。"))
    assert [(t.label, t.lead) for t in plan.tasks if t.parent is None] == [("（一）", ["市质监局"]), ("（二）", ["市标准化院"])]


# -- N年内 -----------------------------------------------------------------------------------------

def test_a_span_of_years_whose_first_year_is_written_ends_with_its_last_year():
    assert [d.date for d in dates.deadlines("2012年起5年内，培养人才", None, None)] == [dt.date(2016, 12, 31)]


def test_n_years_counts_from_the_documents_own_start_year_else_from_the_issue_date():
    assert [d.date for d in dates.deadlines("5年内培养人才", None, None, since=2012)] == [dt.date(2016, 12, 31)]
    assert [d.date for d in dates.deadlines("三年内建成", None, dt.date(2020, 5, 6))] == [dt.date(2023, 5, 6)]
    assert dates.deadlines("5年内培养人才", None, None) == []  # no year to count from: no date
    assert dates.since_year("2012年起5年内，实施六大计划") == 2012


@pytest.mark.parametrize("words", ["连续3年每年给予科研经费资助", "每年选拔资助不少于100名", "每季度报送一次进展", "长期坚持"])
def test_recurring_and_open_phrases_are_no_deadline(words):
    assert dates.deadlines(words, 2024, dt.date(2024, 3, 1), since=2012) == []


def test_a_document_that_counts_its_years_from_a_start_dates_the_tasks_and_targets_that_say_n_years():
    _, plan = drafted(doc("一、总体目标", "1.目标。2012年起5年内，人才贡献率达到40%。",
                          "二、主要任务", "2.人才项目。5年内重点引进100名专家。（牵头单位：市人社局）"))
    assert [(t.code, t.due) for t in plan.tasks] == [("2", dt.date(2016, 12, 31))]
    assert sorted((t.value, t.due) for t in plan.targets) == [(40, dt.date(2016, 12, 31)), (100, dt.date(2016, 12, 31))]


def test_an_ongoing_time_limit_gives_no_date_and_says_so():
    out, plan = drafted(doc("一、重点任务", "1.推进改革。完成时限：长期坚持。（市发展改革委负责）",
                            "2.建设平台。完成时限：2024年底前。（市数据局负责）"))
    assert plan.tasks[1].due == dt.date(2024, 12, 31)
    assert "长期坚持" in plan.tasks[0].notes and "长期坚持" not in (plan.tasks[1].notes or "")
    assert "may not fit ongoing work" in out
    assert dates.ongoing("完成时限：持续推进") == "持续推进" and dates.ongoing("持续推进改革") is None


# -- counts ----------------------------------------------------------------------------------------

def test_counts_after_verbs_of_selecting_and_funding_are_targets():
    found = targets.targets("选拔100名正职后备人才，鼓励并资助250名技能型人才出国培训，筹建50家企业研发中心")
    assert [(t.op, t.value, t.unit) for t in found] == [(">=", 100, "名"), (">=", 250, "名"), (">=", 50, "家")]


def test_a_count_opening_its_clause_continues_a_list_in_the_same_unit_only():
    found = targets.targets("重点支持300名领军人才赴境外培训，1000名核心人才参加研修，3000名专业技术人才参加培训")
    assert [t.value for t in found] == [300, 1000, 3000]
    assert [t.value for t in targets.targets("重点支持300名领军人才赴境外培训，5家企业参与")] == [300]
    assert [t.value for t in targets.targets("30名专家来访")] == []  # nothing before it to continue


def test_ten_thousands_of_people_keep_their_unit():
    assert [(t.op, t.value, t.unit) for t in targets.targets("人才资源总量达到320万名左右")] == [("==", 320, "万名")]


# -- bodies and notes ------------------------------------------------------------------------------

def test_a_qualified_run_of_administrative_levels_is_one_body_and_a_role_word_is_no_body():
    assert bodies.split_names("市科协，各有关区、县级市") == ["市科协", "各有关区、县级市"]
    assert bodies.split_names("各项目牵头单位，各区、县级市") == ["各区、县级市"]
    assert bodies.split_names("各市州人民政府、省财政厅") == ["各市州人民政府", "省财政厅"]


def _note(text: str) -> tuple[list[str], list[str], bool] | None:
    found = notes.find_notes(text)
    return (found[0][2].lead, found[0][2].support, found[0][2].bare) if found else None


@pytest.mark.parametrize("text, expected", [
    ("推进工作。（责任单位：市发展改革委（牵头）、市财政局、各市州人民政府）", (["市发展改革委"], ["市财政局", "各市州人民政府"], False)),
    ("推进工作（市发展改革委(牵头)、市财政局）。", (["市发展改革委"], ["市财政局"], True)),
    ("推进工作。（市公安局、市交通局，各区县人民政府）", (["市公安局", "市交通局", "各区县人民政府"], [], True)),
    ("推进工作（含各区县人民政府）。", None),
    ("会同省发展改革委（省能源局）推进工作。", None),
    ("推进工作（2024年底前）。", None),
])
def test_marked_leads_and_bare_lists_of_bodies(text, expected):
    assert _note(text) == expected


def test_a_bare_list_is_drafted_as_the_bodies_responsible():
    out, plan = drafted(doc("一、重点任务", "1.整治交通秩序。开展专项整治（市公安局、市交通局）。"))
    assert (plan.tasks[0].lead, plan.tasks[0].support) == (["市公安局", "市交通局"], [])
    assert "check: a bracket of bodies with no role word" in out


# -- a site's header table -------------------------------------------------------------------------

def test_the_signing_date_of_a_header_table_comes_before_the_posting_date():
    head = read_header(["索 引 号：\t000014349/2018-00221", "发文机关：\t国务院办公厅\t成文日期：\t2018年12月07日",
                        "标　　题：\t国务院办公厅关于推进政务新媒体健康有序发展的意见",
                        "发文字号：\t国办发〔2018〕123号\t发布日期：\t2018年12月27日"])
    assert head.issued == dt.date(2018, 12, 7)


def test_the_rows_of_a_header_table_above_its_title_row_are_kept():
    _, plan = drafted("发文机关：\t某市人民政府\t成文日期：\t2023年03月01日\n标　　题：\t某市质量提升行动方案\n"
                      "发文字号：\t某政发〔2023〕1号\t发布日期：\t2023年03月09日\n主 题 词：\n一、重点任务\n"
                      "1.推进质量提升。做事。（市市场监管局负责）\n")
    assert (plan.issued, plan.doc_no) == (dt.date(2023, 3, 1), "某政发〔2023〕1号")


def test_a_note_alone_on_the_line_after_its_paragraph_closes_that_paragraph():
    from qtrack.draft.clean import document_lines

    lines = document_lines("某市工作方案\n一、重点任务\n1.人才项目。每年资助培养社会工作从业人员3000名。\n"
                           "（牵头单位：市民政局，配合单位：各区、县级市）\n\n2.其他项目。做事。\n（以上数据为预计数）\n")
    assert lines[2] == "1.人才项目。每年资助培养社会工作从业人员3000名。（牵头单位：市民政局，配合单位：各区、县级市）"
    assert lines[-1] == "（以上数据为预计数）"  # a bracket that names no role stays a line of its own
