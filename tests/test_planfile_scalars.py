"""One YAML scalar of a plan file at its edges (issue 22): the digits a number may have, the size
it may reach, how a long wrong value is shown, and each explicit tag, through parse_plan as an
import reads them."""

from __future__ import annotations

import pytest

from qtrack.errors import PlanFileError
from qtrack.planfile import parse_plan
from qtrack.planfile.scalars import Unreadable, construct, shown_tag

PLAN = """\
qtrack: {version}
plan: {{title: 计划, review: {review}}}
targets:
  - {{code: T1, title: 指标, op: ">=", value: {value}, notes: {notes}}}
"""


def parse(value="5", review="false", notes="~", version="1"):
    return parse_plan(PLAN.format(value=value, review=review, notes=notes, version=version), "p.yaml",
                      default_id="p")


def refused(**changed) -> str:
    with pytest.raises(PlanFileError) as info:
        parse(**changed)
    return str(info.value)


@pytest.mark.parametrize("value, read", [
    ("12345678901234", 12345678901234.0),
    ("123456789012345", 123456789012345.0),  # fifteen digits: the bound itself
    ("-123456789012345", -123456789012345.0),
    ("0", 0.0),
    ("0.5", 0.5),
    ("9.99e+14", 999000000000000.0),  # just below 10**15
    ("!!int 7", 7.0), ("!!float 2.5", 2.5),  # the tags of plain numbers are honoured
])
def test_numbers_up_to_the_bounds_are_read(value, read):
    assert parse(value=value).targets[0].value == read


@pytest.mark.parametrize("value, says", [
    ("1234567890123456", "1234567890123456 has more than 15 significant digits"),  # one past the bound
    ("999999999999999.9", "has more than 15 significant digits"),
    ("1.0e+15", "1.0e+15 is too large for a plan"),  # 10**15 itself: a value of 15 digits stays below it
    ("-1.0e+15", "-1.0e+15 is too large for a plan"),
    ("!!float 1e15", "1e15 is too large for a plan"),
    (".nan", ".nan is not a number a plan can hold"), (".NaN", "not finite"),
    (".inf", ".inf is not a number a plan can hold"), ("-.inf", "not finite"), ("+.INF", "not finite"),
    ("0x1F", "0x1F is not a plain number"), ("1_000", "1_000 is not a plain number"),
    ("012", "012 has a leading zero"),
    ("!!int abc", "'abc' is not a number"),
])
def test_numbers_past_the_bounds_are_refused_with_why(value, says):
    message = refused(value=value)
    assert message.startswith("p.yaml:4: the value of target T1: ") and says in message


@pytest.mark.parametrize("length, shown", [
    (31, "a" * 31), (32, "a" * 32),  # up to 32 characters a wrong value is shown whole
    (33, "a" * 24 + "…"),  # a longer one is cut
])
def test_a_long_wrong_number_is_shown_whole_up_to_32_characters(length, shown):
    assert refused(value="!!int " + "a" * length).endswith(f"{shown!r} is not a number")


@pytest.mark.parametrize("tag, says", [
    ("!!binary aGVsbG8=", "tag !!binary is not allowed"),  # as the file spells it, not tag:yaml.org,2002:binary
    ("!!timestamp 2020-01-01", "must be a number, not the date 2020-01-01"),
    ("!!str 5", "must be a number, not the text '5'"),
    ("!!bool maybe", "'maybe' is not true or false"),
])
def test_an_explicit_tag_is_honoured_or_refused_by_name(tag, says):
    assert says in refused(value=tag)


@pytest.mark.parametrize("review, read", [("true", True), ("!!bool yes", True), ("False", False), ("~", False),
                                          ("!!null ''", False)])
def test_true_false_and_null_as_written(review, read):
    assert parse(review=review).review is read


@pytest.mark.parametrize("version, says", [
    ("!!null abc", "qtrack: 'abc' is not empty (null)"),
    ("!!bool maybe", "qtrack: 'maybe' is not true or false"),
    ("!!set {a: b}", "tag !!set is not allowed"),
])
def test_a_scalar_its_tag_cannot_make_is_refused(version, says):
    assert says in refused(version=version)


@pytest.mark.parametrize("tag, text, value", [
    ("tag:yaml.org,2002:str", "5", "5"), ("tag:yaml.org,2002:null", "~", None), ("tag:yaml.org,2002:null", "", None),
    ("tag:yaml.org,2002:bool", "on", True), ("tag:yaml.org,2002:bool", "NO", False),
    ("tag:yaml.org,2002:int", "12", 12), ("tag:yaml.org,2002:float", "1.5", 1.5),
])
def test_construct_makes_each_plain_value(tag, text, value):
    assert construct(tag, text) == value and type(construct(tag, text)) is type(value)


@pytest.mark.parametrize("tag", ["str", "int"])
def test_a_tag_outside_yamls_own_is_refused_even_when_it_ends_like_one(tag):
    with pytest.raises(Unreadable, match=f"tag !{tag} is not allowed"):
        construct(f"!{tag}", "5")
    assert shown_tag(f"!{tag}") == f"!{tag}" and shown_tag(f"tag:yaml.org,2002:{tag}") == f"!!{tag}"
