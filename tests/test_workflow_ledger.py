"""The supervision workflow through the ledger: a department's 签收日期, 申请延期至 / 延期理由 and
佐证材料 filled in and imported make the records the commands make (qtrack/workflow/'s functions),
refused at the cell with the database unchanged; 办理环节 shows where each task stands.

The 2016 plan (issued 2016-05-13, every task due 2016-11-30) with review and ack_within: 2016/1 is
led by 监督司 (认监委 among its supporters), 2016/3 by 质量司, 2016/5 jointly by 标准委, 质量司, 科技司.
"""

from __future__ import annotations

import json
import zipfile

import pytest
from conftest import rows, state
from openpyxl import load_workbook

from qtrack import ledger


@pytest.fixture
def review(cli, plan2016):
    plan2016.write_text(plan2016.read_text(encoding="utf-8").replace(
        "  lead: []\n", "  lead: []\n  review: true\n  ack_within: 3\n", 1), encoding="utf-8")
    ok(cli, "import", str(plan2016))
    return cli


def ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


def export(cli, tmp_path, as_of: str, *args: str):
    path = tmp_path / f"台帐-{as_of}{''.join(args)}.xlsx"
    ok(cli, "export", "-o", str(path), "--as-of", as_of, *args)
    return path


def where(path, sheet: str = "2016") -> tuple[dict[str, int], dict[str, str]]:
    """(row of each ref, column letter of each header) of a ledger sheet."""
    ws = load_workbook(path)[sheet]
    letters = {c.value: c.column_letter for c in ws[ledger.HEADER_ROW]}
    ref = letters[ledger.REF_HEADER]
    return {ws[f"{ref}{n}"].value: n for n in range(ledger.HEADER_ROW + 1, ws.max_row + 1)}, letters


def fill(path, out, values: dict[str, dict[str, object]], sheet: str = "2016"):
    book = load_workbook(path)
    ws = book[sheet]
    at, letters = where(path, sheet)
    for ref, cells in values.items():
        for header, value in cells.items():
            ws[f"{letters[header]}{at[ref]}"] = value
    book.save(out)
    return out


def cell(path, ref: str, header: str, sheet: str = "2016") -> str:
    at, letters = where(path, sheet)
    return f"{sheet}!{letters[header]}{at[ref]}"


def stage(path, ref: str):
    at, letters = where(path)
    return load_workbook(path)["2016"][f"{letters['办理环节']}{at[ref]}"].value


def steps(db):
    return rows(db, "SELECT t.code, s.action, s.date, s.by, s.role, d.name, s.due, s.detail FROM task_step s "
                    "JOIN task t ON t.id = s.task_id LEFT JOIN department d ON d.id = s.department_id ORDER BY s.id")


def test_the_columns_fit_a3_and_the_stage_reads_as_the_workflow_words(review, tmp_path):
    from qtrack.ledger import columns, layout

    assert layout.fits(columns.PLAN, layout.A3, "landscape")
    ok(review, "ack", "2016/3", "--as-of", "2016-05-15")
    ok(review, "extend", "2016/4", "--to", "2016-12-31", "--reason", "r", "--as-of", "2016-10-01")
    ok(review, "decline", "2016/1", "--reason", "非本部门职责", "--as-of", "2016-10-01")
    path = export(review, tmp_path, "2016-10-01")
    assert [stage(path, r) for r in ("2016/1", "2016/2", "2016/3", "2016/4")] == ["已退回", "未签收", "已签收", "延期申请中"]
    earlier = export(review, tmp_path, "2016-05-14")  # as of a day before the steps
    assert [stage(earlier, r) for r in ("2016/1", "2016/3", "2016/4")] == ["未签收"] * 3
    ws = load_workbook(path)["2016"]
    _, letters = where(path)
    assert ws.column_dimensions[letters["签收日期"]].width < 12  # fill-in columns are narrow
    assert not ws.column_dimensions[letters["佐证材料"]].hidden


