"""Noise: web-page debris dropped, broken lines rejoined, garbled passages kept and flagged."""

from __future__ import annotations

import pytest
from draft_helpers import drafted

from qtrack.draft import draft
from qtrack.draft.clean import decode, document_lines
from qtrack.errors import QtrackError

PAGE = """用户名 密码
记住我
网站首页 法律咨询 找律师 律师在线
您的位置首页 >> 法规库 >> 法规正文

某省人民政府办公厅关于印发某省质量提升方案的通知

各市人民政府:
现印发给你们,请认真贯彻执行。
某省人民政府办公厅
2012年5月4日

一、主要任务
(一)开展行动。做好工作。
(二)加强监管。做好监管。

没找到您需要的? 您可以 发布法律咨询
广告服务 | 联系方式 | 友情链接网站地图
copyright©2006 all rights reserved.
"""


def test_debris_before_and_after_the_document_is_dropped():
    lines = document_lines(PAGE)
    assert lines[0] == "某省人民政府办公厅关于印发某省质量提升方案的通知"
    assert lines[-1] == "(二)加强监管。做好监管。"
    out, plan = drafted(PAGE)
    assert (plan.title, plan.issuer, str(plan.issued)) == ("某省质量提升方案", "某省人民政府办公厅", "2012-05-04")
    assert "法律咨询" not in out and "copyright" not in out


def test_news_link_lists_after_the_last_item_are_dropped():
    text = "质量工作要点\n一、主要任务\n1.甲项。做事。\n编辑:张三\n关键词:质量\n联合国官员说\n王霞 辜胜阻\n"
    assert document_lines(text)[-1] == "1.甲项。做事。"


def test_a_line_broken_mid_word_is_rejoined_but_a_heading_line_is_not():
    lines = document_lines("工作方案\n一、主要任务\n(一)开展质量提升行动。加强产品质量监督抽查和风\n险监测工作。\n"
                           "(二)加强监管\n严格执法。\n")
    assert lines[1:] == ["一、主要任务", "(一)开展质量提升行动。加强产品质量监督抽查和风险监测工作。", "(二)加强监管", "严格执法。"]


def test_a_garbled_passage_is_kept_as_written_and_flagged():
    out, plan = drafted("工作方案\n一、主要任务\n(一)加强建设。完善制度,??构抑柿炕\ufffd\ufffd体系建设。\n")
    task = plan.tasks[0]
    assert task.text == "完善制度,??构抑柿炕\ufffd\ufffd体系建设。"
    assert task.notes == "Garbled passage in the source, kept as written: “完善制度,??构抑柿炕\ufffd\ufffd体系建设。”."
    assert "      text: |-  # check: a garbled passage in the source (see notes)\n" in out


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"), (b"  \n\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (bytes(range(1, 32)) * 20, "binary file"),
])
def test_what_is_not_text_is_refused(data, message):
    with pytest.raises(QtrackError, match=message):
        decode(data, "x.txt")


def test_gb18030_text_is_read():
    assert decode("一、主要任务".encode("gb18030"), "x.txt") == "一、主要任务"


def test_a_run_of_question_marks_with_a_stray_mark_between_is_garbled_too():
    _, plan = drafted("工作方案\n一、主要任务\n(一)加强建设。强化对质量创新的鼓励、引导、?;?。研究修订法律。\n")
    assert plan.tasks[0].notes == "Garbled passage in the source, kept as written: “新的鼓励、引导、?;?。研究修订法律。”."


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_text_with_a_byte_order_mark_is_decoded_not_called_binary(encoding, bom):
    text = "工作方案\n一、主要任务\n1.甲项。做事。(市质监局负责)\n"
    assert decode(bom + text.encode(encoding), "x.txt") == text
    _, plan = drafted(text)  # and the same text drafts the same way
    out = draft(bom + text.encode(encoding), "x.txt", "t")
    assert "lead: [市质监局]" in out and plan.tasks[0].lead == ["市质监局"]


def test_a_utf16_byte_order_mark_before_bytes_that_are_not_utf16_is_refused_in_one_line():
    with pytest.raises(QtrackError, match="UTF-16 byte-order mark but is not UTF-16 text"):
        decode(b"\xff\xfe\x00\xd8", "x.txt")  # a lone surrogate
