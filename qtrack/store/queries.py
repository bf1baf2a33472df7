"""Read-only questions asked of the database; every answer is a list of plain dicts.

Dates in and out are ISO text (the store's rule): `as_of` is 'YYYY-MM-DD', and so is every date
in a row.

The same rows feed the table, JSON and CSV writers (qtrack/output.py), which never query.
Filtering, sorting and counting happen in SQL. A task's current status and progress are those
of its latest update (store/state.py, the one place that says so).

As of a date D, only what is dated on or before D counts: updates, measurements and duty
reports dated later are left out of every state, light, count and history here, so a listing,
the ledger, the bulletin and the calendar for a past day show that day as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from qtrack import periods
from qtrack import targets as target_rules
from qtrack.lights import LightRule
from qtrack.status import CLOSED
from qtrack.store import state, workflow

if TYPE_CHECKING:
    from qtrack.store import Store

_CHUNK = 500  # rows fetched, and given their departments, at a time; under SQLite's parameter limit
_CLOSED_SQL = "(" + ", ".join(f"'{s}'" for s in CLOSED) + ")"


def task_state(conn: Store, task_id: int, *, as_of: str) -> tuple[str, int]:
    """(status, progress) of one task as of a day, by the same rule as every listing."""
    row = conn.execute(f"SELECT status, progress FROM ({state.STATE}) c WHERE c.id = :id",
                       {"id": task_id, "as_of": as_of}).fetchone()
    return row["status"], row["progress"]


def task_keys(*, role: bool = False, retired: bool = False) -> list[str]:
    """The keys of a task listing's rows, in order, for a CSV header written before the rows."""
    return [*_TASK_KEYS, *(["retired"] if retired else []), *(["role"] if role else [])]


_TASK_KEYS = ("ref", "kind", "plan", "code", "label", "title", "status", "progress", "due", "days_left",
              "days_late", "light", "lead", "support", "original_due", "stage")


def _task_dict(row, as_of: dt.date) -> dict:
    due = row["due"]
    days_left = days_late = None
    if due and row["status"] not in CLOSED:
        delta = (dt.date.fromisoformat(due) - as_of).days
        days_left, days_late = (delta, None) if delta >= 0 else (None, -delta)
    out = {
        "ref": f"{row['plan_id']}/{row['code']}", "kind": "task", "plan": row["plan_id"], "code": row["code"],
        "label": row["label"], "title": row["title"], "status": row["status"], "progress": row["progress"],
        "due": due, "days_left": days_left, "days_late": days_late, "light": row["light"],
        "lead": [], "support": [],
        # The workflow (store/state.py): the plan's own due date when an extension moved `due`, and
        # where the task stands: unacked, acked, declined, claimed (待销号), closed, dropped.
        "original_due": row["original_due"], "stage": row["stage"],
    }
    if row["retired"]:
        out["retired"] = True
    if "role" in row.keys() and row["role"] is not None:
        out["role"] = row["role"]
    return out


def _attach_departments(conn: Store, rows: list[dict], ids: list[int], table: str = "task", *,
                        links: str | None = None, as_of: str | None = None) -> None:
    """Fill each row's lead and support names; a task's from `links` (workflow.links_table) as of
    the day, when given."""
    source = links or f"{table}_department"
    by_id: dict[int, list[dict]] = {}
    for i, r in zip(ids, rows):  # several targets may share a task
        by_id.setdefault(i, []).append(r)
    unique = list(by_id)
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        for owner, name, role in conn.execute(
                f"SELECT l.{table}_id, d.name, l.role FROM {source} l JOIN department d ON d.id = l.department_id "
                f"WHERE l.{table}_id IN ({', '.join(f':i{n}' for n in range(len(chunk)))}) ORDER BY l.{table}_id, l.seq",
                {"as_of": as_of, **{f"i{n}": i for n, i in enumerate(chunk)}}):
            for row in by_id[owner]:
                row[role].append(name)


class Page(NamedTuple):
    """One page of a listing: its rows (an iterator, so JSON and CSV can stream them), how many
    rows matched in all, and counts over all of them (counted in SQL)."""

    rows: Iterator[dict]
    total: int
    counts: dict[str, int]


def tasks(conn: Store, **filters) -> list[dict]:
    """Every task the filters of task_page keep, as a list."""
    return list(task_page(conn, **filters).rows)