def test_a_whole_cycle_through_the_ledger_with_the_office_on_the_command_line(review, db, tmp_path):
    cli = review
    first = export(cli, tmp_path, "2016-05-20", "--dept", "质量司")
    fill(first, tmp_path / "1.xlsx", {"2016/3": {"签收日期": "2016-05-15", "填报人": "张三"}})
    assert "1 acknowledgement" in ok(cli, "import-progress", str(tmp_path / "1.xlsx"), "--as-of", "2016-05-20").stdout
    second = export(cli, tmp_path, "2016-10-01", "--dept", "质量司")
    assert stage(second, "2016/3") == "已签收"
    fill(second, tmp_path / "2.xlsx", {"2016/3": {"申请延期至": "2016-12-31", "延期理由": "试点延后",
                                                  "佐证材料": "延期申请.pdf、试点方案.docx", "填报日期": "2016-10-01"}})
    ok(cli, "import-progress", str(tmp_path / "2.xlsx"), "--as-of", "2016-10-01")
    assert [r["ref"] for r in json.loads(ok(cli, "requests", "-f", "json", "--as-of", "2016-10-01").stdout)] == ["2016/3"]
    assert stage(export(cli, tmp_path, "2016-10-02"), "2016/3") == "延期申请中"
    ok(cli, "approve", "2016/3", "--as-of", "2016-10-08")
    third = export(cli, tmp_path, "2016-12-10", "--dept", "质量司")
    fill(third, tmp_path / "3.xlsx", {"2016/3": {"新状态": "已完成", "进展情况": "已办结", "填报日期": "2016-12-10",
                                                 "佐证材料": "验收报告.pdf"}})
    ok(cli, "import-progress", str(tmp_path / "3.xlsx"), "--as-of", "2016-12-10")
    assert stage(export(cli, tmp_path, "2016-12-11"), "2016/3") == "待销号"
    ok(cli, "reopen", "2016/3", "--reason", "佐证不足", "--as-of", "2016-12-12")
    fourth = export(cli, tmp_path, "2016-12-20", "--dept", "质量司")
    assert stage(fourth, "2016/3") == "已签收"
    fill(fourth, tmp_path / "4.xlsx", {"2016/3": {"新状态": "已完成", "填报日期": "2016-12-20",
                                                  "佐证材料": "验收报告(补充).pdf"}})
    ok(cli, "import-progress", str(tmp_path / "4.xlsx"), "--as-of", "2016-12-20")
    ok(cli, "close", "2016/3", "--note", "材料齐全", "--as-of", "2016-12-22")
    assert stage(export(cli, tmp_path, "2016-12-22"), "2016/3") == "已销号"
    assert steps(db) == [
        ("3", "ack", "2016-05-15", "质量司", "department", "质量司", None, None),
        ("3", "extend", "2016-10-01", "质量司", "department", "质量司", "2016-12-31", "试点延后"),
        ("3", "approve", "2016-10-08", "督查室", "office", None, "2016-12-31", None),
        ("3", "reopen", "2016-12-12", "督查室", "office", None, None, "佐证不足"),
        ("3", "close", "2016-12-22", "督查室", "office", None, None, "材料齐全")]
    evidence = rows(db, "SELECT e.name, e.sha256, e.date, e.update_id IS NULL FROM evidence e ORDER BY e.id")
    assert evidence == [("延期申请.pdf", None, "2016-10-01", True), ("试点方案.docx", None, "2016-10-01", True),
                        ("验收报告.pdf", None, "2016-12-10", False), ("验收报告(补充).pdf", None, "2016-12-20", False)]
    shown = json.loads(ok(cli, "show", "2016/3", "-f", "json", "--as-of", "2016-12-22").stdout)
    assert (shown["stage"], shown["claimed"], shown["due"], shown["original_due"]) == (
        "closed", "2016-12-20", "2016-12-31", "2016-11-30")
    for again in ("1", "2", "3", "4"):  # each file imported again adds nothing
        before = state(db)
        ok(cli, "import-progress", str(tmp_path / f"{again}.xlsx"), "--as-of", "2016-12-22")
        assert state(db) == before
    assert len(steps(db)) == 5 and rows(db, "SELECT COUNT(*) FROM evidence") == [(4,)]


