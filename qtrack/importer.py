"""Writing validated plans into the database: the diff against what is there, in one transaction.

Rows are keyed by plan id + code, so re-importing an edited file updates definitions in place
and every update recorded against a task stays attached to it. Something that left the file is
retired, never deleted. Nothing here touches the updates table. What an import changed is
written to the audit table in the same transaction, signed with who ran which command.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qtrack.store import plans, utc_now
from qtrack.errors import PlanFileError, Problem
from qtrack.planfile import PlanSpec
from qtrack.updates import default_author

if TYPE_CHECKING:
    from qtrack.store import Store


@dataclass
class Counts:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0
    what_changed: dict[str, str] = field(default_factory=dict)  # code → the fields that changed

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.retired)


@dataclass
class ImportResult:
    plan: str
    path: str
    new: bool = False
    plan_changed: bool = False  # the plan's own fields, phases or departments
    sections: Counts = field(default_factory=Counts)
    tasks: Counts = field(default_factory=Counts)
    targets: Counts = field(default_factory=Counts)
    duties: Counts = field(default_factory=Counts)

    @property
    def changed(self) -> bool:
        return self.new or self.plan_changed or any(
            c.touched for c in (self.sections, self.tasks, self.targets, self.duties))


class _Rollback(Exception):
    """Raised inside the transaction of a dry run so that nothing is kept."""


def import_plans(conn: Store, specs: list[PlanSpec], *, dry_run: bool = False,
                 by: str | None = None, command: str = "import") -> list[ImportResult]:
    """Write every plan in one transaction: all of them land, or none does."""
    seen: dict[str, str] = {}
    for spec in specs:
        if spec.id in seen:
            raise PlanFileError([Problem(spec.path, 0, f"plan id {spec.id!r} is also the id of {seen[spec.id]}")])
        seen[spec.id] = spec.path
    results: list[ImportResult] = []
    try:
        with conn.transaction():
            now = utc_now()
            departments = plans.Departments(conn)
            results = [_import_plan(conn, spec, departments, now) for spec in specs]
            _audit(conn, results, now, by or default_author(), command)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return results


def _audit(conn: Store, results: list[ImportResult], now: str, by: str, command: str) -> None:
    """One row for a new plan; for a re-import, one per plan detail, section, task, target or duty it changed."""
    rows = []
    for r in results:
        if r.new:
            rows.append((r.plan, "plan", None, "added", f"{r.path} (tasks {len(r.tasks.added)}, "
                         f"targets {len(r.targets.added)}, duties {len(r.duties.added)})"))
            continue
        if r.plan_changed:
            rows.append((r.plan, "plan", None, "changed", r.path))
        for kind, counts in (("section", r.sections), ("task", r.tasks), ("target", r.targets), ("duty", r.duties)):
            rows += [(r.plan, kind, code, "added", None) for code in counts.added]
            rows += [(r.plan, kind, code, "changed", counts.what_changed.get(code)) for code in counts.changed]
            rows += [(r.plan, kind, code, "retired", None) for code in counts.retired]
    plans.audit(conn, [(now, by, command, *row) for row in rows])


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _import_plan(conn: Store, spec: PlanSpec, departments: plans.Departments, now: str) -> ImportResult:
    result = ImportResult(plan=spec.id, path=spec.path)
    departments.changed = False
    departments.declare(spec)
    fields = (spec.title, spec.issuer, spec.doc_no, _iso(spec.issued), _iso(spec.start), _iso(spec.end),
              _iso(spec.due), spec.source, spec.notes, json.dumps(spec.lead, ensure_ascii=False))
    row = plans.plan_fields(conn, spec.id)
    if row is None:
        result.new = True
        plans.insert_plan(conn, spec.id, fields, spec.path, now)
    elif row != fields:
        result.plan_changed = True
    result.plan_changed |= plans.sync_phases(conn, spec.id, [(p.name, _iso(p.start), _iso(p.end), i)
                                                             for i, p in enumerate(spec.phases)])

    sections = plans.sync(conn, "section", spec.id, result.sections, (
        (s.code, (s.label, s.title, s.notes, i), None) for i, s in enumerate(spec.sections)),
        ("label", "title", "notes", "seq"))

    task_ids: dict[str, int] = {}

    def task_rows() -> Iterator[tuple[str, tuple, list]]:
        for i, t in enumerate(spec.tasks):
            yield t.code, (sections.get(t.section) if t.section else None,
                           task_ids[t.parent] if t.parent else None, t.label, t.title, t.text,
                           _iso(t.due), t.notes, i, t.depth), departments.links(t.lead, t.support)

    plans.sync(conn, "task", spec.id, result.tasks, task_rows(),
          ("section_id", "parent_id", "label", "title", "text", "due", "notes", "seq", "depth"),
          ids=task_ids, link_table="task_department")

    plans.sync(conn, "target", spec.id, result.targets, (
        (t.code, (task_ids.get(t.task) if t.task else None, t.title, t.op,
                  t.value[0] if isinstance(t.value, tuple) else t.value,
                  t.value[1] if isinstance(t.value, tuple) else None,
                  t.unit, _iso(t.due), t.baseline, t.notes, i), None)
        for i, t in enumerate(spec.targets)),
        ("task_id", "title", "op", "value", "value_high", "unit", "due", "baseline", "notes", "seq"))

    plans.sync(conn, "duty", spec.id, result.duties, (
        (d.code, (task_ids.get(d.task) if d.task else None, d.title, d.every, d.day, _iso(d.start),
                  _iso(d.end), d.notes, i), departments.links(d.lead, d.support))
        for i, d in enumerate(spec.duties)),
        ("task_id", "title", "every", "day", "start", '"end"', "notes", "seq"), link_table="duty_department")

    result.plan_changed |= departments.changed
    if result.changed and not result.new:
        plans.update_plan(conn, spec.id, fields, spec.path, now)
    return result


