"""Start-up is a feature: `qtrack --help` must not import the ORM, SQLAlchemy or YAML, nor the
readers and writers of other formats; a query of an existing database needs none of them either."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
sys.argv = ["qtrack", {args}]
from qtrack.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in ("sqlmodel", "sqlalchemy", "yaml", "openpyxl", "xlsxwriter", "icalendar") if m in sys.modules)
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
"""


def heavy_modules(*args: str) -> str:
    code = PROBE.format(args=", ".join(repr(a) for a in args))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return [line for line in result.stderr.splitlines() if line.startswith("HEAVY=")][-1]


def test_help_imports_no_heavy_module():
    assert heavy_modules("--help") == "HEAVY="


def test_a_command_help_imports_no_heavy_module():
    # (Typer 0.29 itself imports pydantic to coerce a command's parameters; that cost is Typer's.)
    assert heavy_modules("import", "--help") == "HEAVY="


def test_listings_of_an_existing_database_import_no_heavy_module(cli, db):
    from conftest import PLANS

    assert cli("import", str(PLANS / "2016.yaml")).exit_code == 0
    for command in ("overdue", "tasks", "targets", "depts"):
        assert heavy_modules(command, "--db", str(db), "--as-of", "2016-12-15") == "HEAVY=", command
    assert heavy_modules("status", "--dept", "质量司", "--db", str(db)) == "HEAVY="


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "qtrack", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "overdue" in result.stdout


def test_each_command_is_built_from_its_own_module():
    """`qtrack NAME` builds only the module _HOME names for it: every command must be listed,
    under the module that defines it, or it would run through the slower whole app."""
    import typer.main

    from qtrack import cli

    commands = typer.main.get_command(cli.app).commands
    assert set(cli._HOME) == set(commands)
    for name, command in commands.items():
        for one in getattr(command, "commands", {}).values() or [command]:  # a group (config, context): each of its own
            assert one.callback.__module__ == f"qtrack.cli.{cli._HOME[name]}", name
        alone = typer.main.get_command(cli._build((cli._HOME[name],), name)).commands  # what `qtrack NAME` runs
        assert list(alone) == [name], name  # that command, and no sibling


def test_a_command_run_as_a_process_answers_as_in_the_whole_app(cli, db):
    from conftest import PLANS

    assert cli("import", str(PLANS / "2016.yaml")).exit_code == 0
    whole = cli("overdue", "--as-of", "2016-12-15", "-f", "json").stdout
    alone = subprocess.run([sys.executable, "-m", "qtrack", "overdue", "--db", str(db), "--as-of", "2016-12-15",
                            "-f", "json"], capture_output=True, text=True, timeout=60)
    assert alone.returncode == 0 and alone.stdout == whole
    mistaken = cli("overdue", "--bogus")
    wrong = subprocess.run([sys.executable, "-m", "qtrack", "overdue", "--bogus", "--db", str(db)],
                           capture_output=True, text=True, timeout=60)
    assert wrong.returncode == mistaken.exit_code == 2  # a usage error, as click reports it
    assert "No such option: --bogus" in wrong.stderr and "No such option: --bogus" in mistaken.stderr


def test_draft_help_imports_no_heavy_module():
    assert heavy_modules("draft", "--help") == "HEAVY="


def test_version_imports_no_heavy_module():
    assert heavy_modules("--version") == "HEAVY="


def test_the_root_help_of_a_process_is_the_whole_apps():
    """`qtrack --help` in a process lists stand-ins of the commands (_Listed): the very help of the
    whole app, in either language, with the options and the commands panel byte for byte."""
    import os

    from typer.testing import CliRunner

    from qtrack import cli

    for lang in ("zh", "en"):
        env = {**os.environ, "QTRACK_LANG": lang, "COLUMNS": "100"}
        whole = CliRunner(env={"QTRACK_LANG": lang, "COLUMNS": "100"}).invoke(cli.app, ["--help"], prog_name="qtrack")
        for flag in ("--help", "-h"):
            alone = subprocess.run([sys.executable, "-m", "qtrack", flag], capture_output=True, text=True, env=env,
                                   timeout=60)
            assert alone.returncode == whole.exit_code == 0
            assert alone.stdout == whole.stdout and "overdue" in alone.stdout, (lang, flag)
