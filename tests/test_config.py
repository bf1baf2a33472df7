"""The config file, the one resolution of settings (flag > env > file > default), contexts, the
bulletin's letterhead, --quiet / -v, overdue --exit-code, pinyin names and shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, state

AS_OF = ("--as-of", "2016-06-01")


@pytest.fixture
def config_file(tmp_path, monkeypatch) -> Path:
    """The default config path of the test's own user (XDG_CONFIG_HOME is the test's, conftest)."""
    path = tmp_path / "xdg-config" / "qtrack" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def shown(cli, *args) -> dict:
    result = cli("config", "show", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return {r["key"]: r for r in json.loads(result.stdout)}


def test_the_suite_reads_no_config_of_the_machine(cli):
    rows = shown(cli)
    assert rows["config"]["value"].startswith(os.environ["XDG_CONFIG_HOME"])
    assert all(r["source"] in ("default", "none active") or r["key"] in ("config", "lang", "db") for r in rows.values())


def test_a_setting_comes_from_the_flag_then_the_environment_then_the_file(loaded, config_file, monkeypatch):
    config_file.write_text("# my desk\nwarn_days = 200\ntolerance = 100\n", encoding="utf-8")
    rows = shown(loaded)
    assert (rows["warn_days"]["value"], rows["warn_days"]["source"]) == (200, f"{config_file}:2")
    assert rows["tolerance"]["source"] == f"{config_file}:3"
    # the file's warning window turns a task due 2016-11-30 amber on 2016-06-01
    amber = json.loads(loaded("tasks", "-f", "json", *AS_OF).stdout)
    assert {t["light"] for t in amber} == {"amber"}
    monkeypatch.setenv("QTRACK_WARN_DAYS", "10")
    assert shown(loaded)["warn_days"]["source"] == "env QTRACK_WARN_DAYS"
    assert {t["light"] for t in json.loads(loaded("tasks", "-f", "json", *AS_OF).stdout)} == {"green"}
    flagged = json.loads(loaded("tasks", "-f", "json", "--warn-days", "200", *AS_OF).stdout)
    assert {t["light"] for t in flagged} == {"amber"}


def test_the_database_and_the_author_come_from_the_file(cli, db, config_file, plan2016, tmp_path):
    if isinstance(db, str):
        config_file.write_text(f'db = "{db}"\nby = "督查室王五"\n', encoding="utf-8")
    else:
        config_file.write_text(f'db = "{Path(db).name}"\nby = "督查室王五"\n', encoding="utf-8")
        db = config_file.parent / Path(db).name  # a relative path is the config's folder's
    from typer.testing import CliRunner

    from qtrack.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["import", str(plan2016)]).exit_code == 0
    result = runner.invoke(app, ["update", "2016/3", "--progress", "20", "--date", "2016-05-01", *AS_OF])
    assert result.exit_code == 0 and "(by 督查室王五)" in result.stdout
    assert state(db) is not None
    assert json.loads(runner.invoke(app, ["show", "2016/3", "-f", "json", *AS_OF]).stdout)["updates"][0]["by"] == "督查室王五"


@pytest.mark.parametrize("text, line, words", [
    ("warn_days = 30\nwarn_day = 3\n", 2, "unknown key 'warn_day'; did you mean warn_days?"),
    ("office = '督查室'\n\n[bulletin]\nsigner = 7\n", 4, "bulletin.signer: must be text in quotes"),
    ("tolerance = 'ten'\n", 1, "tolerance: must be a number"),
    ("warn_days = 99999999\n", 1, "warn_days: must be from 0 to 36,500"),
    ("lang = 'fr'\n", 1, "lang: must be one of zh, en"),
    ("[contexts.'质量司']\ndept = '质量司'\nstatus = 'done'\n", 3, "unknown key 'contexts.质量司.status'"),
    ("# a comment\nwarn_days = = 3\n", 2, "not TOML"),
])
def test_a_wrong_config_is_one_line_at_its_place_for_every_command(loaded, db, config_file, text, line, words):
    config_file.write_text(text, encoding="utf-8")
    before = state(db)
    for args in (("tasks",), ("config", "show"), ("update", "2016/3", "--progress", "10", "--date", "2016-05-01"),
                 ("context", "use", "质量司")):
        result = loaded(*args, *AS_OF) if args[0] != "config" and args[0] != "context" else loaded(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"error: {config_file}:{line}: ") and words in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert state(db) == before


def test_another_config_by_flag_or_environment(loaded, tmp_path, monkeypatch):
    other = tmp_path / "other.toml"
    other.write_text("warn_days = 7\n", encoding="utf-8")
    assert shown(loaded, "--config", str(other))["warn_days"]["value"] == 7
    monkeypatch.setenv("QTRACK_CONFIG", str(other))
    assert shown(loaded)["warn_days"]["source"] == f"{other}:1"
    missing = loaded("tasks", "--config", str(tmp_path / "nowhere.toml"))
    assert missing.exit_code == 1 and "nowhere.toml: no such config file (from flag --config)" in missing.stderr


def test_context_use_filters_every_listing_and_says_so(loaded, config_file):
    result = loaded("context", "use", "质量司")
    assert result.exit_code == 0, result.stderr
    tasks = loaded("tasks", *AS_OF)
    assert "context 质量司: --dept 质量司" in tasks.stdout and "tasks of 质量司" in tasks.stdout
    rows = json.loads(loaded("tasks", "-f", "json", *AS_OF).stdout)
    every = json.loads(loaded("tasks", "-f", "json", "--dept", "监督司", *AS_OF).stdout)
    assert rows == json.loads(loaded("tasks", "-f", "json", "--dept", "质量司", *AS_OF).stdout) != every
    assert len(rows) < 10
    assert "context 质量司" in loaded("tasks", "-f", "json", *AS_OF).stderr  # a script's output unchanged, its runner told
    overdue = loaded("overdue", "--as-of", "2016-12-15", "-f", "json").stdout
    assert overdue == loaded("overdue", "--as-of", "2016-12-15", "-f", "json", "--dept", "质量司").stdout
    assert overdue != loaded("overdue", "--as-of", "2016-12-15", "-f", "json", "--dept", "监督司").stdout
    assert "context 质量司" in loaded("plans", *AS_OF).stdout  # shown even where it filters nothing
    # an explicit filter beats the context
    other = json.loads(loaded("tasks", "--dept", "监督司", "-f", "json", *AS_OF).stdout)
    assert "2016/1" in {r["ref"] for r in other}
    assert loaded("context", "none").exit_code == 0
    assert len(json.loads(loaded("tasks", "-f", "json", *AS_OF).stdout)) == 10
    assert "context" not in loaded("tasks", *AS_OF).stdout


def test_context_save_keeps_the_users_comments_and_use_applies_it(loaded, config_file):
    original = "# 我的设置\nwarn_days = 20  # 三周\n\n[bulletin]\nsigner = \"张三\"\n"
    config_file.write_text(original, encoding="utf-8")
    result = loaded("context", "save", "品牌", "--dept", "zls", "--plan", "2016")
    assert result.exit_code == 0, result.stderr
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith(original) and '[contexts."品牌"]\ndept = "质量司"\nplan = "2016"\n' in text
    again = loaded("context", "save", "品牌", "--dept", "监督司")
    assert again.exit_code == 1 and "--force" in again.stderr and config_file.read_text(encoding="utf-8") == text
    assert loaded("context", "save", "品牌", "--dept", "监督司", "--force").exit_code == 0
    replaced = config_file.read_text(encoding="utf-8")
    assert replaced.startswith(original) and replaced.count("[contexts.") == 1 and 'dept = "监督司"' in replaced
    assert loaded("context", "use", "品牌").exit_code == 0
    assert (json.loads(loaded("tasks", "-f", "json", *AS_OF).stdout)
            == json.loads(loaded("tasks", "-f", "json", "--dept", "监督司", *AS_OF).stdout))
    listed = json.loads(loaded("context", "list", "-f", "json").stdout)
    assert listed == [{"name": "品牌", "active": True, "dept": "监督司", "plan": None}]  # replaced whole


def test_a_context_of_an_unknown_department_is_refused_and_changes_nothing(loaded, config_file, db):
    before = state(db)
    result = loaded("context", "use", "质最司")
    assert result.exit_code == 1 and "质量司" in result.stderr
    assert not (config_file.parent / "config.state.json").exists() and state(db) == before
    assert "context" not in loaded("tasks", *AS_OF).stdout


def test_the_bulletin_carries_the_letterhead_and_counts_its_issues(loaded, config_file, tmp_path):
    config_file.write_text('office = "国家质检总局督查室"\n[bulletin]\nsigner = "张三"\ncc = ["局领导", "各司局"]\n',
                           encoding="utf-8")
    out = tmp_path / "b.md"
    assert loaded("report", "-o", str(out), "--as-of", "2016-12-15").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "2016年第1期" in text and "国家质检总局督查室" in text and "签发人：张三" in text
    assert text.rstrip().endswith("抄送：局领导、各司局。")
    refused = loaded("report", "-o", str(out), "--as-of", "2016-12-15")  # exists, no --force: not counted
    assert refused.exit_code == 1
    again = loaded("report", "-o", str(out), "--as-of", "2016-12-15", "--force")  # the same bulletin made again
    assert again.exit_code == 0, again.stderr
    assert out.read_text(encoding="utf-8") == text  # keeps its number: a bulletin made again equals the first
    nxt = tmp_path / "c.md"
    assert loaded("report", "-o", str(nxt), "--as-of", "2016-12-20").exit_code == 0
    assert "2016年第2期" in nxt.read_text(encoding="utf-8")
    html = tmp_path / "b.html"
    assert loaded("report", "-o", str(html), "--as-of", "2016-12-25", "--issue", "9").exit_code == 0
    assert "2016年第9期" in html.read_text(encoding="utf-8") and "抄送：局领导、各司局。" in html.read_text(encoding="utf-8")
    assert loaded("report", "-o", str(tmp_path / "d.md"), "--as-of", "2016-12-28").exit_code == 0
    assert "2016年第10期" in (tmp_path / "d.md").read_text(encoding="utf-8")
    assert loaded("report", "-o", str(tmp_path / "e.md"), "--as-of", "2017-01-05").exit_code == 0
    assert "2017年第1期" in (tmp_path / "e.md").read_text(encoding="utf-8")  # each year counts from 1


def test_a_bulletin_without_a_letterhead_is_as_before(loaded, tmp_path):
    out = tmp_path / "b.md"
    assert loaded("report", "-o", str(out), "--as-of", "2016-12-15").exit_code == 0
    assert "期" not in out.read_text(encoding="utf-8").split("##")[0] and "抄送" not in out.read_text(encoding="utf-8")


def test_quiet_prints_only_errors_and_verbose_says_where_things_came_from(loaded, db, config_file):
    config_file.write_text("warn_days = 12\n", encoding="utf-8")
    quiet = loaded("update", "2016/3", "--progress", "30", "--date", "2016-05-01", "--quiet", *AS_OF)
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert json.loads(loaded("show", "2016/3", "-f", "json", *AS_OF).stdout)["progress"] == 30
    failed = loaded("show", "2016/99", "--quiet")
    assert failed.exit_code == 1 and failed.stderr.startswith("error: no task") and failed.stdout == ""
    verbose = loaded("tasks", "-v", *AS_OF)
    assert verbose.exit_code == 0 and f"qtrack: config: {config_file} (default)" in verbose.stderr
    assert "qtrack: done in" in verbose.stderr and "qtrack:" not in verbose.stdout
    both = loaded("tasks", "--quiet", "-v")
    assert both.exit_code == 2


def test_overdue_exit_code_is_3_when_anything_is_late(loaded):
    late = loaded("overdue", "--exit-code", "--as-of", "2016-12-15", "--quiet")
    assert late.exit_code == 3 and late.stdout == ""
    assert loaded("overdue", "--exit-code", "--as-of", "2016-01-15").exit_code == 0
    assert loaded("overdue", "--as-of", "2016-12-15").exit_code == 0


def test_lang_is_resolved_flag_env_file_locale(cli, config_file, monkeypatch):
    monkeypatch.delenv("QTRACK_LANG")  # (conftest sets English for the other tests)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert shown(cli)["lang"]["value"] == "zh"
    config_file.write_text('lang = "en"\n', encoding="utf-8")
    assert shown(cli)["lang"]["source"] == f"{config_file}:1"
    monkeypatch.setenv("QTRACK_LANG", "zh")
    assert shown(cli)["lang"]["source"] == "env QTRACK_LANG"
    assert shown(cli, "--lang", "en")["lang"] == {"key": "lang", "value": "en", "source": "flag --lang"}
    assert cli("config", "show", "--lang", "fr").exit_code == 2


# --- pinyin ---------------------------------------------------------------------------------------

SAME_INITIALS = """qtrack: 1
plan: {id: pin, title: 拼音, start: 2020-01-01, end: 2020-12-31}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 甲, lead: [质量所], due: 2020-06-30}
      - {code: "2", title: 乙, lead: [质量司], due: 2020-06-30}
      - {code: "3", title: 丙, lead: [监督司], due: 2020-06-30}
