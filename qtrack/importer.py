"""Writing validated plans into the database: the diff against what is there, in one transaction.

Rows are keyed by plan id + code, so re-importing an edited file updates definitions in place
and every update recorded against a task stays attached to it. Something that left the file is
retired, never deleted. Nothing here touches the updates table. What an import changed is
written to the audit table in the same transaction, signed with who ran which command.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from qtrack import db
from qtrack.errors import PlanFileError, Problem
from qtrack.planfile import PlanSpec
from qtrack.names import one_edit_apart
from qtrack.updates import default_author


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

    @property
    def changed(self) -> bool:
        return self.new or self.plan_changed or any(
            c.touched for c in (self.sections, self.tasks, self.targets, self.duties))


class _Rollback(Exception):
    """Raised inside the transaction of a dry run so that nothing is kept."""


def import_plans(conn: sqlite3.Connection, specs: list[PlanSpec], *, dry_run: bool = False, strict: bool = False,
                 by: str | None = None, command: str = "import") -> list[ImportResult]:
    """Write every plan in one transaction: all of them land, or none does. With `strict`, a
    warning (a department name one edit from one the database knows) refuses the whole import."""
    seen: dict[str, str] = {}
    for spec in specs:
        if spec.id in seen:
            raise PlanFileError([Problem(spec.path, 0, f"plan id {spec.id!r} is also the id of {seen[spec.id]}")])
        seen[spec.id] = spec.path
    results: list[ImportResult] = []
    try:
        with db.transaction(conn):
            now = db.utc_now()
            departments = _Departments(conn)
            results = [_import_plan(conn, spec, departments, now) for spec in specs]
            if strict and any(r.warnings for r in results):
                raise PlanFileError([w._replace(message=w.message + " (--strict)") for r in results for w in r.warnings])
            _audit(conn, results, now, by or default_author(), command)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return results


def _audit(conn: sqlite3.Connection, results: list[ImportResult], now: str, by: str, command: str) -> None:
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
    conn.executemany("INSERT INTO audit (at, by, command, plan_id, kind, code, action, detail) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(now, by, command, *row) for row in rows])


class _Departments:
    """Department names to ids: canonical names, then aliases, else a new department."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.ids = {r[0]: r[1] for r in conn.execute("SELECT name, id FROM department")}
        self.ids.update({r[0]: r[1] for r in conn.execute("SELECT alias, department_id FROM department_alias")})
        self.names = {r[0] for r in conn.execute("SELECT name FROM department")}
        self.name_of = {i: name for name, i in self.ids.items() if name in self.names}  # kept up to date
        # What the database knew before this import, spelling → department name: a new name a
        # typo away from one of these is most likely that department misspelt (质量斯, 质量司).
        self.known = {r[0]: r[1] for r in conn.execute(
            "SELECT name, name FROM department UNION ALL "
            "SELECT a.alias, d.name FROM department_alias a JOIN department d ON d.id = a.department_id")}
        self.changed = False
        self.warnings: list[Problem] = []
        self.spec: PlanSpec  # the plan being imported, for where a warning points

    def id(self, name: str, line: int = 0) -> int:
        if name not in self.ids:
            cur = self.conn.execute("INSERT INTO department (name) VALUES (?)", (name,))
            self.ids[name] = cur.lastrowid
            self.names.add(name)
            self.name_of[cur.lastrowid] = name
            self.changed = True
            self._near(name, line)
        return self.ids[name]

    def _near(self, name: str, line: int) -> None:
        near = sorted({dept for spelling, dept in self.known.items() if one_edit_apart(name, spelling)})
        if near:
            self.warnings.append(Problem(self.spec.path, line, (
                f"warning: department {name} is new, one edit from {'、'.join(near)} already in the database; "
                f"if it is the same body, write its name (or declare {name} as an alias)")))

    def declare(self, spec: PlanSpec) -> None:
        """Apply the plan file's `departments:` entries: full names and other spellings."""
        problems = []
        for d in spec.departments:
            if d.name not in self.names and d.name in self.ids:
                problems.append(Problem(spec.path, d.line, f"{d.name} is already an alias of another department"))
                continue
            dept_id = self.id(d.name, d.line)
            if d.full_name:
                cur = self.conn.execute("UPDATE department SET full_name = ? WHERE id = ? AND full_name IS NOT ?",
                                        (d.full_name, dept_id, d.full_name))
                self.changed |= cur.rowcount > 0
            for alias in d.aliases:
                if self.ids.get(alias, dept_id) != dept_id:
                    what = "a department of its own" if alias in self.names else "an alias of another department"
                    problems.append(Problem(spec.path, d.line, f"alias {alias} of {d.name} is already {what}"))
                elif alias not in self.ids:
                    self.conn.execute("INSERT INTO department_alias (alias, department_id) VALUES (?, ?)",
                                      (alias, dept_id))
                    self.ids[alias] = dept_id
                    self.changed = True
        if problems:
            raise PlanFileError(problems)

    def links(self, lead: list[str], support: list[str], line: int = 0) -> list[tuple[int, str]]:
        pairs = [(self.id(n, line), "lead") for n in lead] + [(self.id(n, line), "support") for n in support]
        # Two spellings of one department (a name and its alias) collapse to one link, lead first.
        out: list[tuple[int, str]] = []
        for dept_id, role in pairs:
            if all(dept_id != d for d, _ in out):
                out.append((dept_id, role))
        return out


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _import_plan(conn: sqlite3.Connection, spec: PlanSpec, departments: _Departments, now: str) -> ImportResult:
    result = ImportResult(plan=spec.id, path=spec.path)
    departments.changed, departments.spec, departments.warnings = False, spec, result.warnings
    departments.declare(spec)
    fields = (spec.title, spec.issuer, spec.doc_no, _iso(spec.issued), _iso(spec.start), _iso(spec.end),
              _iso(spec.due), spec.source, spec.notes, json.dumps(spec.lead, ensure_ascii=False))
    columns = ("title", "issuer", "doc_no", "issued", "start", '"end"', "due", "source", "notes", "lead")
    row = conn.execute(f"SELECT {', '.join(columns)} FROM plan WHERE id = ?", (spec.id,)).fetchone()
    if row is None:
        result.new = True
        conn.execute(f"INSERT INTO plan (id, {', '.join(columns)}, path, imported_at) "
                     f"VALUES ({', '.join('?' * (len(columns) + 3))})", (spec.id, *fields, spec.path, now))
    elif tuple(row) != fields:
        result.plan_changed = True
    result.plan_changed |= _sync_phases(conn, spec)

    sections = _sync(conn, "section", spec.id, result.sections, (
        (s.code, (s.label, s.title, s.notes, i), None) for i, s in enumerate(spec.sections)),
        ("label", "title", "notes", "seq"))

    if not result.new:
        _renumber(conn, spec, result.tasks)
    task_ids: dict[str, int] = {}

    def task_rows() -> Iterator[tuple[str, tuple, list]]:
        for i, t in enumerate(spec.tasks):
            yield t.code, (sections.get(t.section) if t.section else None,
                           task_ids[t.parent] if t.parent else None, t.label, t.title, t.text,
                           _iso(t.due), t.notes, i, t.depth), departments.links(t.lead, t.support, t.line)

    _sync(conn, "task", spec.id, result.tasks, task_rows(),
          ("section_id", "parent_id", "label", "title", "text", "due", "notes", "seq", "depth"),
          ids=task_ids, link_table="task_department", names=departments.name_of)
    moved = {new for _, new in result.tasks.renumbered} - set(result.tasks.changed)
    result.tasks.unchanged -= len(moved)  # a renumbered task is counted as that, not as unchanged too

    _sync(conn, "target", spec.id, result.targets, (
        (t.code, (task_ids.get(t.task) if t.task else None, t.title, t.op,
                  t.value[0] if isinstance(t.value, tuple) else t.value,
                  t.value[1] if isinstance(t.value, tuple) else None,
                  t.unit, _iso(t.due), t.baseline, t.notes, i), None)
        for i, t in enumerate(spec.targets)),
        ("task_id", "title", "op", "value", "value_high", "unit", "due", "baseline", "notes", "seq"))

    _sync(conn, "duty", spec.id, result.duties, (
        (d.code, (task_ids.get(d.task) if d.task else None, d.title, d.every, d.day, _iso(d.start),
                  _iso(d.end), d.notes, i), departments.links(d.lead, d.support, d.line))
        for i, d in enumerate(spec.duties)),
        ("task_id", "title", "every", "day", "start", '"end"', "notes", "seq"),
        link_table="duty_department", names=departments.name_of)

    result.plan_changed |= departments.changed
    if result.changed and not result.new:
        conn.execute(f"UPDATE plan SET {', '.join(c + ' = ?' for c in columns)}, path = ?, imported_at = ? "
                     "WHERE id = ?", (*fields, spec.path, now, spec.id))
    return result