def test_the_ledger_makes_the_records_the_commands_make(review, db, new_db, tmp_path):
    """The same 签收 and request, once by command and once by ledger, leave the same steps."""
    path = export(review, tmp_path, "2016-06-01", "--dept", "质量司")
    fill(path, tmp_path / "f.xlsx", {"2016/3": {"签收日期": "2016-05-15", "申请延期至": "2016-12-31",
                                                "延期理由": "试点延后", "填报日期": "2016-06-01"}})
    ok(review, "import-progress", str(tmp_path / "f.xlsx"), "--as-of", "2016-06-01")
    by_ledger = steps(db)
    from typer.testing import CliRunner

    from qtrack.cli import app

    other = new_db("other.db")
    run = CliRunner()
    for args in (("import", str(tmp_path / "2016.yaml")), ("ack", "2016/3", "--date", "2016-05-15", "--as-of", "2016-06-01"),
                 ("extend", "2016/3", "--to", "2016-12-31", "--reason", "试点延后", "--as-of", "2016-06-01")):
        result = run.invoke(app, [*args, "--db", str(other)])
        assert result.exit_code == 0, result.stderr
    assert steps(other) == by_ledger and len(by_ledger) == 2


# Each refused filling (the sheet's department, the import's as-of day, the cells, the message):
# a good row (2016/2's progress) goes with it and is not written either.
REFUSED = [
    ("质量司", "2016-06-01", {"2016/3": {"签收日期": "2016-06-05"}}, "签收日期", "cannot be recorded ahead"),
    ("质量司", "2016-06-01", {"2016/3": {"签收日期": "2016-05-01"}}, "签收日期", "handed over on 2016-05-13"),
    ("质量司", "2016-06-01", {"2016/3": {"签收日期": "昨天"}}, "签收日期", "is not a date"),
    ("认监委", "2016-06-01", {"2016/1": {"签收日期": "2016-05-20"}}, "签收日期", "认监委 is not a lead of 2016/1"),
    (None, "2016-06-01", {"2016/5": {"签收日期": "2016-05-20"}}, "签收日期", "has several leads"),
    ("质量司", "2016-06-01", {"2016/3": {"申请延期至": "2016-11-30", "延期理由": "r"}}, "申请延期至",
     "an extension must be to a later date"),
    ("质量司", "2016-12-05", {"2016/3": {"申请延期至": "2017-01-31", "延期理由": "r"}}, "申请延期至",
     "an extension is asked for on or before the due date"),
    ("质量司", "2016-06-01", {"2016/3": {"申请延期至": "2016-12-31"}}, "延期理由", "needs a reason"),
    ("质量司", "2016-06-01", {"2016/3": {"延期理由": "r"}}, "申请延期至", "without the date asked for"),
    ("质量司", "2016-06-01", {"2016/3": {"佐证材料": "材料/报告.pdf"}}, "佐证材料", "path separator"),
    ("质量司", "2016-06-01", {"2016/3": {"签收日期": "2016-05-20", "申请延期至": "2016-12-31", "延期理由": "r",
                                         "填报日期": "2016-05-18"}}, "申请延期至", "a later one cannot be dated 2016-05-18"),
]


@pytest.mark.parametrize("dept, as_of, values, header, message", REFUSED)
def test_a_refused_filling_names_its_cell_and_writes_nothing(review, db, tmp_path, dept, as_of, values, header,
                                                              message):
    path = export(review, tmp_path, as_of, *(("--dept", dept) if dept else ()))
    ref = next(iter(values))
    good = {"2016/2": {"新进度": 30}} if "2016/2" in where(path)[0] else {}
    filled = fill(path, tmp_path / "filled.xlsx", {**good, **values})
    before = state(db)
    for dry in ((), ("--dry-run",)):
        result = review("import-progress", str(filled), "--as-of", as_of, *dry)
        assert result.exit_code == 1, result.stdout
        assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
        lines = result.stderr.splitlines()
        assert lines[0].startswith(f"error: {cell(path, ref, header)}: ") and message in lines[0], lines
        assert lines[-1].startswith("error: refused: 1 problem in filled.xlsx; nothing was written")
        assert state(db) == before


