"""The ledger as a spreadsheet sees it: the file XlsxWriter writes (qtrack/ledger/write.py), read back
with openpyxl, keeps every look the ledger had: widths, formats, fills, frozen panes, drop-downs,
print setup and print titles, the department's property, row heights."""

from __future__ import annotations

from openpyxl import load_workbook
from test_ledger import AS_OF, export

from qtrack.ledger import columns as cols
from qtrack.ledger import layout


def styled(cell) -> tuple:
    return (cell.font.name, cell.font.sz, cell.border.left.style, cell.fill.fill_type,
            cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type else "", cell.number_format, cell.alignment.vertical)


def test_every_column_keeps_its_width_format_and_fill(loaded, tmp_path):
    ws = load_workbook(export(loaded, tmp_path, "--plan", "2016"))["2016"]
    columns = cols.plan_columns(False)
    for i, column in enumerate(columns, start=1):
        # XlsxWriter states neighbours of one width as one range; openpyxl keys it by its first column
        [dim] = [d for d in ws.column_dimensions.values() if d.min <= i <= d.max]
        if column.width:  # the width the layout counted on (layout.fits), not XlsxWriter's padded one
            assert (dim.width, bool(dim.hidden)) == (column.width, False), column.header
        else:
            assert dim.hidden, column.header
        head = ws.cell(cols.HEADER_ROW, i)
        assert head.font.b and styled(head)[4] == ("FFF2CC" if column.fill else "D9E1F2"), column.header
        body = ws.cell(cols.FIRST_ROW, i)  # 2016/1: a fill-in cell is blank but still filled and bordered
        font, size, border, fill, colour, number, vertical = styled(body)
        assert (font, size, border, vertical) == (layout.FONT, layout.SIZE, "thin", "top"), column.header
        assert (fill, colour) == (("solid", "FFFBEA") if column.style.startswith("fill") else
                                  ("solid", "FFC7CE") if column.header == "红黄绿灯" else (None, "")), column.header
        assert number == {"date": "yyyy-mm-dd", "fill-date": "yyyy-mm-dd", "percent": '0"%"'}.get(
            column.style, "General"), column.header
    assert ws.cell(cols.FIRST_ROW, 9).font.color.rgb.endswith("9C0006")  # the red light's ink
    assert ws.cell(1, 1).font.sz == 14 and ws.cell(1, 1).font.b
    # Every row as tall as its text needs, to the pixel (3/4 pt) above.
    for row, needed in ((1, layout.TITLE_HEIGHT), (cols.FIRST_ROW, layout.row_height(
            [c.value for c in ws[cols.FIRST_ROW]], columns))):
        assert needed <= ws.row_dimensions[row].height < needed + 0.75


def test_each_sheet_keeps_its_panes_drop_downs_and_print_titles(loaded, tmp_path):
    book = load_workbook(export(loaded, tmp_path, "--plan", "2016"))
    assert book.sheetnames == ["2016", cols.TARGETS, cols.DUTIES, cols.SUMMARY, cols.ASSESSMENT]
    for ws in book.worksheets:
        last = "A" if ws.title == cols.SUMMARY else "B"
        assert ws.freeze_panes == ("B3" if ws.title == cols.SUMMARY else "C3"), ws.title
        assert (ws.print_title_rows, ws.print_title_cols) == ("$2:$2", f"$A:${last}"), ws.title
        assert ws.page_setup.pageOrder == "overThenDown" and ws.print_options.horizontalCentered
        margins = ws.page_margins
        assert (margins.left, margins.right, margins.top, margins.bottom, margins.header, margins.footer) == (
            0.4, 0.4, 0.75, 0.75, 0.3, 0.3)
        assert (ws.oddHeader.center.font, ws.oddHeader.center.size) == (f"{layout.FONT},Regular", 10)
    # An operator left out is between (ECMA-376's default, which XlsxWriter leaves unsaid).
    rules = {(ws.title, str(v.sqref)): (v.type, v.operator or "between", v.formula1, v.formula2, v.allow_blank, v.showErrorMessage)
             for ws in book.worksheets for v in ws.data_validations.dataValidation}
    assert rules[("2016", "J3:J12")] == ("list", "between", '"未开始,进行中,已完成,受阻,已取消"', None, True, True)
    assert rules[("2016", "K3:K12")] == ("whole", "between", "0", "100", True, True)
    sizes = {ws.title: ws.max_row for ws in book.worksheets}
    assert rules[(cols.TARGETS, f"I3:I{sizes[cols.TARGETS]}")][0] == "decimal"
    assert rules[(cols.DUTIES, f"I3:I{sizes[cols.DUTIES]}")][:3] == ("list", "between", '"已完成,未完成,免除"')


def test_a_departments_ledger_says_whose_it_is(loaded, tmp_path):
    book = load_workbook(export(loaded, tmp_path, "--dept", "监督司"))
    assert [(p.name, p.value) for p in book.custom_doc_props.props] == [(cols.DEPARTMENT_PROPERTY, "监督司")]
    whole = load_workbook(export(loaded, tmp_path, name="all.xlsx"))
    assert not list(whole.custom_doc_props.props)


def test_a_page_header_is_cut_to_the_255_characters_excel_allows():
    assert layout.header_text("a&b") == "a&&b"
    cut = layout.header_text("长" * 300, 100)
    assert len(cut) == 100 and cut.endswith("…")
    assert layout.header_text("&" * 300, 100) == "&" * 98 + "…"  # never half an &&
    assert layout.header_text("😀" * 60, 100) == "😀" * 49 + "…"  # two UTF-16 units each, as Excel counts


def test_a_plan_with_a_long_title_still_has_its_page_header(cli, tmp_path):
    plan = tmp_path / "long.yaml"
    title = "很长的计划标题" * 50
    plan.write_text(f"qtrack: 1\nplan:\n  id: long\n  title: {title}\n  start: 2016-01-01\n  end: 2016-12-31\n"
                    "departments:\n  - {name: 质量司}\nsections:\n  - code: '1'\n    title: 总体任务\n    tasks:\n"
                    "      - {code: '1', title: 提升质量, lead: [质量司], due: 2016-11-30}\n", encoding="utf-8")
    result = cli("import", str(plan))
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(export(cli, tmp_path))["long"]
    assert ws.oddHeader.center.text.startswith("很长的计划标题") and ws.oddHeader.right.text == f"截至 {AS_OF}"
