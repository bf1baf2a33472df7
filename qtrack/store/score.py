"""The statements of 考核评分 and of the bulletin's trend (qtrack/scoring/): tasks' closing
histories, the departments that lead, counts as of a day, and the record of bulletins made.

Dates in and out are ISO text, the store's rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qtrack.store import state

if TYPE_CHECKING:
    from collections.abc import Iterator

    from qtrack.store import Store

_CHUNK = 500
_APPROVED_DUE = state.step("due", "('approve')")  # the latest extension approved by :as_of


def task_closes(store: Store, *, as_of: str, plan: str | None = None) -> Iterator[dict]:
    """Every live task (of `plan`) with its due date in force as of `as_of` (the latest extension
    approved by then, else the plan's: `original_due`), its lead departments and its status updates
    dated on or before `as_of`, in the order that decides the current one (date, then recording).
    The leads are those of the day (an 改派 after it does not count). Yielded a chunk of tasks at a
    time: held all at once, 100,000 tasks' histories were 120 MB, the ledger export's peak."""
    from qtrack.store.workflow import links_table

    ids = [r[0] for r in store.execute("SELECT t.id FROM task t WHERE NOT t.retired "
                                       "AND (:plan IS NULL OR t.plan_id = :plan) ORDER BY t.plan_id, t.seq",
                                       {"plan": plan})]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found = {r["id"]: {"ref": f"{r['plan_id']}/{r['code']}", "title": r["title"], "due": r["due"],
                           "original_due": r["original_due"], "lead": [], "statuses": []}
                 for r in store.execute(f"SELECT t.id, t.plan_id, t.code, t.title, t.due AS original_due, "
                                        f"COALESCE({_APPROVED_DUE}, t.due) AS due FROM task t WHERE t.id IN "
                                        f"({', '.join(':t' + str(i) for i in range(len(chunk)))})",
                                        {**{f"t{i}": v for i, v in enumerate(chunk)}, "as_of": as_of})}
        tasks = {i: found[i] for i in chunk}  # in the plan's order
        for r in store.execute(f"SELECT task_id, date, status FROM task_update WHERE task_id IN ({marks}) "
                               "AND status IS NOT NULL AND date <= ? ORDER BY task_id, date, id", [*chunk, as_of]):
            tasks[r["task_id"]]["statuses"].append((r["date"], r["status"]))
        named = {f"t{i}": v for i, v in enumerate(chunk)}
        for r in store.execute(f"SELECT l.task_id, d.name FROM {links_table(store, as_of)} l JOIN department d "
                               f"ON d.id = l.department_id WHERE l.role = 'lead' "
                               f"AND l.task_id IN ({', '.join(':' + k for k in named)}) "
                               "ORDER BY l.task_id, l.seq", {**named, "as_of": as_of}):
            tasks[r["task_id"]]["lead"].append(r["name"])
        yield from tasks.values()


def workflow_steps(store: Store, *, actions: tuple[str, ...], as_of: str, plan: str | None = None) -> list[dict]:
    """The workflow steps of these actions dated on or before `as_of`, on live tasks (of `plan`),
    each with its task's ref and title and the department it counts against: the one that took
    the step, or for an office's step (an approval) the one whose request it answered."""
    marks = ", ".join("?" * len(actions))
    return [dict(r) for r in store.execute(f"""
        SELECT s.action, s.date, t.plan_id, t.code, t.title,
               COALESCE(d.name, (SELECT d2.name FROM task_step e JOIN department d2 ON d2.id = e.department_id
                                  WHERE e.task_id = s.task_id AND e.action = 'extend' AND e.id < s.id
                                  ORDER BY e.id DESC LIMIT 1)) AS department
          FROM task_step s JOIN task t ON t.id = s.task_id LEFT JOIN department d ON d.id = s.department_id
         WHERE s.action IN ({marks}) AND s.date <= ? AND NOT t.retired AND (? IS NULL OR t.plan_id = ?)
         ORDER BY s.date, s.id""", [*actions, as_of, plan, plan])]


def leading_departments(store: Store, *, as_of: str, plan: str | None = None) -> list[str]:
    """The departments that lead a live task or duty (of `plan`) as of a day: the ones a score ranks."""
    from qtrack.store.workflow import links_table

    return [r[0] for r in store.execute(f"""
        SELECT d.name FROM department d WHERE d.id IN (
            SELECT l.department_id FROM {links_table(store, as_of)} l JOIN task t ON t.id = l.task_id
             WHERE l.role = 'lead' AND NOT t.retired AND (:plan IS NULL OR t.plan_id = :plan)
            UNION
            SELECT l.department_id FROM duty_department l JOIN duty u ON u.id = l.duty_id
             WHERE l.role = 'lead' AND NOT u.retired AND (:plan IS NULL OR u.plan_id = :plan))
        ORDER BY d.name""", {"plan": plan, "as_of": as_of})]


def counts_as_of(store: Store, *, as_of: str, plan: str | None = None, dept_id: int | None = None) -> dict:
    """Live tasks, done, dropped and red as of one day, by the one rule of every listing."""
    from qtrack.store.workflow import links_table

    join = (f" JOIN {links_table(store, as_of)} td ON td.task_id = c.id AND td.department_id = :dept"
            if dept_id is not None else "")
    row = store.one(f"""SELECT COUNT(*), SUM(c.status = 'done'), SUM(c.status = 'dropped'), SUM(c.light = 'red')
        FROM ({state.current(store.engine)}) c{join} WHERE NOT c.retired AND (:plan IS NULL OR c.plan_id = :plan)""",
                    state.params(as_of, None, plan=plan, dept=dept_id))
    return {"tasks": row[0], "done": row[1] or 0, "dropped": row[2] or 0, "red": row[3] or 0}


def plan_start(store: Store, *, plan: str | None = None) -> str | None:
    """The earliest start of the plans in scope (a plan without one: its issue date)."""
    return store.one('SELECT MIN(COALESCE(start, issued)) FROM plan WHERE :plan IS NULL OR id = :plan',
                     {"plan": plan})[0]


def record_bulletin(store: Store, *, as_of: str, scope: str, path: str, by: str, made_at: str,
                    issue: int | None) -> None:
    with store.transaction():
        store.execute("INSERT INTO bulletin (as_of, scope, path, by, made_at, issue) VALUES (?, ?, ?, ?, ?, ?)",
                      (as_of, scope, path, by, made_at, issue))


def bulletins(store: Store, *, scope: str) -> list[dict]:
    """The bulletins made of one scope, by as-of date then order made."""
    return [dict(r) for r in store.execute(
        "SELECT as_of, path, by, made_at, issue FROM bulletin WHERE scope = ? ORDER BY as_of, id", (scope,))]


def last_issue(store: Store, *, year: int) -> int:
    """The highest 期号 recorded for bulletins as of a day in `year` (0: none yet)."""
    return store.one("SELECT COALESCE(MAX(issue), 0) FROM bulletin WHERE as_of >= ? AND as_of <= ?",
                     (f"{year:04d}-01-01", f"{year:04d}-12-31"))[0]


def series(store: Store, *, as_of: str, refs: list[str]) -> dict[str, list[tuple[str, float]]]:
    """Each target's measurements dated on or before `as_of`, oldest first (by date, then recording)."""
    wanted = set(refs)
    out: dict[str, list[tuple[str, float]]] = {ref: [] for ref in refs}
    for r in store.execute("SELECT g.plan_id, g.code, m.date, m.value FROM measurement m JOIN target g ON g.id = m.target_id "
                           "WHERE m.date <= ? AND NOT g.retired ORDER BY g.plan_id, g.code, m.date, m.id", (as_of,)):
        ref = f"{r['plan_id']}/{r['code']}"
        if ref in wanted:
            out[ref].append((r["date"], r["value"]))
    return out
