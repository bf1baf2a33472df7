"""More edges of the answers users rely on (issue 22, part A): the survivors of a mutation run over
lights, targets, periods, the store's queries and state, refs and updates, each turned into a
table of the day before, the day and the day after (or the bound, zero, one past). A test names
the wrong answer it guards against."""

from __future__ import annotations

import json

import pytest

from qtrack.targets import progress

PLAN = """\
qtrack: 1
plan: {title: 定期, start: 2020-10-01, end: 2021-01-31}
departments:
  - {name: 甲处}
  - {name: 乙处}
phases:
  - {name: 一阶段, start: 2020-10-01, end: 2020-12-31}
  - {name: 二阶段, start: 2021-01-01, end: 2021-01-31}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 一阶段起, lead: [甲处], due: 2020-10-01}
      - {code: "2", title: 一阶段止, lead: [甲处], due: 2020-12-31}
      - {code: "3", title: 二阶段起, lead: [乙处], due: 2021-01-01}
targets:
  - {code: T1, title: 合格率, op: ">=", value: 90, unit: "%", due: 2021-01-31}
  - {code: T2, title: 区间, op: between, value: [80, 100], baseline: 60, unit: "%", due: 2021-01-31}
duties:
  - {code: D1, title: 月报, every: month, lead: [甲处], start: 2020-10-01, end: 2021-01-31}
"""


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def plan(cli, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    return cli


def ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


# A range with a baseline comes up from the baseline, not from zero: 70 is half way from 60 to 80.
@pytest.mark.parametrize("baseline, measured, expected", [
    (60, 70, 0.5), (None, 40, 0.5), (60, 60, 0.0), (60, 80, 1.0), (None, 110, None),
])
def test_a_range_measures_its_progress_from_its_baseline(baseline, measured, expected):
    assert progress("between", 80, 100, baseline, measured) == expected


# A ceiling whose baseline is already at the goal has no way to come: undefined, not 0 % or 100 %.
@pytest.mark.parametrize("baseline, expected", [(619, None), (620, None), (700, 0.375)])
def test_a_ceiling_at_or_under_its_goal_from_the_start_has_no_progress(baseline, expected):
    assert progress("<", 620, None, baseline, 670) == expected


# D1@2020-12 begins on 2020-12-01: met the day before it began is refused, on the day taken.
@pytest.mark.parametrize("status, day, accepted", [
    ("done", "2020-11-30", False), ("done", "2020-12-01", True), ("done", "2020-12-02", True),
    ("todo", "2020-11-30", True), ("dropped", "2020-11-30", True),
])
def test_an_occurrence_cannot_be_met_before_its_period_begins(plan, status, day, accepted):
    result = plan("update", "d/D1@2020-12", "--status", status, "--date", day, "--as-of", "2020-12-31")
    assert (result.exit_code == 0) is accepted, result.stderr
    states = {o["period"]: o["state"] for o in as_json(plan("show", "d/D1", "--as-of", "2020-12-31",
                                                            "-f", "json"))["occurrences"]}
    expected = {"done": "met", "todo": "due", "dropped": "waived"}[status] if accepted else "due"
    assert states["2020-12"] == expected


def test_an_occurrence_met_on_the_first_day_of_its_period_counts(plan, db):
    """A report dated the day its period began counts; one dated the day before (a dump) does not."""
    from conftest import write

    ok(plan, "update", "d/D1@2020-12", "--status", "done", "--date", "2020-12-01", "--as-of", "2020-12-01")
    write(db, "INSERT INTO duty_report (duty_id, period, status, date, recorded_at, by, command) "
              "SELECT duty_id, '2020-11', status, '2020-10-31', recorded_at, by, command FROM duty_report")
    shown = as_json(plan("show", "d/D1", "--as-of", "2021-01-15", "-f", "json"))["occurrences"]
    assert {o["period"]: (o["state"], o["met_on"]) for o in shown} == {
        "2020-10": ("missed", None), "2020-11": ("missed", None), "2020-12": ("met", "2020-12-01"),
        "2021-01": ("due", None)}


@pytest.mark.parametrize("by, env, recorded", [("张三", None, "张三"), ("张三", "李四", "张三"), (None, "李四", "李四")])
def test_an_update_is_signed_by_the_name_given_else_the_configured_one(plan, monkeypatch, by, env, recorded):
    if env:
        monkeypatch.setenv("QTRACK_BY", env)
    ok(plan, "update", "d/2", "--progress", "10", *(["--by", by] if by else []), "--as-of", "2020-11-01")
    [update] = as_json(plan("show", "d/2", "--as-of", "2020-11-01", "-f", "json"))["updates"]
    assert update["by"] == recorded


# A task due on a phase's first or last day is in that phase; the day after is in the next one.
@pytest.mark.parametrize("ref, phase, start", [("d/1", "一阶段", "2020-10-01"), ("d/2", "一阶段", "2020-10-01"),
                                              ("d/3", "二阶段", "2021-01-01")])
def test_a_task_due_on_the_edge_of_a_phase_is_in_it(plan, ref, phase, start):
    shown = as_json(plan("show", ref, "--as-of", "2020-11-01", "-f", "json"))
    assert (shown["phase"]["name"], shown["start"]) == (phase, start)


# A measurement dated the as-of day is shown and counts; one dated the day after is not yet.
@pytest.mark.parametrize("as_of, values, state", [("2020-12-30", [50], "not-met"), ("2020-12-31", [50, 95], "met"),
                                                  ("2021-01-01", [50, 95], "met")])
def test_a_measurement_dated_the_day_counts_that_day(plan, as_of, values, state):
    ok(plan, "measure", "d/T1", "50", "--date", "2020-12-01", "--as-of", "2020-12-01")
    ok(plan, "measure", "d/T1", "95", "--date", "2020-12-31", "--as-of", "2020-12-31")
    ok(plan, "measure", "d/T2", "70", "--date", "2020-12-15", "--as-of", "2020-12-15")  # another target's
    shown = as_json(plan("show", "d/T1", "--as-of", as_of, "-f", "json"))
    assert ([m["value"] for m in shown["measurements"]], shown["state"]) == (values, state)


@pytest.mark.parametrize("limit, shown", [("1", ["d/T1"]), ("2", ["d/T1", "d/T2"]), ("3", ["d/T1", "d/T2"])])
def test_targets_show_as_many_as_the_limit(plan, limit, shown):
    rows = as_json(plan("targets", "--limit", limit, "--as-of", "2020-12-31", "-f", "json"))
    assert [t["ref"] for t in rows] == shown


# The count of late tasks keeps the department filter: 甲处's two are late on 2021-01-02, 乙处's one too.
@pytest.mark.parametrize("dept, late", [("甲处", 2), ("乙处", 1)])
def test_the_count_of_late_tasks_is_the_departments(plan, dept, late):
    result = ok(plan, "overdue", "--dept", dept, "--as-of", "2021-01-02")
    assert f"{late} task{'s' if late > 1 else ''} late," in result.stdout.replace("\n", " ")


# The count of late tasks keeps the plan filter too: another plan's late task is not this plan's.
@pytest.mark.parametrize("only, late", [("d", 3), ("e", 1)])
def test_the_count_of_late_tasks_is_the_plans(plan, tmp_path, only, late):
    other = tmp_path / "e.yaml"
    other.write_text(PLAN.replace("title: 定期", "title: 另一").split("targets:")[0].replace(
        '      - {code: "2", title: 一阶段止, lead: [甲处], due: 2020-12-31}\n', "").replace(
        '      - {code: "3", title: 二阶段起, lead: [乙处], due: 2021-01-01}\n', ""), encoding="utf-8")
    ok(plan, "import", str(other))
    result = ok(plan, "overdue", "--plan", only, "--as-of", "2021-01-02")
    assert f"{late} task{'s' if late > 1 else ''} late," in result.stdout.replace("\n", " ")


# An item handed on (qtrack add) on the as-of day exists that day; the day before it did not.
@pytest.mark.parametrize("as_of, exists", [("2020-11-30", False), ("2020-12-01", True), ("2020-12-02", True)])
def test_an_item_handed_on_the_day_is_listed_that_day(plan, as_of, exists):
    ok(plan, "add", "--title", "领导批示", "--lead", "甲处", "--due", "2020-12-31", "--date", "2020-12-01",
       "--as-of", "2020-12-01")
    refs = [t["ref"] for t in as_json(plan("tasks", "--as-of", as_of, "-f", "json"))]
    assert ("inbox/1" in refs) is exists


REVIEW = """\
qtrack: 1
plan: {title: 审核, start: 2020-10-01, end: 2021-01-31, review: true}
departments:
  - {name: 甲处}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 一, lead: [甲处], due: 2021-01-31}
      - {code: "2", title: 二, lead: [甲处], due: 2021-01-31}
"""


@pytest.fixture
def review(cli, tmp_path):
    """r/1: doing on 11-01, claimed done on 12-01, closed (销号) on 12-10; r/2 claimed on 12-05, never closed."""
    path = tmp_path / "r.yaml"
    path.write_text(REVIEW, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    ok(cli, "update", "r/1", "--status", "doing", "--date", "2020-11-01", "--as-of", "2020-11-01")
    ok(cli, "update", "r/1", "--status", "done", "--date", "2020-12-01", "--as-of", "2020-12-01")
    ok(cli, "update", "r/2", "--status", "done", "--date", "2020-12-05", "--as-of", "2020-12-05")
    ok(cli, "close", "r/1", "--as-of", "2020-12-10")
    return cli


def workflow(cli, ref, as_of):
    shown = as_json(cli("show", ref, "--as-of", as_of, "-f", "json"))
    return shown["status"], shown["stage"], shown["claimed"], shown["closed"]


# Claimed the day of the done update, closed the day of the 销号; neither the day before.
@pytest.mark.parametrize("as_of, expected", [
    ("2020-11-30", ("doing", "unacked", None, None)),
    ("2020-12-01", ("done", "claimed", "2020-12-01", None)),
    ("2020-12-09", ("done", "claimed", "2020-12-01", None)),
    ("2020-12-10", ("done", "closed", "2020-12-01", "2020-12-10")),
    ("2020-12-11", ("done", "closed", "2020-12-01", "2020-12-10")),
])
def test_a_claim_and_its_close_count_from_their_own_day(review, as_of, expected):
    assert workflow(review, "r/1", as_of) == expected


def test_one_tasks_close_closes_no_other(review):
    assert workflow(review, "r/2", "2020-12-31") == ("done", "claimed", "2020-12-05", None)


# r/1 is claimed again on the day of its close; r/2 is claimed, closed and claimed again all on one
# day, so only the order of recording says which claim is the latest.
@pytest.mark.parametrize("ref, day, close", [("r/1", "2020-12-10", False), ("r/2", "2020-12-05", True)])
def test_a_claim_made_again_after_the_close_on_the_same_day_needs_closing_again(review, ref, day, close):
    if close:
        ok(review, "close", ref, "--as-of", day)
    ok(review, "update", ref, "--status", "done", "--date", day, "--as-of", day)
    assert workflow(review, ref, day) == ("done", "claimed", day, None)


# Where the plan asks for no review, done is the end (办结): a task not done is not 'done' there.
@pytest.mark.parametrize("ref, status, stage", [("d/1", "done", "done"), ("d/3", "todo", "unacked")])
def test_done_ends_a_task_only_where_no_review_is_asked(plan, ref, status, stage):
    ok(plan, "update", "d/1", "--status", "done", "--date", "2020-11-01", "--as-of", "2020-11-01")
    shown = as_json(plan("show", ref, "--as-of", "2020-11-01", "-f", "json"))
    assert (shown["status"], shown["stage"], shown["claimed"]) == (status, stage, "2020-11-01" if status == "done" else None)


PINYIN = """\
qtrack: 1
plan: {title: 拼音, start: 2020-10-01, end: 2021-01-31}
departments:
  - {name: 甲处}
  - {name: 建处}
  - {name: 乙处}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 一, lead: [甲处], support: [乙处], due: 2021-01-31}
      - {code: "2", title: 二, lead: [乙处], due: 2021-01-31}
"""


@pytest.fixture
def spelt(cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(PINYIN, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    return cli


# One department spelt so: it; two (甲处, 建处 are both jc): refused, naming both; none: not found.
@pytest.mark.parametrize("given, roles, error", [
    ("jiachu", {"p/1": "lead"}, None), ("yc", {"p/2": "lead", "p/1": "support"}, None),
    ("jc", None, "is the pinyin of 建处、甲处"), ("zz", None, "no department 'zz'"),
])
def test_a_department_spelt_in_pinyin_is_found_when_only_one_is_spelt_so(spelt, given, roles, error):
    result = spelt("tasks", "--dept", given, "--as-of", "2020-12-01", "-f", "json", "--lang", "en")
    if error:
        assert result.exit_code != 0 and error in result.stderr and "Traceback" not in result.stderr
    else:
        assert {t["ref"]: t["role"] for t in as_json(result)} == roles


@pytest.mark.parametrize("given, accepted", [("p", False), ("p/", False), ("/1", False), ("p/1", True)])
def test_a_reference_needs_a_plan_a_slash_and_a_code(spelt, given, accepted):
    result = spelt("show", given, "--as-of", "2020-12-01", "--lang", "en")
    assert (result.exit_code == 0) is accepted
    if not accepted:
        assert f"{given!r} is not a reference" in result.stderr


# Due on the as-of day is 0 days left, not 0 days late: the day before 1 left, the day after 1 late.
@pytest.mark.parametrize("as_of, left, late", [("2020-12-30", 1, None), ("2020-12-31", 0, None),
                                               ("2021-01-01", None, 1)])
def test_a_task_due_on_the_day_has_no_day_left_and_none_late(plan, as_of, left, late):
    [task] = [t for t in as_json(plan("tasks", "--as-of", as_of, "-f", "json")) if t["ref"] == "d/2"]
    assert (task["days_left"], task["days_late"]) == (left, late)