def _renumbering(old: str, new: str) -> str:
    return f"{old} → {new}"


def _renumber(conn: sqlite3.Connection, spec: PlanSpec, counts: Counts) -> None:
    """Move each task the file renumbered (`was: "4"` on task 4b) to its new code, keeping its row
    and so its history, before the tasks are diffed by code.

    A plan file keeps its `was` after the import that used it, so a renumbering is made once: it
    is already made when the task holds the new code and the audit's latest renumbering of that
    code says so (or the former code is gone). Codes may shift along (4 → 5, 5 → 6, a new 4) or
    swap, so moves pass through a code no plan file can hold ('@' is never in a code).
    """
    wanted = [t for t in spec.tasks if t.was is not None]
    if not wanted:
        return
    have = dict(conn.execute("SELECT code, id FROM task WHERE plan_id = ?", (spec.id,)))
    made = dict(conn.execute("SELECT code, detail FROM audit WHERE plan_id = ? AND kind = 'task' "
                             "AND action = 'renumbered' ORDER BY id", (spec.id,)))
    problems, moves = [], []
    for t in wanted:
        if t.code in have and (made.get(t.code) == _renumbering(t.was, t.code) or t.was not in have):
            continue
        if t.was not in have:
            problems.append(Problem(spec.path, t.line, f"task {t.code}: was {t.was!r} names no task of plan "
                                                       f"{spec.id} in the database"))
        else:
            moves.append(t)
    leaving = {t.was for t in moves}
    for t in moves:
        if t.code in have and t.code not in leaving:
            problems.append(Problem(spec.path, t.line, (
                f"task {t.code}: was {t.was!r}, but plan {spec.id} already has a task {t.code} that no task of the "
                f"file takes over; renumber that one too (was: \"{t.code}\") or choose another code")))
    if problems:
        raise PlanFileError(problems)
    for step in ("@", ""):
        conn.executemany("UPDATE task SET code = ? WHERE id = ?", [(step + t.code, have[t.was]) for t in moves])
    counts.renumbered.extend((t.was, t.code) for t in moves)


