"""`qtrack draft` of the files offices receive: each source text made into .docx, .pdf (plain and
laid out as a 红头文件), saved pages (.html from LibreOffice, a GBK article page, .mhtml), .doc,
.wps and .ofd gives the very plan file the text gives; the kind is told by content, not name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SOURCES
from format_docs import (
    INSTALL,
    SOFFICE,
    docx,
    gov_page,
    mhtml,
    ofd,
    official_fodt,
    pdf_pages,
    soffice,
    w_p,
    w_table,
)
from typer.testing import CliRunner

from qtrack.cli import app
from qtrack.planfile import parse_plan

NAMES = sorted(p.name for p in SOURCES.glob("*.txt"))
# The drafting corpus (issue 14), where it exists: each of its texts made into .docx, .pdf and .html too.
CORPUS = SOURCES.parent / "corpus"
CORPUS_TEXTS = sorted(CORPUS.rglob("*.txt")) if CORPUS.is_dir() else []

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason=f"LibreOffice is not installed: {INSTALL}")


def run(*args: str):
    return CliRunner(env={"COLUMNS": "160", "NO_COLOR": "1", "QTRACK_DEBUG": None}).invoke(app, list(args))


def drafted(path: Path) -> str:
    """The plan file draft writes for path, its first line (which names the file) left out."""
    result = run("draft", str(path), "--id", "p")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"# Drafted by `qtrack draft` from {path}.\n")
    return result.stdout.split("\n", 1)[1]


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """Every source as .docx, .pdf, .html, .doc, an official-looking .pdf, and (by hand) .ofd and
    saved pages, in one folder: NAME.KIND."""
    if SOFFICE is None:
        pytest.skip(f"LibreOffice is not installed: {INSTALL}")
    out = tmp_path_factory.mktemp("formats")
    texts = [out / name for name in NAMES]
    for name, path in zip(NAMES, texts):
        shutil.copy(SOURCES / name, path)
    soffice("docx", texts, out, text_in=True)
    soffice("pdf", texts, out, text_in=True)
    docxs = [p.with_suffix(".docx") for p in texts]
    soffice("html", docxs, out)
    soffice("doc", docxs, out)
    official = out / "official"
    official.mkdir()
    for path in texts:
        (official / path.with_suffix(".fodt").name).write_text(official_fodt(path.read_text(), "某省人民政府办公厅文件"))
    soffice("pdf", sorted(official.glob("*.fodt")), official)
    for path in texts:
        text = path.read_text()
        (out / (path.stem + ".official.pdf")).write_bytes((official / (path.stem + ".pdf")).read_bytes())
        shutil.copy(path.with_suffix(".doc"), out / (path.stem + ".wps"))  # WPS saves Word's binary format
        (out / (path.stem + ".ofd")).write_bytes(ofd(text))
        (out / (path.stem + ".chars.ofd")).write_bytes(ofd(text, per_char=True))
        (out / (path.stem + ".gbk.htm")).write_bytes(gov_page(text, "gb2312"))
        (out / (path.stem + ".mhtml")).write_bytes(mhtml(gov_page(text, "gbk"), "gbk"))
    corpus = out / "corpus"
    if CORPUS_TEXTS:
        corpus.mkdir()
        texts = [corpus / f"{i:03d}.txt" for i in range(len(CORPUS_TEXTS))]
        for source, path in zip(CORPUS_TEXTS, texts):
            shutil.copy(source, path)
        soffice("docx", texts, corpus, text_in=True)
        soffice("pdf", texts, corpus, text_in=True)
        soffice("html", [p.with_suffix(".docx") for p in texts], corpus)
    return out


KINDS = ["docx", "pdf", "official.pdf", "html", "gbk.htm", "mhtml", "doc", "wps", "ofd", "chars.ofd"]


@needs_soffice
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_each_format_drafts_to_the_plan_the_text_gives(converted, name, kind):
    text = converted / name
    assert drafted(text.with_name(f"{text.stem}.{kind}")) == drafted(text)


@needs_soffice
@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
@pytest.mark.parametrize("number", range(len(CORPUS_TEXTS)))
def test_each_corpus_document_drafts_alike_from_docx_pdf_and_html(converted, number, kind):
    text = converted / "corpus" / f"{number:03d}.txt"
    try:
        want = drafted(text)
    except AssertionError:
        pytest.skip(f"{CORPUS_TEXTS[number].name} does not draft as a text")  # not a policy document by design
    assert drafted(text.with_suffix(f".{kind}")) == want, CORPUS_TEXTS[number].name


@needs_soffice
def test_the_kind_is_told_by_content_not_by_name(converted, tmp_path):
    name = "2016-quality-brand-action-plan"
    for kind, disguise in (("docx", "notes.txt"), ("pdf", "scan.docx"), ("ofd", "doc.zip")):
        shutil.copy(converted / f"{name}.{kind}", tmp_path / disguise)
        assert drafted(tmp_path / disguise) == drafted(converted / f"{name}.txt"), kind


def test_words_automatic_numbering_is_rendered_and_read_as_headings(tmp_path):
    numbering = (  # level 0 as 一、 (chineseCounting), level 1 as （一）, level 2 as 1.
        '<w:abstractNum w:abstractNumId="7">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>')
    body = "".join([
        w_p("某市质量提升行动方案"),
        w_p("主要任务", (3, 0)),
        w_p("加强质量监管。(市场监管局牵头,公安局配合)", (3, 1)),
        w_p("开展专项整治。2025年底前完成。", (3, 2)),
        w_p("建立追溯体系。", (3, 2)),
        w_p("推进品牌建设。(商务局负责)", (3, 1)),
        w_p("保障措施", (3, 0)),
        w_p("强化组织领导。(市政府办公室牵头)", (3, 1)),
    ])
    path = tmp_path / "plan.docx"
    path.write_bytes(docx(body, numbering))
    plan = parse_plan(drafted(path), "p.yaml", default_id="p")
    assert [(s.label, s.title) for s in plan.sections] == [("一、", "主要任务"), ("二、", "保障措施")]
    assert [t.label for t in plan.tasks] == ["（一）", "1.", "2.", "（二）", "（一）"]
    assert [t.lead for t in plan.tasks] == [["市场监管局"], ["市场监管局"], ["市场监管局"], ["商务局"], ["市政府办公室"]]
    assert plan.tasks[1].due.isoformat() == "2025-12-31"


def test_a_task_table_is_read_as_tasks(tmp_path):
    body = w_p("某省质量强省建设2025年工作方案") + w_p("一、重点任务") + w_table([
        ["序号", "任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "开展质量提升专项行动", "省市场监管局", "省工信厅、省商务厅", "2025年6月底"],
        ["2", "建设质量基础设施", "省科技厅", "", "2025年底前"],
        ["3", "培育区域品牌", "省商务厅、省农业农村厅", "各市州政府", "持续推进"],
    ]) + w_p("二、保障措施") + w_p("(一)加强组织领导。各地要建立工作机制。")
    path = tmp_path / "table.docx"
    path.write_bytes(docx(body))
    plan = parse_plan(drafted(path), "p.yaml", default_id="p")
    rows = [(t.title, t.lead, t.support, t.due and t.due.isoformat()) for t in plan.tasks if t.section == "1"]
    assert rows == [
        ("开展质量提升专项行动", ["省市场监管局"], ["省工信厅", "省商务厅"], "2025-06-30"),
        ("建设质量基础设施", ["省科技厅"], [], "2025-12-31"),
        ("培育区域品牌", ["省商务厅", "省农业农村厅"], ["各市州政府"], rows[2][3]),
    ]


def test_a_table_that_is_not_a_task_table_is_read_row_by_row(tmp_path):
    page = ("<html><head><meta charset='utf-8'></head><body><p>某县质量工作要点</p><p>一、主要指标</p>"
            "<table><tr><td>指标</td><td>目标值</td></tr><tr><td>产品质量合格率</td><td>95%</td></tr></table>"
            "<p>二、重点工作</p><p>1.开展质量提升行动。(县市场监管局负责)</p></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page)
    out = drafted(path)
    assert "指标 目标值" in out or "产品质量合格率 95%" in out
    plan = parse_plan(out, "p.yaml", default_id="p")
    assert [t.lead for t in plan.tasks] == [["县市场监管局"]]


@needs_soffice
def test_an_official_pdf_loses_its_page_furniture_and_made_up_spaces(converted):
    from qtrack.draft.formats import read_document

    text = read_document(converted / "2011-gansu-quality-revitalization-scheme.official.pdf").decode()
    assert "甘政办发[2011]58号" in text and "2011年底前" in text  # no space PDFium makes up from a gap
    assert "某省人民政府办公厅文件" not in text  # the running header
    assert "— 3 —" not in text and "—3—" not in text
    # a paragraph broken over lines and pages is one line again
    assert "(二)设立甘肃省人民政府质量奖。制定《甘肃省人民政府质量奖实施意见》及评审细则," in text


def test_without_the_pdf_library_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "pypdfium2", None)
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_pages(1, b"BT /F1 12 Tf 72 720 Td (1. x) Tj ET"))
    result = run("draft", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}: reading PDF needs pypdfium2: pip install 'qtrack[documents]'\n"


def test_without_libreoffice_a_doc_file_gets_what_to_install(tmp_path, monkeypatch):
    import qtrack.draft.formats.office as office
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    result = run("draft", str(path))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "apt-get install libreoffice-writer-nogui" in result.stderr and "save it as .docx" in result.stderr


@pytest.mark.parametrize("number, fmt, text", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
    (20, "chineseCountingThousand", "二十"), (35, "taiwaneseCountingThousand", "三十五"),
    (3, "chineseLegalSimplified", "叁"), (11, "chineseLegalSimplified", "拾壹"), (2, "ideographTraditional", "乙"),
    (3, "decimalEnclosedCircle", "③"), (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (7, "decimalFullWidth", "７"),
])
def test_word_number_formats(number, fmt, text):
    from qtrack.draft.formats.numbering import FORMATS
    assert FORMATS[fmt](number) == text


def test_a_task_table_with_merged_cells_group_rows_and_a_title_row(tmp_path):
    """A saved page's 任务分工表 as sites publish it: a title row over the header, a group heading
    spanning the table, a lead spanning rows (rowspan), two bodies on two lines of one cell."""
    long_task = "推进检验检测机构整合," + "加强能力建设," * 30 + "提升服务水平"
    page = ("<html><head><meta charset='gbk'></head><body><p>某市质量提升行动方案</p><p>一、重点任务</p><table>"
            "<tr><td colspan='5'>附件:重点任务分工表</td></tr>"
            "<tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时间</th></tr>"
            "<tr><td colspan='5'>(一)产品质量</td></tr>"
            "<tr><td>1</td><td>开展专项抽查</td><td rowspan='2'>市市场监管局</td><td>市公安局<br>市商务局</td>"
            "<td>2025年9月底</td></tr>"
            f"<tr><td>2</td><td>{long_task}</td><td>市科技局</td><td>2025年底前</td></tr>"
            "</table><p>二、保障措施</p><p>(一)加强组织领导。</p></body></html>").encode("gbk")
    path = tmp_path / "page.htm"
    path.write_bytes(page)
    plan = parse_plan(drafted(path), "p.yaml", default_id="p")
    rows = [(t.title[:6], t.lead, t.support, t.due and t.due.isoformat()) for t in plan.tasks if t.section.startswith("1")]
    assert rows == [("开展专项抽查", ["市市场监管局"], ["市公安局", "市商务局"], "2025-09-30"),
                    ("推进检验检测", ["市市场监管局"], ["市科技局"], "2025-12-31")]


def test_a_word_task_table_with_vertically_merged_leads(tmp_path):
    def cell(text: str, merge: str | None = None, span: int = 1) -> str:
        props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (f'<w:vMerge w:val="{merge}"/>' if merge == "restart"
                                                                        else "<w:vMerge/>" if merge else "")
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{w_p(text) if text else '<w:p/>'}</w:tc>"

    rows = [[cell("序号"), cell("主要任务"), cell("责任单位"), cell("完成时限")],
            [cell("一、质量基础", span=4)],
            [cell("1"), cell("完善计量体系"), cell("省市场监管局", "restart"), cell("2026年底前")],
            [cell("2"), cell("建设标准化平台"), cell("", "continue"), cell("2026年6月")]]
    table = "<w:tbl>" + "".join(f"<w:tr>{''.join(r)}</w:tr>" for r in rows) + "</w:tbl>"
    path = tmp_path / "t.docx"
    path.write_bytes(docx(w_p("某省标准化工作方案") + w_p("一、主要任务") + table))
    plan = parse_plan(drafted(path), "p.yaml", default_id="p")
    assert [(t.label, t.title, t.lead, t.due.isoformat()) for t in plan.tasks] == [
        ("1.", "完善计量体系", ["省市场监管局"], "2026-12-31"), ("2.", "建设标准化平台", ["省市场监管局"], "2026-06-30")]


def _line(text: str, x0: float, x1: float, top: float, spaced: bool = False):
    from qtrack.draft.formats.layout import Line
    return Line(text, x0, x1, top, top - 10, 10, spaced)


def test_positioned_lines_become_paragraphs():
    """Full lines run on (also across pages); a line broken at a real space before a word that would
    not fit runs on with its space; an indented line, a heading after a full stop and a wide gap
    start anew; page numbers and a header on both pages go. (10 pt characters, margins 50–330.)"""
    from qtrack.draft.formats.layout import drop_furniture, paragraphs

    full = "为" * 28
    page1 = [_line("某市人民政府文件", 150, 230, 800), _line("(一)加强领导" + "为" * 20, 70, 330, 770),
             _line(full, 50, 330, 750), _line("国发", 50, 270, 730, spaced=True),  # 〔2022〕18 needs ~5 em
             _line("〔2022〕18号)为" + "为" * 15, 50, 290, 710), _line(full, 50, 330, 690), _line("— 1 —", 150, 200, 40)]
    page2 = [_line("某市人民政府文件", 150, 230, 800), _line(full[:-1] + "。", 50, 330, 770),
             _line("2.开展行动。", 50, 120, 750), _line("不是续行", 50, 90, 700), _line("— 2 —", 150, 200, 40)]
    assert paragraphs(drop_furniture([page1, page2])) == [
        "(一)加强领导" + "为" * 20 + full + "国发 〔2022〕18号)为" + "为" * 15, full + full[:-1] + "。",
        "2.开展行动。", "", "不是续行"]


def test_a_bare_number_is_a_page_number_only_outside_the_type_area():
    """A table flattened to one cell a line can put its 序号 "1" first on a page: inside the type
    area it is text; the bare numbers in the footer margin and the running header still go."""
    from qtrack.draft.formats.layout import drop_furniture, paragraphs

    page1 = [_line("某市人民政府文件", 150, 230, 800), _line("序号", 50, 70, 770), _line("牵头单位", 50, 90, 740),
             _line("1", 180, 185, 40)]
    page2 = [_line("某市人民政府文件", 150, 230, 800), _line("1", 50, 55, 770), _line("完成任务。", 50, 100, 740),
             _line("为" * 28, 50, 330, 710), _line("2", 180, 185, 40)]
    assert paragraphs(drop_furniture([page1, page2])) == ["序号", "牵头单位", "1", "完成任务。", "为" * 28]


def test_a_text_named_like_a_page_is_still_read_as_text(tmp_path):
    from qtrack.draft.formats.sniff import sniff
    assert sniff("一、总体要求\n(一)加强领导。\n".encode(), "plan.htm") == "text"
    assert sniff(b"<p>\xe4\xb8\x80</p>", "plan.htm") == "html"
    assert sniff(b"<!DOCTYPE html><html><body></body></html>", "plan.txt") == "html"
