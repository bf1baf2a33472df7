"""The plan-file reader at its bounds (issue 22): nesting, task depth, years, lengths, counts of
names, ack_within, report_day and a target's path; the bound itself is read, one past it refused
with file:line. Each through parse_plan, as `qtrack import` reads a file."""

from __future__ import annotations

import datetime as dt

import pytest

from qtrack.errors import PlanFileError
from qtrack.planfile import parse_plan
from qtrack.planfile.spec import FIRST_YEAR, LAST_YEAR, MAX_CODE, MAX_TASK_DEPTH, MAX_TEXT
from qtrack.planfile.tree import MAX_NESTING
from qtrack.planfile.values import MAX_NAMES

HEAD = "qtrack: 1\nplan: {title: 计划}\n"
TASK = HEAD.replace("{", "{{").replace("}", "}}") + "sections:\n  - code: '1'\n    title: 一\n    tasks:\n      - {{code: {code}, title: 任务{extra}}}\n"


def parse(text: str):
    return parse_plan(text, "p.yaml", default_id="p")


def refused(text: str) -> str:
    with pytest.raises(PlanFileError) as info:
        parse(text)
    return str(info.value)


def task(code="'1'", extra=""):
    return parse(TASK.format(code=code, extra=extra)).tasks[0]


def task_refused(code="'1'", extra=""):
    return refused(TASK.format(code=code, extra=extra))


def nested(levels: int) -> str:
    """A plan whose notes hold lists nested so that the file has `levels` levels in all."""
    value = "x"
    for _ in range(levels - 2):  # the file's mapping and plan's are two levels
        value = f"[{value}]"
    return "qtrack: 1\nplan: {title: 计划, notes: " + value + "}\n"


def test_nesting_up_to_the_bound_is_read_and_one_level_more_refused():
    assert refused(nested(MAX_NESTING - 1)) == "p.yaml:2: plan notes must be a single value, not a list"
    assert refused(nested(MAX_NESTING)) == "p.yaml:2: plan notes must be a single value, not a list"  # the bound
    assert refused(nested(MAX_NESTING + 1)) == f"p.yaml:2: nested more than {MAX_NESTING} levels deep; a plan file is not"


def tasks(depth: int) -> str:
    text, indent = HEAD + "sections:\n  - code: '1'\n    title: 一\n    tasks:\n", "      "
    for level in range(1, depth + 1):
        text += f"{indent}- code: '{'.'.join(['1'] * level)}'\n{indent}  title: 任务\n"
        if level < depth:
            text += f"{indent}  tasks:\n"
            indent += "    "
    return text


@pytest.mark.parametrize("depth", [MAX_TASK_DEPTH - 1, MAX_TASK_DEPTH])
def test_tasks_go_as_deep_as_the_bound(depth):
    assert [t.depth for t in parse(tasks(depth)).tasks] == list(range(depth))


def test_one_level_of_sub_tasks_past_the_bound_is_refused():
    assert refused(tasks(MAX_TASK_DEPTH + 1)).startswith(
        f"p.yaml:22: sub-tasks of task 1.1.1.1.1 would be {MAX_TASK_DEPTH + 1} levels deep")


@pytest.mark.parametrize("due, read", [
    (f"{FIRST_YEAR}-01-01", dt.date(FIRST_YEAR, 1, 1)), (f"{LAST_YEAR}-12-31", dt.date(LAST_YEAR, 12, 31)),
    ("'2020-12-31'", dt.date(2020, 12, 31)),  # a quoted date is a date
    ("' 2020-12-31 '", dt.date(2020, 12, 31)),
    ("2020-02-29", dt.date(2020, 2, 29)),
])
def test_dates_at_the_edges_of_the_years_a_plan_spans(due, read):
    assert task(extra=f", due: {due}").due == read


@pytest.mark.parametrize("due, says", [
    (f"{FIRST_YEAR - 1}-12-31", f"{FIRST_YEAR - 1}-12-31 is outside the years {FIRST_YEAR}–{LAST_YEAR} that a plan's dates fall in"),
    (f"{LAST_YEAR + 1}-01-01", f"{LAST_YEAR + 1}-01-01 is outside the years {FIRST_YEAR}–{LAST_YEAR} that a plan's dates fall in"),
    ("'2020-02-30'", "2020-02-30 is not a real date"), ("2021-02-29", "2021-02-29 is not a real date"),
    ("'2020-12'", "'2020-12' is not a date (expected YYYY-MM-DD, no time)"),
])
def test_dates_past_them_are_refused(due, says):
    assert task_refused(extra=f", due: {due}") == f"p.yaml:7: the due date of task 1: {says}"


