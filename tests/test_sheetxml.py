"""qtrack/ledger/sheetxml.py: the cells of a workbook read straight from its XML, as spreadsheet
programs write them (shared and inline strings, 1900 and 1904 dates, sparse rows), as openpyxl and
XlsxWriter write them, and refused cleanly when hostile."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from qtrack.ledger import sheetxml

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
BOUND = 64 * 2**20


def workbook(path: Path, rows: str, *, strings: list[str] | None = None, styles: str = "", pr: str = "",
             head: str = "", sheet_name: str = "S") -> Path:
    """A minimal .xlsx: one sheet whose <sheetData> holds `rows`."""
    kinds = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    parts = {"xl/worksheets/sheet1.xml": f"<?xml version='1.0' encoding='UTF-8'?>\n<worksheet {NS}>{head}"
                                         f"<sheetData>{rows}</sheetData></worksheet>"}
    if strings is not None:
        kinds.append(("rId2", "sharedStrings", "sharedStrings.xml"))
        parts["xl/sharedStrings.xml"] = f"<sst {NS}>" + "".join(strings) + "</sst>"
    if styles:
        kinds.append(("rId3", "styles", "styles.xml"))
        parts["xl/styles.xml"] = f"<styleSheet {NS}>{styles}</styleSheet>"
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG}">' + "".join(
        f'<Relationship Id="{i}" Type="{R}/{k}" Target="{t}"/>' for i, k, t in kinds) + "</Relationships>"
    parts["xl/workbook.xml"] = (f'<workbook {NS} xmlns:r="{R}">{pr}<sheets>'
                                f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    parts["_rels/.rels"] = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                            f'Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def read(path: Path, width: int = 8, **options) -> dict[str, object]:
    """Every non-empty cell: coordinate → value."""
    with sheetxml.Book(path, max_unpacked=BOUND) as book:
        return {c.coordinate: c.value for row in book.worksheets[0].rows(max_col=width, **options)
                for c in row.cells(width) if c.value is not None}


DATES = '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>' \
        '</numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="9"/>' \
        '</cellXfs>'


def test_shared_and_inline_strings_read_the_same(tmp_path):
    rows = ('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><t>进行中</t></is></c>'
            '<c r="C1" t="s"><v>2</v></c><c r="D1" t="str"><v>文本</v></c></row>')
    strings = ["<si><t>未用</t></si>", "<si><t>进行中</t></si>",
               "<si><r><t>分</t></r><r><rPr><b/></rPr><t>段</t></r><rPh><t>フリ</t></rPh></si>"]
    assert read(workbook(tmp_path / "a.xlsx", rows, strings=strings)) == {
        "A1": "进行中", "B1": "进行中", "C1": "分段", "D1": "文本"}


def test_a_shared_string_index_outside_the_table_is_refused_with_its_cell(tmp_path):
    path = workbook(tmp_path / "a.xlsx", '<row r="3"><c r="B3" t="s"><v>7</v></c></row>', strings=["<si><t>x</t></si>"])
    with pytest.raises(sheetxml.WorkbookError, match=r"S!B3: shared string 7"):
        read(path)


@pytest.mark.parametrize("pr, day", [("", dt.datetime(2016, 12, 10)),
                                     ('<workbookPr date1904="1"/>', dt.datetime(2020, 12, 11)),
                                     ('<workbookPr date1904="true"/>', dt.datetime(2020, 12, 11))])
def test_dates_are_serials_in_a_date_format_of_the_workbooks_system(tmp_path, pr, day):
    rows = ('<row r="1"><c r="A1" s="1"><v>42714</v></c><c r="B1" s="2"><v>42714</v></c>'
            '<c r="C1" s="0"><v>42714</v></c><c r="D1" s="3"><v>0.6</v></c><c r="E1" s="1"><v>42714.5</v></c></row>')
    path = workbook(tmp_path / "d.xlsx", rows, styles=DATES, pr=pr)
    assert read(path) == {"A1": day, "B1": day, "C1": 42714, "D1": 0.6, "E1": day + dt.timedelta(hours=12)}
    with sheetxml.Book(path, max_unpacked=BOUND) as book:
        [row] = book.worksheets[0].rows()
        assert row.cell(4).number_format == "0%" and row.cell(1).data_type == "d"


def test_a_chinese_locales_builtin_date_format_is_a_date_without_being_spelled_out(tmp_path):
    styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31"/></cellXfs>'  # yyyy"年"m"月"d"日" in zh-CN
    assert read(workbook(tmp_path / "d.xlsx", '<row r="1"><c r="A1" s="1"><v>42714</v></c></row>', styles=styles)) \
        == {"A1": dt.datetime(2016, 12, 10)}


def test_numbers_booleans_errors_and_formulas(tmp_path):
    rows = ('<row r="1"><c r="A1"><v>50</v></c><c r="B1"><v>50.5</v></c><c r="C1" t="b"><v>1</v></c>'
            '<c r="D1" t="e"><v>#N/A</v></c><c r="E1"><f>1+1</f><v>2</v></c><c r="F1"><v>1e400</v></c></row>')
    with sheetxml.Book(workbook(tmp_path / "n.xlsx", rows), max_unpacked=BOUND) as book:
        [row] = book.worksheets[0].rows()
        cells = row.cells(6)
    assert [(c.value, c.data_type) for c in cells] == [
        (50, "n"), (50.5, "n"), (True, "b"), ("#N/A", "e"), ("=1+1", "f"), (float("inf"), "n")]
    assert isinstance(cells[0].value, int)


def test_sparse_rows_and_cells_keep_their_numbers(tmp_path):
    rows = ('<row r="2"><c r="C2"><v>1</v></c></row><row r="7"><c><v>2</v></c><c><v>3</v></c>'
            '<c r="F7"><v>4</v></c><c><v>5</v></c></row><row><c r="B8"><v>6</v></c></row>')
    assert read(workbook(tmp_path / "s.xlsx", rows)) == {"C2": 1, "A7": 2, "B7": 3, "F7": 4, "G7": 5, "B8": 6}


ROWS = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>标题{n}</t></is></c><c r="B{n}" s="1"/>'
               + (f'<c r="C{n}"><v>{n}</v></c>' if n % 3 == 0 else f'<c r="C{n}" s="2"/>') + "</row>"
               for n in range(1, 40))


@pytest.mark.parametrize("rows", [
    ROWS,
    ROWS.replace('<row r="20">', '<!-- a comment --><row r="20">'),  # from here on, unfiltered
    ROWS.replace('<row r="20">', '<row>'),  # a row without its number: counted from the last left out
    ROWS.replace('<c r="C9">', '<c  r="C9">'),  # not a plain r="…": kept
    ROWS.replace('<c r="C9">', "<c r='C9'>"),
])
def test_leaving_out_unfilled_rows_reads_every_filled_one(tmp_path, rows):
    path = workbook(tmp_path / "f.xlsx", rows)
    whole = read(path, 3)
    filled = read(path, 3, only_filled={3})
    assert {k: v for k, v in whole.items() if k.startswith("C")} == {f"C{n}": n for n in range(3, 40, 3)}
    assert {k: v for k, v in filled.items() if k.startswith("C")} == {f"C{n}": n for n in range(3, 40, 3)}
    assert set(filled) <= set(whole)  # the others were left out (unless the chunk was unsure)
    if rows == ROWS:
        assert len(filled) == 2 * 13  # all of them: 标题 and C of the 13 rows with a C


def test_a_cell_whose_column_is_not_certain_keeps_its_row(tmp_path):
    rows = '<row r="5"><c r="A5"><v>1</v></c><c><v>2</v></c></row><row r="6"><c r="A6"><v>3</v></c></row>'
    assert read(workbook(tmp_path / "u.xlsx", rows), only_filled={2}) == {"A5": 1, "B5": 2}


def test_a_row_split_across_chunks_is_read_whole(tmp_path):
    text = "长" * 200_000  # 600 kB of UTF-8: several of the reader's chunks
    rows = (f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>{text}</t></is></c>'
            f'<c r="B2"><v>9</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>')
    found = read(workbook(tmp_path / "big.xlsx", rows), only_filled={2})
    assert found == {"A2": text, "B2": 9}


def test_a_ten_megabyte_string_is_read(tmp_path):
    text = "x" * (10 * 2**20)
    found = read(workbook(tmp_path / "ten.xlsx", f'<row r="3"><c r="A3" t="inlineStr"><is><t>{text}</t></is></c></row>'))
    assert len(found["A3"]) == len(text)


def test_a_million_empty_rows_are_passed_over(tmp_path):
    rows = "".join(f'<row r="{n}"/>' for n in range(1, 1_000_001)) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = workbook(tmp_path / "m.xlsx", rows)
    with sheetxml.Book(path, max_unpacked=BOUND) as book:
        assert [r.number for r in book.worksheets[0].rows(max_col=20, only_filled={10})] == []
        [far] = list(book.worksheets[0].rows(only_filled={16_384}))
        assert far.value(16_384) == 1 and far.cell(16_384).coordinate == "XFD1048576"


@pytest.mark.parametrize("rows, message", [
    ('<row r="1048577"><c r="A1048577"><v>1</v></c></row>', "beyond Excel's last row"),
    ('<row r="1"><c r="XFE1"><v>1</v></c></row>', "beyond Excel's last"),
    ('<row r="1"><c r="a1"><v>1</v></c></row>', "not a cell reference"),
    ('<row r="1"><c r="A2"><v>1</v></c></row>', "a cell of row 2 in row 1"),
    ('<row r="1"><c r="A1"><v>1</v></row>', "mismatched tag"),
])
def test_absurd_references_and_broken_xml_are_refused(tmp_path, rows, message):
    with pytest.raises(sheetxml.WorkbookError, match=message):
        read(workbook(tmp_path / "x.xlsx", rows))


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
          + f"]><worksheet {NS}><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&i;</t></is></c></row>"
          "</sheetData></worksheet>")


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_a_dtd_is_refused_before_any_entity_is_expanded(tmp_path, part):
    path = workbook(tmp_path / "laughs.xlsx", '<row r="1"/>')
    out = tmp_path / "out.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == part:
                data = LAUGHS.encode() if part.endswith("sheet1.xml") else data.replace(
                    b"<workbook", b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook', 1)
            new.writestr(info.filename, data)
    with pytest.raises(sheetxml.WorkbookError, match="declares a DTD"):
        read(out)


def test_utf16_is_refused_rather_than_searched_blind(tmp_path):
    path = workbook(tmp_path / "u.xlsx", "")
    out = tmp_path / "u16.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, data.decode().encode("utf-16") if info.filename == "xl/workbook.xml" else data)
    with pytest.raises(sheetxml.WorkbookError, match="not UTF-8"):
        read(out)


def test_the_budget_of_unpacked_bytes_stops_a_bomb_whatever_it_declares(tmp_path):
    path = workbook(tmp_path / "b.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>' + " " * 2**20)
    with pytest.raises(sheetxml.WorkbookError, match="zip bomb"):
        with sheetxml.Book(path, max_unpacked=2**19) as book:
            list(book.worksheets[0].rows())


@pytest.mark.parametrize("drop, message", [("xl/workbook.xml", "no workbook part"),
                                           ("xl/worksheets/sheet1.xml", "the sheet S has no part")])
def test_missing_parts_are_named(tmp_path, drop, message):
    path = workbook(tmp_path / "p.xlsx", "")
    out = tmp_path / "missing.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            if info.filename != drop:
                new.writestr(info.filename, old.read(info.filename))
    with pytest.raises(sheetxml.WorkbookError, match=message):
        read(out)


def test_not_a_zip(tmp_path):
    (tmp_path / "t.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(sheetxml.WorkbookError):
        sheetxml.Book(tmp_path / "t.xlsx", max_unpacked=BOUND)


VALUES = [["任务", "进行中", 50, 0.6, dt.datetime(2016, 12, 10), True, None, "=1+1"],
          [None, "第二行", 12.5, None, None, False, "文本", None]]


def _same_as_openpyxl(path: Path):
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    theirs = {c.coordinate: c.value for row in book.worksheets[0].iter_rows() for c in row
              if getattr(c, "value", None) is not None}
    book.close()
    assert read(path) == theirs
    assert read(path)["E1"] == dt.datetime(2016, 12, 10)


def test_a_file_openpyxl_writes_reads_as_openpyxl_reads_it(tmp_path):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("S")
    for values in VALUES:
        sheet.append(values)
    book.save(tmp_path / "o.xlsx")
    _same_as_openpyxl(tmp_path / "o.xlsx")


@pytest.mark.parametrize("options", [{}, {"constant_memory": True}])  # shared strings; inline ones
def test_a_file_xlsxwriter_writes_reads_as_openpyxl_reads_it(tmp_path, options):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    book = xlsxwriter.Workbook(tmp_path / "x.xlsx", options)
    sheet = book.add_worksheet("S")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, values in enumerate(VALUES):
        for c, value in enumerate(values):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, day)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    _same_as_openpyxl(tmp_path / "x.xlsx")


@pytest.mark.parametrize("at", range(20, 32))
def test_a_row_without_its_number_after_rows_left_out_is_counted_from_the_last_of_them(tmp_path, monkeypatch, at):
    monkeypatch.setattr(sheetxml, "CHUNK", 256)  # a few rows a chunk: the row lands first in one, in some cases
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c>' + (f'<c r="C{n}"><v>{n}</v></c>' if n in (5, at) else "")
                   + "</row>" for n in range(1, 60))
    rows = rows.replace(f'<row r="{at}">', "<row>")
    found = read(workbook(tmp_path / "n.xlsx", rows), 3, only_filled={3})
    assert {k: v for k, v in found.items() if k.startswith("C")} == {"C5": 5, f"C{at}": at}


def test_escaped_characters_in_a_string_are_read_as_themselves(tmp_path):
    """ECMA-376's _xHHHH_: _x000D_ is a carriage return, _x005F_ an underscore (so _x005F_x000D_
    is the text _x000D_); a string with no escape is read as it is."""
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>一行_x000D_二行</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>_x005F_x000D_</t></is></c>'
            '<c r="C1" t="inlineStr"><is><t>x_y</t></is></c></row>')
    assert read(workbook(tmp_path / "e.xlsx", rows)) == {"A1": "一行\r二行", "B1": "_x000D_", "C1": "x_y"}


def test_a_row_outside_sheetdata_is_read_not_a_crash(tmp_path):
    """A hand-made or damaged sheet with a row before its <sheetData>: read as the rows are."""
    stray = '<row r="1"><c r="A1" t="inlineStr"><is><t>外</t></is></c></row>'
    rows = '<row r="2"><c r="A2" t="inlineStr"><is><t>内</t></is></c></row>'
    assert read(workbook(tmp_path / "s.xlsx", rows, head=stray)) == {"A1": "外", "A2": "内"}
