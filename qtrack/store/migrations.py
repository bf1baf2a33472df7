"""Schema migrations: ONE ordered list of named steps, each run once, in a transaction.

A new database is created straight from the tables of store/schema.py and stamped with every
migration name. A database made by an earlier qtrack runs the steps it has not had, each an
explicit change written out here and never edited once released, so its records are kept.
A name the database records that this list lacks means a newer qtrack: it is refused untouched.

MIGRATIONS is filled by the @migration decorator in the order the steps are written below;
the names it holds are what a database records in its `migration` table. Steps take the Store
inside the open transaction. Importing this module costs nothing heavy: SQLModel is imported
only to create a fresh schema. tests/test_migrations.py upgrades a database of the first
schema and checks the result equals a fresh one, record for record.
"""

from __future__ import annotations

from collections.abc import Callable

from qtrack.errors import QtrackError, StoreError
from qtrack.i18n import _

MIGRATIONS: dict[str, Callable] = {}  # name → step, in order: the one list


def migration(step: Callable) -> Callable:
    """Add `step` to the end of MIGRATIONS, under its function's name."""
    MIGRATIONS[step.__name__] = step
    return step


@migration
def m001_initial(store) -> None:
    """0.1: the first schema. Every qtrack database begins with it (its migration table is made
    by it), so there is never anything to upgrade to it."""


@migration
def m002_audit(store) -> None:
    """0.2: the audit trail of imports, history tables that SQLite keeps append-only, and an index
    for a task's sub-tasks."""
    store.execute("""CREATE TABLE audit (
        id INTEGER NOT NULL, at DATETIME NOT NULL, by VARCHAR NOT NULL, command VARCHAR NOT NULL,
        plan_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, code VARCHAR, action VARCHAR NOT NULL, detail VARCHAR,
        PRIMARY KEY (id), FOREIGN KEY(plan_id) REFERENCES plan (id))""")
    store.execute("CREATE INDEX ix_audit_at ON audit (at)")
    store.execute("CREATE INDEX ix_audit_plan ON audit (plan_id, code)")
    store.execute("CREATE INDEX ix_task_parent ON task (parent_id, seq)")  # show's sub-tasks at 100k tasks
    for table in ("task_update", "measurement", "duty_report", "audit"):
        for statement in store.engine.append_only_triggers(table):
            store.execute(statement)


@migration
def m003_score(store) -> None:
    """0.3: the record of bulletins made (for "since the last bulletin", and the 期号 counted from
    it), append-only, and a target's trajectory (path)."""
    store.execute("ALTER TABLE target ADD COLUMN path VARCHAR")
    store.execute("""CREATE TABLE bulletin (
        id INTEGER NOT NULL, as_of DATE NOT NULL, scope VARCHAR NOT NULL, path VARCHAR NOT NULL, by VARCHAR NOT NULL,
        made_at DATETIME NOT NULL, issue INTEGER, PRIMARY KEY (id))""")
    store.execute("CREATE INDEX ix_bulletin_scope ON bulletin (scope, as_of, id)")
    for statement in store.engine.append_only_triggers("bulletin"):
        store.execute(statement)


@migration
def m004_workflow(store) -> None:
    """0.4: the supervision workflow: its steps on tasks (append-only), and the plan's terms for
    it (the days allowed for 签收, whether a done awaits 销号; a plan of before needs none)."""
    store.execute("ALTER TABLE plan ADD COLUMN ack_within INTEGER")
    store.execute("ALTER TABLE plan ADD COLUMN review BOOLEAN")
    store.execute("UPDATE plan SET review = FALSE")
    store.execute("""CREATE TABLE task_step (
        id INTEGER NOT NULL, task_id INTEGER NOT NULL, date DATE NOT NULL, recorded_at DATETIME NOT NULL,
        by VARCHAR NOT NULL, role VARCHAR NOT NULL, action VARCHAR NOT NULL, department_id INTEGER, due DATE,
        departments VARCHAR, overrode VARCHAR, detail VARCHAR, command VARCHAR NOT NULL,
        PRIMARY KEY (id), FOREIGN KEY(task_id) REFERENCES task (id),
        FOREIGN KEY(department_id) REFERENCES department (id))""")
    store.execute("CREATE INDEX ix_task_step_task ON task_step (task_id, date, id)")
    for statement in store.engine.append_only_triggers("task_step"):
        store.execute(statement)


