"""The ledger and the reporting cycles: a plan sheet shows the periods each task owes (漏报, 待报) as
of the ledger's day, and a filled row may name the period it reports on (报送期次), checked
against the row's date by the rule `update` has; a wrong period cell refuses the whole file.

The 2016 plan with a monthly report due on the 5th (its tasks start 2016-04-01).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import state
from openpyxl import load_workbook
from test_cycles import with_cycle
from test_ledger import fill, rows_by_ref

from qtrack import ledger
from qtrack.ledger import columns as cols


@pytest.fixture
def cycled(cli, plan2016):
    with_cycle(plan2016)
    assert cli("import", str(plan2016)).exit_code == 0
    assert cli("update", "2016/2", "--note", "四月进展", "--date", "2016-05-03", "--as-of", "2016-06-10").exit_code == 0
    return cli


def export(cli, path, as_of):
    result = cli("export", "-o", str(path), "--plan", "2016", "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    return path


def column(ws, header):
    return [c.value for c in ws[ledger.HEADER_ROW]].index(header) + 1


def reports(cli, ref, as_of):
    result = cli("show", ref, "-f", "json", "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    return {p["period"]: p["state"] for p in json.loads(result.stdout)["reports"]}


def test_the_sheet_shows_the_periods_each_task_owes_as_of_its_day(cycled, tmp_path):
    ws = load_workbook(export(cycled, tmp_path / "l.xlsx", "2016-06-10"))["2016"]
    owed, where = column(ws, cols.REPORTS), rows_by_ref(ws)
    assert ws.cell(where["2016/1"], owed).value == "2016-04 漏报\n2016-05 漏报\n2016-06 待报"
    assert ws.cell(where["2016/2"], owed).value == "2016-05 漏报\n2016-06 待报"  # April reported on 05-03
    assert cols.REPORTED in [c.value for c in ws[ledger.HEADER_ROW]]
    # as of an earlier day, only what was owed then; nothing dated after it counts
    ws = load_workbook(export(cycled, tmp_path / "m.xlsx", "2016-05-02"))["2016"]
    assert ws.cell(rows_by_ref(ws)["2016/2"], column(ws, cols.REPORTS)).value == "2016-04 待报\n2016-05 待报"


def test_a_filled_row_reports_on_its_period_and_the_missed_one_disappears(cycled, db, tmp_path):
    path = export(cycled, tmp_path / "l.xlsx", "2016-06-10")
    filled = fill(path, tmp_path / "f.xlsx", {
        "2016/1": {cols.NOTE: "五月进展", cols.DATE: "2016-06-04", cols.REPORTED: "2016-05"},
        "2016/3": {cols.NOTE: "五月进展", cols.DATE: "2016-06-01", cols.REPORTED: dt.datetime(2016, 5, 1)},
        "2016/4": {cols.NOTE: "六月进展", cols.DATE: "2016-06-08"}})  # no period named: the date decides
    assert reports(cycled, "2016/1", "2016-06-10")["2016-05"] == "missed"
    result = cycled("import-progress", str(filled), "--as-of", "2016-06-10")
    assert result.exit_code == 0, result.stderr
    assert reports(cycled, "2016/1", "2016-06-10") == {"2016-04": "missed", "2016-05": "reported", "2016-06": "due"}
    assert reports(cycled, "2016/3", "2016-06-10")["2016-05"] == "reported"
    assert reports(cycled, "2016/4", "2016-06-10")["2016-06"] == "reported"  # dated 06-08: June's
    assert reports(cycled, "2016/4", "2016-06-07")["2016-06"] == "due"  # as of the day before, not yet


def test_a_wrong_period_cell_refuses_the_whole_file(cycled, db, tmp_path):
    path = export(cycled, tmp_path / "l.xlsx", "2016-06-10")
    ws = load_workbook(path)["2016"]
    at, where = column(ws, cols.REPORTED), rows_by_ref(ws)
    letter = ws.cell(1, at).column_letter
    filled = fill(path, tmp_path / "f.xlsx", {
        "2016/1": {cols.NOTE: "四月进展", cols.DATE: "2016-06-04", cols.REPORTED: "2016-04"},  # late: May's
        "2016/3": {cols.NOTE: "进展", cols.REPORTED: "七月"},  # not a period
        "2016/4": {cols.REPORTED: "2016-06"},  # a period and nothing to record
        "2016/5": {cols.NOTE: "五月进展", cols.DATE: "2016-06-01", cols.REPORTED: "2016-05"}})  # fine
    before = state(db)
    result = cycled("import-progress", str(filled), "--as-of", "2016-06-10")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"error: 2016!{letter}{where['2016/1']}: 报送期次 2016-04: a report dated 2016-06-04 "
                               "reports on 2016-05")
    assert lines[1].startswith(f"error: 2016!{letter}{where['2016/3']}: 报送期次 '七月' is not a period")
    assert lines[2].startswith(f"error: 2016!J{where['2016/4']}: ")  # 新状态: nothing to record
    assert lines[-1] == "error: refused: 3 problems in f.xlsx; nothing was written"
    assert "Traceback" not in result.output
    assert state(db) == before


def test_a_ledger_without_the_period_column_still_reads(cycled, db, tmp_path):
    """An older ledger (or one whose department deleted the optional column) is read as before."""
    path = export(cycled, tmp_path / "l.xlsx", "2016-06-10")
    book = load_workbook(path)
    ws = book["2016"]
    ws.delete_cols(column(ws, cols.REPORTED))
    book.save(path)
    filled = fill(path, tmp_path / "f.xlsx", {"2016/1": {cols.NOTE: "五月进展", cols.DATE: "2016-06-04"}})
    result = cycled("import-progress", str(filled), "--as-of", "2016-06-10")
    assert result.exit_code == 0, result.stderr
    assert reports(cycled, "2016/1", "2016-06-10")["2016-05"] == "reported"
