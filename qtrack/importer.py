"""Writing validated plans into the database: the diff against what is there, in one transaction.

Rows are keyed by plan id + code, so re-importing an edited file updates definitions in place
and every update recorded against a task stays attached to it. Something that left the file is
retired, never deleted. Nothing here touches the updates table. What an import changed is
written to the audit table in the same transaction, signed with who ran which command.

Each plan keeps the digest of the file it was last imported from: a file whose digest a plan
holds is that plan's file unchanged, so it is answered "no change" without being read at all
(a 100,000-task plan takes seconds to read and check, its digest a tenth of one).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack import pinyin
from qtrack.store import inbox as stored_inbox
from qtrack.store import plans, utc_now
from qtrack.store import workflow as stored_workflow
from qtrack.errors import PlanFileError, Problem
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.planfile import PlanSpec
    from qtrack.store import Store


@dataclass
class Counts:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0
    what_changed: dict[str, str] = field(default_factory=dict)  # code → the fields that changed
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (former code, code)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.retired or self.renumbered)


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
    warnings: list[Problem] = field(default_factory=list)  # e.g. a new department a typo away from one known
    skipped: bool = False  # the file is the one the plan was last imported from: not read again

    @property
    def changed(self) -> bool:
        return self.new or self.plan_changed or any(
            c.touched for c in (self.sections, self.tasks, self.targets, self.duties))


class _Rollback(Exception):
    """Raised inside the transaction of a dry run so that nothing is kept."""


# Changed whenever the same bytes would be read into different rows, so that a newer qtrack
# reads every file once more rather than trusting a digest an older one recorded.
DIGEST_FORMAT = b"qtrack plan file 1\0"


def digest(path: Path) -> str | None:
    """The digest of a plan file: its bytes and its name's stem (the plan id of a file that names
    none), read in chunks. None for what is not a regular file that can be read: reading it for
    the import then says why."""
    import hashlib
    import os
    import stat

    h = hashlib.sha256(DIGEST_FORMAT)
    h.update(path.stem.encode("utf-8", "surrogateescape") + b"\0")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block here
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        try:
            return hashlib.file_digest(file, lambda: h).hexdigest()
        except OSError:
            return None


def unchanged_files(conn: Store, digests: dict[str, str | None]) -> dict[str, str]:
    """Of the files (shown path → digest), those that are the file a plan was last imported from:
    shown path → that plan's id."""
    known = plans.sources(conn)
    return {path: known[d] for path, d in digests.items() if d in known}


def import_plans(conn: Store, specs: list[PlanSpec], *, dry_run: bool = False, strict: bool = False,
                 by: str | None = None, command: str = "import", inbox: str | None = None,
                 digests: dict[str, str | None] | None = None, unchanged: dict[str, str] | None = None
                 ) -> list[ImportResult]:
    """Write every plan in one transaction: all of them land, or none does. With `strict`, a
    warning (a department name one edit from one the database knows) refuses the whole import.
    An office's inbox (qtrack/inbox.py) is changed only by `add`, which names it as `inbox`.

    `digests` (a spec's path → its file's digest) are recorded for the next import; `unchanged`
    (path → plan id: files unchanged_files found) get a "no change" result without a write."""
    unchanged, digests = unchanged or {}, digests or {}
    seen: dict[str, str] = {}
    for plan_id, path in [*((plan_id, path) for path, plan_id in unchanged.items()), *((s.id, s.path) for s in specs)]:
        if plan_id in seen:
            raise PlanFileError([Problem(path, 0, _("plan id {plan_id!r} is also the id of {seen}").format(
                                                      plan_id=plan_id, seen=seen[plan_id]))])
        seen[plan_id] = path
    results: list[ImportResult] = []
    try:
        with conn.transaction():
            now = utc_now()
            departments = plans.Departments(conn)
            inboxes = stored_inbox.inbox_ids(conn) - {inbox}
            results = [_import_plan(conn, spec, departments, now) for spec in specs]
            _refuse_inbox_changes(results, inboxes)
            for spec in specs:  # an inbox is the commands' own: no file of it may be skipped as unchanged
                if digests.get(spec.path) and spec.id not in inboxes and spec.id != inbox:
                    plans.record_source(conn, spec.id, digests[spec.path])
            results += [_unchanged(conn, plan_id, path) for path, plan_id in unchanged.items()]
            if strict and any(r.warnings for r in results):
                strict = _(" (--strict)")
                raise PlanFileError([w._replace(message=w.message + strict) for r in results for w in r.warnings])
            if by is None:
                from qtrack.updates import default_author  # its imports are not needed by a skipped file

                by = default_author()
            _audit(conn, results, now, by, command)
            pinyin.fill(conn)  # the new departments' spellings, for --dept zls
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return results


def _refuse_inbox_changes(results: list[ImportResult], inboxes: set[str]) -> None:
    """A plan file may name an inbox's id (its own export, read back) only if it changes nothing."""
    problems = [Problem(r.path, 0, _("plan {plan} is the office's inbox, whose items only qtrack's commands change; "
                                     "this file would change it (import it under another plan id)").format(
                                       plan=r.plan))
                for r in results if r.plan in inboxes and r.changed]
    if problems:
        raise PlanFileError(problems)


