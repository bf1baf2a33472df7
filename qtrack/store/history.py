"""The audit trail's statement (qtrack/history.py): every history table, the workflow's steps and the
audit rows as one list, each with the role it was taken in (office, department) where it has one."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store

_ENTRIES = """
SELECT u.id AS row, u.recorded_at AS at, u.by, u.command, t.plan_id AS plan, t.code, NULL AS period,
       'task' AS kind, 'update' AS action, u.date, u.status, u.progress, NULL AS value, u.note AS detail,
       t.id AS task_id, CAST(NULL AS INTEGER) AS duty_id,  -- typed: a server types a bare NULL as text
       'department' AS role,  -- progress is a department's to report
       CAST(NULL AS VARCHAR) AS due, CAST(NULL AS VARCHAR) AS departments
  FROM task_update u JOIN task t ON t.id = u.task_id
 WHERE u.command != 'reopen'  -- the 退办 step below says it, with its reason
UNION ALL
SELECT s.id, s.recorded_at, s.by, s.command, t.plan_id, t.code, NULL, 'task', s.action, s.date, NULL, NULL,
       CAST(NULL AS REAL), s.detail, t.id, NULL, s.role, CAST(s.due AS VARCHAR), s.departments
  FROM task_step s JOIN task t ON t.id = s.task_id
UNION ALL
SELECT m.id, m.recorded_at, m.by, m.command, g.plan_id, g.code, NULL, 'target', 'measure', m.date, NULL, NULL,
       m.value, m.note, g.task_id, NULL, NULL, NULL, NULL
  FROM measurement m JOIN target g ON g.id = m.target_id
UNION ALL
SELECT r.id, r.recorded_at, r.by, r.command, d.plan_id, d.code, r.period, 'duty', 'report', r.date, r.status, NULL,
       NULL, r.note, NULL, d.id, NULL, NULL, NULL
  FROM duty_report r JOIN duty d ON d.id = r.duty_id
UNION ALL
SELECT a.id, a.at, a.by, a.command, a.plan_id, a.code, NULL, a.kind, a.action, NULL, NULL, NULL, NULL, a.detail,
       CASE a.kind WHEN 'task' THEN (SELECT id FROM task WHERE plan_id = a.plan_id AND code = a.code)
                   WHEN 'target' THEN (SELECT task_id FROM target WHERE plan_id = a.plan_id AND code = a.code) END,
       CASE a.kind WHEN 'duty' THEN (SELECT id FROM duty WHERE plan_id = a.plan_id AND code = a.code) END,
       'office', NULL, NULL
  FROM audit a
UNION ALL
SELECT c.id, c.recorded_at, c.by, c.command, COALESCE(t.plan_id, u.plan_id), COALESCE(t.code, u.code), i.period,
       CASE WHEN i.task_id IS NULL THEN 'duty' ELSE 'task' END, 'chase', c.date, c.level, NULL, NULL,
       '催办〔' || c.year || '〕第' || c.number || '号 ' || d.name, i.task_id, i.duty_id, 'office', NULL, NULL
  FROM chase_item i JOIN chase c ON c.id = i.chase_id JOIN department d ON d.id = c.department_id
  LEFT JOIN task t ON t.id = i.task_id LEFT JOIN duty u ON u.id = i.duty_id
 WHERE i.task_id IS NOT NULL OR i.duty_id IS NOT NULL
"""



def entries(store: Store, *, as_of: str, until: str, since: str | None = None, plan: str | None = None,
            dept_id: int | None = None, by: str | None = None, limit: int | None = None) -> tuple[int, object]:
    """(how many changes match, the rows of the first `limit` of them, newest first). `since` and
    `until` are stored UTC timestamps: progress dated after the day `as_of` is left out, and so
    are audit rows (which carry no date) made at or after `until`."""
    where = ["(date <= :as_of OR (date IS NULL AND at < :until))"]
    params = {"as_of": as_of, "until": until}
    if since:
        where.append("at >= :since")
        params["since"] = since
    if plan:
        where.append("plan = :plan")
        params["plan"] = plan
    if by:
        where.append("by = :by")
        params["by"] = by
    if dept_id is not None:
        from qtrack.store.workflow import links_table  # the department's tasks as of the day

        where.append(f"(task_id IN (SELECT task_id FROM {links_table(store, as_of)} l WHERE l.department_id = :dept) "
                     "OR duty_id IN (SELECT duty_id FROM duty_department WHERE department_id = :dept))")
        params["dept"] = dept_id
    matched = f"SELECT * FROM ({_ENTRIES}) e" + (f" WHERE {' AND '.join(where)}" if where else "")
    total = store.execute(f"SELECT count(*) FROM ({matched}) m", params).fetchone()[0]
    rows = store.execute(matched + " ORDER BY at DESC, row DESC LIMIT :limit",
                         {**params, "limit": limit or store.engine.NO_LIMIT})
    return total, rows