def test_a_ledger_of_before_the_workflow_columns_still_imports(review, db, tmp_path):
    path = export(review, tmp_path, "2016-06-01")
    book = load_workbook(path)
    ws = book["2016"]
    _, letters = where(path)
    first = ws[f"{letters['办理环节']}1"].column
    ws.delete_cols(first, 5)
    ws[f"K{where(path)[0]['2016/3']}"] = 20  # 新进度
    book.save(tmp_path / "old.xlsx")
    ok(review, "import-progress", str(tmp_path / "old.xlsx"), "--as-of", "2016-06-01")
    assert rows(db, "SELECT progress FROM task_update") == [(20,)]


def test_the_sheet_sizes_leave_out_inbox_items_handed_on_after_the_as_of_day(loaded, tmp_path):
    for title, day in (("甲", "2016-05-20"), ("乙", "2016-06-01")):
        ok(loaded, "add", "--title", title, "--lead", "监督司", "--due", "2016-09-30", "--date", day, "--as-of", day)
    for as_of, size in (("2016-05-31", 1), ("2016-06-01", 2)):
        path = export(loaded, tmp_path, as_of)
        book = load_workbook(path, read_only=True)
        index = book.sheetnames.index("inbox") + 1
        book.close()
        with zipfile.ZipFile(path) as archive:
            sheet = archive.read(f"xl/worksheets/sheet{index}.xml").decode()
        last_row = ledger.HEADER_ROW + size
        assert f'<dimension ref="A1:T{last_row}"' in sheet
        assert where(path, "inbox")[0].keys() == {f"inbox/{n}" for n in range(1, size + 1)}


def test_an_added_item_runs_through_the_ledger_from_the_day_it_was_handed_on(loaded, db, tmp_path):
    cli = loaded
    ok(cli, "add", "--title", "开展电梯安全专项检查", "--lead", "质量司", "--due", "2016-09-30", "--date", "2016-06-01",
       "--source", "领导批示", "--as-of", "2016-06-01")
    path = export(cli, tmp_path, "2016-06-05", "--dept", "质量司")
    at, letters = where(path, "inbox")
    assert load_workbook(path)["inbox"][f"{letters['办理环节']}{at['inbox/1']}"].value == "未签收"
    before = state(db)
    early = fill(path, tmp_path / "early.xlsx", {"inbox/1": {"签收日期": "2016-05-31"}}, sheet="inbox")
    result = cli("import-progress", str(early), "--as-of", "2016-06-05")
    assert result.exit_code == 1 and f"{cell(path, 'inbox/1', '签收日期', 'inbox')}: inbox/1 was handed on " \
        "on 2016-06-01: a step (ack) dated 2016-05-31 is before it existed" in result.stderr
    assert state(db) == before
    filled = fill(path, tmp_path / "f.xlsx", {"inbox/1": {"签收日期": "2016-06-02", "申请延期至": "2016-10-31",
                                                          "延期理由": "待检验报告", "佐证材料": "检验委托书.pdf"}},
                  sheet="inbox")
    ok(cli, "import-progress", str(filled), "--as-of", "2016-06-05")
    ok(cli, "approve", "inbox/1", "--as-of", "2016-06-06")
    done = fill(export(cli, tmp_path, "2016-10-20", "--dept", "质量司"), tmp_path / "d.xlsx",
                {"inbox/1": {"新状态": "已完成", "填报日期": "2016-10-20"}}, sheet="inbox")
    ok(cli, "import-progress", str(done), "--as-of", "2016-10-20")
    shown = json.loads(ok(cli, "show", "inbox/1", "-f", "json", "--as-of", "2016-10-20").stdout)
    assert (shown["stage"], shown["due"], shown["original_due"]) == ("done", "2016-10-31", "2016-09-30")
    assert [s["action"] for s in shown["steps"]] == ["ack", "extend", "approve"]
    assert [e["name"] for e in shown["evidence"]] == ["检验委托书.pdf"]