@pytest.mark.parametrize("length", [1, MAX_CODE - 1, MAX_CODE])
def test_a_code_up_to_the_bound_is_read(length):
    assert task(code="'" + "a" * length + "'").code == "a" * length


def test_a_code_one_past_the_bound_is_refused():
    assert task_refused(code="'" + "a" * (MAX_CODE + 1) + "'") == (
        f"p.yaml:7: task code is {MAX_CODE + 1} characters long; the limit is {MAX_CODE}")


@pytest.mark.parametrize("code, says", [
    ("~", "task code is empty"), ("''", "task code '' must be non-empty, without spaces, '/' or '@'"),
    ("true", 'task code true must be quoted ("true"): unquoted it is true/false'),
    ("1.5", 'task code 1.5 must be quoted ("1.5"): unquoted it is a number'),
    ("012", 'task code 012 must be quoted ("012"): unquoted it is a number'),
])
def test_a_code_that_is_empty_or_not_text_as_written_is_refused(code, says):
    assert task_refused(code=code) == f"p.yaml:7: {says}"


@pytest.mark.parametrize("code, read", [("7", "7"), ("!!str true", "true"), ("!!int 7", "7")])
def test_a_plain_number_and_an_explicit_tag_are_codes(code, read):
    assert task(code=code).code == read


@pytest.mark.parametrize("length", [MAX_TEXT - 1, MAX_TEXT])
def test_text_up_to_the_bound_is_read(length):
    assert len(parse("qtrack: 1\nplan: {title: 计划, notes: " + "a" * length + "}\n").notes) == length


def test_text_one_past_the_bound_is_refused():
    assert refused("qtrack: 1\nplan: {title: 计划, notes: " + "a" * (MAX_TEXT + 1) + "}\n") == (
        f"p.yaml:2: plan notes is {MAX_TEXT + 1:,} characters long; the limit is {MAX_TEXT:,}")


def lead(count: int) -> str:
    return TASK.format(code="'1'", extra=", lead: [" + ", ".join(f"处{i}" for i in range(count)) + "]")


def test_a_list_of_names_up_to_the_bound_is_read_and_one_more_refused():
    assert len(parse(lead(MAX_NAMES)).tasks[0].lead) == MAX_NAMES
    assert refused(lead(MAX_NAMES + 1)) == (
        f"p.yaml:7: the lead of task 1 names {MAX_NAMES + 1} departments; a plan names at most {MAX_NAMES} in one place")


def plan_with(fields: str) -> str:
    return "qtrack: 1\nplan: {title: 计划, issued: 2020-01-01, " + fields + "}\n"


@pytest.mark.parametrize("days", ["0", "1", "3659", "3660"])
def test_ack_within_from_0_to_3660_days(days):
    assert parse(plan_with(f"ack_within: {days}")).ack_within == int(days)


@pytest.mark.parametrize("days", ["-1", "3661", "1.5"])
def test_ack_within_past_its_bounds_is_refused(days):
    assert refused(plan_with(f"ack_within: {days}")) == (
        "p.yaml:2: plan ack_within must be a whole number of days from 0 to 3660")


@pytest.mark.parametrize("review, read", [("true", True), ("false", False), ("~", False)])
def test_review_is_true_or_false(review, read):
    assert parse(plan_with(f"review: {review}")).review is read


@pytest.mark.parametrize("review, shown", [("maybe", "'maybe'"), ("'true'", "'true'"), ("1", "1")])
def test_review_that_is_not_true_or_false_is_refused(review, shown):
    assert refused(plan_with(f"review: {review}")) == f"p.yaml:2: plan review must be true or false, not {shown}"


@pytest.mark.parametrize("extra, every, day", [
    (", report_every: month, report_day: 1", "month", 1),
    (", report_every: month, report_day: 31", "month", 31),
    (", report_every: quarter", "quarter", None),
    (", report_every: ~", None, None),
])
def test_a_reporting_cycle_as_given(extra, every, day):
    got = task(extra=extra)
    assert (got.report_every, got.report_day) == (every, day)


