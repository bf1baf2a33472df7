"""A task's current state, written once: every query that needs it builds on this module.

A task's current status, progress and latest note are those of its latest update that sets
them (by reported date, then by order of recording), found per task through the index on
task_update(task_id, date, id) rather than by loading the history. Its start is the start of
the phase its due date falls in, else its plan's start; its light is the rule of qtrack/lights.py.

The state is as of a day, the parameter :as_of: an update dated after it does not count (nor a task
the office handed on after it), so
every listing, the ledger, the bulletin and the calendar show a past day as it was. Status and
progress never contradict (the rule of qtrack/status.py): a task not started that reports
progress reads doing, and a done task reads 100%, whatever older records (or a dump) hold.

The supervision workflow's steps (task_step) are dated too, under the same rule: the due date in
force is the latest extension approved by :as_of, a task's stage (签收, 退回, 待销号, 销号) the
latest step of its kind by :as_of. qtrack/workflow/ records the steps.
"""

from __future__ import annotations

from qtrack.lights import LightRule


def latest(column: str, task: str = "t.id", on: str = ":as_of", give: str | None = None) -> str:
    """The latest non-null `column` (status, progress, note) of the task whose id is `task`, among
    the updates dated on or before `on` (:as_of, or a column for a state at many days at once); or
    that update's `give` (its date, its recording)."""
    return (f"(SELECT u.{give or column} FROM task_update u WHERE u.task_id = {task} AND u.{column} IS NOT NULL "
            f"AND u.date <= {on} ORDER BY u.date DESC, u.id DESC LIMIT 1)")


def set_on(column: str, task: str = "t.id") -> str:
    """The date of the update that gives latest(column) its value: the day a closed task closed."""
    return latest(column, task, give="date")


def step(column: str, actions: str, task: str = "t.id", on: str = ":as_of") -> str:
    """`column` of the task's latest workflow step among `actions` (an SQL list) dated on or before
    `on` (a step dated later has not happened yet, as of that day)."""
    return (f"(SELECT s.{column} FROM task_step s WHERE s.task_id = {task} AND s.action IN {actions} "
            f"AND s.date <= {on} ORDER BY s.date DESC, s.id DESC LIMIT 1)")


def handed_on_by(on: str = ":as_of", task: str = "t.id") -> str:
    """Whether the task existed on the day `on`: an item the office handed on after it (qtrack add)
    did not exist yet."""
    return f"NOT EXISTS (SELECT 1 FROM inbox_item i WHERE i.task_id = {task} AND i.date > {on})"


def has_lead(task: str = "t.id", on: str = ":as_of") -> str:
    """Whether the task had a lead department on the day `on`: by today's links, unless a 改派
    dated after the day replaced them; then by the links the first such 改派 replaced (the same
    rule as store/workflow.links_on, for one task and one question)."""
    replaced_by = (f"(SELECT q.step_id FROM task_link_past q WHERE q.task_id = {task} AND q.ended > {on} "
                   "ORDER BY q.ended, q.step_id LIMIT 1)")
    return (f"CASE WHEN {replaced_by} IS NULL "
            f"THEN EXISTS (SELECT 1 FROM task_department l WHERE l.task_id = {task} AND l.role = 'lead') "
            f"ELSE EXISTS (SELECT 1 FROM task_link_past p WHERE p.step_id = {replaced_by} AND p.role = 'lead') END")


HANDOVER = "('ack', 'decline', 'assign')"  # 签收, 退回, 改派: who holds the task now
# The date in force: the latest approved extension's, else the plan's (`t.due`); the tasks that
# had an extension approved by :as_of, the few whose date in force may not be the plan's.
DUE = "COALESCE(" + step("due", "('approve')") + ", t.due)"
EXTENDED = "(SELECT task_id FROM task_step WHERE action = 'approve' AND date <= :as_of)"
# The tasks closed (done or dropped) as of :as_of, each with that status: latest("status") found
# from the updates' side, as the closing update no later status update by :as_of follows, so that
# a count over every task looks up nothing for the many never closed.
CLOSED_NOW = ("SELECT u.task_id, u.status FROM task_update u WHERE u.status IN ('done', 'dropped') "
              "AND u.date <= :as_of AND NOT EXISTS (SELECT 1 FROM task_update v WHERE v.task_id = u.task_id "
              "AND v.status IS NOT NULL AND v.date <= :as_of AND (v.date > u.date OR (v.date = u.date AND v.id > u.id)))")
# Whether task `t`, with `k` its row of CLOSED_NOW (NULL while open), is late as of :as_of: red, by
# the rule of lights.py, which for a task not closed is its date in force before the day. A count of
# late tasks (plans, depts) looks up no state but the date of the few extended. Never NULL (a task with
# no date is not late), so that a sum over a department's tasks is 0, not NULL, as its order needs.
LATE = f"(k.task_id IS NULL AND COALESCE(CASE WHEN t.id IN {EXTENDED} THEN {DUE} ELSE t.due END < :as_of, FALSE))"
_TASK = ("t.id, t.plan_id, t.section_id, t.parent_id, t.code, t.label, t.title, t.text, t.notes, t.seq, t.depth, t.retired, "
         "t.report_every, t.report_day")


def _row(table: str, alias: str, where: str) -> str:
    """A join to the task's latest row of `table` (alias `alias`) with `where`, dated on or before
    :as_of: one index lookup gives all of that row's columns (status, its date, its recording)."""
    return (f"LEFT JOIN {table} {alias} ON {alias}.id = (SELECT x.id FROM {table} x WHERE x.task_id = t.id "
            f"AND {where.format('x')} AND x.date <= :as_of ORDER BY x.date DESC, x.id DESC LIMIT 1)")