"""


def test_departments_are_named_by_pinyin_and_ambiguous_initials_list_the_candidates(cli, db, tmp_path):
    plan = tmp_path / "pin.yaml"
    plan.write_text(SAME_INITIALS, encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    for typed in ("jds", "jianDUsi", "JDS"):
        rows = json.loads(cli("tasks", "--dept", typed, "-f", "json", "--as-of", "2020-01-01").stdout)
        assert [r["ref"] for r in rows] == ["pin/3"], typed
    assert [r["ref"] for r in json.loads(cli("tasks", "--dept", "zhiliangsuo", "-f", "json").stdout)] == ["pin/1"]
    ambiguous = cli("tasks", "--dept", "zls")
    assert ambiguous.exit_code == 1 and "质量司" in ambiguous.stderr and "质量所" in ambiguous.stderr
    assert cli("tasks", "--dept", "xyz").exit_code == 1


# --- completion, as bash and zsh call it -----------------------------------------------------------

def complete(shell: str, line: str, db) -> list[str]:
    env = {**os.environ, "_QTRACK_COMPLETE": f"complete_{shell}"}
    prog, command, rest = line.split(" ", 2)
    words = f"{prog} {command} --db {db} {rest}"  # the line as typed, the test's database named in it
    if shell == "bash":
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    result = subprocess.run([sys.executable, "-m", "qtrack"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_of_plans_departments_and_references(cli, db, shell, tmp_path):
    assert cli("import", str(PLANS / "2016.yaml"), str(PLANS / "gansu-2011.yaml")).exit_code == 0
    plans = complete(shell, "qtrack tasks --plan ", db)
    refs = complete(shell, "qtrack show 2016/T", db)
    depts = complete(shell, "qtrack tasks --dept zl", db)
    plans, refs, depts = ("\n".join(x) for x in (plans, refs, depts)) if shell == "zsh" else (plans, refs, depts)
    if shell == "bash":
        assert plans == ["2016", "gansu-2011"]
        assert refs == [f"2016/T{n}" for n in range(1, 5)]
        assert depts == ["质量司"]
        assert complete(shell, "qtrack update g", db) == ["gansu-2011/"]
        assert complete(shell, "qtrack status --dept 监", db) == ["监督司"]
    else:
        assert plans.startswith("_arguments") and '"2016"' in plans and '"gansu-2011"' in plans
        assert '"2016/T1":"' in refs and '"2016/T4":"' in refs and '"2016/1"' not in refs  # with the title
        assert '"质量司"' in depts


def test_completion_of_a_missing_database_offers_nothing(tmp_path):
    assert complete("bash", "qtrack tasks --plan ", tmp_path / "none.db") == [""]  # bash gets one empty line
    assert not (tmp_path / "none.db").exists()


def test_completion_imports_no_heavy_module(cli, db):
    assert cli("import", str(PLANS / "2016.yaml")).exit_code == 0
    code = ("import sys; sys.argv = ['qtrack']\nfrom qtrack.cli import main\ntry:\n    main()\nexcept SystemExit:\n"
            "    pass\nprint(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'yaml', 'pypinyin') if m in sys.modules), "
            "file=sys.stderr)")
    env = {**os.environ, "_QTRACK_COMPLETE": "complete_bash", "COMP_WORDS": f"qtrack tasks --db {db} --dept zl",
           "COMP_CWORD": "5"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.strip() == "质量司" and result.stderr.strip().endswith("[]")
