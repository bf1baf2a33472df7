"""Duty periods: labels, due dates, boundaries of quarters and half-years, leap years."""

from __future__ import annotations

from datetime import date

import pytest

from qtrack.periods import occurrence, occurrences, parse_period


@pytest.mark.parametrize("every, start, end, expected", [
    ("month", date(2016, 3, 1), date(2016, 5, 31),
     [("2016-03", date(2016, 3, 31)), ("2016-04", date(2016, 4, 30)), ("2016-05", date(2016, 5, 31))]),
    ("month", date(2016, 1, 15), date(2016, 2, 1), [("2016-01", date(2016, 1, 31)), ("2016-02", date(2016, 2, 29))]),
    ("month", date(2015, 2, 1), date(2015, 2, 28), [("2015-02", date(2015, 2, 28))]),
    ("quarter", date(2011, 3, 18), date(2011, 12, 31),
     [("2011-Q1", date(2011, 3, 31)), ("2011-Q2", date(2011, 6, 30)), ("2011-Q3", date(2011, 9, 30)),
      ("2011-Q4", date(2011, 12, 31))]),
    ("quarter", date(2011, 12, 31), date(2012, 1, 1), [("2011-Q4", date(2011, 12, 31)), ("2012-Q1", date(2012, 3, 31))]),
    ("half-year", date(2011, 6, 30), date(2012, 7, 1),
     [("2011-H1", date(2011, 6, 30)), ("2011-H2", date(2011, 12, 31)), ("2012-H1", date(2012, 6, 30)),
      ("2012-H2", date(2012, 12, 31))]),
    ("half-year", date(2011, 7, 1), date(2011, 12, 31), [("2011-H2", date(2011, 12, 31))]),
    ("year", date(2011, 4, 1), date(2013, 1, 1),
     [("2011", date(2011, 12, 31)), ("2012", date(2012, 12, 31)), ("2013", date(2013, 12, 31))]),
])
def test_occurrences_cover_every_overlapping_period(every, start, end, expected):
    assert [(o.period, o.due) for o in occurrences(every, start, end)] == expected


def test_period_bounds():
    q2 = occurrence("quarter", 2011, 2)
    assert (q2.start, q2.end) == (date(2011, 4, 1), date(2011, 6, 30))
    h2 = occurrence("half-year", 2012, 2)
    assert (h2.start, h2.end) == (date(2012, 7, 1), date(2012, 12, 31))


@pytest.mark.parametrize("every, year, index, day, due", [
    ("month", 2016, 2, 30, date(2016, 2, 29)),  # leap year: clamped to the 29th
    ("month", 2015, 2, 30, date(2015, 2, 28)),
    ("month", 2100, 2, 29, date(2100, 2, 28)),  # a century that is not a leap year
    ("month", 2000, 2, 29, date(2000, 2, 29)),  # one that is
    ("month", 2016, 6, 31, date(2016, 6, 30)),
    ("month", 2016, 3, 10, date(2016, 3, 10)),
    ("quarter", 2011, 1, 15, date(2011, 3, 15)),  # the day of the period's last month
    ("half-year", 2011, 1, 31, date(2011, 6, 30)),
    ("year", 2012, 1, 20, date(2012, 12, 20)),
])
def test_day_moves_the_due_date_within_the_last_month(every, year, index, day, due):
    assert occurrence(every, year, index, day).due == due


@pytest.mark.parametrize("every, label, expected", [
    ("month", "2016-03", (2016, 3)), ("month", "2016-13", None), ("month", "2016-00", None),
    ("month", "2016-3", None), ("quarter", "2011-Q2", (2011, 2)), ("quarter", "2011-Q5", None),
    ("quarter", "2011-03", None), ("half-year", "2012-H1", (2012, 1)), ("half-year", "2012-H3", None),
    ("year", "2013", (2013, 1)), ("year", "2013-H1", None),
])
def test_parse_period(every, label, expected):
    assert parse_period(every, label) == expected


@pytest.mark.parametrize("every, label, expected", [
    ("month", "2016-00", None), ("month", "2016-01", (2016, 1)), ("month", "2016-12", (2016, 12)),
    ("month", "2016-13", None),  # December is a month; a thirteenth is not
    ("quarter", "2016-Q4", (2016, 4)), ("quarter", "2016-Q5", None), ("quarter", "2016-Q0", None),
    ("half-year", "2016-H2", (2016, 2)), ("year", "2016", (2016, 1)),
])
def test_a_label_at_the_edge_of_its_year(every, label, expected):
    assert parse_period(every, label) == expected