def _state(joined: bool) -> str:
    """Every task with its state as of :as_of and its start (its due date's phase, else its plan's start).

    `due` is the date in force: the latest approved extension's, else the plan's (`original_due`,
    which 按期 is measured against); an extension only ever moves a date later. The claim is the
    latest update that set a status (a done one is the department's 办结); a 销号 counts for it
    when recorded after it: a reopened task claimed again needs closing again.

    The latest status update, progress update and handover each give two or three columns.
    `joined` finds each row once and joins it, for a query that computes every column of every
    task (whole); otherwise each column is its own lookup, which a count or a page that does not
    use the column leaves out (a join would be made for every task counted)."""
    if joined:
        status, progress, claimed_at = "us.status", "up.progress", "us.recorded_at"
        status_on, handover, handover_on = "us.date", "sh.action", "sh.date"
        rows = (" " + _row("task_update", "us", "{}.status IS NOT NULL") + " "
                + _row("task_update", "up", "{}.progress IS NOT NULL") + " "
                + _row("task_step", "sh", "{}.action IN " + HANDOVER))
    else:
        status, progress = latest("status"), latest("progress")
        claimed_at, status_on = latest("status", give="recorded_at"), set_on("status")
        handover, handover_on, rows = step("action", HANDOVER), step("date", HANDOVER), ""
    return (
        f"SELECT {_TASK}, {DUE} AS due, t.due AS original_due, "
        f"COALESCE(NULLIF({status}, 'todo'), CASE WHEN {progress} > 0 THEN 'doing' ELSE 'todo' END) AS status, "
        f"CASE WHEN {status} = 'done' THEN 100 ELSE COALESCE({progress}, 0) END AS progress, "
        f"{status_on} AS status_on, (SELECT MAX(s.date) FROM task_step s WHERE s.task_id = t.id "
        f"AND s.action = 'close' AND s.date <= :as_of AND s.recorded_at > {claimed_at}) AS closed_on, "
        f"{handover} AS handover, {handover_on} AS handover_on, "
        "COALESCE(" + step("date", "('assign')") + ", (SELECT i.date FROM inbox_item i WHERE i.task_id = t.id), "
        "p.issued) AS handed_on, p.ack_within, COALESCE(p.review, FALSE) AS review, "
        + has_lead() + " AS has_lead, "
        "COALESCE((SELECT ph.start FROM phase ph WHERE ph.plan_id = t.plan_id AND t.due BETWEEN ph.start "
        "AND ph.\"end\" ORDER BY ph.seq LIMIT 1), p.start) AS start FROM task t JOIN plan p ON p.id = t.plan_id"
        + rows + " WHERE " + handed_on_by())


STATE = _state(joined=False)  # for a query over a few tasks, or one that reads few columns

# Where a task stands in the workflow, over a row `c` of _state: done (办结, where the plan asks for
# no review), claimed (待销号) or closed (销号) where it does, dropped, declined (退回), acked (签收),
# unacked; NULL for a task with no lead department to acknowledge it. (Words: workflow/words.py.)
STAGE = """CASE
  WHEN c.status = 'done' AND NOT c.review THEN 'done'
  WHEN c.status = 'done' THEN CASE WHEN c.closed_on IS NULL THEN 'claimed' ELSE 'closed' END
  WHEN c.status = 'dropped' THEN 'dropped'
  WHEN c.handover = 'decline' THEN 'declined'
  WHEN c.handover = 'ack' THEN 'acked'
  WHEN c.has_lead THEN 'unacked' END"""


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


def late_ack(engine) -> str:
    """Whether row `c` was acknowledged later than its plan's ack_within days from its handing
    over (the plan's issue, or the latest 改派), or is still unacknowledged with them gone by."""
    days = engine.days
    until = "CASE WHEN c.handover = 'ack' THEN c.handover_on ELSE :as_of END"
    return (f"(c.ack_within IS NOT NULL AND c.has_lead AND c.handed_on <= :as_of "
            f"AND {days(until)} - {days('c.handed_on')} > c.ack_within)")


def current(engine) -> str:
    """Every task with its current state, start, light and stage. Queries over it take params()."""
    if engine not in _CURRENT:
        _CURRENT[engine] = f"SELECT c.*, {light(engine)} AS light, {STAGE} AS stage FROM ({_state(joined=False)}) c"
    return _CURRENT[engine]


_WHOLE: dict = {}  # engine → its WHOLE, built once


def whole(engine) -> str:
    """CURRENT for a query that reads every task (of :plan, if not NULL) at once: an aggregate, a
    count. The engines inline a subquery into the query over it, and then each use of a column
    (the light alone reads status, due and start several times) repeats that column's lookups:
    fenced by OFFSET 0 (which neither engine inlines), each task's lookups run once. The fence
    also stops a WHERE reaching the index, so a page (LIMIT 20 down an index) keeps current()."""
    if engine not in _WHOLE:
        fenced = f"SELECT * FROM ({_state(joined=True)}) s WHERE :plan IS NULL OR s.plan_id = :plan LIMIT {engine.FENCE}"
        _WHOLE[engine] = f"SELECT c.*, {light(engine)} AS light, {STAGE} AS stage FROM ({fenced}) c"
    return _WHOLE[engine]


def params(as_of: str, rule: LightRule | None, **extra) -> dict:
    """The parameters CURRENT takes; `as_of` is the day as ISO text."""
    rule = rule or LightRule()
    return {"as_of": as_of, "warn_days": rule.warn_days, "tolerance": rule.tolerance, **extra}
