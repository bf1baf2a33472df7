"""The plan file's types: what a validated plan file holds (no YAML, no database here).

Modules that only need the shapes (the importer, the drafter's writer) import this alone, so
that holding a PlanSpec never costs PyYAML's import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

FORMAT_VERSION = 1
OPS = (">=", ">", "<=", "<", "==", "between")
EVERY = ("month", "quarter", "half-year", "year")
# Codes and plan ids appear inside references (PLAN/CODE, REF@PERIOD), so they may not hold
# the separators or white space.
CODE_RE = re.compile(r"^[^\s/@]+$")
MAX_TASK_DEPTH = 5  # task, sub-task, … as deep as a document's numbering goes (一、(一) 1. (1) ①)
MAX_CODE = 64
MAX_TEXT = 20_000  # characters in one value; a document's longest item is a few thousand


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