def _unchanged(conn: Store, plan_id: str, path: str) -> ImportResult:
    """The result of importing a plan's own file again: nothing added, changed or retired."""
    result = ImportResult(plan=plan_id, path=path, skipped=True)
    counts = plans.live_counts(conn, plan_id)
    result.tasks.unchanged, result.targets.unchanged, result.duties.unchanged = (
        counts["task"], counts["target"], counts["duty"])
    return result


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
            rows += [(r.plan, kind, new, "renumbered", _renumbering(old, new)) for old, new in counts.renumbered]
    plans.audit(conn, [(now, by, command, *row) for row in rows])


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _path(points: tuple) -> str | None:
    """A target's trajectory as stored: JSON [[date, value], …] in date order; None without one (so
    that a plan file without paths stores what it stored before)."""
    import json

    return json.dumps([[d.isoformat(), v] for d, v in points]) if points else None


def _import_plan(conn: Store, spec: PlanSpec, departments: plans.Departments, now: str) -> ImportResult:
    result = ImportResult(plan=spec.id, path=spec.path)
    departments.changed, departments.spec, departments.warnings = False, spec, result.warnings
    departments.declare(spec)
    fields = (spec.title, spec.issuer, spec.doc_no, _iso(spec.issued), _iso(spec.start), _iso(spec.end),
              _iso(spec.due), spec.source, spec.notes, json.dumps(spec.lead, ensure_ascii=False),
              spec.ack_within, spec.review)
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

    if not result.new:
        _renumber(conn, spec, result.tasks)
    task_ids: dict[str, int] = {}

    def task_rows() -> Iterator[tuple[str, tuple, list]]:
        for i, t in enumerate(spec.tasks):
            yield t.code, (sections.get(t.section) if t.section else None,
                           task_ids[t.parent] if t.parent else None, t.label, t.title, t.text,
                           _iso(t.due), t.notes, i, t.depth, t.report_every, t.report_day), \
                departments.links(t.lead, t.support, t.line)

    plans.sync(conn, "task", spec.id, result.tasks, task_rows(),
          ("section_id", "parent_id", "label", "title", "text", "due", "notes", "seq", "depth", "report_every",
           "report_day"),
          ids=task_ids, link_table="task_department", names=departments.name_of,
          overridden=stored_workflow.file_links(conn, spec.id))
    moved = {new for _, new in result.tasks.renumbered} - set(result.tasks.changed)
    result.tasks.unchanged -= len(moved)  # a renumbered task is counted as that, not as unchanged too

    plans.sync(conn, "target", spec.id, result.targets, (
        (t.code, (task_ids.get(t.task) if t.task else None, t.title, t.op,
                  t.value[0] if isinstance(t.value, tuple) else t.value,
                  t.value[1] if isinstance(t.value, tuple) else None,
                  t.unit, _iso(t.due), t.baseline, t.notes, i, _path(t.path)), None)
        for i, t in enumerate(spec.targets)),
        ("task_id", "title", "op", "value", "value_high", "unit", "due", "baseline", "notes", "seq", "path"))

    plans.sync(conn, "duty", spec.id, result.duties, (
        (d.code, (task_ids.get(d.task) if d.task else None, d.title, d.every, d.day, _iso(d.start),
                  _iso(d.end), d.notes, i), departments.links(d.lead, d.support, d.line))
        for i, d in enumerate(spec.duties)),
        ("task_id", "title", "every", "day", "start", '"end"', "notes", "seq"),
        link_table="duty_department", names=departments.name_of)

    result.plan_changed |= departments.changed
    if result.changed and not result.new:
        plans.update_plan(conn, spec.id, fields, spec.path, now)
    return result


def _renumbering(old: str, new: str) -> str:
    return f"{old} → {new}"


def _renumber(conn: Store, spec: PlanSpec, counts: Counts) -> None:
    """Move each task the file renumbered (`was: "4"` on task 4b) to its new code, keeping its row
    and so its history, before the tasks are diffed by code.

    A plan file keeps its `was` after the import that used it, so a renumbering is made once: it
    is already made when the task holds the new code and the audit's latest renumbering of that
    code says so (or the former code is gone). Codes may shift along (4 → 5, 5 → 6, a new 4) or
    swap (store/plans.py moves them through codes no plan file can hold).
    """
    wanted = [t for t in spec.tasks if t.was is not None]
    if not wanted:
        return
    have = plans.task_codes(conn, spec.id)
    made = plans.renumberings(conn, spec.id)
    problems, moves = [], []
    for t in wanted:
        if t.code in have and (made.get(t.code) == _renumbering(t.was, t.code) or t.was not in have):
            continue
        if t.was not in have:
            problems.append(Problem(spec.path, t.line, _("task {code}: was {was!r} names no task of plan {id} in "
                                                         "the database").format(
                                                           code=t.code, was=t.was, id=spec.id)))
        else:
            moves.append(t)
    leaving = {t.was for t in moves}
    for t in moves:
        if t.code in have and t.code not in leaving:
            problems.append(Problem(spec.path, t.line, (
                _("task {code}: was {was!r}, but plan {id} already has a task {code} that no task of the "
                   'file takes over; renumber that one too (was: "{code}") or choose another code').format(
                    code=t.code, was=t.was, id=spec.id))))
    if problems:
        raise PlanFileError(problems)
    plans.move_tasks(conn, [(have[t.was], t.code) for t in moves])
    counts.renumbered.extend((t.was, t.code) for t in moves)
