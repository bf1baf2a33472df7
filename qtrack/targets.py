"""Numeric targets (指标): whether a measurement meets the goal, and how far it has come.

Pure functions, no database. The measured value is always of the quantity the target names:
for a ceiling (吨钢综合能耗低于620千克) the consumption itself, met below 620; for a reduction
(下降12%以上, op >=, value 12) the reduction achieved, met at 12 or more.
"""

from __future__ import annotations

import math

from qtrack.errors import QtrackError
from qtrack.i18n import _

SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def parse_value(text: str) -> float:
    """A measurement as typed: 92.5, 92.5%, 1,200 (full-width digits too)."""
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", text).strip().rstrip("%").replace(",", "").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise QtrackError(_("measurement {text!r} is not a number").format(text=text)) from None
    if not math.isfinite(value):
        raise QtrackError(_("measurement {text!r} is not a finite number").format(text=text))
    return value


def is_met(op: str, value: float, high: float | None, measured: float) -> bool:
    if op == ">=":
        return measured >= value
    if op == ">":
        return measured > value
    if op == "<=":
        return measured <= value
    if op == "<":
        return measured < value
    if op == "==":
        return math.isclose(measured, value, rel_tol=1e-9, abs_tol=1e-9)
    if op == "between":
        return value <= measured <= high
    raise ValueError(f"unknown op {op!r}")


def progress(op: str, value: float, high: float | None, baseline: float | None, measured: float) -> float | None:
    """The share of the way from the baseline (else zero) to the goal, 0–1; None if undefined."""
    if is_met(op, value, high, measured):
        return 1.0
    if op in (">=", ">"):
        start = baseline if baseline is not None else 0.0
        span = value - start
    elif op in ("<=", "<"):
        if baseline is None or baseline <= value:
            return None  # a ceiling with no baseline: no way to say how far it has come
        start, span = baseline, value - baseline
    elif op == "between":
        goal = value if measured < value else high
        start = baseline if baseline is not None else (0.0 if measured < value else None)
        if start is None:
            return None
        span = goal - start
        value = goal
    else:  # == not met
        start = baseline if baseline is not None else 0.0
        span = value - start
    if span == 0:
        return None
    return max(0.0, min(1.0, (measured - start) / span))


def goal_text(op: str, value: float, high: float | None, unit: str | None) -> str:
    unit = unit or ""
    if op == "between":
        return f"{value:g}–{high:g}{unit}"
    return f"{SYMBOL[op]} {value:g}{unit}"
