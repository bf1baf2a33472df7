"""Property test: the trend's month-by-month counts, made in one pass over each task's dated
records (store/score.py monthly_counts), equal for every month the counts of the listings' own
state as of that month's end (queries.tasks, the single-day state every listing shows), for any
small history Hypothesis can make: same-day corrections, back-dated updates, records dated after
the as-of day, extensions approved (with and without a date), items handed on late (qtrack add),
改派 (a task's departments as of the day), retired tasks; over a plan and over one department.

On both engines. Each example imports a plan of its own into the test's one database and scopes
the trend to it (the history tables are append-only: nothing can be emptied between examples).
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qtrack.scoring import trend
from qtrack.store import open_store, queries

EXAMPLES = 40
SERVER_EXAMPLES = 12  # an example costs the server a plan's import and a listing per month


def examples(engine: str):
    """The settings of a property over imported histories: fewer examples on a server, no deadline
    (an import is slow next to hypothesis's), and the fixtures shared by every example."""
    return settings(max_examples=EXAMPLES if engine == "sqlite" else SERVER_EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


START = dt.date(2016, 1, 1)
DEPARTMENTS = ["甲司", "乙司", "丙司"]
TASKS = 4
# A few days, so that records share days (same-day corrections) and fall on the edges that
# matter: month ends, the day after one, before the plan's start, after the as-of day.
DAYS = [dt.date(2015, 12, 20), dt.date(2016, 1, 31), dt.date(2016, 2, 1), dt.date(2016, 2, 15),
        dt.date(2016, 2, 29), dt.date(2016, 3, 1), dt.date(2016, 3, 31), dt.date(2016, 4, 10),
        dt.date(2016, 4, 30), dt.date(2016, 5, 1), dt.date(2016, 5, 31), dt.date(2016, 6, 15)]
days = st.sampled_from(DAYS)
STATUSES = ["todo", "doing", "blocked", "done", "dropped"]


@st.composite
def histories(draw) -> dict:
    tasks = [{"due": draw(st.none() | days), "lead": draw(st.lists(st.sampled_from(DEPARTMENTS), max_size=2, unique=True)),
              "retired": draw(st.booleans())}
             for i in range(TASKS)]
    return {
        "tasks": tasks,
        # (task, date, status or None: a progress-only update, progress), recorded in this order
        "updates": draw(st.lists(st.tuples(st.integers(0, TASKS - 1), days, st.none() | st.sampled_from(STATUSES),
                                           st.none() | st.integers(0, 100)), max_size=12)),
        # (task, date, due granted or None)
        "approvals": draw(st.lists(st.tuples(st.integers(0, TASKS - 1), days, st.none() | days), max_size=4)),
        # task → the day the office handed it on
        "inbox": draw(st.dictionaries(st.integers(0, TASKS - 1), days, max_size=2)),
        # (task, the 改派's day, the departments the task had before it)
        "assigns": draw(st.lists(st.tuples(st.integers(0, TASKS - 1), days,
                                           st.lists(st.sampled_from(DEPARTMENTS), max_size=2, unique=True)),
                                 max_size=3)),
        "as_of": draw(st.sampled_from(DAYS[1:]) | st.dates(dt.date(2016, 1, 1), dt.date(2016, 7, 31))),
        "dept": draw(st.none() | st.sampled_from(DEPARTMENTS)),
    }


def plan_file(plan: str, h: dict) -> str:
    lines = ["qtrack: 1", f"plan: {{id: {plan}, title: 计划, start: {START}, end: 2016-12-31}}", "sections:",
             '  - code: "1"', "    title: 一", "    tasks:"]
    for i, t in enumerate(h["tasks"]):
        due = f", due: {t['due']}" if t["due"] else ""
        lines.append(f'      - {{code: "{i}", title: 任务{i}, lead: [{", ".join(t["lead"])}]{due}}}')
    return "\n".join(lines) + "\n"


def record(db, plan: str, h: dict) -> dict[str, int]:
    """The history, written as the commands write it (and as a dump restores it); the departments' ids."""
    store = open_store(db)
    try:
        ids = {int(code): i for i, code in store.execute("SELECT id, code FROM task WHERE plan_id = ?", (plan,))}
        depts = {name: i for i, name in store.execute("SELECT id, name FROM department")}
        at = itertools.count()
        stamp = lambda: f"2016-01-01 00:00:{next(at) % 60:02d}"  # noqa: E731 - recorded_at, not what counts
        with store.transaction():
            for i, t in enumerate(h["tasks"]):
                if t["retired"]:
                    store.execute("UPDATE task SET retired = ? WHERE id = ?", (True, ids[i]))
            for task, date, status, progress in h["updates"]:
                store.execute("INSERT INTO task_update (task_id, date, recorded_at, by, status, progress, command) "
                              "VALUES (?, ?, ?, 'test', ?, ?, 'update')", (ids[task], date, stamp(), status, progress))
            for task, date, due in h["approvals"]:
                store.execute("INSERT INTO task_step (task_id, date, recorded_at, by, role, action, due, command) "
                              "VALUES (?, ?, ?, 'test', 'office', 'approve', ?, 'approve')",
                              (ids[task], date, stamp(), due))
            for task, date in h["inbox"].items():
                store.execute("INSERT INTO inbox_item (task_id, date, recorded_at, by, command) "
                              "VALUES (?, ?, ?, 'test', 'add')", (ids[task], date, stamp()))
            for task, date, before in h["assigns"]:
                store.execute("INSERT INTO task_step (task_id, date, recorded_at, by, role, action, command) "
                              "VALUES (?, ?, ?, 'test', 'office', 'assign', 'assign')", (ids[task], date, stamp()))
                step = store.one("SELECT MAX(id) FROM task_step")[0]
                for seq, name in enumerate(before or [None]):  # none before: one row with no department
                    store.execute("INSERT INTO task_link_past (step_id, seq, task_id, department_id, role, ended) "
                                  "VALUES (?, ?, ?, ?, ?, ?)", (step, seq, ids[task], depts.get(name),
                                                                "lead" if name else None, date))
        return depts
    finally:
        store.close()


def by_day(db, plan: str, as_of: dt.date, dept_id: int | None) -> list[tuple]:
    """The oracle: each month end's listing of every task as of that day, counted."""
    store = open_store(db)
    try:
        out = []
        for day in trend.month_ends(START, as_of):
            rows = queries.tasks(store, as_of=day.isoformat(), plan=plan, dept_id=dept_id)
            done = sum(r["status"] == "done" for r in rows)
            live = len(rows) - sum(r["status"] == "dropped" for r in rows)
            out.append((day.strftime("%Y-%m"), len(rows), done, sum(r["light"] == "red" for r in rows),
                        round(done / live, 3) if live else None))
        return out
    finally:
        store.close()


def imported(cli, db, tmp_path, plan: str, h: dict) -> dict:
    """History `h` as plan `plan`: its file imported through the CLI and its records written; the
    departments' ids."""
    path = tmp_path / f"{plan}.yaml"
    path.write_text(plan_file(plan, h), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    return record(db, plan, h)


def test_the_monthly_counts_equal_each_month_ends_listing(cli, db, tmp_path, engine):
    plans = itertools.count()

    @examples(engine)
    @given(histories())
    def each(h):
        plan = f"p{next(plans)}"
        depts = imported(cli, db, tmp_path, plan, h)
        dept_id = depts.get(h["dept"]) if h["dept"] else None
        store = open_store(db)
        try:
            made = [(p["month"], p["tasks"], p["done"], p["red"], p["rate"])
                    for p in trend.trend(store, as_of=h["as_of"], plan=plan, dept_id=dept_id)]
        finally:
            store.close()
        assert made == by_day(db, plan, h["as_of"], dept_id)

    each()


def test_plans_and_the_late_page_agree_with_the_listing(cli, db, tmp_path, engine):
    """`plans` counts without any task's whole state (the closed tasks found from the updates'
    side), and the late page walks the plan's dates merged with the extended tasks: for any small
    history, both must equal what the listing of every task shows as of the day."""
    plans = itertools.count()

    @examples(engine)
    @given(histories())
    def each(h):
        plan = f"q{next(plans)}"
        imported(cli, db, tmp_path, plan, h)
        day = h["as_of"].isoformat()
        store = open_store(db)
        try:
            rows = queries.tasks(store, as_of=day, plan=plan)
            [counted] = [p for p in queries.plans(store, as_of=day) if p["plan"] == plan]
            late = queries.task_page(store, as_of=day, plan=plan, late_only=True)
            late_rows = [r["ref"] for r in late.rows]
        finally:
            store.close()
        done = sum(r["status"] == "done" for r in rows)
        live = len(rows) - sum(r["status"] == "dropped" for r in rows)
        red = [r for r in rows if r["light"] == "red"]
        assert (counted["tasks"], counted["done"], counted["overdue"], counted["done_share"]) == (
            len(rows), done, len(red), round(done / live, 3) if live else None)
        # An extension moves a date later, never sets one (the commands refuse): the late page and
        # its count restate that for an index (original_due < as_of), so only such histories count here.
        if all(h["tasks"][task]["due"] and (due is None or due >= h["tasks"][task]["due"])
               for task, _, due in h["approvals"]):
            assert late.total == len(red)
            assert late_rows == [r["ref"] for r in sorted(red, key=lambda r: r["due"])]  # ties in document order

    each()
