"""The plan file's types: what a validated plan file holds (no YAML, no database here).

Modules that only need the shapes (the importer, the drafter's writer) import this alone, so
that holding a PlanSpec never costs PyYAML's import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from qtrack.dates import FIRST_YEAR, LAST_YEAR  # noqa: F401  (the plan file's bound on dates)
from qtrack.i18n import _

FORMAT_VERSION = 1
OPS = (">=", ">", "<=", "<", "==", "between")
EVERY = ("month", "quarter", "half-year", "year")
# A reporting cycle (报送周期: report_every, report_day) is declared on a plan, a section or a task and
# holds for everything under it; `report_every: null` on a section or task takes it out of the cycle.
REPORT_EVERY = EVERY
# Codes and plan ids appear inside references (PLAN/CODE, REF@PERIOD), so they may not hold
# the separators or white space.
CODE_RE = re.compile(r"^[^\s/@]+$")
# A plan id also names a sheet of the ledger workbook: Excel forbids these characters in one, and
# a spreadsheet or a shell may take a leading = + - @ as the start of a formula or an option.
PLAN_ID_FORBIDDEN = frozenset(':*?[]\\/')
PLAN_ID_LEADING = ("=", "+", "-", "@", "'")
# A plan's dates fall within FIRST_YEAR–LAST_YEAR: year 1 or 9999 is a typo, and a monthly duty
# across eight thousand years would owe a hundred thousand occurrences.
MAX_TASK_DEPTH = 5  # task, sub-task, … as deep as a document's numbering goes (一、(一) 1. (1) ①)
MAX_CODE = 64
MAX_TEXT = 20_000  # characters in one value; a document's longest item is a few thousand


def plan_id_problem(plan_id: str) -> str | None:
    """Why a plan id cannot be one (every output must carry it), or None."""
    bad = sorted({c for c in plan_id if c in PLAN_ID_FORBIDDEN})
    if bad:
        return _("plan id {plan_id!r} holds {bad}, which the ledger's sheet names cannot carry").format(
                   plan_id=plan_id, bad=' '.join(bad))
    if plan_id.startswith(PLAN_ID_LEADING) or plan_id.endswith("'"):
        return _("plan id {plan_id!r} may not begin with {plan_id2} (a spreadsheet would take it for a "
                  "formula)").format(plan_id=plan_id, plan_id2=plan_id[0])
    return None


def plan_id_from(name: str) -> str:
    """A plan id made from a file's name (国办发[2016]12号 → 国办发-2016-12号): every character a
    plan id may not hold becomes '-', and a leading formula sign is dropped."""
    made = re.sub(r"[\s/@" + re.escape("".join(PLAN_ID_FORBIDDEN)) + r"\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+",
                  "-", name).strip("-")
    return made.lstrip("".join(PLAN_ID_LEADING)).rstrip("'") or "plan"


@dataclass
class PhaseSpec:
    name: str
    start: dt.date
    end: dt.date
    line: int = 0


@dataclass(slots=True)
class SectionSpec:
    code: str
    label: str | None
    title: str
    notes: str | None = None
    line: int = 0
    report_every: str | None = None  # its reporting cycle, the plan's when it declares none
    report_day: int | None = None


@dataclass(slots=True)  # a big plan holds 100,000 of them
class TaskSpec:
    code: str
    label: str | None
    title: str
    text: str | None
    lead: list[str]
    support: list[str]
    due: dt.date | None
    notes: str | None
    section: str | None
    parent: str | None
    depth: int = 0
    line: int = 0
    was: str | None = None  # its former code: a renumbered task keeps its row and history
    report_every: str | None = None  # the reporting cycle it owes (its own, else its parent's, section's, plan's)
    report_day: int | None = None  # the day of the month after a period by which its report is due


@dataclass(slots=True)
class TargetSpec:
    code: str
    title: str
    op: str
    value: float | tuple[float, float]
    unit: str | None
    due: dt.date | None
    task: str | None
    baseline: float | None
    notes: str | None
    line: int = 0
    path: tuple[tuple[dt.date, float], ...] = ()  # the trajectory: interim values by date, in date order


@dataclass
class DutySpec:
    code: str
    title: str
    every: str
    day: int | None
    lead: list[str]
    support: list[str]
    start: dt.date | None
    end: dt.date | None
    task: str | None
    notes: str | None
    line: int = 0


@dataclass
class DepartmentSpec:
    name: str
    full_name: str | None
    aliases: list[str]
    line: int = 0


@dataclass
class PlanSpec:
    path: str
    id: str
    title: str
    issuer: str | None = None
    doc_no: str | None = None
    issued: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    source: str | None = None
    lead: list[str] = field(default_factory=list)
    notes: str | None = None
    due: dt.date | None = None
    report_every: str | None = None  # the reporting cycle of every task, unless a section or task says otherwise
    report_day: int | None = None
    ack_within: int | None = None  # days from `issued` allowed for 签收
    review: bool = False  # a department's done is a claim awaiting the office's 销号
    departments: list[DepartmentSpec] = field(default_factory=list)
    phases: list[PhaseSpec] = field(default_factory=list)
    sections: list[SectionSpec] = field(default_factory=list)
    tasks: list[TaskSpec] = field(default_factory=list)
    targets: list[TargetSpec] = field(default_factory=list)
    duties: list[DutySpec] = field(default_factory=list)

    def task(self, code: str) -> TaskSpec:
        for t in self.tasks:
            if t.code == code:
                return t
        raise KeyError(code)
