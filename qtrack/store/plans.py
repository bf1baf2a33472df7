"""The writes of an import: a plan's row, its phases, its sections, tasks, targets and duties
kept in line with the file by code, its departments, and the audit rows of what changed.

qtrack/importer.py decides what a plan file says; this module holds every statement that puts it
into the database, inside the transaction the importer opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from qtrack.errors import PlanFileError, Problem
from qtrack.names import one_edit_apart
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.planfile import PlanSpec
    from qtrack.store import Store

# The plan's own fields, in the order importer.py gives their values.
PLAN_COLUMNS = ("title", "issuer", "doc_no", "issued", "start", '"end"', "due", "source", "notes", "lead",
                "ack_within", "review")


def plan_fields(conn: Store, plan_id: str) -> tuple | None:
    """The stored values of PLAN_COLUMNS for a plan, or None for a new plan."""
    row = conn.execute(f"SELECT {', '.join(PLAN_COLUMNS)} FROM plan WHERE id = ?", (plan_id,)).fetchone()
    return None if row is None else tuple(row)


def insert_plan(conn: Store, plan_id: str, fields: tuple, path: str, now: str) -> None:
    conn.execute(f"INSERT INTO plan (id, {', '.join(PLAN_COLUMNS)}, path, imported_at) "
                 f"VALUES ({', '.join('?' * (len(PLAN_COLUMNS) + 3))})", (plan_id, *fields, path, now))


def update_plan(conn: Store, plan_id: str, fields: tuple, path: str, now: str) -> None:
    conn.execute(f"UPDATE plan SET {', '.join(c + ' = ?' for c in PLAN_COLUMNS)}, path = ?, imported_at = ? "
                 "WHERE id = ?", (*fields, path, now, plan_id))


def audit(conn: Store, rows: list[tuple]) -> None:
    """Append audit rows (at, by, command, plan_id, kind, code, action, detail)."""
    conn.executemany("INSERT INTO audit (at, by, command, plan_id, kind, code, action, detail) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def sources(conn: Store) -> dict[str, str]:
    """The digest of each plan's last imported file: digest → plan id."""
    return {r[0]: r[1] for r in conn.execute("SELECT digest, plan_id FROM plan_source")}


def record_source(conn: Store, plan_id: str, digest: str) -> None:
    conn.execute("INSERT INTO plan_source (plan_id, digest) VALUES (?, ?) "
                 "ON CONFLICT (plan_id) DO UPDATE SET digest = excluded.digest", (plan_id, digest))


def live_counts(conn: Store, plan_id: str) -> dict[str, int]:
    """How many tasks, targets and duties of a plan are in force (not retired)."""
    return {table: conn.one(f"SELECT count(*) FROM {table} WHERE plan_id = ? AND NOT retired", (plan_id,))[0]
            for table in ("task", "target", "duty")}


def task_codes(conn: Store, plan_id: str) -> dict[str, int]:
    """Every task of a plan, retired ones too: code → id."""
    return {r[0]: r[1] for r in conn.execute("SELECT code, id FROM task WHERE plan_id = ?", (plan_id,))}


def renumberings(conn: Store, plan_id: str) -> dict[str, str]:
    """Per task code, the latest renumbering that gave it that code, as its audit detail ('4 → 4b')."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT code, detail FROM audit WHERE plan_id = ? AND kind = 'task' AND action = 'renumbered' ORDER BY id",
        (plan_id,))}


def move_tasks(conn: Store, moves: list[tuple[int, str]]) -> None:
    """Give tasks (id, new code) their new codes. Through a code no plan file can hold first ('@' is
    never in a code), so that codes may shift along or swap under the (plan, code) unique key."""
    for step in ("@", ""):
        conn.executemany("UPDATE task SET code = ? WHERE id = ?", [(step + code, task_id) for task_id, code in moves])


class Departments:
    """Department names to ids: canonical names, then aliases, else a new department.

    A new name one edit from a spelling the database knew before the import (质量斯 beside 质量司)
    is most likely that department misspelt: it is recorded in `warnings`, at the line that used it.
    """

    def __init__(self, conn: Store):
        self.conn = conn
        self.ids = {r[0]: r[1] for r in conn.execute("SELECT name, id FROM department")}
        self.ids.update({r[0]: r[1] for r in conn.execute("SELECT alias, department_id FROM department_alias")})
        self.names = {r[0] for r in conn.execute("SELECT name FROM department")}
        self.name_of = {i: name for name, i in self.ids.items() if name in self.names}  # kept up to date
        self.known = {spelling: self.name_of[i] for spelling, i in self.ids.items()}  # before this import
        self.changed = False
        self.warnings: list[Problem] = []
        self.spec: PlanSpec  # the plan being imported, for where a warning points

    def id(self, name: str, line: int = 0) -> int:
        if name not in self.ids:
            self.ids[name] = self.conn.insert("INSERT INTO department (name) VALUES (?)", (name,))
            self.names.add(name)
            self.name_of[self.ids[name]] = name
            self.changed = True
            self._near(name, line)
        return self.ids[name]

    def _near(self, name: str, line: int) -> None:
        near = sorted({dept for spelling, dept in self.known.items() if one_edit_apart(name, spelling)})
        if near:
            self.warnings.append(Problem(self.spec.path, line, (
                _("warning: department {name} is new, one edit from {near} already in the database; if it "
                   "is the same body, write its name (or declare {name} as an alias)").format(
                    name=name, near='、'.join(near)))))

    def declare(self, spec: PlanSpec) -> None:
        """Apply the plan file's `departments:` entries: full names and other spellings."""
        problems = []
        for d in spec.departments:
            if d.name not in self.names and d.name in self.ids:
                problems.append(Problem(spec.path, d.line, _("{name} is already an alias of another department").format(
                                                               name=d.name)))
                continue
            dept_id = self.id(d.name, d.line)
            if d.full_name:
                cur = self.conn.execute(f"UPDATE department SET full_name = ? WHERE id = ? "
                                        f"AND full_name {self.conn.engine.DIFFERENT} ?",
                                        (d.full_name, dept_id, d.full_name))
                self.changed |= cur.rowcount > 0
            for alias in d.aliases:
                if self.ids.get(alias, dept_id) != dept_id:
                    what = _("a department of its own") if alias in self.names else _("an alias of another department")
                    problems.append(Problem(spec.path, d.line, _("alias {alias} of {name} is already {what}").format(
                                                                   alias=alias, name=d.name, what=what)))
                elif alias not in self.ids:
                    self.conn.execute("INSERT INTO department_alias (alias, department_id) VALUES (?, ?)",
                                      (alias, dept_id))
                    self.ids[alias] = dept_id
                    self.changed = True
        if problems:
            raise PlanFileError(problems)

    def links(self, lead: list[str], support: list[str], line: int = 0) -> list[tuple[int, str]]:
        # Two spellings of one department (a name and its alias) collapse to one link, lead first.
        # Called once per task (100,000 on the big plan): known names are looked up directly and
        # a set spots the repeats, rather than a scan of the links so far per name.
        out: list[tuple[int, str]] = []
        seen: set[int] = set()
        ids, id_of = self.ids, self.id
        for names, role in ((lead, "lead"), (support, "support")):
            for name in names:
                dept_id = ids[name] if name in ids else id_of(name, line)
                if dept_id not in seen:
                    seen.add(dept_id)
                    out.append((dept_id, role))
        return out


