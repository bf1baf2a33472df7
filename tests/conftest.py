"""Shared fixtures: a real SQLite file in a temporary folder, and the CLI run as a user runs it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

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


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No test reads the user's database, clock or terminal settings."""
    monkeypatch.delenv("QTRACK_DB", raising=False)
    monkeypatch.delenv("QTRACK_TODAY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "qtrack.db"


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
