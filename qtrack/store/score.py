"""The statements of 考核评分 and of the bulletin's trend (qtrack/scoring/): tasks' closing
histories, the departments that lead, the counts month by month, and the record of bulletins made.

Dates in and out are ISO text, the store's rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qtrack.store import state

if TYPE_CHECKING:
    from collections.abc import Iterator

    from qtrack.store import Store



def task_closes(store: Store, *, as_of: str, plan: str | None = None) -> Iterator[dict]:
    """Every live task (of `plan`) with its due date in force as of `as_of` (the latest extension
    approved by then, else the plan's: `original_due`), its lead departments and its status updates
    dated on or before `as_of`, in the order that decides the current one (date, then recording).
    The leads are those of the day (an 改派 after it does not count).

    Three cursors in the same order (the plan's), walked side by side: one task's rows at a time
    are held (100,000 tasks' histories at once were 120 MB), and each table is read once rather
    than by a query per chunk of tasks."""
    from qtrack.store.workflow import links_table

    live = "NOT t.retired AND (:plan IS NULL OR t.plan_id = :plan)"
    order = "t.plan_id, t.seq, t.id"
    params = {"plan": plan, "as_of": as_of}
    tasks = store.execute(f"SELECT t.id, t.plan_id, t.code, t.title, t.due AS original_due, "
                          f"{state.DUE} AS due FROM task t WHERE {live} ORDER BY {order}", params)
    statuses = store.execute(f"SELECT u.task_id, u.date, u.status FROM task_update u JOIN task t ON t.id = u.task_id "
                             f"WHERE {live} AND u.status IS NOT NULL AND u.date <= :as_of "
                             f"ORDER BY {order}, u.date, u.id", params)
    leads = store.execute(f"SELECT l.task_id, d.name FROM {links_table(store, as_of)} l JOIN task t ON t.id = l.task_id "
                          f"JOIN department d ON d.id = l.department_id WHERE {live} AND l.role = 'lead' "
                          f"ORDER BY {order}, l.seq", params)
    statuses, leads = iter(statuses), iter(leads)
    status, lead = next(statuses, None), next(leads, None)
    for r in tasks:
        task = {"ref": f"{r['plan_id']}/{r['code']}", "title": r["title"], "due": r["due"],
                "original_due": r["original_due"], "lead": [], "statuses": []}
        while status is not None and status[0] == r["id"]:
            task["statuses"].append((status[1], status[2]))
            status = next(statuses, None)
        while lead is not None and lead[0] == r["id"]:
            task["lead"].append(lead[1])
            lead = next(leads, None)
        yield task


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


# Each task's counted state (live, of the department, status, due date in force) changes only on
# the days it has a record: a status update, an approved extension, the office's handing it on,
# a 改派. Between two such days ("breaks") it stands still, so the state on each break, read by the
# same lookups as every listing's (store/state.py) with the break for :as_of, holds for the span up
# to the next break; a count over many days is then the spans that start by each day minus those
# that end by it. The day before every record is '0001-01-01': the plan file's own state.
_BREAKS = """breaks AS (
  SELECT t.id AS task_id, '0001-01-01' AS d FROM scope t
  UNION SELECT u.task_id, u.date FROM task_update u JOIN scope t ON t.id = u.task_id
   WHERE u.status IS NOT NULL AND u.date <= :as_of
  UNION SELECT s.task_id, s.date FROM task_step s JOIN scope t ON t.id = s.task_id
   WHERE s.action = 'approve' AND s.date <= :as_of
  UNION SELECT i.task_id, i.date FROM inbox_item i JOIN scope t ON t.id = i.task_id WHERE i.date <= :as_of
  UNION SELECT p.task_id, p.ended FROM task_link_past p JOIN scope t ON t.id = p.task_id
   WHERE :dept IS NOT NULL AND p.ended <= :as_of)"""


def _monthly_sql(engine) -> str:
    from qtrack.store.workflow import links_on

    member = (f"(:dept IS NULL OR EXISTS (SELECT 1 FROM {links_on('b.d', 'b.task_id')} l "
              "WHERE l.department_id = :dept))")
    month = "SUBSTR(CAST({} AS TEXT), 1, 7)"
    late_from = engine.day_after("due")  # red from the day after the due date in force
    return f"""WITH scope AS (SELECT t.id, t.due FROM task t WHERE NOT t.retired AND (:plan IS NULL OR t.plan_id = :plan)
      AND (:dept IS NULL OR t.id IN (SELECT task_id FROM task_department WHERE department_id = :dept
                                     UNION SELECT task_id FROM task_link_past WHERE department_id = :dept))),
    {_BREAKS},
    spans AS MATERIALIZED (SELECT b.d AS a, LEAD(b.d) OVER (PARTITION BY b.task_id ORDER BY b.d) AS b,
      {state.latest("status", "b.task_id", "b.d")} AS status,
      COALESCE({state.step("due", "('approve')", "b.task_id", "b.d")}, t.due) AS due,
      {state.handed_on_by("b.d", "b.task_id")} AND {member} AS counted
      FROM breaks b JOIN scope t ON t.id = b.task_id),
    counted AS MATERIALIZED (SELECT a, b, CASE WHEN status = 'done' THEN 1 ELSE 0 END AS done,
      CASE WHEN status = 'dropped' THEN 1 ELSE 0 END AS dropped,
      CASE WHEN due IS NULL OR status IN ('done', 'dropped') THEN NULL
           WHEN a > {late_from} THEN a ELSE {late_from} END AS late FROM spans WHERE counted),
    marks AS (SELECT {month.format("a")} AS month, 1 AS tasks, done, dropped, 0 AS red FROM counted
      UNION ALL SELECT {month.format("b")}, -1, -done, -dropped, 0 FROM counted WHERE b IS NOT NULL
      UNION ALL SELECT {month.format("late")}, 0, 0, 0, 1 FROM counted
       WHERE late <= :as_of AND (b IS NULL OR late < b)
      UNION ALL SELECT {month.format("b")}, 0, 0, 0, -1 FROM counted WHERE late < b)
    SELECT month, SUM(tasks), SUM(done), SUM(dropped), SUM(red) FROM marks GROUP BY month ORDER BY month"""


def monthly_counts(store: Store, *, months: list[str], as_of: str, plan: str | None = None,
                   dept_id: int | None = None) -> list[dict]:
    """Live tasks, done, dropped and red at the end of each month of `months` ("YYYY-MM", in
    order, the last one `as_of`'s: counted as of `as_of` itself), by the one rule of every
    listing, in one pass over the records dated by `as_of`."""
    changes = store.execute(_monthly_sql(store.engine), {"as_of": as_of, "plan": plan, "dept": dept_id}).fetchall()
    out, total, i = [], [0, 0, 0, 0], 0
    for month in months:  # each month's counts: every change in it or before it
        while i < len(changes) and changes[i][0] <= month:
            total = [n + (d or 0) for n, d in zip(total, changes[i][1:])]
            i += 1
        out.append(dict(zip(("tasks", "done", "dropped", "red"), total)))
    return out


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
