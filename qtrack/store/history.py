"""The audit trail's statement (qtrack/history.py): every history table, the workflow's steps and the
audit rows as one list, each with the role it was taken in (office, department) where it has one."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from qtrack.store import Store


class _Arm(NamedTuple):
    """One history table in the log: the columns it gives, the table(s) its filters read, the
    joins that only name what a row is about, its own condition, and what each filter tests in it."""

    rows: str
    source: str
    shown: str
    own: str | None
    at: str
    row: str
    dated: str | None  # the column --as-of compares with the day; None: an audit row, dated by `at`
    by: str
    plan: str  # the condition --plan tests, :plan
    task: str | None
    duty: str | None
    item: str | None = None  # what orders the rows sharing (at, row) within the arm
    shown_plan: str | None = None  # --plan's test on a page, where the joined rows answer it sooner


# The log's order is total: newest first (at, then row), and rows that share both are told apart by
# their arm (the `arm` column: rows of different tables can share a time and an id, as one command's
# update, measurement and duty report do) and within an arm by `item` (the chase items of one 催办单
# share its time and id; they come in the 催办单's own order, seq). The arms ascend in the order the
# log always listed them, which is the order SQLite's sort happened to leave such ties in, so that
# wherever the order was determined before, or was settled that way in practice, it is unchanged.
# Each arm gives only its own first rows in that order (walking its (recorded_at, id) index), so a
# page of 20 merges at most 6 × 20 rows instead of sorting every history row; the count is each
# arm's own count, read without the joins that only name a row (its task, duty or department is
# always there: a foreign key).
# What an audit row is about, by its plan and code: a task (a target's, for a target), a duty.
_AUDIT_TASK = """CASE a.kind WHEN 'task' THEN (SELECT id FROM task WHERE plan_id = a.plan_id AND code = a.code)
       WHEN 'target' THEN (SELECT task_id FROM target WHERE plan_id = a.plan_id AND code = a.code) END"""
_AUDIT_DUTY = "CASE a.kind WHEN 'duty' THEN (SELECT id FROM duty WHERE plan_id = a.plan_id AND code = a.code) END"

_ARMS = (
    _Arm("""u.id AS row, u.recorded_at AS at, u.by, u.command, t.plan_id AS plan, t.code, NULL AS period,
       'task' AS kind, 'update' AS action, u.date, u.status, u.progress, CAST(NULL AS REAL) AS value, u.note AS detail,
       t.id AS task_id, CAST(NULL AS INTEGER) AS duty_id,  -- typed: in a subquery a server types a bare NULL as
       -- text for good, which no other arm's date or number unites with
       'department' AS role,  -- progress is a department's to report
       CAST(NULL AS VARCHAR) AS due, CAST(NULL AS VARCHAR) AS departments, 1 AS arm, 0 AS item""",
         "task_update u", "JOIN task t ON t.id = u.task_id",
         "u.command != 'reopen'",  # the 退办 step below says it, with its reason
         "u.recorded_at", "u.id", "u.date", "u.by", "+u.task_id IN (SELECT id FROM task WHERE plan_id = :plan)",
         "u.task_id", None),
    _Arm("""s.id, s.recorded_at, s.by, s.command, t.plan_id, t.code, NULL, 'task', s.action, s.date, NULL, CAST(NULL AS INTEGER),
       CAST(NULL AS REAL), s.detail, t.id, CAST(NULL AS INTEGER), s.role, CAST(s.due AS VARCHAR), s.departments, 2, 0""",
         "task_step s", "JOIN task t ON t.id = s.task_id", None,
         "s.recorded_at", "s.id", "s.date", "s.by", "+s.task_id IN (SELECT id FROM task WHERE plan_id = :plan)",
         "s.task_id", None),
    _Arm("""m.id, m.recorded_at, m.by, m.command, g.plan_id, g.code, NULL, 'target', 'measure', m.date, NULL,
       CAST(NULL AS INTEGER), m.value, m.note, g.task_id, CAST(NULL AS INTEGER), NULL, NULL, NULL, 3, 0""",
         "measurement m JOIN target g ON g.id = m.target_id", "", None,
         "m.recorded_at", "m.id", "m.date", "m.by",
         "+m.target_id IN (SELECT id FROM target WHERE plan_id = :plan)", "g.task_id", None),
    _Arm("""r.id, r.recorded_at, r.by, r.command, d.plan_id, d.code, r.period, 'duty', 'report', r.date, r.status,
       CAST(NULL AS INTEGER), CAST(NULL AS REAL), r.note, CAST(NULL AS INTEGER), d.id, NULL, NULL, NULL, 4, 0""",
         "duty_report r JOIN duty d ON d.id = r.duty_id", "", None,
         "r.recorded_at", "r.id", "r.date", "r.by",
         "+r.duty_id IN (SELECT id FROM duty WHERE plan_id = :plan)", None, "r.duty_id"),
    _Arm(f"""a.id, a.at, a.by, a.command, a.plan_id, a.code, NULL, a.kind, a.action, CAST(NULL AS DATE), NULL,
       CAST(NULL AS INTEGER), CAST(NULL AS REAL), a.detail, {_AUDIT_TASK}, {_AUDIT_DUTY}, 'office', NULL, NULL, 5, 0""",
         "audit a", "", None, "a.at", "a.id", None, "a.by", "a.plan_id = :plan", _AUDIT_TASK, _AUDIT_DUTY),
    _Arm("""c.id, c.recorded_at, c.by, c.command, COALESCE(t.plan_id, u.plan_id), COALESCE(t.code, u.code), i.period,
       CASE WHEN i.task_id IS NULL THEN 'duty' ELSE 'task' END, 'chase', c.date, c.level,
       CAST(NULL AS INTEGER), CAST(NULL AS REAL),
       '催办〔' || c.year || '〕第' || c.number || '号 ' || d.name, i.task_id, i.duty_id, 'office', NULL, NULL, 6, i.seq""",
         "chase c JOIN chase_item i ON i.chase_id = c.id",
         "JOIN department d ON d.id = c.department_id LEFT JOIN task t ON t.id = i.task_id "
         "LEFT JOIN duty u ON u.id = i.duty_id",
         "(i.task_id IS NOT NULL OR i.duty_id IS NOT NULL)",
         "c.recorded_at", "c.id", "c.date", "c.by",
         "(+i.task_id IN (SELECT id FROM task WHERE plan_id = :plan) "  # its task's plan, else its duty's
         "OR i.task_id IS NULL AND +i.duty_id IN (SELECT id FROM duty WHERE plan_id = :plan))",
         "i.task_id", "i.duty_id", item="i.seq",
         shown_plan="COALESCE(t.plan_id, u.plan_id) = :plan"),  # its outer joins keep SQLite walking c
)


def _where(arm: _Arm, *, since: bool, plan: bool, by: bool, links: str | None, walk: bool) -> str:
    """The arm's own condition and the filters', in its own columns: progress dated after the day
    is left out, and so are audit rows (which carry no date) made at or after `until`.

    A unary + keeps SQLite from reaching an arm's rows through the index of the ids a filter names
    (a server's planner has statistics, and + changes nothing there): a plan holds most tasks, so
    its filter is a test on each row, counted or walked; a department's few are looked up when
    counted, but a page (`walk`) walks the arm in order, testing each row, rather than sorting
    all of the department's."""
    where = [arm.own] if arm.own else []
    where.append(f"{arm.dated} <= :as_of" if arm.dated else f"{arm.at} < :until")
    if since:
        where.append(f"{arm.at} >= :since")
    if plan:
        where.append(arm.shown_plan if walk and arm.shown_plan else arm.plan)
    if by:
        where.append(f"{arm.by} = :by")
    if links:
        plus = "+" if walk else ""
        where.append("(" + " OR ".join(
            ([f"{plus}({arm.task}) IN (SELECT task_id FROM {links} l WHERE l.department_id = :dept)"] if arm.task else [])
            + ([f"{plus}({arm.duty}) IN (SELECT duty_id FROM duty_department WHERE department_id = :dept)"]
               if arm.duty else [])) + ")")
    return " AND ".join(where)


def entries(store: Store, *, as_of: str, until: str, since: str | None = None, plan: str | None = None,
            dept_id: int | None = None, by: str | None = None, limit: int | None = None) -> tuple[int, object]:
    """(how many changes match, the rows of the first `limit` of them, newest first). `since` and
    `until` are stored UTC timestamps: progress dated after the day `as_of` is left out, and so
    are audit rows (which carry no date) made at or after `until`."""
    links = None
    if dept_id is not None:
        from qtrack.store.workflow import links_table  # the department's tasks as of the day

        links = links_table(store, as_of)
    params = {"as_of": as_of, "until": until, "since": since, "plan": plan, "by": by, "dept": dept_id,
              "limit": limit or store.engine.NO_LIMIT}
    filters = {"since": bool(since), "plan": bool(plan), "by": bool(by), "links": links}
    total = store.execute("SELECT " + " + ".join(
        f"(SELECT count(*) FROM {arm.source} WHERE {_where(arm, **filters, walk=False)})" for arm in _ARMS),
        params).fetchone()[0]
    rows = store.execute(" UNION ALL ".join(
        f"SELECT * FROM (SELECT {arm.rows} FROM {arm.source} {arm.shown} WHERE {_where(arm, **filters, walk=True)} "
        f"ORDER BY {arm.at} DESC, {arm.row} DESC{f', {arm.item}' if arm.item else ''} LIMIT :limit) e{n}"
        for n, arm in enumerate(_ARMS)) + " ORDER BY at DESC, row DESC, arm, item LIMIT :limit", params)
    return total, rows
