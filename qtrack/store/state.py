"""A task's current state, written once: every query that needs it builds on this module.

A task's current status, progress and latest note are those of its latest update that sets
them (by reported date, then by order of recording), found per task through the index on
task_update(task_id, date, id) rather than by loading the history. Its start is the start of
the phase its due date falls in, else its plan's start; its light is the rule of qtrack/lights.py.

The state is as of a day, the parameter :as_of: an update dated after it does not count, so
every listing, the ledger, the bulletin and the calendar show a past day as it was. Status and
progress never contradict (the rule of qtrack/status.py): a task not started that reports
progress reads doing, and a done task reads 100%, whatever older records (or a dump) hold.
"""

from __future__ import annotations

from qtrack.lights import LightRule


def latest(column: str, task: str = "t.id") -> str:
    """The latest non-null `column` (status, progress, note) of the task whose id is `task`, among
    the updates dated on or before :as_of."""
    return (f"(SELECT u.{column} FROM task_update u WHERE u.task_id = {task} AND u.{column} IS NOT NULL "
            "AND u.date <= :as_of ORDER BY u.date DESC, u.id DESC LIMIT 1)")


def set_on(column: str, task: str = "t.id") -> str:
    """The date of the update that gives latest(column) its value: the day a closed task closed."""
    return latest(column, task).replace(f"SELECT u.{column} FROM", "SELECT u.date FROM", 1)


# Every task with its state as of :as_of and its start (its due date's phase, else its plan's start).
STATE = (
    "SELECT t.*, COALESCE(NULLIF(" + latest("status") + ", 'todo'), "
    "CASE WHEN " + latest("progress") + " > 0 THEN 'doing' ELSE 'todo' END) AS status, "
    "CASE WHEN " + latest("status") + " = 'done' THEN 100 "
    "ELSE COALESCE(" + latest("progress") + ", 0) END AS progress, "
    "COALESCE((SELECT ph.start FROM phase ph WHERE ph.plan_id = t.plan_id AND t.due BETWEEN ph.start AND ph.\"end\" "
    "ORDER BY ph.seq LIMIT 1), (SELECT p.start FROM plan p WHERE p.id = t.plan_id)) AS start FROM task t"
)


def light(engine) -> str:
    """The light over a row `c` carrying status, progress, due and start; parameters :as_of,
    :warn_days, :tolerance. Days between dates are the engine's to count (engine.days)."""
    days = engine.days
    return f"""CASE
  WHEN c.status IN ('done', 'dropped') OR c.due IS NULL THEN 'green'
  WHEN c.due < :as_of THEN 'red'
  WHEN {days('c.due')} - {days(':as_of')} <= :warn_days OR c.status = 'blocked' THEN 'amber'
  WHEN c.start IS NOT NULL AND c.start < :as_of AND c.start < c.due
       AND c.progress < 100.0 * ({days(':as_of')} - {days('c.start')})
                              / ({days('c.due')} - {days('c.start')}) - :tolerance THEN 'amber'
  ELSE 'green' END"""


_CURRENT: dict = {}  # engine → its CURRENT, built once


def current(engine) -> str:
    """Every task with its current state, start and light. Queries over it take params()."""
    if engine not in _CURRENT:
        _CURRENT[engine] = f"SELECT c.*, {light(engine)} AS light FROM ({STATE}) c"
    return _CURRENT[engine]


def params(as_of: str, rule: LightRule | None, **extra) -> dict:
    """The parameters CURRENT takes; `as_of` is the day as ISO text."""
    rule = rule or LightRule()
    return {"as_of": as_of, "warn_days": rule.warn_days, "tolerance": rule.tolerance, **extra}