@migration
def m005_config(store) -> None:
    """0.5: department names in pinyin (full and initials), for --dept without an IME. The
    spellings of the departments already there are made here, once (qtrack/pinyin.py)."""
    store.execute("ALTER TABLE department ADD COLUMN pinyin VARCHAR")
    store.execute("ALTER TABLE department ADD COLUMN initials VARCHAR")
    from qtrack import pinyin

    pinyin.fill(store)


@migration
def m006_evid(store) -> None:
    """0.6: evidence (佐证材料) attached to updates, kept by hash; the office's own inbox items (交办)."""
    store.execute("""CREATE TABLE evidence (
        id INTEGER NOT NULL, task_id INTEGER NOT NULL, update_id INTEGER, name VARCHAR NOT NULL, size INTEGER,
        sha256 VARCHAR, date DATE NOT NULL, recorded_at DATETIME NOT NULL, by VARCHAR NOT NULL,
        command VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(task_id) REFERENCES task (id),
        FOREIGN KEY(update_id) REFERENCES task_update (id))""")
    store.execute("CREATE INDEX ix_evidence_task ON evidence (task_id, date, id)")
    store.execute("""CREATE TABLE inbox_item (
        task_id INTEGER NOT NULL, source VARCHAR, date DATE NOT NULL, recorded_at DATETIME NOT NULL,
        by VARCHAR NOT NULL, command VARCHAR NOT NULL, PRIMARY KEY (task_id),
        FOREIGN KEY(task_id) REFERENCES task (id))""")
    for table in ("evidence", "inbox_item"):
        for statement in store.engine.append_only_triggers(table):
            store.execute(statement)


@migration
def m007_perf(store) -> None:
    """0.7: the digest of each plan's last imported file, so that re-importing an unchanged file
    skips reading it."""
    store.execute("""CREATE TABLE plan_source (
        plan_id VARCHAR NOT NULL, digest VARCHAR NOT NULL,
        PRIMARY KEY (plan_id), FOREIGN KEY(plan_id) REFERENCES plan (id))""")


@migration
def m008_chase(store) -> None:
    """0.8: reporting cycles on tasks (报送周期), and the record of 催办单 and what each asked for."""
    store.execute("ALTER TABLE task ADD COLUMN report_every VARCHAR")
    store.execute("ALTER TABLE task ADD COLUMN report_day INTEGER")
    store.execute("""CREATE TABLE chase (
        id INTEGER NOT NULL, year INTEGER NOT NULL, number INTEGER NOT NULL, date DATE NOT NULL,
        department_id INTEGER NOT NULL, level VARCHAR NOT NULL, recorded_at DATETIME NOT NULL, "by" VARCHAR NOT NULL,
        command VARCHAR NOT NULL, via VARCHAR,
        PRIMARY KEY (id), UNIQUE (year, number), FOREIGN KEY(department_id) REFERENCES department (id))""")
    store.execute("CREATE INDEX ix_chase_department ON chase (department_id, date)")
    store.execute("""CREATE TABLE chase_item (
        chase_id INTEGER NOT NULL, seq INTEGER NOT NULL, kind VARCHAR NOT NULL, task_id INTEGER, duty_id INTEGER,
        period VARCHAR, due DATE, days_late INTEGER, level VARCHAR NOT NULL,
        PRIMARY KEY (chase_id, seq), FOREIGN KEY(chase_id) REFERENCES chase (id),
        FOREIGN KEY(task_id) REFERENCES task (id), FOREIGN KEY(duty_id) REFERENCES duty (id))""")
    store.execute("CREATE INDEX ix_chase_item_task ON chase_item (task_id)")
    store.execute("CREATE INDEX ix_chase_item_duty ON chase_item (duty_id)")
    for table in ("chase", "chase_item"):
        for statement in store.engine.append_only_triggers(table):
            store.execute(statement)