def task_page(conn: Store, *, as_of: str, rule: LightRule | None = None, plan: str | None = None,
              dept_id: int | None = None, role: str | None = None, statuses: Iterable[str] = (),
              lights_: Iterable[str] = (), due_before: str | None = None, due_after: str | None = None,
              search: str | None = None, include_retired: bool = False, late_only: bool = False,
              limit: int | None = None, tally: bool = False, stages: Iterable[str] = (),
              lead_first: bool = True, known_total: int | None = None) -> Page:
    """Tasks in document order (or, with late_only, worst first), as dicts carrying their ref:
    the first `limit` of them (None: all), the number that match, and with `tally` how many of
    those the department leads and how many are red and amber. `stages` keeps tasks at these
    stages of the workflow (store/state.py STAGE: unacked, claimed, …). A department's lead
    tasks come first unless not `lead_first`. `known_total`: how many match, where the caller
    has counted them already (the bulletin's red tasks, on its scoreboard), not counted again."""
    params = state.params(as_of, rule, plan=plan, dept=dept_id, role=role,
                          limit=conn.engine.NO_LIMIT if limit is None else limit)
    where = []
    join = ""
    links = workflow.links_table(conn, as_of)  # the departments each task had on the day
    if dept_id is not None:
        join = f" JOIN {links} td ON td.task_id = c.id AND td.department_id = :dept"
        if role:
            join += " AND td.role = :role"
    if plan:
        where.append("c.plan_id = :plan")
    if not include_retired:
        where.append("NOT c.retired")
    stages = list(stages)
    if stages and set(stages) <= {"claimed", "closed"}:
        # Only a done task of a plan that asks for review is claimed (待销号) or closed: said apart,
        # ahead of the stage, the plan's review and a done update rule out most tasks before
        # their state is computed (overdue counts the claimed ones at every call).
        where += ["c.review", "c.id IN (SELECT task_id FROM task_update WHERE status = 'done' AND date <= :as_of)"]
    for name, values in (("status", list(statuses)), ("light", list(lights_)), ("stage", stages)):
        if values:
            where.append(f"c.{name} IN ({', '.join(f':{name}{i}' for i in range(len(values)))})")
            params.update({f"{name}{i}": v for i, v in enumerate(values)})
    if due_before:
        where.append("c.due < :due_before")
        params["due_before"] = due_before
    if due_after:
        where.append("c.due > :due_after")
        params["due_after"] = due_after
    if search:
        # Case and width folded alike on both engines (qtrack_fold), then LIKE with escaping, so
        # that % and _ in the search text match themselves.
        from qtrack.store.fold import fold

        params["search"] = "%" + fold(search).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(qtrack_fold(c.title) LIKE :search ESCAPE '\\' OR qtrack_fold(c.text) LIKE :search ESCAPE '\\')")
    if late_only:
        # Late is red by definition (lights.py holds the rule); `original_due < as_of` restates
        # the part an index can serve (an extension only moves a date later), so the state of
        # tasks not yet due is never computed.
        where += ["c.light = 'red'", "c.due < :as_of", "c.original_due < :as_of"]
    order = "c.due, c.plan_id, c.seq" if late_only else "c.plan_id, c.seq"
    role_col = "td.role" if dept_id is not None else "NULL"
    if dept_id is not None and lead_first:
        order = "td.role, " + order  # lead tasks first
    matching = f"FROM ({state.current(conn.engine)}) c{join}{' WHERE ' + ' AND '.join(where) if where else ''}"
    # Counted apart from the page, so that the page can stop at its last row (a LIMIT walks
    # the index in order), and the count computes no column it does not need.
    sums = (f", SUM({role_col} = 'lead'), SUM(c.light = 'red'), SUM(c.light = 'amber')" if tally else "")
    # A search folds every task's text, and a page of sparse matches walks every task too: there
    # the page's own pass counts the matches (a window over them, before the LIMIT), not a second.
    counted_by_page = bool(search) and not late_only and not tally and limit != 0
    total, tallied = 0, []
    if known_total is not None and not tally:
        total = known_total
    elif late_only and not tally:
        total = _count_late(conn, join, where, params)
    elif not counted_by_page:
        total, *tallied = conn.execute(f"SELECT COUNT(*){sums} {matching}", params).fetchone()
    counts = dict(zip(("lead", "red", "amber"), (n or 0 for n in tallied))) if tally else {}
    page = f"SELECT c.*, {role_col} AS role {matching}"
    if late_only:
        # c.due is the date in force, a lookup per task that no index can walk. A task with no
        # extension approved by the day keeps its plan's date (t.due, indexed): the page is the
        # first of those down the index, merged with the first of the few extended ones.
        plain = order.replace("c.due", "c.original_due")
        merged = order.replace("td.role", "role").replace("c.", "")
        page = (f"SELECT * FROM ({page} AND c.id NOT IN {state.EXTENDED} ORDER BY {plain} LIMIT :limit) a UNION ALL "
                f"SELECT * FROM ({page} AND c.id IN {state.EXTENDED} ORDER BY {order} LIMIT :limit) b")
        order = merged
    else:
        # The page's tasks first, sorted and limited on the keys of the order alone, then the
        # state of those: selected with the rest, every match's state would be computed for the sort.
        window = ", COUNT(*) OVER () AS n_matched" if counted_by_page else ""
        page = (f"SELECT c.*, pg.* FROM (SELECT c.id AS page_id, {role_col} AS role, c.plan_id AS page_plan, "
                f"c.seq AS page_seq{window} {matching} ORDER BY {order} LIMIT :limit) pg "
                f"JOIN ({state.current(conn.engine)}) c ON c.id = pg.page_id")
        order = order.replace("td.role", "pg.role").replace("c.plan_id", "pg.page_plan").replace("c.seq", "pg.page_seq")
    cursor = conn.execute(f"{page} ORDER BY {order} LIMIT :limit", params)
    first = cursor.fetchmany(_CHUNK)
    if counted_by_page and first:
        total = first[0]["n_matched"]

    day = dt.date.fromisoformat(as_of)

    def rows() -> Iterator[dict]:
        chunk = first
        while chunk:
            out = [_task_dict(r, day) for r in chunk]
            _attach_departments(conn, out, [r["id"] for r in chunk], links=links, as_of=as_of)
            yield from out
            chunk = cursor.fetchmany(_CHUNK)

    return Page(rows(), total, counts)


