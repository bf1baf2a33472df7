"""The ledger (督查台帐): exported as .xlsx, filled in with openpyxl the way a department would,
and imported back with `qtrack import-progress`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import PLANS, rows, state
from openpyxl import load_workbook

from qtrack import ledger

AS_OF = "2016-12-15"


def export(cli, tmp_path, *args: str, name: str = "ledger.xlsx"):
    path = tmp_path / name
    result = cli("export", "-o", str(path), "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    return path


def rows_by_ref(sheet) -> dict[str, int]:
    col = [c.value for c in sheet[ledger.HEADER_ROW]].index(ledger.REF_HEADER) + 1
    return {sheet.cell(n, col).value: n for n in range(ledger.HEADER_ROW + 1, sheet.max_row + 1)}


def fill(path, out, rows: dict[str, dict[str, object]], sheet: str = "2016"):
    """Fill the named task rows' fill-in columns, as a department would, and save as `out`."""
    book = load_workbook(path)
    ws = book[sheet]
    headers = {c.value: c.column for c in ws[ledger.HEADER_ROW]}
    where = rows_by_ref(ws)
    for ref, values in rows.items():
        for header, value in values.items():
            ws.cell(where[ref], headers[header], value)
    book.save(out)
    return out


def history(db) -> list[tuple]:
    return rows(db, "SELECT t.plan_id || '/' || t.code, u.date, u.by, u.status, u.progress, u.note, u.command "
                    "FROM task_update u JOIN task t ON t.id = u.task_id ORDER BY u.id")


def test_the_ledger_has_a_sheet_per_plan_in_document_order_and_a_summary(cli, tmp_path):
    assert cli("import", str(PLANS)).exit_code == 0
    path = export(cli, tmp_path)
    book = load_workbook(path)
    assert book.sheetnames == ["2014", "2016", "central-2017", "city-action", "gansu-2011", "指标", "定期工作",
                               ledger.SUMMARY, "考核"]
    ws = book["2016"]
    assert [c.value for c in ws[ledger.HEADER_ROW]] == [
        "序号", "任务", "牵头单位", "配合单位", "完成时限", "状态", "进度", "最新进展", "红黄绿灯",
        "新状态", "新进度", "进展情况", "填报人", "填报日期", "办理环节", "签收日期", "申请延期至", "延期理由", "佐证材料",
        ledger.REF_HEADER]
    listed = json.loads(cli("tasks", "--plan", "gansu-2011", "-f", "json").stdout)
    assert list(rows_by_ref(book["gansu-2011"])) == [t["ref"] for t in listed]  # document order, sub-tasks included
    assert list(rows_by_ref(ws)) == [f"2016/{n}" for n in range(1, 11)]
    first = ledger.HEADER_ROW + 1
    assert [c.value for c in ws[first]][:9] == [
        "1.", "开展消费品质量提升专项行动", "监督司", "认监委、标准委、法规司、质量司、计量司、检验司、执法司、科技司",
        dt.datetime(2016, 11, 30), "未开始", 0, None, "● 红"]
    assert ws.cell(first, 9).fill.fgColor.rgb.endswith("FFC7CE")  # the red light is a red cell
    assert ws.freeze_panes == "C3"
    assert ws.column_dimensions["T"].hidden  # the reference: present, out of the way
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"
    [status_list] = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert status_list.formula1 == '"未开始,进行中,已完成,受阻,已取消"'
    assert str(status_list.sqref) == "J3:J12"
    gansu = book["gansu-2011"]
    sub = rows_by_ref(gansu)["gansu-2011/4.2"]
    assert gansu.cell(sub, 2).alignment.indent == 2  # a sub-task sits under its main task
    summary = book[ledger.SUMMARY]
    names = [summary.cell(n, 1).value for n in range(3, summary.max_row + 1)]
    assert "质量司" in names and "省质监局" in names


