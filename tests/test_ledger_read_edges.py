"""A filled ledger read back at its edges (issue 22), through `qtrack import-progress` on real
.xlsx files: progress 0 and 100 are taken, one past either refused as Sheet!Cell; a row nobody
filled is skipped. Written through the command, so it holds whatever reads the cells."""

from __future__ import annotations

import pytest
from conftest import rows
from openpyxl import load_workbook

from qtrack import ledger

AS_OF = "2016-12-15"


@pytest.fixture
def back(loaded, tmp_path):
    path = tmp_path / "ledger.xlsx"
    assert loaded("export", "-o", str(path), "--plan", "2016", "--as-of", AS_OF).exit_code == 0

    def fill(values: dict[str, dict[str, object]]):
        book = load_workbook(path)
        ws = book["2016"]
        headers = {c.value: c.column for c in ws[ledger.HEADER_ROW]}
        ref_col = headers[ledger.REF_HEADER]
        where = {ws.cell(n, ref_col).value: n for n in range(ledger.HEADER_ROW + 1, ws.max_row + 1)}
        for ref, cells in values.items():
            for header, value in cells.items():
                ws.cell(where[ref], headers[header], value)
        book.save(tmp_path / "back.xlsx")
        result = loaded("import-progress", str(tmp_path / "back.xlsx"), "--by", "督查室", "--as-of", AS_OF)
        return result, {h: ws.cell(where[r], headers[h]).coordinate for r, c in values.items() for h in c}

    return fill


def progress_of(db, ref: str) -> list[tuple]:
    return rows(db, "SELECT u.progress FROM task_update u JOIN task t ON t.id = u.task_id "
                    "WHERE t.plan_id || '/' || t.code = ? ORDER BY u.id", (ref,))


@pytest.mark.parametrize("progress", [0, 1, 99, 100])
def test_progress_from_0_to_100_is_recorded(back, db, progress):
    result, _ = back({"2016/1": {"新状态": "进行中" if progress < 100 else "已完成", "新进度": progress,
                                 "填报日期": "2016-12-10"}})
    assert result.exit_code == 0, result.stderr
    assert progress_of(db, "2016/1") == [(progress,)]


@pytest.mark.parametrize("progress, says", [(-1, "progress -1 is outside 0–100"), (101, "progress 101 is outside 0–100"),
                                            (99.5, "progress 99.5 is not a whole number")])
def test_progress_past_its_bounds_is_refused_at_its_cell(back, db, progress, says):
    result, cell = back({"2016/1": {"新进度": progress, "填报日期": "2016-12-10"}})
    assert result.exit_code != 0 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == f"error: 2016!{cell['新进度']}: {says}"
    assert progress_of(db, "2016/1") == []


def test_an_extension_asked_without_a_reason_is_refused_at_the_reason(back, db):
    result, cell = back({"2016/1": {"申请延期至": "2017-03-31", "填报日期": "2016-12-10"}})
    assert result.exit_code != 0
    row = cell["申请延期至"].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    [line] = [line for line in result.stderr.splitlines() if "needs a reason" in line]
    assert line.startswith("error: 2016!") and line.endswith(f"{row}: a request for extension needs a reason: fill 延期理由")
    assert not rows(db, "SELECT 1 FROM task_update")


def test_a_row_nobody_filled_is_skipped_and_one_filled_row_recorded(back, db):
    result, _ = back({"2016/2": {"新状态": "进行中", "填报日期": "2016-12-10"}})
    assert result.exit_code == 0, result.stderr
    assert "recorded 1 update from" in result.stdout
    assert progress_of(db, "2016/1") == []


@pytest.mark.parametrize("sheet, renamed, cells, says", [
    ("指标", "指标 (2)", {"2016/T1": {"新测量值": 91.5, "填报日期": "2016-12-01"}}, "recorded 1 measurement from"),
    ("定期工作", "Sheet9", {"2016/D1@2016-03": {"完成情况": "已完成", "填报日期": "2016-03-31"}}, "recorded 1 duty report from"),
])
def test_a_renamed_targets_or_duties_sheet_is_known_by_its_fill_in_column(loaded, db, tmp_path, sheet, renamed, cells,
                                                                         says):
    path = tmp_path / "ledger.xlsx"
    assert loaded("export", "-o", str(path), "--plan", "2016", "--as-of", AS_OF).exit_code == 0
    book = load_workbook(path)
    ws = book[sheet]
    headers = {c.value: c.column for c in ws[ledger.HEADER_ROW]}
    where = {ws.cell(n, headers[ledger.REF_HEADER]).value: n for n in range(ledger.HEADER_ROW + 1, ws.max_row + 1)}
    for ref, values in cells.items():
        for header, value in values.items():
            ws.cell(where[ref], headers[header], value)
    ws.title = renamed  # a department's copy, its sheet renamed: the 新测量值 or 完成情况 column says what it is
    book.save(path)
    result = loaded("import-progress", str(path), "--by", "质量司", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert says in result.stdout


def test_a_fill_in_column_gone_from_the_sheet_is_named_and_nothing_written(back, loaded, db, tmp_path):
    book = load_workbook(tmp_path / "ledger.xlsx")
    ws = book["2016"]
    [cell] = [c for c in ws[ledger.HEADER_ROW] if c.value == "新进度"]
    cell.value = "进度"  # a department retitled the column
    book.save(tmp_path / "renamed.xlsx")
    result = loaded("import-progress", str(tmp_path / "renamed.xlsx"), "--by", "督查室", "--as-of", AS_OF)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "error: 2016: the column 新进度 went missing; fill in the ledger qtrack exported")
    assert not rows(db, "SELECT 1 FROM task_update")


def test_a_status_its_progress_contradicts_is_refused_at_the_progress_cell(back, db):
    result, cell = back({"2016/1": {"新状态": "已完成", "新进度": 50, "填报日期": "2016-12-10"}})
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"error: 2016!{cell['新进度']}: ")
    assert not rows(db, "SELECT 1 FROM task_update")


def test_a_reason_for_extension_without_the_date_is_refused_at_the_date_cell(back, db):
    result, cell = back({"2016/1": {"延期理由": "等待上级批复", "申请延期至": None, "填报日期": "2016-12-10"}})
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if "without the date" in line]
    assert line == f"error: 2016!{cell['申请延期至']}: 延期理由 given without the date asked for: fill 申请延期至"


@pytest.mark.parametrize("extra, refused", [(0, False), (1, True)])  # parts up to the bound itself, then one more
def test_a_workbook_of_as_many_parts_as_the_bound_is_read_and_one_more_refused(back, loaded, db, tmp_path, extra,
                                                                              refused):
    import zipfile

    from qtrack.ledger.read import MAX_MEMBERS

    result, _ = back({"2016/1": {"新状态": "进行中", "填报日期": "2016-12-10"}})  # writes back.xlsx, recorded once
    padded = tmp_path / "padded.xlsx"
    with zipfile.ZipFile(tmp_path / "back.xlsx") as source, zipfile.ZipFile(padded, "w") as out:
        for member in source.infolist():
            out.writestr(member, source.read(member))
        for n in range(MAX_MEMBERS - len(source.infolist()) + extra):
            out.writestr(f"customXml/pad{n}.xml", "")
    again = loaded("import-progress", str(padded), "--by", "督查室", "--as-of", AS_OF)
    if refused:
        assert again.exit_code == 1 and f"in {MAX_MEMBERS + 1} parts; refused" in again.stderr
    else:
        assert again.exit_code == 0, again.stderr
        assert "1 row already recorded" in again.stdout