@migration
def m009_wfledger(store) -> None:
    """0.9: a task's departments before each 改派 (task_link_past), so that as of an earlier day a
    task belongs to the departments it had then; filled from the 改派 steps already recorded."""
    store.execute("""CREATE TABLE task_link_past (
        step_id INTEGER NOT NULL, seq INTEGER NOT NULL, task_id INTEGER NOT NULL, department_id INTEGER,
        role VARCHAR, ended DATE NOT NULL, PRIMARY KEY (step_id, seq), FOREIGN KEY(step_id) REFERENCES task_step (id),
        FOREIGN KEY(task_id) REFERENCES task (id), FOREIGN KEY(department_id) REFERENCES department (id))""")
    store.execute("CREATE INDEX ix_task_link_past_task ON task_link_past (task_id, ended, step_id)")
    store.execute("CREATE INDEX ix_task_link_past_ended ON task_link_past (ended)")
    for statement in store.engine.append_only_triggers("task_link_past"):
        store.execute(statement)
    from qtrack.store import workflow

    workflow.fill_past_links(store)


@migration
def m010_links_cover(store) -> None:
    """0.10: the index of a department's links holds the task too, so that a count over them
    (depts, the scoreboard's departments) reads the index alone, not each link's table row: at
    100,000 tasks and 600,000 links, `depts` 2.3 → 1.5 CPU s."""
    store.execute("DROP INDEX ix_task_department_dept")
    store.execute("CREATE INDEX ix_task_department_dept ON task_department (department_id, role, task_id)")


@migration
def m011_state_indexes(store) -> None:
    """0.11: a task's links by role and its plan's phases in order, each index holding what the
    state's lookups read (store/state.py has_lead, the phase of a due date): every task's state
    reads the index alone, without a link's table row or a sort of the phases; at 100,000 tasks
    the state of all of them 0.57 → 0.42 CPU s (status, depts, score, chase and report make it)."""
    store.execute("CREATE INDEX ix_task_department_task ON task_department (task_id, role, department_id)")
    store.execute('CREATE INDEX ix_phase_plan ON phase (plan_id, seq, start, "end")')


@migration
def m012_log_order(store) -> None:
    """0.12: each history table in the log's order (its time, then its id), so that a page of
    `qtrack log` walks each table's index for its first rows, not sorting every row of them all:
    at 100,000 tasks, log 0.78 → 0.18 CPU s (on a server, 0.82 → 0.32 s). The audit's index by time
    alone gains the id, which SQLite's held already (the rowid) and a server's did not. Each is
    appended to at its end, as the rows are; task_update's is 4.7 MB of the 110 MB file."""
    for table in ("task_update", "task_step", "measurement", "duty_report", "chase"):
        store.execute(f"CREATE INDEX ix_{table}_at ON {table} (recorded_at, id)")
    store.execute("DROP INDEX ix_audit_at")
    store.execute("CREATE INDEX ix_audit_at ON audit (at, id)")


def applied(store) -> list[str] | None:
    """The migrations recorded in the database; None when it has no tables at all."""
    tables = store.engine.any_tables(store)
    if "migration" not in tables:
        if tables:
            raise QtrackError(_("{where} holds another program's tables, not a qtrack database").format(
                                  where=store.where))
        return None
    return [r[0] for r in store.execute("SELECT name FROM migration ORDER BY name")]


def ensure_schema(store) -> None:
    """Create the schema of a new database, or upgrade an older one; refuse a newer one."""
    try:
        done = applied(store)
        if done == list(MIGRATIONS):
            return
        unknown = [name for name in done or [] if name not in MIGRATIONS]
        if unknown:
            raise QtrackError(_("{where} was made by a newer qtrack (schema {unknown}); upgrade qtrack rather than let "
                                 "this one change it").format(where=store.where, unknown=unknown[-1]))
        with store.transaction():
            bring_up_to_date(store, applied(store))  # re-read: another process may have won
    except StoreError as exc:
        raise QtrackError(_("{where} is not a usable qtrack database ({detail})").format(
                              where=store.where, detail=exc.detail)) from None
    except store.engine.ERROR as exc:  # a step's own driver call, made outside Store.execute
        raise QtrackError(_("{where} is not a usable qtrack database ({exc})").format(
                              where=store.where, exc=exc)) from None


def bring_up_to_date(store, done: list[str] | None) -> None:
    """Run inside a transaction: create a fresh schema, or apply the missing upgrades."""
    from qtrack.store import utc_now

    now = utc_now()
    if done is None:
        store.engine.create_schema(store)
        store.executemany("INSERT INTO migration (name, applied_at) VALUES (?, ?)",
                          [(name, now) for name in MIGRATIONS])
        return
    for name, step in MIGRATIONS.items():
        if name not in done:
            step(store)
            store.execute("INSERT INTO migration (name, applied_at) VALUES (?, ?)", (name, now))