@pytest.mark.parametrize("extra, says", [
    (", report_every: month, report_day: 1.5", "report_day of task 1 must be a whole number from 1 to 31"),
    (", report_every: month, report_day: 0", "report_day of task 1 must be a whole number from 1 to 31"),
    (", report_every: month, report_day: 32", "report_day of task 1 must be a whole number from 1 to 31"),
    (", report_every: fortnight", "report_every: 'fortnight' of task 1 is not one of month, quarter, half-year, year"),
    (", report_every: ~, report_day: 3", "report_day of task 1 needs a report_every (here or above it)"),
])
def test_a_reporting_cycle_past_its_bounds_is_refused(extra, says):
    assert task_refused(extra=extra) == f"p.yaml:7: {says}"


def target(fields: str) -> str:
    return HEAD + "targets:\n  - {code: T1, title: 指标, due: 2020-12-31, " + fields + "}\n"


@pytest.mark.parametrize("day", ["2020-12-30", "2020-12-31"])  # the day before the due date, the day itself
def test_a_path_may_run_to_its_targets_due_date(day):
    assert parse(target(f"op: '>=', value: 5, path: {{{day}: 3}}")).targets[0].path == (
        (dt.date.fromisoformat(day), 3.0),)


def test_a_path_past_the_due_date_is_refused_and_a_point_without_a_value_left_out():
    assert refused(target("op: '>=', value: 5, path: {2021-01-01: 3}")) == (
        "p.yaml:4: the path of target T1 has 2021-01-01, after the target's due date 2020-12-31")
    assert refused(target("op: '>=', value: 5, path: {2020-06-30: x}")) == (
        "p.yaml:4: the value for 2020-06-30 in the path of target T1 must be a number, not the text 'x'")


@pytest.mark.parametrize("value, read", [("[4, 5]", (4.0, 5.0)), ("[5, 5]", (5.0, 5.0)), ("[0, 0]", (0.0, 0.0))])
def test_between_takes_a_low_and_a_high_that_may_be_equal(value, read):
    assert parse(target(f"op: between, value: {value}")).targets[0].value == read


@pytest.mark.parametrize("value, says", [
    ("[6, 5]", "target T1: low 6 is above high 5"),
    ("[5]", "target T1: between takes two values [low, high], not 1"),
    ("[4, 5, 6]", "target T1: between takes two values [low, high], not 3"),
    ("[a, 5]", "a bound of target T1 must be a number, not the text 'a'"),
])
def test_a_between_that_is_not_low_then_high_is_refused(value, says):
    assert refused(target(f"op: between, value: {value}")) == f"p.yaml:4: {says}"


@pytest.mark.parametrize("fields, read", [("op: '>=', value: 0", 0.0), ("op: '<', value: -2.5", -2.5)])
def test_a_single_value_target(fields, read):
    assert parse(target(fields)).targets[0].value == read


@pytest.mark.parametrize("text, says", [
    (HEAD.replace("{title: 计划}", "!!python/object:os.system {title: 计划}"),
     "p.yaml:2: plan: tag !!python/object:os.system is not allowed (plan files hold plain data)"),
    (HEAD.replace("{title: 计划}", "!!omap [a: b]"), "p.yaml:2: plan: tag !!omap is not allowed (plan files hold plain data)"),
    (HEAD.replace("{title: 计划}", "[a, b]"), "p.yaml:2: plan must be a mapping (key: value), not a list"),
    (HEAD.replace("计划}", "计划, notes: !!python/tuple [a]}"),
     "p.yaml:2: plan notes: tag !!python/tuple is not allowed (plan files hold plain data)"),
])
def test_a_list_or_mapping_with_a_tag_is_refused_once_by_its_tag(text, says):
    assert refused(text) == says


def test_a_control_character_is_refused_on_its_line_after_wide_characters():
    text = "# 一二三四五六七八九十一二三四五六七八九十\n# 一二三四五六七八九十一二三四五六七八九十\n" + HEAD.replace("计划", "a\x07")
    assert refused(text) == "p.yaml:4: character U+0007 is not allowed in YAML text (a control character)"


def test_a_tab_in_the_indent_is_named_on_its_line():
    assert refused("qtrack: 1\nplan:\n\ttitle: 计划\n") == "p.yaml:3: tabs cannot indent YAML; use spaces"