def _sync_phases(conn: sqlite3.Connection, spec: PlanSpec) -> bool:
    """Phases carry no history, so a changed list simply replaces the old one."""
    wanted = [(p.name, _iso(p.start), _iso(p.end), i) for i, p in enumerate(spec.phases)]
    have = [tuple(r) for r in conn.execute('SELECT name, start, "end", seq FROM phase WHERE plan_id = ? ORDER BY seq',
                                           (spec.id,))]
    if have == wanted:
        return False
    conn.execute("DELETE FROM phase WHERE plan_id = ?", (spec.id,))
    conn.executemany('INSERT INTO phase (plan_id, name, start, "end", seq) VALUES (?, ?, ?, ?, ?)',
                     [(spec.id, *w) for w in wanted])
    return True


def _sync(conn: sqlite3.Connection, table: str, plan_id: str, counts: Counts,
          items: Iterable[tuple[str, tuple, list | None]], columns: tuple[str, ...], *,
          ids: dict[str, int] | None = None, link_table: str | None = None,
          names: dict[int, str] | None = None) -> dict[str, int]:
    """Bring one kind of row of a plan in line with the file, keyed by code.

    `items` is consumed in document order and may read `ids` as it goes (a sub-task needs its
    parent's id). Links to departments count as part of the row: a changed lead is a change.
    """
    ids = {} if ids is None else ids
    existing = {r[1]: (r[0], tuple(r[3:]), r[2]) for r in conn.execute(
        f"SELECT id, code, retired, {', '.join(columns)} FROM {table} WHERE plan_id = ?", (plan_id,))}
    owner = f"{table}_id"
    old_links: dict[int, list[tuple[int, str]]] = {}
    if link_table:
        for r in conn.execute(f"SELECT l.{owner}, l.department_id, l.role FROM {link_table} l "
                              f"JOIN {table} x ON x.id = l.{owner} WHERE x.plan_id = ? ORDER BY l.{owner}, l.seq",
                              (plan_id,)):
            old_links.setdefault(r[0], []).append((r[1], r[2]))
    assignments = ", ".join(f"{c} = ?" for c in columns)
    new_links: list[tuple[int, int, str, int]] = []
    for code, values, links in items:
        if code not in existing:
            cur = conn.execute(f"INSERT INTO {table} (plan_id, code, retired, {', '.join(columns)}) "
                               f"VALUES (?, ?, 0, {', '.join('?' * len(columns))})", (plan_id, code, *values))
            row_id = cur.lastrowid
            counts.added.append(code)
        else:
            row_id, old, retired = existing[code]
            same_links = link_table is None or old_links.get(row_id, []) == links
            if old == values and not retired and same_links:
                counts.unchanged += 1
                ids[code] = row_id
                continue
            conn.execute(f"UPDATE {table} SET {assignments}, retired = 0 WHERE id = ?", (*values, row_id))
            if not retired and same_links and _without(old, columns, "seq") == _without(values, columns, "seq"):
                # Only its place moved (a task before it came or went): not a change to report.
                counts.unchanged += 1
                ids[code] = row_id
                continue
            if link_table:
                conn.execute(f"DELETE FROM {link_table} WHERE {owner} = ?", (row_id,))
            counts.changed.append(code)
            counts.what_changed[code] = "back in the file" if retired else _what_changed(
                columns, old, values, None if same_links else _links_text(old_links.get(row_id, []), links, names))
        ids[code] = row_id
        if link_table:
            new_links.extend((row_id, d, role, i) for i, (d, role) in enumerate(links))
    if link_table:  # one executemany for the whole plan, not a call per row
        conn.executemany(f"INSERT INTO {link_table} ({owner}, department_id, role, seq) VALUES (?, ?, ?, ?)",
                         new_links)
    gone = [(code, row_id) for code, (row_id, _, retired) in existing.items() if code not in ids and not retired]
    conn.executemany(f"UPDATE {table} SET retired = 1 WHERE id = ?", [(row_id,) for _, row_id in gone])
    counts.retired.extend(code for code, _ in gone)
    return ids


