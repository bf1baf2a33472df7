"""Target evaluation: every op, ceilings and reductions, progress toward the goal, bad values."""

from __future__ import annotations

import pytest

from qtrack.errors import QtrackError
from qtrack.targets import goal_text, is_met, parse_value, progress


@pytest.mark.parametrize("op, value, high, measured, met", [
    (">=", 90, None, 90, True), (">=", 90, None, 89.99, False), (">=", 90, None, 92.5, True),
    (">", 300, None, 300, False), (">", 300, None, 301, True),
    ("<=", 12500, None, 12500, True), ("<=", 12500, None, 12500.1, False),
    ("<", 620, None, 619.9, True), ("<", 620, None, 620, False), ("<", 620, None, 650, False),
    ("==", 5, None, 5.0, True), ("==", 5, None, 6, False),
    ("between", 80, 100, 80, True), ("between", 80, 100, 100, True), ("between", 80, 100, 79, False),
    ("between", 80, 100, 101, False),
    (">=", 12, None, 12.5, True),  # a reduction of 12.5% meets 下降12%以上
    (">=", 12, None, 11, False),
])
def test_every_op(op, value, high, measured, met):
    assert is_met(op, value, high, measured) is met


@pytest.mark.parametrize("op, value, high, baseline, measured, expected", [
    (">=", 90, None, None, 45, 0.5),
    (">=", 90, None, 80, 85, 0.5),  # from the baseline, not from zero
    (">=", 90, None, 80, 70, 0.0),  # worse than the baseline: no progress, not negative
    ("<", 620, None, 700, 660, 0.5),  # a ceiling comes down from its baseline
    ("<", 620, None, None, 650, None),  # ... and without one, how far is undefined
    ("between", 80, 100, None, 40, 0.5),
    (">=", 90, None, None, 95, 1.0),
])
def test_progress_toward_the_goal(op, value, high, baseline, measured, expected):
    assert progress(op, value, high, baseline, measured) == expected


@pytest.mark.parametrize("text, value", [("92.5", 92.5), ("92.5%", 92.5), ("1,200", 1200.0), ("９２．５", 92.5),
                                         (" -3 ", -3.0)])
def test_values_as_typed(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["abc", "九十", "", "nan", "inf", "1.2.3"])
def test_non_numbers_refused(text):
    with pytest.raises(QtrackError, match="is not a"):
        parse_value(text)


def test_goal_text():
    assert goal_text(">=", 90, None, "%") == "≥ 90%"
    assert goal_text("between", 80, 100, "个") == "80–100个"
    assert goal_text("<", 620, None, "千克标准煤") == "< 620千克标准煤"
