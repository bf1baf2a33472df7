"""`--as-of D` shows the past as it was: only records dated on or before D count, in every command.

Each case records one task update, one measurement and one duty report, all dated the day before
D, on D or the day after D, then asks every command as of D whether it sees them. The last
column of the table is what a command must see: the first two days count, the third never does.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import state, write
from icalendar import Calendar
from openpyxl import load_workbook

D = "2016-12-15"
DAYS = [("2016-12-14", True), ("2016-12-15", True), ("2016-12-16", False)]  # (dated, counts as of D)
RECORDED_ON = "2016-12-20"  # when the records are typed in: after all three days


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(params=DAYS, ids=["day-before", "on-the-day", "day-after"])
def case(request, loaded):
    """The 2016 plan with a task done, a target measured and a meeting held, all on one day."""
    day, counts = request.param
    for args in (("update", "2016/6", "--status", "done", "--note", "品牌评价结果已发布"),
                 ("measure", "2016/T1", "92.5"),
                 ("update", "2016/D1@2016-11", "--status", "done")):
        result = loaded(*args, "--date", day, "--as-of", RECORDED_ON)
        assert result.exit_code == 0, result.stderr
    return loaded, counts


def test_tasks_and_show(case):
    cli, counts = case
    [task] = [t for t in as_json(cli("tasks", "--as-of", D, "-f", "json")) if t["ref"] == "2016/6"]
    assert (task["status"], task["progress"], task["light"]) == (("done", 100, "green") if counts else
                                                                  ("todo", 0, "red"))
    shown = as_json(cli("show", "2016/6", "--as-of", D, "-f", "json"))
    assert (shown["status"], len(shown["updates"])) == (("done", 1) if counts else ("todo", 0))


def test_plans_status_and_depts(case):
    cli, counts = case
    [plan] = as_json(cli("plans", "--as-of", D, "-f", "json"))
    assert (plan["done"], plan["overdue"]) == ((1, 9) if counts else (0, 10))
    board = as_json(cli("status", "--as-of", D, "-f", "json"))
    [p] = board["plans"]
    assert (p["done"], p["targets_met"], p["duties_missed"]) == ((1, 1, 8) if counts else (0, 0, 9))
    mine = as_json(cli("status", "--dept", "质量司", "--as-of", D, "-f", "json"))
    assert {t["ref"]: t["status"] for t in mine}["2016/6"] == ("done" if counts else "todo")
    depts = {d["department"]: d for d in as_json(cli("depts", "--as-of", D, "-f", "json"))}
    assert depts["质量司"]["done"] == (1 if counts else 0)


def test_overdue(case):
    cli, counts = case
    late = {r["ref"] for r in as_json(cli("overdue", "--as-of", D, "-f", "json"))}
    assert ("2016/6" in late, "2016/D1@2016-11" in late) == (not counts, not counts)


def test_targets_and_show_target(case):
    cli, counts = case
    [t1] = [t for t in as_json(cli("targets", "--as-of", D, "-f", "json")) if t["ref"] == "2016/T1"]
    assert t1["state"] == ("met" if counts else "no-data")
    shown = as_json(cli("show", "2016/T1", "--as-of", D, "-f", "json"))
    assert len(shown["measurements"]) == (1 if counts else 0)


def test_show_duty(case):
    cli, counts = case
    shown = as_json(cli("show", "2016/D1", "--as-of", D, "-f", "json"))
    [november] = [o for o in shown["occurrences"] if o["period"] == "2016-11"]
    assert november["state"] == ("met" if counts else "missed")


def test_log(case):
    cli, counts = case
    rows = as_json(cli("log", "--as-of", D, "-f", "json"))
    progress = [r["ref"] for r in rows if r["command"] != "import"]
    assert sorted(progress) == (["2016/6", "2016/D1@2016-11", "2016/T1"] if counts else [])
    # What imports did (today, by the real clock) happened after D: as of D it had not happened.
    assert [r for r in rows if r["command"] == "import"] == []


def test_report(case, tmp_path):
    cli, counts = case
    out = tmp_path / "bulletin.md"
    result = cli("report", "-o", str(out), "--as-of", D)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert ("- 已完成: **1**" in text, "- 指标达标: **1/4**" in text, "2016/D1@2016-11" not in text) == \
        (counts, counts, counts)


def test_ledger(case, tmp_path):
    cli, counts = case
    out = tmp_path / "ledger.xlsx"
    assert cli("export", "-o", str(out), "--as-of", D).exit_code == 0
    sheet = load_workbook(out)["2016"]
    ref = [c.value for c in sheet[2]].index("任务引用(勿改)")  # the hidden reference column
    [row] = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[ref] == "2016/6"]
    assert (row[5], row[6], row[7]) == (("已完成", 100, "品牌评价结果已发布") if counts else ("未开始", 0, None))


def test_calendar(case, tmp_path):
    cli, counts = case
    out = tmp_path / "due.ics"
    assert cli("export", "-o", str(out), "--as-of", D).exit_code == 0
    [event] = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT") if str(e["UID"]) == "2016/6@qtrack"]
    assert ("状态: 已完成" in event["DESCRIPTION"]) == counts


def test_a_bulletin_regenerated_for_a_past_day_is_the_one_made_that_day(loaded, tmp_path):
    """Make the bulletin as of D, record more (dated after D), make it again as of D: the same bytes."""
    for args in (("update", "2016/3", "--progress", "60", "--date", "2016-12-01"),
                 ("measure", "2016/T1", "88", "--date", "2016-12-10"),
                 ("update", "2016/D1@2016-11", "--status", "done", "--date", "2016-11-28")):
        assert loaded(*args, "--as-of", D).exit_code == 0
    made = {suffix: tmp_path / f"made{suffix}" for suffix in (".html", ".md")}
    for path in made.values():
        assert loaded("report", "-o", str(path), "--as-of", D).exit_code == 0
    for args in (("update", "2016/3", "--status", "done", "--date", "2016-12-16"),
                 ("update", "2016/5", "--progress", "30", "--date", "2016-12-20"),
                 ("measure", "2016/T1", "95", "--date", "2016-12-16"),
                 ("measure", "2016/T2", "130", "--date", "2016-12-31"),
                 ("update", "2016/D1@2016-12", "--status", "done", "--date", "2016-12-28"),
                 ("update", "2016/D1@2016-10", "--status", "done", "--date", "2016-12-16")):
        assert loaded(*args, "--as-of", "2017-01-10").exit_code == 0
    for suffix, first in made.items():
        again = tmp_path / f"again{suffix}"
        assert loaded("report", "-o", str(again), "--as-of", D).exit_code == 0
        assert again.read_bytes() == first.read_bytes()
    later = tmp_path / "later.md"
    assert loaded("report", "-o", str(later), "--as-of", "2017-01-10").exit_code == 0
    assert later.read_bytes() != made[".md"].read_bytes()  # the later records do count later on


# --- what may be recorded: nothing dated after the real clock, whatever --as-of says ---------------

CLOCK, FUTURE = dt.date(2030, 6, 30), "2030-07-01"  # the real date, fixed for the test, and the day after


@pytest.fixture
def clock(monkeypatch):
    """The real clock read in its one place (qtrack.dates.clock), fixed so no test depends on today."""
    monkeypatch.setattr("qtrack.dates.clock", lambda: CLOCK)


@pytest.mark.parametrize("args, what", [
    (("update", "2016/3", "--progress", "10"), "progress"),
    (("measure", "2016/T1", "91"), "a measurement"),
    (("update", "2016/D1@2016-12", "--status", "done"), "an occurrence"),
])
def test_a_date_after_the_real_clock_is_refused_even_with_as_of_there(loaded, db, clock, args, what):
    before = state(db)
    result = loaded(*args, "--date", FUTURE, "--as-of", FUTURE)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"error: date {FUTURE} is after the real date ({CLOCK}); {what} cannot be recorded ahead\n"
    assert state(db) == before
    assert loaded(*args, "--date", CLOCK.isoformat(), "--as-of", FUTURE).exit_code == 0  # the real day itself: fine


def test_a_date_after_the_as_of_day_is_refused_too(loaded):
    result = loaded("update", "2016/3", "--progress", "10", "--date", "2016-07-01", "--as-of", "2016-06-01")
    assert result.stderr == "error: date 2016-07-01 is after today (2016-06-01); progress cannot be recorded ahead\n"


def test_the_clock_is_read_in_one_place_and_bounds_the_date(monkeypatch):
    from qtrack import dates
    from qtrack.errors import QtrackError

    monkeypatch.setattr(dates, "clock", lambda: dt.date(2020, 5, 5))
    monkeypatch.delenv("QTRACK_TODAY", raising=False)
    assert dates.today() == dt.date(2020, 5, 5)
    dates.not_ahead(dt.date(2020, 5, 5), today=dt.date(9999, 1, 1), what="x")  # on the real day: fine
    with pytest.raises(QtrackError, match="after the real date"):
        dates.not_ahead(dt.date(2020, 5, 6), today=dt.date(9999, 1, 1), what="x")


def test_a_future_date_in_a_returned_ledger_is_refused(loaded, db, tmp_path, clock):
    out = tmp_path / "ledger.xlsx"
    assert loaded("export", "-o", str(out), "--as-of", D).exit_code == 0
    book = load_workbook(out)
    sheet = book["2016"]
    ref = [c.value for c in sheet[2]].index("任务引用(勿改)")
    [n] = [cells[0].row for cells in sheet.iter_rows(min_row=3) if cells[ref].value == "2016/3"]
    sheet.cell(n, 11).value, sheet.cell(n, 14).value = 50, FUTURE
    book.save(out)
    before = state(db)
    result = loaded("import-progress", str(out), "--as-of", FUTURE)
    assert result.stderr.splitlines()[0] == (f"error: 2016!N{n}: date {FUTURE} is after the real date "
                                             f"({CLOCK}); progress cannot be recorded ahead")
    assert result.exit_code == 1 and state(db) == before


@pytest.mark.parametrize("date, ok", [("2016-10-31", False), ("2016-11-01", True), ("2016-11-30", True)])
def test_a_duty_occurrence_cannot_be_met_before_its_period_begins(loaded, db, date, ok):
    before = state(db)
    result = loaded("update", "2016/D1@2016-11", "--status", "done", "--date", date, "--as-of", D)
    if ok:
        assert result.exit_code == 0, result.stderr
    else:
        assert (result.exit_code, result.stderr) == (
            1, f"error: 2016/D1@2016-11 begins on 2016-11-01: it cannot have been met on {date}\n")
        assert state(db) == before


def test_a_stored_report_of_a_meeting_before_its_month_does_not_count(loaded, db):
    """Written by an older qtrack, or restored from a dump: read, it meets nothing."""
    write(db, "INSERT INTO duty_report (duty_id, period, date, recorded_at, by, status, note, command) "
              "SELECT id, '2016-11', '2016-10-20', '2016-10-20 00:00:00.000000', 'old', 'done', NULL, 'update' "
              "FROM duty WHERE plan_id = '2016' AND code = 'D1'")
    shown = as_json(loaded("show", "2016/D1", "--as-of", D, "-f", "json"))
    assert [o["state"] for o in shown["occurrences"] if o["period"] == "2016-11"] == ["missed"]
