"""The ledger as a department sees it: printed by LibreOffice, and re-saved by it and imported.

These run the real programs (see tests/print_helpers.py); without them they are skipped with
the command that installs them.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import PLANS, rows
from openpyxl import load_workbook
from print_helpers import (
    MIN_POINTS,
    columns,
    need,
    pages,
    pdf_words,
    printed_whole,
    smallest_text,
    soffice,
)

from qtrack import ledger

AS_OF = "2016-12-15"
LONG_NOTE = ("已会同认监委、标准委、法规司、质量司、计量司、检验司、执法司、科技司召开专题会议，"
             "部署消费品质量提升专项行动；完成第一批十二类消费品的监督抽查，抽查企业三百四十六家，"
             "发现不合格产品四十一批次，已责令整改并向社会公布；第二批抽查方案已印发，"
             "计划于下月底前完成，同时建立缺陷产品召回与质量追溯的衔接机制。") * 2


@pytest.fixture
def printed(cli, tmp_path):
    """The whole bundled ledger, with one long latest note, printed to PDF by LibreOffice."""
    need("soffice", "pdftotext", "pdfinfo")
    assert cli("import", str(PLANS)).exit_code == 0
    assert cli("update", "2016/3", "--note", LONG_NOTE, "--date", "2016-12-01", "--as-of", AS_OF).exit_code == 0
    path = tmp_path / "台帐.xlsx"
    assert cli("export", "-o", str(path), "--as-of", AS_OF).exit_code == 0
    return path, soffice(path, "pdf", tmp_path)


def test_every_cell_of_every_sheet_prints_whole_at_nine_points_or_more(cli, printed):
    path, pdf = printed
    words = pdf_words(pdf)
    down = columns(words)
    book = load_workbook(path)
    expected = [cell for ws in book.worksheets for row in ws.iter_rows(min_row=ledger.HEADER_ROW + 1)
                for cell in row if isinstance(cell.value, str) and not ws.column_dimensions[cell.column_letter].hidden
                and cell.alignment.horizontal != "center" and not any(ch.isspace() for ch in cell.value)]
    assert len(expected) > 500 and any(c.value == LONG_NOTE for c in expected)
    lost = [f"{c.parent.title}!{c.coordinate} {c.value[:20]}" for c in expected if not printed_whole(c.value, down)]
    assert lost == []
    em, height = smallest_text(words)
    assert em >= MIN_POINTS and height >= MIN_POINTS
    assert pages(pdf) < 60  # A3 at 100 %, rows as tall as their text: not one page per few rows
    first = " ".join(w.text for w in words if w.page == 1)
    assert "第 1 页 共" in first and "截至 2016-12-15" in first and "2014年质量管理工作要点 督查台帐" in first


def test_the_header_row_is_repeated_on_every_page_of_a_sheet(cli, printed):
    _, pdf = printed
    words = pdf_words(pdf)
    for page in range(1, pages(pdf) + 1):
        text = {w.text for w in words if w.page == page}
        assert text & {"序号", "编号", "部门"}, f"page {page} has no header row"


def test_a_ledger_saved_by_libreoffice_imports(loaded, db, tmp_path):
    need("soffice")
    path = tmp_path / "ledger.xlsx"
    assert loaded("export", "-o", str(path), "--as-of", AS_OF).exit_code == 0
    book = load_workbook(path)
    for sheet, ref, values in (
            ("2016", "2016/1", {"新状态": "办结", "填报人": "监督司", "填报日期": dt.date(2016, 12, 2)}),
            ("2016", "2016/4", {"新进度": "55%", "进展情况": "=已部署", "填报日期": "2016.12.5"}),
            ("指标", "2016/T1", {"新测量值": 91.5, "进展情况": "统计局数据", "填报日期": "2016-12-01"}),
            ("定期工作", "2016/D1@2016-11", {"完成情况": "已完成", "填报人": "办公厅"})):
        ws = book[sheet]
        headers = {c.value: c.column for c in ws[ledger.HEADER_ROW]}
        [row] = [n for n in range(3, ws.max_row + 1) if ws.cell(n, headers[ledger.REF_HEADER]).value == ref]
        for header, value in values.items():
            cell = ws.cell(row, headers[header], value)
            if isinstance(value, str):
                cell.data_type = "s"  # typed as text (as Excel does with a leading ')
    book.save(path)
    resaved_dir = tmp_path / "resaved"
    resaved_dir.mkdir()
    resaved = soffice(path, "xlsx:Calc MS Excel 2007 XML", resaved_dir)
    assert resaved.read_bytes() != path.read_bytes()
    result = loaded("import-progress", str(resaved), "--by", "督查室", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "recorded 2 updates, 1 measurement, 1 duty report" in result.stdout
    assert rows(db, "SELECT date, by, status, progress, note FROM task_update ORDER BY id") == [
        ("2016-12-02", "监督司", "done", 100, None), ("2016-12-05", "督查室", "doing", 55, "=已部署")]  # progress alone starts a todo task
    assert rows(db, "SELECT date, value, note FROM measurement") == [("2016-12-01", 91.5, "统计局数据")]
    assert rows(db, "SELECT period, status, by FROM duty_report") == [("2016-11", "done", "办公厅")]
    shown = json.loads(loaded("show", "2016/1", "--as-of", AS_OF, "-f", "json").stdout)
    assert shown["status"] == "done"