def _count_late(conn: Store, join: str, where: list[str], params: dict) -> int:
    """How many tasks match `where` (which holds c.light = 'red' and c.due < :as_of), counted
    without computing the state of most of them.

    Among tasks due before the as-of date, the ones not red are exactly the closed ones, and
    only a task with a done or dropped update can be closed: so the count is all of them less
    those that have such an update and are not red. The light is still the one rule of lights.py,
    computed for the few tasks that were ever closed instead of for every task past due."""
    base = [w for w in where if w != "c.light = 'red'"]
    source = f"FROM ({state.current(conn.engine)}) c{join} WHERE " + " AND ".join(base)
    ever_closed = f"c.id IN (SELECT task_id FROM task_update WHERE status IN {_CLOSED_SQL} AND date <= :as_of)"
    return conn.execute(f"SELECT (SELECT COUNT(*) {source}) - (SELECT COUNT(*) {source} AND {ever_closed} "
                        "AND c.light != 'red')", params).fetchone()[0]


def plans(conn: Store, *, as_of: str) -> list[dict]:
    """Each plan with its task counts, the share done and how many are late.

    Counted without any task's whole state: done and dropped are the closed tasks
    (state.CLOSED_NOW), and late is red, which for a task not closed is its date in force before
    the day (the rule of lights.py)."""
    sql = f"""
        WITH closed AS MATERIALIZED ({state.CLOSED_NOW})
        SELECT p.id, p.title, p.issuer, p.doc_no, p.issued, p.start, p."end",
               COUNT(t.id) AS tasks, SUM(k.status = 'done') AS done, SUM(k.status = 'dropped') AS dropped,
               SUM({state.LATE}) AS overdue
        FROM plan p LEFT JOIN task t ON t.plan_id = p.id AND NOT t.retired AND {state.handed_on_by()}
        LEFT JOIN closed k ON k.task_id = t.id
        GROUP BY p.id ORDER BY p.id"""
    out = []
    for r in conn.execute(sql, state.params(as_of, None, plan=None)):
        live = r["tasks"] - (r["dropped"] or 0)
        out.append({
            "plan": r["id"], "title": r["title"], "issuer": r["issuer"], "doc_no": r["doc_no"],
            "issued": r["issued"], "start": r["start"], "end": r["end"], "tasks": r["tasks"],
            "done": r["done"] or 0, "done_share": round((r["done"] or 0) / live, 3) if live else None,
            "overdue": r["overdue"] or 0,
        })
    return out


