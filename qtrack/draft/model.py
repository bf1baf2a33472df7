"""What a draft holds before it is written: the plan, its sections, tasks, targets, duties and phases,
each field with an optional comment for the reviewer ("# check: …" or where a date came from)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Commented:
    comments: dict[str, str] = field(default_factory=dict, kw_only=True)

    def check(self, key: str, why: str) -> None:
        """Mark a value the reviewer should look at; several reasons are joined."""
        old = self.comments.get(key)
        reason = f"check: {why}"
        self.comments[key] = f"{old}; {reason}" if old else reason


@dataclass
class DTask(Commented):
    code: str
    label: str | None  # None: an unnumbered paragraph read as a task
    title: str
    text: str
    lead: list[str] | None = None  # None: the key is left out, so the task inherits its parent's
    support: list[str] | None = None
    due: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    tasks: list[DTask] = field(default_factory=list)


@dataclass
class DSection(Commented):
    code: str
    label: str
    title: str
    notes: list[str] = field(default_factory=list)
    tasks: list[DTask] = field(default_factory=list)


@dataclass
class DTarget(Commented):
    code: str
    title: str
    op: str
    value: float | tuple[float, float]
    unit: str
    due: dt.date | None
    task: str | None
    notes: str


@dataclass
class DDuty(Commented):
    code: str
    title: str
    every: str
    lead: list[str]
    start: dt.date | None
    end: dt.date | None
    task: str | None
    notes: str
    day: int | None = None  # the day of the period's last month it falls due, where the text says


@dataclass
class DPhase(Commented):
    name: str
    start: dt.date
    end: dt.date


@dataclass
class DPlan(Commented):
    id: str
    title: str
    issuer: str | None = None
    doc_no: str | None = None
    issued: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    source: str | None = None
    notes: list[str] = field(default_factory=list)
    due: dt.date | None = None
    phases: list[DPhase] = field(default_factory=list)
    sections: list[DSection] = field(default_factory=list)
    targets: list[DTarget] = field(default_factory=list)
    duties: list[DDuty] = field(default_factory=list)

    def all_tasks(self) -> list[DTask]:
        out: list[DTask] = []

        def walk(tasks: list[DTask]) -> None:
            for t in tasks:
                out.append(t)
                walk(t.tasks)

        for s in self.sections:
            walk(s.tasks)
        return out