def _links_text(old: list[tuple[int, str]], new: list[tuple[int, str]], names: dict[int, str] | None) -> str:
    """How the departments changed, role by role: `support 质量司、检验司 → 质量斯、检验司`."""
    out = []
    for role in ("lead", "support"):
        before, after = ([(names or {}).get(d, str(d)) for d, r in links if r == role] for links in (old, new))
        if before != after:
            out.append(f"{role} {'、'.join(before) or '—'} → {'、'.join(after) or '—'}")
    return ", ".join(out) or "departments"


def _what_changed(columns: tuple[str, ...], old: tuple, new: tuple, links: str | None) -> str:
    """For the audit trail: the fields that changed, with old → new where both are short."""
    out = []
    for column, a, b in zip(columns, old, new):
        name = column.strip('"')
        if a == b or name == "seq":
            continue
        if name.endswith("_id"):
            out.append(f"moved ({name[:-3]})")
        elif name not in ("text", "notes") and len(f"{a}{b}") <= 60:
            out.append(f"{name} {a if a is not None else '—'} → {b if b is not None else '—'}")
        else:
            out.append(name)
    return ", ".join(out + ([links] if links else []))


def _without(values: tuple, columns: tuple[str, ...], column: str) -> tuple:
    return tuple(v for v, c in zip(values, columns) if c != column)