def late_and_amber(conn: Store, *, as_of: str, rule: LightRule, plan: str | None = None) -> list[tuple]:
    """Every live task (of `plan`) red or amber as of the day, once for each department leading it
    then (a task nobody leads: not at all): (department, task id, PLAN/CODE, title, date in force,
    light). What a 催办 needs of them, in one pass over every task's state and no listing's rows."""
    return conn.execute(f"""
        SELECT d.name, c.id, c.plan_id || '/' || c.code, c.title, c.due, c.light
        FROM ({state.whole(conn.engine)}) c
        JOIN {workflow.links_table(conn, as_of)} l ON l.task_id = c.id AND l.role = 'lead'
        JOIN department d ON d.id = l.department_id
        WHERE NOT c.retired AND c.light IN ('red', 'amber')""", state.params(as_of, rule, plan=plan)).fetchall()


def departments(conn: Store, *, as_of: str, plan: str | None = None) -> list[dict]:
    """Every department with its load, as a list."""
    return list(department_page(conn, as_of=as_of, plan=plan).rows)


def department_page(conn: Store, *, as_of: str, plan: str | None = None,
                    limit: int | None = None) -> Page:
    """Departments with their load (tasks it leads and supports, open, done and late ones),
    most late first: the first `limit` (None: all) and how many there are. Counted as plans()
    counts, without any task's whole state: the closed tasks (state.CLOSED_NOW), and late ones
    (state.LATE)."""
    sql = f"""
        WITH closed AS MATERIALIZED ({state.CLOSED_NOW}),
        live AS MATERIALIZED (SELECT t.id, k.status AS closed, {state.LATE} AS late
                              FROM task t LEFT JOIN closed k ON k.task_id = t.id
                              WHERE NOT t.retired AND {state.handed_on_by()} AND (:plan IS NULL OR t.plan_id = :plan))
        SELECT d.id, d.name, d.full_name,
               (SELECT {conn.engine.joined('alias', '、')} FROM department_alias a
                WHERE a.department_id = d.id) AS aliases,
               SUM(c.id IS NOT NULL AND td.role = 'lead') AS lead,
               SUM(c.id IS NOT NULL AND td.role = 'support') AS support,
               SUM(c.id IS NOT NULL AND c.closed IS NULL) AS open, SUM(c.closed = 'done') AS done,
               SUM(c.late) AS overdue, SUM(td.role = 'lead' AND c.late) AS overdue_lead,
               COUNT(*) OVER () AS n_total
        FROM department d
        LEFT JOIN {workflow.links_table(conn, as_of)} td ON td.department_id = d.id
        LEFT JOIN live c ON c.id = td.task_id
        GROUP BY d.id HAVING :plan IS NULL OR COUNT(c.id) > 0
        ORDER BY overdue_lead DESC NULLS LAST, overdue DESC NULLS LAST, open DESC NULLS LAST, d.name
        LIMIT :limit"""  # a department without tasks sums to NULL: last, where SQLite sorts it
    result = conn.execute(sql, state.params(as_of, None, plan=plan, limit=conn.engine.NO_LIMIT if limit is None else limit)).fetchall()
    return Page(iter([{
        "department": r["name"], "full_name": r["full_name"],
        "aliases": r["aliases"].split("、") if r["aliases"] else [],
        "lead": r["lead"] or 0, "support": r["support"] or 0, "open": r["open"] or 0,
        "done": r["done"] or 0, "overdue": r["overdue"] or 0, "overdue_lead": r["overdue_lead"] or 0,
    } for r in result]), result[0]["n_total"] if result else 0, {})


def _live(engine) -> str:
    """The live tasks (of :plan, if given) with their state, computed once each: an aggregate that
    joined state.current through task_department would compute a task's state once per department.
    With them, what the workflow's counts need: the stage, the original due date and the claim's,
    签收 late, extensions approved and whether one is pending (all as of :as_of)."""
    pending = state.step("action", "('extend', 'approve', 'reject')", "c.id")
    return f"""live AS MATERIALIZED (SELECT c.id, c.plan_id, c.status, c.due, c.light, c.stage, c.original_due,
                                         c.status_on, {state.late_ack(engine)} AS ack_late,
                                         (SELECT COUNT(*) FROM task_step s WHERE s.task_id = c.id
                                          AND s.action = 'approve' AND s.date <= :as_of) AS extended,
                                         COALESCE({pending} = 'extend', FALSE) AS pending
                                  FROM ({state.whole(engine)}) c WHERE NOT c.retired)"""


