"""Shared fixtures: a real database on each engine, and the CLI run as a user runs it.

`db` is a new SQLite file in a temporary folder, and again an empty database on a real
PostgreSQL server (tests/pg_server.py): every test that takes it runs on both engines. A test
about SQLite's own files (their bytes, the WAL, a writer killed mid-write) is marked
`sqlite_only`. Without a server the PostgreSQL half is skipped, saying how to run it; in CI
(CI=true) it fails instead, so that CI always runs both.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pg_server
import pytest
from typer.testing import CliRunner

from qtrack.cli import app

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
# The five source documents the bundled plans are made from, copied verbatim as test data.
SOURCES = ROOT / "tests" / "data" / "sources"


def schema(path: Path, *, triggers: bool = True) -> dict:
    """A database's tables (columns, indexes, foreign keys) and triggers, for comparing schemas."""
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    out = {t: (conn.execute(f'PRAGMA table_info("{t}")').fetchall(),
               sorted((i[1], i[2], i[3], conn.execute(f'PRAGMA index_info("{i[1]}")').fetchall())
                      for i in conn.execute(f'PRAGMA index_list("{t}")')),
               conn.execute(f'PRAGMA foreign_key_list("{t}")').fetchall()) for t in tables}
    if triggers:
        out["triggers"] = conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
                                       "ORDER BY name").fetchall()
    conn.close()
    return out


# Every setting a user's shell or config could carry into a test (qtrack/config/keys.py and the context).
USER_SETTINGS = ("QTRACK_DB", "QTRACK_TODAY", "QTRACK_CONFIG", "QTRACK_BY", "QTRACK_OFFICE", "QTRACK_LANG",
                 "QTRACK_WARN_DAYS", "QTRACK_TOLERANCE", "QTRACK_CONTEXT")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No test reads the user's database, config, clock or terminal settings: the per-user
    directories (XDG on Linux, HOME's elsewhere) are folders of the test's own."""
    for name in USER_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    # The existing tests assert qtrack's English; tests/test_i18n.py runs both languages.
    monkeypatch.setenv("QTRACK_LANG", "en")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def pytest_collection_modifyitems(config, items):
    """A sqlite_only test runs on SQLite alone, a postgresql_only one on the server alone: the
    other engine's twin is deselected, not skipped."""
    keep, drop = [], []
    for item in items:
        engine = getattr(item, "callspec", None) and item.callspec.params.get("engine")
        other = {"postgresql": "sqlite_only", "sqlite": "postgresql_only"}.get(engine)
        (drop if other and item.get_closest_marker(other) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


_pg_missing: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if _pg_missing:
        terminalreporter.write_line(_pg_missing[0], yellow=True, bold=True)


@pytest.fixture(scope="session")
def pg_databases():
    """The server of QTRACK_TEST_PG_URL, else a private cluster for the session; skipped without one."""
    url, cluster = os.environ.get("QTRACK_TEST_PG_URL"), None
    reason = None
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        reason = pg_server.HOW_TO_RUN + " (the driver psycopg2 is not installed)"
    if not reason and not url:
        bin_dir = pg_server.bindir()
        if bin_dir is None:
            reason = pg_server.HOW_TO_RUN
        else:
            cluster = pg_server.Cluster(bin_dir)
            url = cluster.start()
    if reason:
        _pg_missing.append(reason)
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI must run both halves", pytrace=False)
        pytest.skip(reason)
    databases = pg_server.Databases(url, cluster)
    try:
        yield databases
    finally:
        databases.close()
        if cluster:
            cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def engine(request) -> str:
    return request.param


@pytest.fixture
def new_db(engine, tmp_path, request):
    """Makes another empty database on the test's engine: a file name in tmp_path for SQLite,
    a new database on the server for PostgreSQL (its URL), or there a copy of `template`'s."""
    made = []

    def make(name: str = "other.db", *, template: str | None = None) -> Path | str:
        if engine == "sqlite":
            return tmp_path / name
        made.append(request.getfixturevalue("pg_databases").create(template=template))
        return made[-1]

    yield make
    for url in made:
        request.getfixturevalue("pg_databases").drop(url)


@pytest.fixture
def db(new_db) -> Path | str:
    return new_db("qtrack.db")


def is_pg(db) -> bool:
    return isinstance(db, str)


def state(db):
    """What "the database is exactly as before" compares: a SQLite file's bytes (None: no file),
    a server database's every row."""
    if is_pg(db):
        return snapshot(db)
    return Path(db).read_bytes() if Path(db).exists() else None


def absent(db) -> bool:
    """No database there: no SQLite file, or a server database without a table."""
    return snapshot(db) == {} if is_pg(db) else not Path(db).exists()


def raw(db):
    """The database as the driver opens it, outside qtrack: sqlite3, or psycopg2 in autocommit."""
    if not is_pg(db):
        return sqlite3.connect(db, isolation_level=None)
    import psycopg2

    conn = psycopg2.connect(db)
    conn.autocommit = True
    return conn


def rows(db, sql: str, params: tuple = ()) -> list[tuple]:
    """The rows of one query, written with ? parameters, through qtrack's own connection (so that
    values come back alike on both engines)."""
    from qtrack.store import open_store

    store = open_store(db)
    try:
        return [tuple(r) for r in store.all(sql, params)]
    finally:
        store.close()


def write(db, sql: str, *params: tuple) -> None:
    """Run one write statement, written with ? parameters, once per tuple of `params` (once with
    none), through qtrack's own connection but past its commands: what an older qtrack, a restore
    or another program could have left, on either engine."""
    from qtrack.store import open_store

    store = open_store(db)
    try:
        with store.transaction():
            for one in params or [()]:
                store.execute(sql, one)
    finally:
        store.close()


def snapshot(db, *, tables: list[str] | None = None, blank: frozenset[str] = frozenset()) -> dict | None:
    """Every table's rows (or those of `tables`), read with the bare driver, the columns named in
    `blank` blanked: what "the database is exactly as before" compares on both engines (None: no
    SQLite file at all)."""
    if not is_pg(db) and not Path(db).exists():
        return None
    conn = raw(db)
    cur = conn.cursor()
    if tables is None:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()" if is_pg(db)
                    else "SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = [r[0] for r in cur.fetchall()]
    out = {}
    for table in sorted(tables):
        cur.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cur.description]
        out[table] = sorted((tuple("T" if n in blank else v for n, v in zip(names, r)) for r in cur.fetchall()),
                            key=repr)
    conn.close()
    return out


@pytest.fixture
def cli(db):
    """Run `qtrack ARGS` against the test database; returns the click Result."""
    runner = CliRunner(env={"COLUMNS": "160", "NO_COLOR": None, "QTRACK_DEBUG": None})

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [*args, "--db", str(db)] if args and args[0] not in ("--help",) else list(args),
                             input=input)

    return run


@pytest.fixture
def plan2016(tmp_path) -> Path:
    """A private copy of the bundled 2016 plan that a test may edit."""
    return Path(shutil.copy(PLANS / "2016.yaml", tmp_path / "2016.yaml"))


@pytest.fixture
def loaded(cli, plan2016):
    result = cli("import", str(plan2016))
    assert result.exit_code == 0, result.stderr
    return cli
