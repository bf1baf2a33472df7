"""Every option and argument of every command, given odd values, ends in a result or one readable
line, never the catch-all `error: unexpected …` or a traceback. Cases that reached the catch-all
before are pinned by name; a sweep over every parameter guards the rest with the odd values
that found faults (a wider sweep of 40 values found nothing more, so the suite keeps these)."""

from __future__ import annotations

import shutil

import pytest
from conftest import PLANS
from typer.main import get_command
from typer.testing import CliRunner

from qtrack.cli import app

ODD = ["", "99999999999999999999", "nan", "0001-01-01", "9999-12-31", "x" * 300, "2016/D1@99999-01"]


def run(*args: str, env: dict | None = None):
    runner = CliRunner(env={"COLUMNS": "100", "QTRACK_DEBUG": None, "QTRACK_TODAY": "2016-06-01", **(env or {})})
    return runner.invoke(app, list(args))


def assert_clean(result) -> None:
    assert "error: unexpected" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code:
        assert result.stderr.strip(), "a failure says why"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "base.db"
    assert run("import", str(PLANS), "--db", str(db)).exit_code == 0
    assert run("export", "--format", "json", "-o", str(folder / "dump.json"), "--db", str(db)).exit_code == 0
    (folder / "doc.txt").write_text("关于印发质量工作要点的通知\n一、总体要求\n1. 提升质量。(质量司负责)\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("args, words", [
    (["tasks", "--limit", "99999999999999999999"], None),  # beyond any count: all of them
    (["overdue", "--limit", "99999999999999999999"], None),
    (["status", "--warn-days", "99999999999999999999"], "the warning window must be 0–36,500 days"),
    (["log", "--since", "0001-01-01"], "--since '0001-01-01' is before 1900"),
    (["overdue", "--as-of", "0001-01-01"], "as-of date '0001-01-01' is before 1900"),
    (["overdue", "--as-of", "9999-12-31"], None),  # far ahead is a question qtrack can answer
    (["restore", ""], "is a folder, not a file"),
    (["import", "x" * 300 + ".yaml"], "x" * 50),
    (["plans", "--db", "x" * 300], "File name too long"),
])
def test_values_that_reached_the_catch_all_now_get_an_answer(base, monkeypatch, args, words):
    monkeypatch.chdir(base)
    db = base / "q.db"
    shutil.copy(base / "base.db", db)
    result = run(*args, *([] if "--db" in args else ["--db", str(db)]))
    assert_clean(result)
    if words is None:
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1 and words in result.stderr, \
            result.stderr


@pytest.mark.parametrize("var, value", [("QTRACK_TODAY", "0001-01-01"), ("QTRACK_TODAY", "2016-02-30"),
                                        ("QTRACK_WARN_DAYS", "99999999999999999999"), ("QTRACK_TOLERANCE", "nan"),
                                        ("QTRACK_DB", "x" * 300)])
def test_odd_environment_values_get_one_line(base, var, value):
    db = base / "q.db"
    shutil.copy(base / "base.db", db)
    result = run("status", *([] if var == "QTRACK_DB" else ["--db", str(db)]), env={var: value})
    assert_clean(result)
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1


SHARED = ("config_path", "lang")  # the options cli/common.py gives every command


def _sweep():
    valid = {"import": ["{plans}"], "show": ["2016/1"], "update": ["2016/1", "-s", "doing"],
             "measure": ["2016/T1", "90"], "restore": ["{dump}"], "backup": ["{out}/b.db"], "draft": ["{doc}"],
             "export": ["-o", "{out}/l.xlsx"], "report": ["-o", "{out}/r.md"], "import-progress": ["{out}/none.xlsx"],
             # the supervision cycle, its evidence, the office's own items, the chase and the config
             "ack": ["2016/1"], "decline": ["2016/1", "--reason", "不属本部门"], "approve": ["2016/1"],
             "assign": ["2016/1", "--lead", "质量司", "--reason", "调整"], "close": ["2016/1"],
             "extend": ["2016/1", "--to", "2016-12-31", "--reason", "需协调"], "reject": ["2016/1", "--reason", "否"],
             "reopen": ["2016/1", "--reason", "重办"], "evidence": ["2016/1", "-o", "{out}/ev"],
             "add": ["--title", "新交办事项", "--lead", "质量司", "--due", "2016-12-31"], "chase": ["--dry-run"],
             "context use": ["甲"], "context save": ["甲", "--dept", "质量司"]}
    for name, command in _commands():
        arguments = [p.name for p in command.params if p.param_type_name == "argument"]
        for param in command.params:
            if param.name in ("help", "db") or getattr(param, "is_flag", False):
                continue
            if param.name in SHARED and name != "status":  # one code path (cli/common.py): swept once
                continue
            for value in ODD:
                args = list(valid.get(name, []))
                if param.param_type_name == "argument":
                    i = arguments.index(param.name)
                    args[i:i + 1] = [value]
                else:
                    args += [param.opts[0], value]
                yield pytest.param(name, args, id=f"{name}-{param.name}-{value[:12]}")


def _commands():
    """Every command, those of a group (config, context) by their two words."""
    for name, command in get_command(app).commands.items():
        inner = getattr(command, "commands", None)
        yield from ((f"{name} {sub}", c) for sub, c in inner.items()) if inner else [(name, command)]


@pytest.mark.parametrize("name, args", list(_sweep()))
def test_every_parameter_survives_odd_values(base, tmp_path, monkeypatch, name, args):
    monkeypatch.chdir(tmp_path)  # whatever an odd value names as an output lands here
    db = tmp_path / "q.db"
    shutil.copy(base / "base.db", db)
    out = tmp_path / "out"
    out.mkdir()
    fill = {"plans": str(PLANS), "dump": str(base / "dump.json"), "out": str(out), "doc": str(base / "doc.txt")}
    result = run(*name.split(), *[a.format(**fill) if a.startswith("{") else a for a in args], "--db", str(db))
    assert_clean(result)