def _score(r) -> dict:
    """The counts a scoreboard row shows; 达成率 is done / due by now (dropped tasks left out).

    The workflow's: 未签收 (and 签收 late), 退回, 待销号, finished (销号, or done where the plan
    asks no review), extensions approved and pending, and 按期办结率: of the tasks due by now by
    the plan's own date or finished, the share finished (by the claim's date) on or before it."""
    due_now, done_due = r["due_now"] or 0, r["done_due"] or 0
    owed, on_time = r["owed"] or 0, r["on_time"] or 0
    return {"done": r["done"] or 0, "red": r["red"] or 0, "amber": r["amber"] or 0,
            "green": r["green"] or 0, "due_now": due_now, "rate": round(done_due / due_now, 3) if due_now else None,
            "unacked": r["unacked"] or 0, "ack_late": r["ack_late"] or 0, "declined": r["declined"] or 0,
            "claimed": r["claimed"] or 0, "closed": r["closed"] or 0, "extended": r["extended"] or 0,
            "pending": r["pending"] or 0, "owed": owed, "on_time": on_time,
            "on_time_rate": round(on_time / owed, 3) if owed else None}


_SCORES = ("done", "red", "amber", "green", "due_now", "done_due", "unacked", "ack_late", "declined", "claimed",
           "closed", "extended", "pending", "owed", "on_time")


def _score_sql() -> str:
    """The scoreboard's sums (_SCORES, in order) over rows `c`."""
    finished = "c.stage IN ('closed', 'done')"
    owed = f"c.status != 'dropped' AND c.original_due IS NOT NULL AND (c.original_due <= :as_of OR {finished})"
    return f"""SUM(c.status = 'done') AS done, SUM(c.light = 'red') AS red, SUM(c.light = 'amber') AS amber,
               SUM(c.light = 'green') AS green, SUM(c.due <= :as_of AND c.status != 'dropped') AS due_now,
               SUM(c.due <= :as_of AND c.status = 'done') AS done_due, SUM(c.stage = 'unacked') AS unacked,
               SUM(c.ack_late) AS ack_late, SUM(c.stage = 'declined') AS declined,
               SUM(c.stage = 'claimed') AS claimed, SUM({finished}) AS closed, SUM(c.extended) AS extended,
               SUM(c.pending) AS pending, SUM({owed}) AS owed,
               SUM({owed} AND {finished} AND c.status_on <= c.original_due) AS on_time"""


def scoreboard(conn: Store, *, as_of: str, rule: LightRule | None = None,
               plan: str | None = None) -> dict:
    """Per department (over the tasks it leads; worst first) and per plan: done, red, amber, 达成率;
    per plan also targets met / not met and duty occurrences missed."""
    return scoreboard_totals(conn, as_of=as_of, rule=rule, plan=plan)[0]


def scoreboard_totals(conn: Store, *, as_of: str, rule: LightRule | None = None, plan: str | None = None,
                      dept_id: int | None = None) -> tuple[dict, dict]:
    """The scoreboard, and from the same pass department_board's totals over the live tasks in
    scope (`dept_id`'s, in any role)."""
    totals, depts, by_plan = _board(conn, as_of=as_of, rule=rule, plan=plan, dept_id=dept_id)
    targets_by_plan: dict[str, dict[str, int]] = {}
    for t in targets(conn, as_of=as_of, plan=plan):
        counts = targets_by_plan.setdefault(t["plan"], {"met": 0, "not-met": 0, "no-data": 0})
        counts[t["state"]] += 1
    missed: dict[str, int] = {}
    for o in duty_occurrences(conn, as_of=as_of, plan=plan):
        missed[o["plan"]] = missed.get(o["plan"], 0) + (o["state"] == "missed")
    plans = []
    for r in by_plan:
        counts = targets_by_plan.get(r["name"], {})
        plans.append({"plan": r["name"], "tasks": r["tasks"], **_score(r),
                      "targets_met": counts.get("met", 0), "targets_not_met": counts.get("not-met", 0),
                      "targets_no_data": counts.get("no-data", 0), "duties_missed": missed.get(r["name"], 0)})
    return {"as_of": as_of, "plans": plans, "departments": depts}, totals


def department_board(conn: Store, *, as_of: str, rule: LightRule | None = None, plan: str | None = None,
                     dept_id: int | None = None) -> tuple[dict, list[dict]]:
    """The scoreboard's departments (over the tasks each leads; worst first), and from the same one
    pass over every task's state the totals of the live tasks in scope (`dept_id`'s, in any role):
    tasks, done, red, amber, and the workflow's unacked, claimed and closed (销号, or done)."""
    return _board(conn, as_of=as_of, rule=rule, plan=plan, dept_id=dept_id)[:2]


