"""Inputs built to be slow: a long run of digits, tens of thousands of items. The drafter reads them
in time proportional to their size.

This is the one place with a bound on time, and it is a harness timeout, not a measurement: each
case runs under an alarm and fails loudly when the alarm rings. Before the fix the 15,000-digit run
took 58 s (backtracking in qtrack/draft/targets.py; now 0.1 s, bound 10 s) and 20,000 items 81 s
(a search of the whole text per task; now about 10 s on an idle machine, most of it the loader's
check of the 2 MB draft, bound 60 s). Speed goals proper live in bench/ (bench/draft_quality.py times a draft of
a 40,000-character document).
"""

from __future__ import annotations

import signal
import sys
from contextlib import contextmanager

import pytest

from qtrack.draft import draft
from qtrack.draft.targets import targets


@contextmanager
def alarm(seconds: int):
    def ring(signum, frame):
        raise TimeoutError(f"took more than {seconds} s: the input is read in more than linear time")

    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def digits(n: int) -> str:
    """A task whose text holds a run of n digits, next to the words that start a target."""
    run = "".join(str(i % 10) for i in range(n))
    return f"某市工作方案\n一、主要任务\n1.提高合格率。合格率达到{run}以上,提高{run}.{run}个。(市质监局负责)\n"


def items(n: int) -> str:
    """A document of n numbered items, each with its own text, note and target."""
    lines = ["某市工作方案", "一、主要任务"]
    lines += [f"{i}.推进第{i}项工作。开展第{i}批试点,合格率达到9{i % 10}%以上。(市发展改革委牵头,市财政局配合)"
              for i in range(1, n + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(not hasattr(signal, "SIGALRM") or sys.gettrace() is not None,
                    reason="the harness timeout needs SIGALRM and an untraced run (coverage slows it several-fold)")
def test_a_run_of_15000_digits_is_read_in_linear_time():
    with alarm(10):
        assert targets("达到" + "1" * 15_000) == []  # no unit: not a target, and said at once
        out = draft(digits(15_000).encode(), "digits.txt", "d")
    assert "lead: [市质监局]" in out


@pytest.mark.skipif(not hasattr(signal, "SIGALRM") or sys.gettrace() is not None,
                    reason="the harness timeout needs SIGALRM and an untraced run (coverage slows it several-fold)")
def test_20000_items_are_read_in_linear_time():
    with alarm(60):
        out = draft(items(20_000).encode(), "items.txt", "i")
    assert out.count("lead: [市发展改革委]") == 20_000 and '- code: "20000"' in out
