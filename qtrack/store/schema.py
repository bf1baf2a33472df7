"""The SQLModel tables: the schema of a qtrack database, and the single source of truth for it.

A fresh database is created from these models; an older one is brought up to them by the
migrations in store/migrations.py. The commands read and write through the store's engine
(store/sqlite.py, plain sqlite3) so that a query does not pay for importing the ORM; tests
check that path against the schema these models create.

Dates are stored as ISO text (YYYY-MM-DD), as SQLAlchemy does on SQLite, so they sort and
compare as text. Nothing is ever deleted: tasks, targets, duties and sections that leave
their plan file are marked `retired`, and updates are only appended.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, Index, SQLModel, UniqueConstraint


class Migration(SQLModel, table=True):
    """Which schema migrations this database has had, by name, in order."""

    name: str = Field(primary_key=True)
    applied_at: dt.datetime


class Plan(SQLModel, table=True):
    id: str = Field(primary_key=True)
    title: str
    issuer: str | None = None
    doc_no: str | None = None
    issued: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    due: dt.date | None = None
    source: str | None = None
    notes: str | None = None
    lead: str = "[]"  # the plan's default lead, as a JSON list of names
    path: str  # the file it was last imported from
    imported_at: dt.datetime
    ack_within: int | None = None  # days from `issued` the lead departments have for 签收
    review: bool | None = None  # whether a claimed done awaits the office's 销号 (NULL: a plan of before)


class PlanSource(SQLModel, table=True):
    """The digest of the file a plan was last imported from (its bytes and name): importing the
    same file again has nothing to change, and is answered without reading it."""

    __tablename__ = "plan_source"
    plan_id: str = Field(foreign_key="plan.id", primary_key=True)
    digest: str

class Section(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("plan_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id")
    code: str
    label: str | None = None
    title: str
    notes: str | None = None
    seq: int
    retired: bool = False


class Task(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        Index("ix_task_due", "due"),
        Index("ix_task_plan_seq", "plan_id", "seq"),
        Index("ix_task_parent", "parent_id", "seq"),  # a task's sub-tasks (show), without a scan
    )
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id")
    section_id: int | None = Field(default=None, foreign_key="section.id")
    parent_id: int | None = Field(default=None, foreign_key="task.id")
    code: str
    label: str | None = None
    title: str
    text: str | None = None
    due: dt.date | None = None
    notes: str | None = None
    seq: int  # document order within the plan
    depth: int = 0  # 0 for a main task, 1 for its sub-tasks, …
    retired: bool = False
    report_every: str | None = None  # its reporting cycle (报送周期), resolved from the plan file at import
    report_day: int | None = None  # its report is due on this day of the month after each period


class Department(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    full_name: str | None = None
    pinyin: str | None = None  # 质量司 → zhiliangsi, for --dept without an IME (qtrack/pinyin.py)
    initials: str | None = None  # 质量司 → zls


class DepartmentAlias(SQLModel, table=True):
    __tablename__ = "department_alias"
    alias: str = Field(primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)


class TaskDepartment(SQLModel, table=True):
    """A department's role on a task: lead (牵头, or jointly 负责) or support (配合, 参加)."""

    __tablename__ = "task_department"
    __table_args__ = (Index("ix_task_department_dept", "department_id", "role", "task_id"),  # covering (m010)
                      Index("ix_task_department_task", "task_id", "role", "department_id"))  # has_lead (m011)
    task_id: int = Field(foreign_key="task.id", primary_key=True)
    department_id: int = Field(foreign_key="department.id", primary_key=True)
    role: str
    seq: int  # the order the document names them in


class Phase(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("plan_id", "name"), Index("ix_phase_plan", "plan_id", "seq", "start", "end"))  # m011
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id")
    name: str
    start: dt.date
    end: dt.date
    seq: int