def test_a_filled_ledger_records_exactly_the_expected_updates_and_a_second_import_adds_nothing(loaded, db, tmp_path):
    loaded("update", "2016/3", "--status", "doing", "--progress", "60", "--note", "方案已印发", "--by", "质量司",
           "--date", "2016-10-10", "--as-of", AS_OF)
    path = export(loaded, tmp_path, "--plan", "2016")
    ws = load_workbook(path)["2016"]
    assert ws.cell(rows_by_ref(ws)["2016/3"], 8).value == "方案已印发"  # 最新进展 carries the latest note
    filled = fill(path, tmp_path / "back.xlsx", {
        "2016/1": {"新状态": "进行中", "新进度": 40, "进展情况": "已开展抽查", "填报人": "监督司王五",
                   "填报日期": dt.date(2016, 12, 10)},
        "2016/2": {"新状态": "done", "填报日期": "2016年12月1日"},
        "2016/3": {"进展情况": "  只写了进展  "},
        "2016/4": {"新进度": "55%", "填报日期": "2016-12-05"},
    })
    before = history(db)
    result = loaded("import-progress", str(filled), "--by", "督查室", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "recorded 4 updates from" in result.stdout
    assert history(db)[len(before):] == [
        ("2016/1", "2016-12-10", "监督司王五", "doing", 40, "已开展抽查", "import-progress"),
        ("2016/2", "2016-12-01", "督查室", "done", 100, None, "import-progress"),
        ("2016/3", "2016-12-15", "督查室", None, None, "只写了进展", "import-progress"),
        ("2016/4", "2016-12-05", "督查室", "doing", 55, None, "import-progress"),  # progress starts a todo task
    ]
    after = history(db)
    again = loaded("import-progress", str(filled), "--as-of", "2016-12-20")  # another day, no --by
    assert again.exit_code == 0, again.stderr
    assert "recorded 0 updates" in again.stdout and "4 rows already recorded" in again.stdout
    assert history(db) == after


def test_a_percentage_cell_and_the_login_name(loaded, db, tmp_path, monkeypatch):
    monkeypatch.setattr("qtrack.updates.default_author", lambda: "login-name")
    path = export(loaded, tmp_path, "--plan", "2016")
    book = load_workbook(path)
    ws = book["2016"]
    cell = ws.cell(rows_by_ref(ws)["2016/5"], 11)
    cell.value, cell.number_format = 0.6, "0%"  # what Excel stores when someone types 60%
    book.save(path)
    assert loaded("import-progress", str(path), "--as-of", AS_OF).exit_code == 0
    assert history(db) == [("2016/5", AS_OF, "login-name", "doing", 60, None, "import-progress")]


def test_several_departments_files_one_after_another(loaded, db, tmp_path):
    supervision = export(loaded, tmp_path, "--dept", "监督司", name="监督司.xlsx")
    quality = export(loaded, tmp_path, "--dept", "质量司", name="质量司.xlsx")
    named = {t["ref"] for t in json.loads(loaded("tasks", "--dept", "监督司", "-f", "json").stdout)}
    in_order = [t["ref"] for t in json.loads(loaded("tasks", "-f", "json").stdout) if t["ref"] in named]
    assert len(named) < 10 and list(rows_by_ref(load_workbook(supervision)["2016"])) == in_order
    fill(supervision, supervision, {"2016/1": {"新状态": "已完成", "填报人": "监督司", "填报日期": "2016-12-02"}})
    fill(quality, quality, {"2016/6": {"新状态": "进行中", "新进度": 70, "填报人": "质量司", "填报日期": "2016-12-03"},
                            "2016/1": {"进展情况": "配合抽查", "填报人": "质量司", "填报日期": "2016-12-03"}})
    for path in (supervision, quality, supervision):
        result = loaded("import-progress", str(path), "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr
    assert history(db) == [
        ("2016/1", "2016-12-02", "监督司", "done", 100, None, "import-progress"),
        ("2016/1", "2016-12-03", "质量司", None, None, "配合抽查", "import-progress"),
        ("2016/6", "2016-12-03", "质量司", "doing", 70, None, "import-progress"),
    ]


def test_a_sheet_with_bad_cells_is_refused_with_every_cell_named_and_nothing_written(loaded, db, tmp_path):
    path = export(loaded, tmp_path, "--plan", "2016")
    book = load_workbook(path)
    ws = book["2016"]
    ws["J3"] = "完成了"  # 2016/1: not a status
    ws["K4"] = 120  # 2016/2: out of range
    ws["K5"] = "很多"  # 2016/3: not a number
    ws["N6"], ws["L6"] = "昨天", "x"  # 2016/4: not a date
    ws["N7"], ws["L7"] = "2017-01-01", "x"  # 2016/5: after today
    ws["T8"], ws["L8"] = "2016/99", "x"  # 2016/6: a reference that does not exist
    ws["M9"] = "某人"  # 2016/7: a signature and nothing to record
    ws["J10"], ws["K10"] = "已完成", 50  # 2016/8: done is 100%
    ws["L13"] = "新加的一行"  # a row the department added: no reference
    ws["J11"] = "进行中"  # 2016/9: fine, but nothing is written while others are wrong
    book.save(path)
    before = state(db)
    result = loaded("import-progress", str(path), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: 2016!J3: unknown status '完成了'; use one of todo (未开始), doing (进行中), done (已完成), "
        "blocked (受阻), dropped (已取消)",
        "error: 2016!K4: progress 120 is outside 0–100",
        "error: 2016!K5: progress '很多' is not a number (0–100)",
        "error: 2016!N6: '昨天' is not a date (write it like 2016-12-10)",
        "error: 2016!N7: date 2017-01-01 is after today (2016-12-15); progress cannot be recorded ahead",
        "error: 2016!T8: task 2016/99 no longer exists (was the plan re-imported without it?)",
        "error: 2016!J9: 填报人 or 填报日期 given but nothing to record: fill 新状态, 新进度 or 进展情况 "
        "(or 签收日期, 申请延期至, 佐证材料)",
        "error: 2016!K10: 已完成 (done) means 100% progress, not 50%",
        "error: 2016!L13: a filled row without a task reference; add tasks to the plan file, not to the ledger",
        "error: refused: 9 problems in ledger.xlsx; nothing was written",
    ]
    assert state(db) == before
    assert history(db) == []


def test_a_retired_task_is_refused(loaded, db, tmp_path, plan2016):
    path = export(loaded, tmp_path, "--plan", "2016")
    fill(path, path, {"2016/10": {"新状态": "进行中"}})
    text = plan2016.read_text(encoding="utf-8")
    plan2016.write_text(text[:text.index('      - code: "10"')], encoding="utf-8")  # task 10 leaves the file
    assert loaded("import", str(plan2016)).exit_code == 0
    result = loaded("import-progress", str(path), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "2016!T12: task 2016/10 was retired" in result.stderr


def test_dry_run_shows_and_writes_nothing(loaded, db, tmp_path):
    path = fill(export(loaded, tmp_path, "--plan", "2016"), tmp_path / "back.xlsx",
                {"2016/7": {"新状态": "受阻", "进展情况": "等待配合", "填报人": "执法司"}})
    before = state(db)
    result = loaded("import-progress", str(path), "--dry-run", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "2016/7" in result.stdout and "等待配合" in result.stdout and "执法司" in result.stdout
    assert "dry run: 1 update to record; nothing written" in result.stdout
    assert state(db) == before


@pytest.mark.parametrize("content, message", [
    (b"not a workbook", "not an Excel workbook"),
    (None, "no ledger sheet in it"),
])
def test_a_file_that_is_not_a_ledger(loaded, tmp_path, content, message):
    path = tmp_path / "other.xlsx"
    if content is None:
        from openpyxl import Workbook
        Workbook().save(path)
    else:
        path.write_bytes(content)
    result = loaded("import-progress", str(path))
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert loaded("import-progress", str(tmp_path / "missing.xlsx")).stderr.startswith("error: no file")


def test_help_of_the_export_commands_imports_neither_openpyxl_nor_icalendar():
    import subprocess
    import sys

    probe = ("import sys\nsys.argv = ['qtrack', 'export', '--help']\nfrom qtrack.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('HEAVY=' + ','.join(m for m in ('openpyxl', 'xlsxwriter', 'icalendar', 'sqlmodel') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "HEAVY="


def fill_sheet(path, sheet: str, rows: dict[str, dict[str, object]]):
    """fill() for any sheet, its rows found by the hidden reference."""
    return fill(path, path, rows, sheet=sheet)


def test_targets_and_duties_have_sheets_of_their_own_that_report_back(loaded, db, tmp_path):
    path = export(loaded, tmp_path, "--plan", "2016")
    book = load_workbook(path)
    targets, duties = book["指标"], book["定期工作"]
    listed = json.loads(loaded("targets", "--as-of", AS_OF, "-f", "json").stdout)
    assert list(rows_by_ref(targets)) == [t["ref"] for t in listed]
    assert [c.value for c in targets[3]][:8] == ["2016/T1", "10类重点消费品产品质量国家监督抽查合格率", "≥ 90%", None,
                                                 None, "无数据", dt.datetime(2016, 12, 31), "监督司"]
    owed = [f"2016/D1@2016-{m:02d}" for m in range(3, 13)]  # March to December: November due, December next
    assert list(rows_by_ref(duties)) == owed
    assert [c.value for c in duties[3]][:8] == ["2016/D1", "领导小组全体会议或专题会议", "每月", "2016-03",
                                                dt.datetime(2016, 3, 31), "未完成", None, "质量司"]
    fill_sheet(path, "指标", {"2016/T1": {"新测量值": "９１.５%", "进展情况": "抽查结果", "填报日期": "2016.12.1"}})
    fill_sheet(path, "定期工作", {"2016/D1@2016-03": {"完成情况": "已完成", "填报日期": "2016年3月31日"},
                                  "2016/D1@2016-04": {"完成情况": "免除", "进展情况": "并入5月会议"}})
    result = loaded("import-progress", str(path), "--by", "质量司", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "recorded 1 measurement, 2 duty reports from" in result.stdout
    assert rows(db, "SELECT date, value, by, note, command FROM measurement") == [
        ("2016-12-01", 91.5, "质量司", "抽查结果", "import-progress")]
    assert rows(db, "SELECT period, status, date, note FROM duty_report ORDER BY id") == [
        ("2016-03", "done", "2016-03-31", None), ("2016-04", "dropped", AS_OF, "并入5月会议")]
    again = loaded("import-progress", str(path), "--as-of", AS_OF)
    assert "recorded 0 updates" in again.stdout and "3 rows already recorded" in again.stdout
    shown = json.loads(loaded("show", "2016/D1", "--as-of", AS_OF, "-f", "json").stdout)
    assert [o["state"] for o in shown["occurrences"][:3]] == ["met", "waived", "missed"]


def test_bad_cells_on_the_targets_and_duties_sheets_refuse_the_whole_file(loaded, db, tmp_path):
    path = export(loaded, tmp_path, "--plan", "2016")
    fill(path, path, {"2016/1": {"新状态": "完成"}})  # fine alone
    fill_sheet(path, "指标", {"2016/T1": {"新测量值": "九十"}, "2016/T2": {"新测量值": "inf"},
                              "2016/T3": {"进展情况": "只写了说明"}})
    fill_sheet(path, "定期工作", {"2016/D1@2016-03": {"完成情况": "开了"}, "2016/D1@2016-04": {"期次": "2016-05",
                                                                                            "完成情况": "已完成"}})
    before = state(db)
    result = loaded("import-progress", str(path), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: 指标!I3: measurement '九十' is not a number",
        "error: 指标!I4: measurement 'inf' is not a finite number",
        "error: 指标!I5: 新测量值 is empty: a target records a measured value",
        "error: 定期工作!I3: 完成情况 '开了': write 已完成、未完成、免除",
        "error: 定期工作!D4: 期次 '2016-05' is not the period of the reference 2016/D1@2016-04",
        "error: refused: 5 problems in ledger.xlsx; nothing was written",
    ]
    assert state(db) == before


@pytest.mark.parametrize("word", ["完成", "办结", "已办结", "已完成", "done"])
def test_the_words_offices_use_for_done(loaded, db, tmp_path, word):
    path = fill(export(loaded, tmp_path, "--plan", "2016"), tmp_path / "back.xlsx",
                {"2016/5": {"新状态": word, "填报日期": "2016.10.5"}})
    assert loaded("import-progress", str(path), "--as-of", AS_OF).exit_code == 0
    assert [h[1:5] for h in history(db)] == [("2016-10-05", history(db)[0][2], "done", 100)]


def test_a_row_is_as_tall_as_its_longest_cell_wrapped_in_its_column():
    from qtrack.ledger.layout import Column, display_cells, row_height, wrapped_lines

    assert display_cells("质量司") == 6 and display_cells("NQI") == 3.75
    assert wrapped_lines("认监委、标准委、法规司、质量司", 20) == 2  # 15 characters, 30 cells, 19 to a line
    assert wrapped_lines("认监委、标准委", 20) == 1
    assert wrapped_lines("第一行\n第二行", 40) == 2
    assert wrapped_lines("a" * 100, 11) == 13  # a word longer than its line is broken
    columns = [Column("序号", 6), Column("任务", 20), Column("引用", 0)]
    one, three = row_height(["1.", "短", "x" * 500], columns), row_height(["1.", "长" * 27, None], columns)
    assert three == 3 * (one - 4) + 4  # nine to a line; the hidden reference column does not count
    assert row_height(["1.", "长" * 9, None], columns) == one
    assert row_height(["1.", "长" * 9, None], columns, indent=2) == 2 * (one - 4) + 4  # indented: less room


def test_every_sheet_prints_on_a3_or_a4_at_full_size_with_page_numbers(loaded, tmp_path):
    book = load_workbook(export(loaded, tmp_path, "--plan", "2016"))
    for ws in book.worksheets:
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation) == ((9, "portrait") if ws.title == ledger.SUMMARY else
                                                        (8, "landscape"))
        # A scale left out is 100 (ECMA-376's default; XlsxWriter writes only another one).
        assert (setup.scale or 100) == 100 and not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$2:$2" and ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert ws.oddHeader.right.text == f"截至 {AS_OF}"
        assert all(ws.row_dimensions[n].height for n in range(1, ws.max_row + 1))
    assert book["2016"].oddHeader.center.text == "质量品牌提升行动计划(2016) 督查台帐"


def test_a_large_return_lists_a_page_and_the_counts_not_every_row(cli, db, tmp_path):
    assert cli("import", str(PLANS)).exit_code == 0
    path = export(cli, tmp_path, "--plan", "gansu-2011")
    refs = list(rows_by_ref(load_workbook(path)["gansu-2011"]))[:25]
    fill(path, path, {ref: {"新进度": 10} for ref in refs}, sheet="gansu-2011")
    result = cli("import-progress", str(path), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    listed = [ref for ref in refs if f" {ref} " in result.stdout]
    assert listed == refs[:20]  # the page a pipe gets (options.FALLBACK_PAGE)
    assert "and 5 more" in result.stdout and "recorded 25 updates from" in result.stdout
    assert len(history(db)) == 25