def _board(conn: Store, *, as_of: str, rule: LightRule | None, plan: str | None,
           dept_id: int | None) -> tuple[dict, list[dict], list]:
    """department_board's totals and departments, and the scoreboard's rows per plan (`name` is
    the plan's id; in its order), all from one pass over every task's state: each pass costs
    every task's lookups. A department's scores are summed over its lead links alone (a quarter
    of them), apart from the counts of every link; one with no lead task scores zero. The counts
    need no task's state: every link counted down the department's index, less the links of the
    few tasks not live (retired, handed on after the day, or of another plan)."""
    links = workflow.links_table(conn, as_of)
    scores = ", ".join(f"COALESCE(s.{k}, 0) AS {k}" for k in _SCORES)
    scope = (f"WHERE c.id IN (SELECT task_id FROM {links} sl WHERE sl.department_id = :dept)"
             if dept_id is not None else "")
    rows = conn.execute(f"""
        WITH {_live(conn.engine)}
        SELECT 0 AS whole, d.name, n.lead, n.support, n.tasks, {scores}
        FROM department d
        JOIN (SELECT department_id, SUM(lead) AS lead, SUM(support) AS support, SUM(tasks) AS tasks FROM (
                SELECT td.department_id, SUM(td.role = 'lead') AS lead, SUM(td.role = 'support') AS support,
                       COUNT(*) AS tasks FROM {links} td GROUP BY td.department_id
                UNION ALL
                SELECT td.department_id, -SUM(td.role = 'lead'), -SUM(td.role = 'support'), -COUNT(*)
                FROM {links} td WHERE td.task_id IN (SELECT t.id FROM task t WHERE t.retired OR NOT {state.handed_on_by()}
                                                     OR (:plan IS NOT NULL AND t.plan_id != :plan))
                GROUP BY td.department_id) counted
              GROUP BY department_id HAVING SUM(tasks) > 0) n ON n.department_id = d.id
        LEFT JOIN (SELECT td.department_id, {_score_sql()} FROM {links} td JOIN live c ON c.id = td.task_id
                   WHERE td.role = 'lead' GROUP BY td.department_id) s ON s.department_id = d.id
        UNION ALL
        SELECT 1, NULL, NULL, NULL, COUNT(*), {_score_sql()} FROM live c {scope}
        UNION ALL
        SELECT 2, c.plan_id, NULL, NULL, COUNT(*), {_score_sql()} FROM live c GROUP BY c.plan_id
        ORDER BY whole, red DESC, amber DESC, lead DESC, name""", state.params(as_of, rule, plan=plan, dept=dept_id)).fetchall()
    board = [r for r in rows if r["whole"] == 0]
    whole = next(r for r in rows if r["whole"] == 1)
    totals = {"tasks": whole["tasks"], **{k: whole[k] or 0 for k in ("done", "red", "amber", "unacked", "claimed",
                                                                      "closed")}}
    return totals, [{"department": r["name"], "lead": r["lead"] or 0, "support": r["support"] or 0, **_score(r)}
                    for r in board], sorted((r for r in rows if r["whole"] == 2), key=lambda r: r["name"])


def task_detail(conn: Store, task_id: int, *, as_of: str, rule: LightRule | None = None) -> dict:
    """One task whole: text, departments by role, dates, phase, sub-tasks, targets, history."""
    row = conn.execute(f"SELECT * FROM ({state.current(conn.engine)}) c WHERE c.id = :id", state.params(as_of, rule, id=task_id)).fetchone()
    out = _task_dict(row, dt.date.fromisoformat(as_of))
    _attach_departments(conn, [out], [task_id], links=workflow.links_table(conn, as_of), as_of=as_of)
    plan = conn.execute("SELECT title FROM plan WHERE id = ?", (row["plan_id"],)).fetchone()
    section = conn.execute("SELECT label, title FROM section WHERE id = ?", (row["section_id"],)).fetchone()
    parent = conn.execute("SELECT code FROM task WHERE id = ?", (row["parent_id"],)).fetchone()
    phase = None
    if row["due"]:
        phase = conn.execute('SELECT name, start, "end" FROM phase WHERE plan_id = ? AND start <= ? AND "end" >= ? '
                             "ORDER BY seq LIMIT 1", (row["plan_id"], row["due"], row["due"])).fetchone()
    out.update({
        "plan_title": plan["title"], "text": row["text"], "notes": row["notes"], "start": row["start"],
        "section": {"label": section["label"], "title": section["title"]} if section else None,
        "parent": f"{row['plan_id']}/{parent['code']}" if parent else None,
        "subtasks": [f"{row['plan_id']}/{r[0]}" for r in conn.execute(
            "SELECT code FROM task WHERE parent_id = ? AND NOT retired ORDER BY seq", (task_id,))],
        "phase": dict(phase) if phase else None,
        "targets": targets(conn, as_of=as_of, task_id=task_id),
        "updates": [dict(r) for r in conn.execute(
            "SELECT date, by, status, progress, note, recorded_at FROM task_update WHERE task_id = ? AND date <= ? "
            "ORDER BY date, id", (task_id, as_of))],
        # The supervision workflow: 签收, the request awaiting a decision, every step taken.
        **workflow.acknowledgement(row, as_of), "claimed": row["status_on"] if row["status"] == "done" else None,
        "closed": row["closed_on"] if row["status"] == "done" else None,
        "pending": workflow.pending(conn, task_id, as_of=as_of), "steps": workflow.history(conn, task_id, as_of=as_of),
        "overrides": workflow.overridden(conn, task_id),
    })
    return out


