"""The plan file's bounds at their edges (issue 22): the bound itself is allowed, one past it refused.
A one-day plan, a one-day phase, a `between` of equal bounds and a duty on the 31st are all valid."""

from __future__ import annotations

import datetime as dt

import pytest

from qtrack.errors import PlanFileError
from qtrack.planfile import parse_plan

BASE = """\
qtrack: {version}
plan: {{title: "{title}", start: {start}, end: {end}}}
phases:
  - {{name: 阶段, start: {phase_start}, end: {phase_end}}}
sections:
  - code: "1"
    title: 一
    tasks:
      - {{code: "{code}", title: 任务, due: {end}}}
targets:
  - {{code: T1, title: 指标, op: between, value: [{low}, {high}]}}
duties:
  - {{code: D1, title: 月报, every: month, day: {day}}}
"""
GOOD = dict(version="1", title="计划", start="2020-12-31", end="2020-12-31", phase_start="2020-12-31",
            phase_end="2020-12-31", code="1", low="5", high="5", day="31")


def parse(**changed):
    return parse_plan(BASE.format(**{**GOOD, **changed}), "p.yaml", default_id="p")


def refused(**changed) -> str:
    with pytest.raises(PlanFileError) as info:
        parse(**changed)
    return str(info.value)


def test_the_bounds_themselves_are_valid():
    spec = parse()
    assert (spec.start, spec.end) == (dt.date(2020, 12, 31), dt.date(2020, 12, 31))  # a one-day plan
    assert spec.targets[0].value == (5.0, 5.0)  # a between of equal bounds
    assert spec.duties[0].day == 31


@pytest.mark.parametrize("changed", [
    dict(start="2021-01-01", phase_start="2021-01-01", phase_end="2021-01-01"),  # the plan ends before it starts
    dict(phase_start="2021-01-01"),  # the phase ends before it starts
    dict(low="6"),  # a between whose low is above its high
    dict(day="32"), dict(day="0"),  # no month has these days
])
def test_one_past_each_bound_is_refused(changed):
    assert "p.yaml:" in refused(**changed)


@pytest.mark.parametrize("day", ["1", "28", "30", "31"])
def test_a_monthly_duty_may_fall_on_any_day_a_month_can_have(day):
    assert parse(day=day).duties[0].day == int(day)


@pytest.mark.parametrize("version", ["true", "false", "0", "2", '"1"'])
def test_only_the_number_1_is_a_version(version):
    assert "qtrack" in refused(version=version)


def test_surrounding_spaces_in_a_quoted_title_or_code_are_not_kept():
    spec = parse(title="  计划  ", code=" 1 ")
    assert (spec.title, spec.tasks[0].code) == ("计划", "1")