def sync_phases(conn: Store, plan_id: str, wanted: list[tuple]) -> bool:
    """Phases (name, start, end, seq) carry no history, so a changed list simply replaces the old one."""
    have = [tuple(r) for r in conn.execute('SELECT name, start, "end", seq FROM phase WHERE plan_id = ? ORDER BY seq',
                                           (plan_id,))]
    if have == wanted:
        return False
    conn.execute("DELETE FROM phase WHERE plan_id = ?", (plan_id,))
    conn.executemany('INSERT INTO phase (plan_id, name, start, "end", seq) VALUES (?, ?, ?, ?, ?)',
                     [(plan_id, *w) for w in wanted])
    return True


# Links are written an executemany per this many, not a call per row, nor one list of a whole
# plan's (600,000 tuples, 50 MB, on a 100,000-task plan).
LINK_BATCH = 10_000


def sync(conn: Store, table: str, plan_id: str, counts,
          items: Iterable[tuple[str, tuple, list | None]], columns: tuple[str, ...], *,
          ids: dict[str, int] | None = None, link_table: str | None = None,
          names: dict[int, str] | None = None, overridden: dict[int, list] | None = None) -> dict[str, int]:
    """Bring one kind of row of a plan in line with the file, keyed by code.

    `items` is consumed in document order and may read `ids` as it goes (a sub-task needs its
    parent's id). Links to departments count as part of the row: a changed lead is a change.
    `overridden` (row id → the file's links an office's 改派 replaced) is what the file is compared
    with for those rows: while the file names the same departments, the override stays.
    """
    overridden = overridden or {}
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
    in_force = {row_id: old_links.get(row_id, []) for row_id in overridden}
    old_links.update(overridden)
    assignments = ", ".join(f"{c} = ?" for c in columns)
    # Built once, not per row: a new plan runs it 100,000 times.
    insert = (f"INSERT INTO {table} (plan_id, code, retired, {', '.join(columns)}) "
              f"VALUES (?, ?, FALSE, {', '.join('?' * len(columns))})")
    insert_links = f"INSERT INTO {link_table} ({owner}, department_id, role, seq) VALUES (?, ?, ?, ?)"
    new_links: list[tuple[int, int, str, int]] = []
    for code, values, links in items:
        if code not in existing:
            row_id = conn.insert(insert, (plan_id, code, *values))
            counts.added.append(code)
        else:
            row_id, old, retired = existing[code]
            same_links = link_table is None or old_links.get(row_id, []) == links
            if old == values and not retired and same_links:
                counts.unchanged += 1
                ids[code] = row_id
                continue
            conn.execute(f"UPDATE {table} SET {assignments}, retired = FALSE WHERE id = ?", (*values, row_id))
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
            kept = in_force[row_id] if row_id in in_force and old_links.get(row_id, []) == links else links
            new_links.extend((row_id, d, role, i) for i, (d, role) in enumerate(kept))
            if len(new_links) >= LINK_BATCH:
                conn.executemany(insert_links, new_links)
                new_links.clear()
    if link_table:
        conn.executemany(insert_links, new_links)
    gone = [(code, row_id) for code, (row_id, _, retired) in existing.items() if code not in ids and not retired]
    conn.executemany(f"UPDATE {table} SET retired = TRUE WHERE id = ?", [(row_id,) for _, row_id in gone])
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