def targets(conn: Store, *, as_of: str, plan: str | None = None, dept_id: int | None = None,
            task_id: int | None = None, target_id: int | None = None) -> list[dict]:
    """Every target the filters of target_page keep, as a list."""
    return list(target_page(conn, as_of=as_of, plan=plan, dept_id=dept_id, task_id=task_id,
                            target_id=target_id).rows)


def target_page(conn: Store, *, as_of: str, plan: str | None = None, dept_id: int | None = None,
                task_id: int | None = None, target_id: int | None = None, limit: int | None = None) -> Page:
    """Targets with their goal, latest measurement, progress toward the goal and state: the
    first `limit` (None: all), the number that match and how many are in each state.

    state: met / not-met by the latest measurement, no-data without one. --dept keeps the
    targets of the tasks a department leads or supports. The state is the rule of
    qtrack/targets.py, so every matching row is read to count states (a plan has one target
    for dozens of tasks); only the page's rows are built and given their departments.
    """
    import json  # here: the listings of tasks need none

    links = workflow.links_table(conn, as_of)
    sql = f"""
        SELECT g.*, t.code AS task_code, m.value AS m_value, m.date AS m_date
        FROM target g LEFT JOIN task t ON t.id = g.task_id
        LEFT JOIN measurement m ON m.id = (SELECT id FROM measurement WHERE target_id = g.id AND date <= :as_of
                                           ORDER BY date DESC, id DESC LIMIT 1)
        WHERE NOT g.retired AND (:plan IS NULL OR g.plan_id = :plan)
          AND (:task IS NULL OR g.task_id = :task) AND (:target IS NULL OR g.id = :target)
          AND (:dept IS NULL OR g.task_id IN (SELECT task_id FROM {links} tl WHERE tl.department_id = :dept))
        ORDER BY g.plan_id, g.seq"""
    rows, task_ids = [], []
    counts = {"met": 0, "not-met": 0, "no-data": 0}
    total = 0
    for r in conn.execute(sql, {"plan": plan, "task": task_id, "target": target_id, "dept": dept_id,
                                "as_of": as_of}):
        total += 1
        high = r["value_high"]
        measured = r["m_value"]
        state = "no-data" if measured is None else (
            "met" if target_rules.is_met(r["op"], r["value"], high, measured) else "not-met")
        counts[state] += 1
        if limit is not None and len(rows) >= limit:
            continue
        rows.append({
            "ref": f"{r['plan_id']}/{r['code']}", "kind": "target", "plan": r["plan_id"], "code": r["code"],
            "title": r["title"], "op": r["op"], "value": [r["value"], high] if r["op"] == "between" else r["value"],
            "unit": r["unit"], "goal": target_rules.goal_text(r["op"], r["value"], high, r["unit"]),
            "baseline": r["baseline"], "due": r["due"],
            "task": f"{r['plan_id']}/{r['task_code']}" if r["task_code"] else None, "lead": [], "support": [],
            "latest": None if measured is None else {"value": measured, "date": r["m_date"]},
            "progress": None if measured is None else target_rules.progress(
                r["op"], r["value"], high, r["baseline"], measured),
            "state": state, "notes": r["notes"],
            "path": json.loads(r["path"]) if r["path"] else [],
        })
        task_ids.append(r["task_id"])
    linked = [(row, tid) for row, tid in zip(rows, task_ids) if tid is not None]
    _attach_departments(conn, [row for row, _ in linked], [tid for _, tid in linked], links=links, as_of=as_of)
    return Page(iter(rows), total, counts)


