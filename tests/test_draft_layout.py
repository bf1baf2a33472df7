"""Layout debris of real documents: Markdown marks, odd indentation, PDF page breaks and page
numbers, crawler headers, numbers run into titles, tables flattened to one cell a line."""

from __future__ import annotations

import pytest
from draft_helpers import drafted

NOTE = "(市质监局牵头,市财政局配合)"


@pytest.mark.parametrize("heading, item", [
    ("## 一、主要任务", "### 1.加强质量监管。做事。"),
    ("**一、主要任务**", "**1.加强质量监管。**做事。"),
    ("\u2003\u2003一、主要任务", "\u2003\u20031.加强质量监管。做事。"),
    ("\u3000\u3000一、主要任务", "\u3000\u30001.加强质量监管。做事。"),
])
def test_markdown_marks_and_indentation_are_not_part_of_a_heading(heading, item):
    _, plan = drafted(f"某市工作方案\n{heading}\n{item}{NOTE}\n")
    assert [(t.label, t.title, t.lead, t.support) for t in plan.tasks] == [("1.", "加强质量监管", ["市质监局"], ["市财政局"])]


def test_a_pdf_page_break_inside_a_word_and_a_note_is_mended():
    text = ("某市工作方案\n一、主要任务\n1.加强质量监管。全面开展重点产品质量监督抽查工作,切实加强质\f量安全风险监测(市质监局牵头,市财\n"
            "- 2 -\n政局配合)\n2.推进标准化。做事。(市标准化院负责)\n")
    _, plan = drafted(text)
    assert [(t.lead, t.support) for t in plan.tasks] == [(["市质监局"], ["市财政局"]), (["市标准化院"], [])]
    assert "质量安全" in plan.tasks[0].text


def test_a_crawler_header_gives_the_title_and_its_link_is_debris():
    _, plan = drafted("标题:某市质量提升行动方案\n发布日期:2023-05-06\n原文链接:http://example.gov.cn/a.html\n"
                      "一、主要任务\n1.甲项。做事。(市质监局负责)\n")
    assert plan.title == "某市质量提升行动方案" and str(plan.issued) == "2023-05-06"


@pytest.mark.parametrize("line, label, title", [
    ("11.5G网络覆盖。做事。", "11.", "5G网络覆盖"),  # the number the document expects next
])
def test_a_number_run_into_a_title_that_starts_with_a_digit(line, label, title):
    items = "\n".join(f"{n}.第{n}项。做事。" for n in range(1, 11))
    _, plan = drafted(f"某市工作方案\n一、主要任务\n{items}\n{line}{NOTE}\n")
    assert (plan.tasks[-1].label, plan.tasks[-1].title, plan.tasks[-1].lead) == (label, title, ["市质监局"])


def test_a_decimal_at_the_start_of_a_line_is_not_a_heading():
    _, plan = drafted(f"某市工作方案\n一、主要任务\n1.第1项。做事,\n2.5亿元用于补贴。{NOTE}\n")
    assert [t.label for t in plan.tasks] == ["1."] and plan.tasks[0].lead == ["市质监局"]


def test_a_table_flattened_to_one_cell_a_line_is_read_back_as_items_and_notes():
    text = "\n".join(["2023年区政府工作目标任务落实责任分解表", "序号", "目  标  任  务", "牵头单位", "责任单位", "责任人",
                      "一、主要经济指标", "1", "★地区生产总值增长15%。", "区发改局", "区统计局、各乡镇", "张三",
                      "2", "固定资产投资增长20%。", "区发改局", "区住建局", "李四"]) + "\n"
    _, plan = drafted(text)
    assert [(t.label, t.lead, t.support) for t in plan.tasks] == [
        ("1.", ["区发改局"], ["区统计局", "各乡镇"]), ("2.", ["区发改局"], ["区住建局"])]
    assert [(t.op, t.value) for t in plan.targets] == [(">=", 15), (">=", 20)]