class Target(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("plan_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id")
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    code: str
    title: str
    op: str
    value: float  # the goal; the low end for `between`
    value_high: float | None = None  # the high end for `between`
    unit: str | None = None
    due: dt.date | None = None
    baseline: float | None = None
    notes: str | None = None
    seq: int
    retired: bool = False
    path: str | None = None  # the trajectory: interim values by date, as JSON [["2012-12-31", 20.0], …]


class Duty(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("plan_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id")
    task_id: int | None = Field(default=None, foreign_key="task.id")
    code: str
    title: str
    every: str  # month | quarter | half-year | year
    day: int | None = None
    start: dt.date
    end: dt.date
    notes: str | None = None
    seq: int
    retired: bool = False


class DutyDepartment(SQLModel, table=True):
    __tablename__ = "duty_department"
    duty_id: int = Field(foreign_key="duty.id", primary_key=True)
    department_id: int = Field(foreign_key="department.id", primary_key=True, index=True)
    role: str
    seq: int


class TaskUpdate(SQLModel, table=True):
    """Progress on a task, appended and never rewritten. Unset fields keep the earlier value."""

    __tablename__ = "task_update"
    __table_args__ = (Index("ix_task_update_latest", "task_id", "date", "id"),
                      Index("ix_task_update_at", "recorded_at", "id"))  # the log's order (m012)
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    date: dt.date  # the day the progress is reported for
    recorded_at: dt.datetime  # when it was written
    by: str
    status: str | None = None
    progress: int | None = None
    note: str | None = None
    command: str  # which qtrack command wrote it


class Measurement(SQLModel, table=True):
    """A value of a target as measured on a date; appended, never rewritten."""

    __table_args__ = (Index("ix_measurement_latest", "target_id", "date", "id"),
                      Index("ix_measurement_at", "recorded_at", "id"))
    id: int | None = Field(default=None, primary_key=True)
    target_id: int = Field(foreign_key="target.id")
    date: dt.date
    recorded_at: dt.datetime
    by: str
    value: float
    note: str | None = None
    command: str


class DutyReport(SQLModel, table=True):
    """Whether one occurrence of a duty (2016/D1@2016-03) was met; the latest record counts."""

    __tablename__ = "duty_report"
    __table_args__ = (Index("ix_duty_report_latest", "duty_id", "period", "id"),
                      Index("ix_duty_report_at", "recorded_at", "id"))
    id: int | None = Field(default=None, primary_key=True)
    duty_id: int = Field(foreign_key="duty.id")
    period: str  # 2016-03, 2011-Q2, 2011-H1 or 2011
    date: dt.date  # the day it was met (or the correction made)
    recorded_at: dt.datetime
    by: str
    status: str  # done (met), todo (not met after all), dropped (waived)
    note: str | None = None
    command: str


class Audit(SQLModel, table=True):
    """A change to a plan's definitions, as an import made it: who, when, from which command.

    Progress needs no row here: every update, measurement and duty report already carries its
    author, command and time of recording. `qtrack log` reads both.
    """

    __table_args__ = (Index("ix_audit_at", "at", "id"), Index("ix_audit_plan", "plan_id", "code"))
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime
    by: str
    command: str
    plan_id: str = Field(foreign_key="plan.id")
    kind: str  # plan | section | task | target | duty
    code: str | None = None  # None for the plan itself
    action: str  # added | changed | retired
    detail: str | None = None


class Evidence(SQLModel, table=True):
    """A file backing an update (佐证材料). Attached, its content is kept in the evidence store under
    its SHA-256 (qtrack/evidence.py) and `size` and `sha256` are set; named only (a file a ledger's
    佐证材料 cell names, not sent along), both are None. Appended, never rewritten."""

    __table_args__ = (Index("ix_evidence_task", "task_id", "date", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    update_id: int | None = Field(default=None, foreign_key="task_update.id")
    name: str  # the file's own name, as given (no folder)
    size: int | None = None  # bytes
    sha256: str | None = None  # hex, the name of its content in the evidence store
    date: dt.date  # the day of the update it belongs to
    recorded_at: dt.datetime
    by: str
    command: str


class InboxItem(SQLModel, table=True):
    """A task the office itself handed on (交办: a leader's instruction, a meeting's decision), in
    its own inbox plan rather than from a document: where it came from, who handed it on, when."""

    __tablename__ = "inbox_item"
    task_id: int = Field(foreign_key="task.id", primary_key=True)
    source: str | None = None  # 领导批示, 会议议定, …
    date: dt.date  # the day it was handed on: as of an earlier day it does not exist
    recorded_at: dt.datetime
    by: str
    command: str


class Bulletin(SQLModel, table=True):
    """A bulletin (`qtrack report`) made: of which scope, as of which day, when and by whom. The
    next bulletin's "since the last one" starts from the latest as-of date recorded here."""

    __table_args__ = (Index("ix_bulletin_scope", "scope", "as_of", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    as_of: dt.date
    scope: str  # which plan and department it covered: "all", "plan=2016", "plan=2016 dept=质量司"
    path: str  # the file written
    by: str
    made_at: dt.datetime
    issue: int | None = None  # its 期号, when the office's letterhead is configured


class TaskStep(SQLModel, table=True):
    """One step of the supervision workflow on a task, appended and never rewritten: 签收 (ack),
    退回 (decline), 改派 (assign), 延期 (extend, approve, reject), 销号 (close), 退办 (reopen).

    `role` says whose step it is (office or department); `due` is the date asked for or approved;
    an assignment keeps the departments it set and the plan file's ones it overrode (JSON)."""

    __tablename__ = "task_step"
    __table_args__ = (Index("ix_task_step_task", "task_id", "date", "id"),
                      Index("ix_task_step_at", "recorded_at", "id"))
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    date: dt.date  # the day the step was taken
    recorded_at: dt.datetime
    by: str
    role: str  # office | department
    action: str  # ack | decline | assign | extend | approve | reject | close | reopen
    department_id: int | None = Field(default=None, foreign_key="department.id")  # who acted, for a department
    due: dt.date | None = None  # extend: the date asked for; approve: the date granted
    departments: str | None = None  # assign: the links it set, JSON [[department id, role], …]
    overrode: str | None = None  # assign: the plan file's links it replaced, same shape
    detail: str | None = None  # the reason or note
    command: str


class Chase(SQLModel, table=True):
    """One 催办单 sent to a department: its number in the year, its date and level (blue, yellow, red)."""

    __table_args__ = (UniqueConstraint("year", "number"), Index("ix_chase_department", "department_id", "date"),
                      Index("ix_chase_at", "recorded_at", "id"))
    id: int | None = Field(default=None, primary_key=True)
    year: int
    number: int  # 催办〔year〕第number号, counted per year
    date: dt.date  # the day it is dated (the as-of day it was made for)
    department_id: int = Field(foreign_key="department.id")
    level: str  # blue | yellow | red (三色督办单)
    recorded_at: dt.datetime
    by: str
    command: str
    via: str | None = None  # how it went out: the --exec command, or the file it was written to


class ChaseItem(SQLModel, table=True):
    """One thing a 催办单 asked for: a late or soon-due task, a missed report, a missed duty occurrence."""

    __tablename__ = "chase_item"
    __table_args__ = (Index("ix_chase_item_task", "task_id"), Index("ix_chase_item_duty", "duty_id"))
    chase_id: int = Field(foreign_key="chase.id", primary_key=True)
    seq: int = Field(primary_key=True)
    kind: str  # late | soon | report | duty
    task_id: int | None = Field(default=None, foreign_key="task.id")
    duty_id: int | None = Field(default=None, foreign_key="duty.id")
    period: str | None = None  # of a missed report or duty occurrence
    due: dt.date | None = None
    days_late: int | None = None
    level: str  # this item's own level: how often it had been chased unanswered


class TaskLinkPast(SQLModel, table=True):
    """A task's departments before a 改派 replaced them, kept so that as of an earlier day the task
    belongs to the departments it had then: the rows of one step (`step_id`) held until `ended`,
    the day of that step. A task that had no department keeps one row with no department_id."""

    __tablename__ = "task_link_past"
    __table_args__ = (Index("ix_task_link_past_task", "task_id", "ended", "step_id"),
                      Index("ix_task_link_past_ended", "ended"))
    step_id: int = Field(foreign_key="task_step.id", primary_key=True)
    seq: int = Field(primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    department_id: int | None = Field(default=None, foreign_key="department.id")
    role: str | None = None
    ended: dt.date


# Tables whose rows are history: SQLite itself refuses to change or delete them (the engine
# creates the triggers: store/sqlite.py append_only_triggers), so a correction can only ever be a new row.
APPEND_ONLY = ("task_update", "measurement", "duty_report", "audit", "bulletin", "task_step", "evidence",
               "inbox_item", "chase", "chase_item",
               "task_link_past")