def measurements(conn: Store, target_id: int, *, as_of: str) -> list[dict]:
    """A target's measurements dated on or before the as-of day, oldest first."""
    return [dict(r) for r in conn.execute(
        "SELECT date, value, by, note, recorded_at FROM measurement WHERE target_id = ? AND date <= ? ORDER BY date, id",
        (target_id, as_of))]


def duty_occurrences(conn: Store, *, as_of: str, plan: str | None = None,
                     dept_id: int | None = None, duty_id: int | None = None, upcoming: int = 0) -> list[dict]:
    """Occurrences of duties due by the as-of date (and the next `upcoming` ones), with their state:
    met, waived, missed (due before the as-of date and not met) or due (not yet late)."""
    duties = conn.execute("""
        SELECT * FROM duty WHERE NOT retired AND (:plan IS NULL OR plan_id = :plan) AND (:duty IS NULL OR id = :duty)
          AND (:dept IS NULL OR id IN (SELECT duty_id FROM duty_department WHERE department_id = :dept))
        ORDER BY plan_id, seq""", {"plan": plan, "duty": duty_id, "dept": dept_id}).fetchall()
    day = dt.date.fromisoformat(as_of)
    out: list[dict] = []
    # Two queries for all the duties, not two per duty: a folder of 5,000 plans has 5,000 duties.
    ids = [d["id"] for d in duties]
    latest = _latest_reports(conn, ids, as_of=as_of)
    departments = [{"lead": [], "support": []} for _ in duties]
    _attach_departments(conn, departments, ids, table="duty")
    for d, names in zip(duties, departments):
        reports = latest.get(d["id"], {})
        ahead = upcoming
        for occ in periods.each_occurrence(d["every"], dt.date.fromisoformat(d["start"]),
                                            dt.date.fromisoformat(d["end"]), d["day"]):
            if occ.due > day:
                if ahead == 0:
                    break
                ahead -= 1
            report = reports.get(occ.period)
            if report and report["status"] == "done" and report["date"] < occ.start.isoformat():
                report = None  # "met" before its period began (an old record, a dump): it cannot count
            status = report["status"] if report else "todo"
            state = {"done": "met", "dropped": "waived"}.get(status) or ("missed" if occ.due < day else "due")
            out.append({
                "ref": f"{d['plan_id']}/{d['code']}@{occ.period}", "kind": "duty", "plan": d["plan_id"],
                "duty": f"{d['plan_id']}/{d['code']}", "period": occ.period, "title": d["title"],
                "every": d["every"], "due": occ.due.isoformat(), "state": state,
                "days_late": (day - occ.due).days if state == "missed" else None,
                "met_on": report["date"] if report and status == "done" else None,
                "by": report["by"] if report else None, "note": report["note"] if report else None,
                "lead": names["lead"], "support": names["support"],
            })
    return out


def _latest_reports(conn: Store, ids: list[int], *, as_of: str) -> dict[int, dict[str, object]]:
    """duty id → period → the latest report of that occurrence dated by the as-of day (by date, then
    recording), as for tasks."""
    out: dict[int, dict[str, object]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for r in conn.execute(
                "SELECT duty_id, period, status, date, by, note FROM duty_report r WHERE duty_id IN "
                f"({', '.join('?' * len(chunk))}) AND id = "
                "(SELECT id FROM duty_report WHERE duty_id = r.duty_id AND period = r.period AND date <= ? "
                "ORDER BY date DESC, id DESC LIMIT 1)", [*chunk, as_of]):
            out.setdefault(r["duty_id"], {})[r["period"]] = r
    return out


def duty_detail(conn: Store, duty_id: int, *, as_of: str) -> dict:
    """A duty's own fields and every occurrence so far (and the next one), met or missed."""
    row = conn.execute('SELECT plan_id, code, title, every, day, start, "end", notes FROM duty WHERE id = ?',
                       (duty_id,)).fetchone()
    occurrences = duty_occurrences(conn, as_of=as_of, duty_id=duty_id, upcoming=1)
    out = {"ref": f"{row['plan_id']}/{row['code']}", "kind": "duty", "title": row["title"], "every": row["every"],
           "day": row["day"], "start": row["start"], "end": row["end"], "lead": [], "support": [],
           "notes": row["notes"], "missed": sum(o["state"] == "missed" for o in occurrences),
           "occurrences": occurrences}
    _attach_departments(conn, [out], [duty_id], table="duty")
    return out
