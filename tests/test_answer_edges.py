"""The edges of the answers users rely on (issue 22): each table tries the day before, the day and the
day after, the bound itself and zero, so that a rule moved across its boundary by one character fails
here. A test names the wrong answer it guards against."""

from __future__ import annotations

import json

import pytest

AS_OF = "2020-12-31"
PLAN = """\
qtrack: 1
plan: {title: 边界, start: 2020-01-01, end: 2021-12-31}
departments:
  - {name: 甲处, aliases: [甲]}
  - {name: 乙处}
  - {name: 丙处}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 昨天到期, lead: [甲处], support: [丙处], due: 2020-12-30}
      - {code: "2", title: 今天到期, lead: [甲处], due: 2020-12-31}
      - {code: "3", title: 明天到期, lead: [乙处], due: 2021-01-01}
      - {code: "4", title: 放弃, lead: [乙处], due: 2020-06-01}
      - {code: "5", title: 两年, lead: [乙处], due: 2021-12-31}
"""


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def edges(cli, tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    return cli


def record(cli, *args):
    result = cli("update", *args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr


def task(cli, ref, *args, as_of=AS_OF):
    return {t["ref"]: t for t in as_json(cli("tasks", "--as-of", as_of, *args, "-f", "json"))}[ref]


# 2020-01-01 → 2021-12-31 is 730 days; on 2020-12-31, 365 have gone: 50 % is expected of p/5.
@pytest.mark.parametrize("progress, light", [(39, "amber"), (40, "green"), (41, "green")])
def test_exactly_the_tolerance_behind_is_still_green(edges, progress, light):
    record(edges, "p/5", "--progress", str(progress), "--date", AS_OF)
    assert task(edges, "p/5", "--tolerance", "10")["light"] == light


@pytest.mark.parametrize("env, option, light", [("0", "10", "green"), ("0", None, "amber"), ("20", "5", "amber")])
def test_an_explicit_tolerance_wins_over_the_environment(edges, monkeypatch, env, option, light):
    monkeypatch.setenv("QTRACK_TOLERANCE", env)
    record(edges, "p/5", "--progress", "40", "--date", AS_OF)
    assert task(edges, "p/5", *(["--tolerance", option] if option else []))["light"] == light


@pytest.mark.parametrize("warn, lights", [("0", ["amber", "green"]), ("1", ["amber", "amber"])])
def test_a_warning_window_of_zero_days_warns_of_today_only(edges, warn, lights):
    record(edges, "p/3", "--progress", "99", "--date", AS_OF)  # on track: only the window can make it amber
    assert [task(edges, ref, "--warn-days", warn)["light"] for ref in ("p/2", "p/3")] == lights


@pytest.mark.parametrize("option, value, accepted", [
    ("--warn-days", "-1", False), ("--warn-days", "0", True), ("--warn-days", "36500", True),
    ("--warn-days", "36501", False), ("--tolerance", "-1", False), ("--tolerance", "0", True),
    ("--tolerance", "100", True), ("--tolerance", "101", False),
])
def test_the_light_settings_take_their_bounds_and_refuse_one_past(edges, option, value, accepted):
    result = edges("tasks", option, value, "--as-of", AS_OF, "-f", "json")
    assert (result.exit_code == 0) is accepted
    assert accepted or (result.stderr.startswith("error: ") and "Traceback" not in result.stderr)


@pytest.mark.parametrize("as_of, shown", [("2020-12-30", "剩1天"), ("2020-12-31", "今天到期"), ("2021-01-01", "逾期1天")])
def test_a_task_due_on_the_day_reads_due_today(edges, as_of, shown):
    table = edges("tasks", "--as-of", as_of).stdout
    [line] = [line for line in table.splitlines() if "p/2 " in line]
    assert shown in line


@pytest.mark.parametrize("as_of, due_now, rate", [("2020-12-30", 1, 1.0), ("2020-12-31", 2, 0.5),
                                                  ("2021-01-01", 3, 0.333)])
def test_due_now_and_the_rate_count_the_task_due_that_day(edges, as_of, due_now, rate):
    """p/1 is done, p/2 is due 12-31 and p/3 01-01; the dropped p/4 counts in neither."""
    record(edges, "p/1", "--status", "done", "--date", "2020-12-01")
    record(edges, "p/4", "--status", "dropped", "--date", "2020-05-01")
    [plan] = as_json(edges("status", "--as-of", as_of, "-f", "json"))["plans"]
    assert (plan["due_now"], plan["rate"]) == (due_now, rate)


def test_dropped_tasks_count_in_no_share_done(edges):
    record(edges, "p/1", "--status", "done", "--date", "2020-12-01")
    record(edges, "p/4", "--status", "dropped", "--date", "2020-05-01")
    [plan] = as_json(edges("plans", "--as-of", AS_OF, "-f", "json"))
    assert plan["done_share"] == 0.25  # one of the four live tasks


@pytest.mark.parametrize("first, then, status", [
    (("2020-06-01", "doing"), ("2020-05-01", "blocked"), "doing"),  # back-dated after: the older day loses
    (("2020-06-01", "doing"), ("2020-06-01", "blocked"), "blocked"),  # the same day: the later record wins
    (("2020-06-01", "doing"), ("2020-06-02", "blocked"), "blocked"),
])
def test_a_back_dated_update_never_overrides_a_newer_one(edges, first, then, status):
    for day, value in (first, then):
        record(edges, "p/5", "--status", value, "--date", day)
    assert task(edges, "p/5")["status"] == status


def test_a_department_that_only_supports_late_tasks_ranks_below_one_that_leads_them(edges):
    ranked = [d["department"] for d in as_json(edges("depts", "--as-of", AS_OF, "-f", "json"))]
    assert ranked.index("甲处") < ranked.index("丙处")


@pytest.mark.parametrize("given", [" 甲处 ", "甲处\u3000", "甲"])
def test_a_department_is_found_through_spaces_and_its_alias(edges, given):
    refs = [t["ref"] for t in as_json(edges("tasks", "--dept", given, "--as-of", AS_OF, "-f", "json"))]
    assert refs == ["p/1", "p/2"]


def test_a_department_is_found_through_full_width_letters(cli, tmp_path):
    plan = tmp_path / "q.yaml"
    plan.write_text(PLAN.replace("乙处", "省质监局"), encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    refs = [t["ref"] for t in as_json(cli("tasks", "--dept", " 省质监局 ", "--as-of", AS_OF, "-f", "json"))]
    assert refs == ["q/3", "q/4", "q/5"]


def test_an_update_with_an_empty_note_records_nothing(edges, db):
    from conftest import state

    before = state(db)
    result = edges("update", "p/1", "--note", "", "--as-of", AS_OF)
    assert result.exit_code != 0 and result.stderr.startswith("error: ")
    assert state(db) == before


def test_an_update_of_a_retired_task_is_refused(edges, db, tmp_path):
    from conftest import state

    plan = tmp_path / "p.yaml"
    plan.write_text(PLAN.replace('      - {code: "5", title: 两年, lead: [乙处], due: 2021-12-31}\n', ""),
                    encoding="utf-8")
    assert edges("import", str(plan)).exit_code == 0
    before = state(db)
    result = edges("update", "p/5", "--status", "done", "--as-of", AS_OF)
    assert result.exit_code != 0 and "retired" in result.stderr
    assert state(db) == before


REIMPORT = """\
qtrack: 1
plan: {title: 再导入, start: 2020-01-01, end: 2021-12-31}
departments:
  - {name: 甲处, full_name: 某某省甲处, aliases: [甲]}
  - {name: 乙处}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 一号, lead: [甲处], support: [甲], due: 2020-12-30}
      - {code: "2", title: 二号, lead: [甲处], due: 2020-12-31}
      - {code: "3", title: 三号, lead: [乙处], due: 2021-01-01}
"""


def imported(cli, path, text, *args):
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path), "--force", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def changes(db):
    from conftest import rows

    return rows(db, "SELECT COUNT(*) FROM audit")[0][0]


def test_an_unchanged_plan_with_a_full_name_is_no_change_and_no_audit(cli, db, tmp_path):
    imported(cli, tmp_path / "r.yaml", REIMPORT)
    before = changes(db)
    assert "no change" in imported(cli, tmp_path / "r.yaml", REIMPORT)
    assert changes(db) == before


def test_a_department_named_lead_and_by_its_alias_support_stays_lead(cli, tmp_path):
    imported(cli, tmp_path / "r.yaml", REIMPORT)
    [one] = [t for t in as_json(cli("tasks", "--as-of", AS_OF, "-f", "json")) if t["ref"] == "r/1"]
    assert (one["lead"], one["support"]) == (["甲处"], [])


def test_a_change_of_only_a_tasks_departments_is_applied_and_named(cli, tmp_path):
    imported(cli, tmp_path / "r.yaml", REIMPORT)
    out = imported(cli, tmp_path / "r.yaml", REIMPORT.replace("lead: [乙处], due: 2021-01-01", "lead: [甲处], due: 2021-01-01"))
    assert "r/3: lead 乙处 → 甲处" in out
    [three] = [t for t in as_json(cli("tasks", "--as-of", AS_OF, "-f", "json")) if t["ref"] == "r/3"]
    assert three["lead"] == ["甲处"]


def test_a_reimport_that_changes_only_tasks_records_the_plans_new_path_and_time(cli, db, tmp_path):
    from conftest import rows

    imported(cli, tmp_path / "r.yaml", REIMPORT)
    [(_, first)] = rows(db, "SELECT path, imported_at FROM plan")
    moved = tmp_path / "moved" / "r.yaml"
    moved.parent.mkdir()
    imported(cli, moved, REIMPORT.replace("二号", "二号改"))
    [(path, then)] = rows(db, "SELECT path, imported_at FROM plan")
    assert path == str(moved.resolve()) and str(then) > str(first)


def test_a_retired_task_is_retired_once(cli, db, tmp_path):
    without = REIMPORT.replace('      - {code: "3", title: 三号, lead: [乙处], due: 2021-01-01}\n', "")
    imported(cli, tmp_path / "r.yaml", REIMPORT)
    assert "r/3: retired" in imported(cli, tmp_path / "r.yaml", without)
    before = changes(db)
    assert "r/3: retired" not in imported(cli, tmp_path / "r.yaml", without)
    assert changes(db) == before


LEDGER_AS_OF = "2016-12-15"


@pytest.fixture
def ledger_back(loaded, tmp_path):
    """The 2016 ledger as exported on LEDGER_AS_OF, and a function that fills rows and imports it back."""
    from openpyxl import load_workbook

    from qtrack import ledger

    path = tmp_path / "ledger.xlsx"
    assert loaded("export", "-o", str(path), "--plan", "2016", "--as-of", LEDGER_AS_OF).exit_code == 0

    def back(filled: list[tuple[str, dict]], as_of: str = LEDGER_AS_OF):
        book = load_workbook(path)
        ws = book["2016"]
        headers = {c.value: c.column for c in ws[ledger.HEADER_ROW]}
        for n, (ref, values) in enumerate(filled, start=ledger.HEADER_ROW + 1):
            ws.cell(n, headers[ledger.REF_HEADER], ref)
            for header, value in values.items():
                ws.cell(n, headers[header], value)
        book.save(tmp_path / "back.xlsx")
        return loaded("import-progress", str(tmp_path / "back.xlsx"), "--by", "督查室", "--as-of", as_of)

    return back


def recorded(db, ref):
    from conftest import rows

    return rows(db, "SELECT u.date, u.status FROM task_update u JOIN task t ON t.id = u.task_id "
                    "WHERE t.plan_id || '/' || t.code = ? ORDER BY u.id", (ref,))


@pytest.mark.parametrize("day, accepted", [("2016-12-14", True), ("2016-12-15", True), ("2016-12-16", False)])
def test_a_ledger_row_dated_today_is_taken_and_tomorrow_refused(ledger_back, db, day, accepted):
    result = ledger_back([("2016/1", {"新状态": "进行中", "填报日期": day})])
    assert (result.exit_code == 0) is accepted, result.stderr
    assert recorded(db, "2016/1") == ([(day, "doing")] if accepted else [])


def test_the_same_update_on_two_rows_is_recorded_once(ledger_back, db):
    row = {"新状态": "进行中", "填报日期": "2016-12-10"}
    result = ledger_back([("2016/1", row), ("2016/1", {**row, "任务": "开展消费品质量提升专项行动"})])
    assert result.exit_code == 0, result.stderr
    assert recorded(db, "2016/1") == [("2016-12-10", "doing")]


DUTY_PLAN = """\
qtrack: 1
plan: {title: 定期, start: 2020-10-01, end: 2021-01-31}
sections:
  - {code: "1", title: 一, tasks: [{code: "1", title: 任务, lead: [甲处], due: 2021-01-31}]}
targets:
  - {code: T1, title: 合格率, op: ">=", value: 90, unit: "%", due: 2021-01-31}
duties:
  - {code: D1, title: 月报, every: month, lead: [甲处], start: 2020-10-01, end: 2021-01-31}
"""


@pytest.fixture
def duties(cli, tmp_path):
    plan = tmp_path / "d.yaml"
    plan.write_text(DUTY_PLAN, encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    result = cli("update", "d/D1@2020-10", "--status", "dropped", "--date", "2020-10-15", "--as-of", "2020-10-15")
    assert result.exit_code == 0, result.stderr  # October waived; November never reported
    return cli


@pytest.mark.parametrize("as_of, missed, december, next_one", [
    ("2020-12-30", 1, "due", {}),  # December is the one next: January is not shown yet
    ("2020-12-31", 1, "due", {"2021-01": "due"}),  # due today: still December's to do, January next
    ("2021-01-01", 2, "missed", {"2021-01": "due"}),
])
def test_a_duty_due_today_is_neither_missed_nor_upcoming_and_a_waived_one_never_missed(duties, as_of, missed,
                                                                                        december, next_one):
    [plan] = as_json(duties("status", "--as-of", as_of, "-f", "json"))["plans"]
    assert plan["duties_missed"] == missed
    shown = as_json(duties("show", "d/D1", "--as-of", as_of, "-f", "json"))
    states = {o["period"]: o["state"] for o in shown["occurrences"]}
    assert states == {"2020-10": "waived", "2020-11": "missed", "2020-12": december, **next_one}


def test_a_same_day_correction_of_a_measurement_is_the_one_that_counts(duties):
    for value in ("50", "95"):
        result = duties("measure", "d/T1", value, "--date", "2020-12-31", "--as-of", "2020-12-31")
        assert result.exit_code == 0, result.stderr
    [t1] = as_json(duties("targets", "--as-of", "2020-12-31", "-f", "json"))
    assert (t1["latest"]["value"], t1["state"]) == (95, "met")
