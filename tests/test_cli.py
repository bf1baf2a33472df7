"""The everyday commands, driven as a user drives them, against a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from conftest import PLANS, absent, state
from rich.cells import cell_len

ZHILIANG_LEADS = ["2016/3", "2016/5", "2016/6", "2016/10"]
ZHILIANG_SUPPORTS = ["2016/1", "2016/4", "2016/7", "2016/8", "2016/9"]


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_status_for_a_department_lists_lead_tasks_first(loaded):
    rows = as_json(loaded("status", "--dept", "质量司", "--as-of", "2016-06-01", "-f", "json"))
    assert [(r["ref"], r["role"]) for r in rows] == (
        [(ref, "lead") for ref in ZHILIANG_LEADS] + [(ref, "support") for ref in ZHILIANG_SUPPORTS])
    assert rows[0]["days_left"] == 182 and rows[0]["days_late"] is None
    table = loaded("status", "--dept", "质量司", "--as-of", "2016-06-01")
    assert table.exit_code == 0
    assert "2016/2 " not in table.stdout  # task 2 is not theirs
    assert "leads 4, supports 5; 0 red, 9 amber" in table.stdout


def test_tasks_for_a_department_and_role_as_json(loaded):
    rows = as_json(loaded("tasks", "--dept", "质量司", "--role", "lead", "--format", "json"))
    assert [r["ref"] for r in rows] == ZHILIANG_LEADS
    five = rows[1]
    assert {k: five[k] for k in ("plan", "code", "title", "status", "progress", "due", "lead", "role")} == {
        "plan": "2016", "code": "5", "title": "发挥企业产品与服务标准自我声明和质量技术基础(NQI)平台支撑作用",
        "status": "todo", "progress": 0, "due": "2016-11-30", "lead": ["标准委", "质量司", "科技司"], "role": "lead"}
    assert five["support"] == ["认监委", "计量司", "食品局", "检验司", "监督司", "执法司", "特设局"]


def late_tasks(cli, as_of):
    return [r for r in as_json(cli("overdue", "--as-of", as_of, "-f", "json")) if r["kind"] == "task"]


def test_overdue_as_of_dates_and_a_done_task_survives_reimport(loaded, plan2016):
    assert as_json(loaded("overdue", "--as-of", "2016-03-01", "-f", "json")) == []
    assert loaded("overdue", "--as-of", "2016-03-01").stdout.startswith("overdue as of 2016-03-01: nothing is overdue")
    late = late_tasks(loaded, "2017-01-15")
    assert len(late) == 10 and {r["days_late"] for r in late} == {46}
    assert late[0]["lead"] == ["监督司"]

    done = loaded("update", "2016/3", "--status", "已完成", "--note", "服务业专项行动完成", "--by", "王五",
                  "--date", "2016-11-28", "--as-of", "2017-01-15")
    assert done.stdout == "recorded 2016/3 on 2016-11-28: 已完成, 100%, note (by 王五)\n"
    refs = [r["ref"] for r in late_tasks(loaded, "2017-01-15")]
    assert refs == ["2016/1", "2016/2", "2016/4", "2016/5", "2016/6", "2016/7", "2016/8", "2016/9", "2016/10"]

    assert loaded("import", str(plan2016), "--force").stdout.endswith("no change (10 tasks, 4 targets, 1 duty)\n")
    assert len(late_tasks(loaded, "2017-01-15")) == 9


def test_overdue_worst_first_and_filters(cli, tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text("""\
qtrack: 1
plan: {title: 排序}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 晚一点, lead: [甲处], due: 2020-03-01}
      - {code: "2", title: 最早, lead: [乙处], support: [甲处], due: 2020-01-01}
      - {code: "3", title: 未到期, lead: [甲处], due: 2020-12-31}
      - {code: "4", title: 无日期, lead: [甲处]}
""", encoding="utf-8")
    cli("import", str(plan))
    rows = as_json(cli("overdue", "--as-of", "2020-06-01", "-f", "json"))
    assert [(r["ref"], r["days_late"]) for r in rows] == [("p/2", 152), ("p/1", 92)]
    assert [r["ref"] for r in as_json(cli("overdue", "--as-of", "2020-06-01", "--dept", "乙处", "-f", "json"))] == ["p/2"]
    cli("update", "p/2", "--status", "dropped", "--date", "2020-05-01", "--as-of", "2020-06-01")
    assert [r["ref"] for r in as_json(cli("overdue", "--as-of", "2030-01-01", "-f", "json"))] == ["p/1", "p/3"]


def test_tasks_filters(loaded):
    def refs(*args):
        return [r["ref"] for r in as_json(loaded("tasks", *args, "-f", "json"))]

    assert refs("--search", "地理标志") == ["2016/4", "2016/6"]
    assert refs("--search", "NQI") == ["2016/5"]
    assert refs("--search", "100%") == []  # % is matched literally, not as a wildcard
    assert refs("--dept", "办公厅", "--role", "support") == ["2016/7"]
    loaded("update", "2016/2", "--status", "doing", "--as-of", "2016-05-01")
    loaded("update", "2016/7", "--status", "受阻", "--as-of", "2016-05-01")
    assert refs("--status", "doing,blocked") == ["2016/2", "2016/7"]
    assert refs("--status", "进行中") == ["2016/2"]
    assert refs("--due-before", "2016-12-01", "--plan", "2016") == refs("--plan", "2016")
    assert refs("--due-after", "2016-11-30") == []


def test_update_history_is_appended_and_shown(loaded):
    loaded("update", "2016/6", "--status", "doing", "--progress", "30", "--by", "甲", "--date", "2016-05-01",
           "--as-of", "2016-07-01")
    loaded("update", "2016/6", "--note", "召开品牌价值评价发布会", "--by", "乙", "--date", "2016-06-01",
           "--as-of", "2016-07-01")
    loaded("update", "2016/6", "--progress", "60", "--by", "丙", "--date", "2016-07-01", "--as-of", "2016-07-01")
    shown = as_json(loaded("show", "2016/6", "--as-of", "2016-07-01", "-f", "json"))
    assert (shown["status"], shown["progress"]) == ("doing", 60)  # a note alone keeps status and progress
    assert [(u["date"], u["by"], u["status"], u["progress"], u["note"]) for u in shown["updates"]] == [
        ("2016-05-01", "甲", "doing", 30, None), ("2016-06-01", "乙", None, None, "召开品牌价值评价发布会"),
        ("2016-07-01", "丙", None, 60, None)]
    assert shown["support"] == ["认监委", "标准委", "动植司", "监督司", "执法司", "科技司", "标准院"]
    assert shown["phase"]["name"] == "组织实施阶段"
    assert shown["section"] == {"label": "四(二)", "title": "做好质量品牌提升支撑工作"}
    assert shown["text"].endswith("(牵头部门:质量司,配合部门:认监委、标准委、动植司、监督司、执法司、科技司、标准院)")
    table = loaded("show", "2016/6", "--as-of", "2016-07-01").stdout
    assert "召开品牌价值评价发布会" in table and "组织实施阶段 (2016-04-01 – 2016-11-30)" in table


def test_show_lists_targets_of_a_task(loaded):
    shown = as_json(loaded("show", "2016/4", "-f", "json"))
    assert [(t["ref"], t["op"], t["value"], t["unit"]) for t in shown["targets"]] == [
        ("2016/T2", ">=", 120.0, "个"), ("2016/T3", ">=", 600.0, "家"), ("2016/T4", ">=", 5.0, "家")]


@pytest.mark.parametrize("args, message", [
    (("update", "2016/3", "--status", "finished"),
     "error: unknown status 'finished'; use one of todo (未开始), doing (进行中), done (已完成), blocked (受阻), "
     "dropped (已取消)\n"),
    (("update", "2016/3", "--progress", "120"), "error: progress 120 is outside 0–100\n"),
    (("update", "2016/3", "--status", "done", "--progress", "50"), "error: 已完成 (done) means 100% progress, not 50%\n"),
    (("update", "2016/3"), "error: nothing to record: give --status, --progress, --note or --evidence\n"),
    (("update", "2016/3", "--note", "x", "--date", "2016-02-30"),
     "error: --date '2016-02-30' is not a date (expected YYYY-MM-DD)\n"),
    (("update", "2016/3", "--note", "x", "--date", "2016-07-01", "--as-of", "2016-06-01"),
     "error: date 2016-07-01 is after today (2016-06-01); progress cannot be recorded ahead\n"),
    (("update", "2016/99", "--status", "done"), "error: no task, target or duty '2016/99'; did you mean 2016/9?\n"),
    (("update", "2061/3", "--status", "done"), "error: no plan '2061'; did you mean 2016?\n"),
    (("show", "2016-3"), "error: '2016-3' is not a reference; write PLAN/CODE, e.g. 2016/3\n"),
    (("status", "--dept", "质量"), "error: no department '质量'; did you mean 质量司?\n"),
    (("tasks", "--dept", "质最司"), "error: no department '质最司'; did you mean 质量司?\n"),
    (("tasks", "--role", "lead"), "error: --role needs --dept: whose role?\n"),
    (("tasks", "--dept", "质量司", "--role", "boss"), "error: --role 'boss': use lead or support\n"),
    (("overdue", "--as-of", "yesterday"), "error: as-of date 'yesterday' is not a date (expected YYYY-MM-DD)\n"),
])
def test_errors_are_one_line_exit_1_and_change_nothing(loaded, db, args, message):
    before = state(db)
    result = loaded(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (1, message, "")
    assert state(db) == before


def test_reading_a_database_that_does_not_exist_says_so_and_creates_nothing(cli, db):
    result = cli("overdue")
    assert result.exit_code == 1
    assert result.stderr == f"error: no qtrack database at {db} (load plans first: qtrack import PATH)\n"
    assert absent(db)


@pytest.mark.sqlite_only  # a file's bytes
def test_a_file_that_is_not_a_database(cli, db):
    db.write_text("这不是数据库\n" * 100, encoding="utf-8")
    result = cli("plans")
    assert result.exit_code == 1
    assert result.stderr == f"error: {db} is not a usable qtrack database (file is not a database)\n"


def test_json_and_csv_keep_chinese_unescaped(loaded):
    raw = loaded("tasks", "--plan", "2016", "-f", "json").stdout
    assert "质量司" in raw and "\\u" not in raw
    rows = list(csv.DictReader(io.StringIO(loaded("tasks", "--plan", "2016", "-f", "csv").stdout)))
    assert len(rows) == 10
    assert rows[4]["ref"] == "2016/5" and rows[4]["lead"] == "标准委、质量司、科技司"


def test_tables_align_chinese_and_carry_no_colour_codes(loaded):
    out = loaded("tasks", "--plan", "2016").stdout
    assert "\x1b[" not in out
    lines = [line for line in out.splitlines() if line.startswith(("┃", "│", "┏", "┡", "└"))]
    assert len(lines) >= 14
    widths = {cell_len(line) for line in lines}
    assert len(widths) == 1, widths  # every row of the table is the same number of terminal cells
    # and the column borders fall in the same cells on every row
    def borders(line):
        cells, pos = [], 0
        for ch in line:
            if ch in "│┃┼╇╈┡┩┏┓┳┗┛┻└┘┴":
                cells.append(pos)
            pos += cell_len(ch)
        return cells
    assert len({tuple(borders(line)) for line in lines if line.startswith(("│", "┃"))}) == 1


def test_plans_and_depts_listings(loaded):
    plans = as_json(loaded("plans", "--as-of", "2017-01-15", "-f", "json"))
    assert [(p["plan"], p["tasks"], p["done"], p["overdue"]) for p in plans] == [("2016", 10, 0, 10)]
    loaded("update", "2016/1", "--status", "done", "--as-of", "2016-12-01")
    plans = as_json(loaded("plans", "--as-of", "2017-01-15", "-f", "json"))
    assert (plans[0]["done"], plans[0]["done_share"], plans[0]["overdue"]) == (1, 0.1, 9)
    depts = {d["department"]: d for d in as_json(loaded("depts", "--as-of", "2017-01-15", "-f", "json"))}
    assert {k: depts["质量司"][k] for k in ("lead", "support", "open", "done", "overdue")} == {
        "lead": 4, "support": 5, "open": 8, "done": 1, "overdue": 8}
    assert {k: depts["监督司"][k] for k in ("lead", "support", "done")} == {"lead": 1, "support": 6, "done": 1}


# The workflow's counts on a scoreboard row where no step was taken (test_workflow.py tests them).
WORKFLOW = dict.fromkeys(("unacked", "ack_late", "declined", "claimed", "closed", "extended", "pending", "owed",
                          "on_time"), 0)


def test_status_overall_is_a_scoreboard(loaded):
    loaded("update", "2016/2", "--status", "done", "--date", "2016-11-01", "--as-of", "2016-11-01")
    loaded("update", "2016/3", "--status", "doing", "--progress", "90", "--as-of", "2016-10-01")
    loaded("measure", "2016/T1", "92.5", "--as-of", "2016-12-10")
    loaded("measure", "2016/T2", "100", "--as-of", "2016-12-10")
    data = as_json(loaded("status", "--as-of", "2016-12-15", "-f", "json"))
    assert data["as_of"] == "2016-12-15"
    assert data["plans"] == [{"plan": "2016", "tasks": 10, "done": 1, "red": 9, "amber": 0, "green": 1,
                              "due_now": 10, "rate": 0.1, "targets_met": 1, "targets_not_met": 1,
                              "targets_no_data": 2, "duties_missed": 9, **WORKFLOW,
                              "unacked": 9, "closed": 1, "owed": 10, "on_time": 1, "on_time_rate": 0.1, "reports_missed": 0}]
    depts = {d["department"]: d for d in data["departments"]}
    assert depts["质量司"] == {"department": "质量司", "lead": 4, "support": 5, "done": 0, "red": 4, "amber": 0,
                              "green": 0, "due_now": 4, "rate": 0.0, **WORKFLOW, "unacked": 4, "owed": 4,
                              "on_time_rate": 0.0, "reports_missed": 0, "chases": 0,
                              "chases_yellow": 0, "chases_red": 0}
    assert depts["检验司"]["done"] == 1 and depts["检验司"]["rate"] == 1.0
    assert data["departments"][0]["department"] == "质量司"  # worst first: the most red lead tasks
    assert data["departments"][-1]["lead"] == 0
    table = loaded("status", "--as-of", "2016-12-15").stdout
    assert "plans as of 2016-12-15" in table and "departments, worst first" in table


def test_env_vars_choose_database_and_today(cli, db, plan2016, monkeypatch):
    monkeypatch.setenv("QTRACK_DB", str(db))
    monkeypatch.setenv("QTRACK_TODAY", "2017-01-15")
    from typer.testing import CliRunner

    from qtrack.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["import", str(plan2016)]).exit_code == 0
    late = json.loads(runner.invoke(app, ["overdue", "-f", "json"]).stdout)
    assert sum(r["kind"] == "task" for r in late) == 10


def test_every_command_has_help(cli):
    from typer.main import get_command
    from typer.testing import CliRunner

    from qtrack.cli import app

    names = list(get_command(app).commands)
    assert names == ["import", "plans", "tasks", "show", "update", "status", "overdue", "depts", "targets", "measure",
                     "export", "import-progress", "report", "restore", "score", "log", "backup", "check", "chase", "draft",
                     "ack", "decline", "assign", "extend", "approve", "reject", "requests", "close", "reopen",
                     "config", "context", "evidence", "add"]
    for name in names:
        if name in ("draft", "config", "context"):
            continue
        result = cli(name, "--help")
        assert result.exit_code == 0 and "--db" in result.stdout
        assert "[default: $QTRACK_DB" in result.stdout  # help text is not read as Rich markup
    # draft reads a text file and writes a plan file: it alone takes no database.
    result = CliRunner().invoke(app, ["draft", "--help"])
    assert result.exit_code == 0 and "--output" in result.stdout and "--db" not in result.stdout


def test_bracketed_defaults_in_option_help_are_shown_not_read_as_markup():
    from typer.main import get_command
    from typer.testing import CliRunner

    from qtrack.cli import app

    group = get_command(app)
    runner = CliRunner(env={"COLUMNS": "400"})  # wide enough that no help line wraps
    for name, command in group.commands.items():
        shown = runner.invoke(app, [name, "--help"]).stdout
        for param in command.params:
            bracket = (param.help or "").find("[default:")  # found after the escaping backslash
            if bracket >= 0:
                assert param.help[bracket:bracket + 30] in shown, (name, param.name)


def test_help_speaks_of_values_not_of_python_types():
    """Typer 0.29 shows `--quiet <bool>`, `REF <str>` and `Usage: … {PATH...}...`; qtrack's help shows
    no type for a flag or an argument, TEXT and N for text and numbers, and plain argument names."""
    import re

    from typer.main import get_command
    from typer.testing import CliRunner

    from qtrack.cli import app

    runner = CliRunner(env={"COLUMNS": "200"})
    group = get_command(app)
    lines = [[]]
    for name, command in group.commands.items():
        lines += [[name, *sub.split()] for sub in getattr(command, "commands", {})] + [[name]]
    for words in lines:
        shown = runner.invoke(app, [*words, "--help"]).stdout
        assert not re.search(r"<(bool|str|int|float|list\[|path)", shown), (words, shown)
        usage = next(line for line in shown.splitlines() if "Usage:" in line)
        assert "{" not in usage, usage
    assert " show [OPTIONS] REF " in runner.invoke(app, ["show", "--help"]).stdout
    assert " import [OPTIONS] PATH... " in runner.invoke(app, ["import", "--help"]).stdout


@pytest.mark.parametrize("args", [("overdue", "--as-of", "2017-01-15"), ("status", "--dept", "质量司"),
                                  ("tasks", "--plan", "2016"), ("targets",), ("status",)])
def test_listings_fit_an_80_cell_terminal_without_cropping(loaded, db, args):
    from typer.testing import CliRunner

    from qtrack.cli import app

    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line[:1] in "┏┃┡│└"]
    assert rows
    for line in rows:
        assert cell_len(line) <= 80 and line[-1] in "┓┃┩│┘", line  # the right border is there


@pytest.mark.parametrize("args, words", [(("overdue", "--bogus"), "No such option: --bogus"),
                                         (("nosuch",), "No such command 'nosuch'")])
def test_a_mistyped_command_or_option_gets_usage_not_an_unexpected_error(cli, args, words):
    result = cli(*args)
    assert result.exit_code == 2
    assert words in result.stderr and "unexpected" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("lang, words", [("en", "'csv' is not one of xlsx, ics, json, yaml"),
                                         ("zh", "'csv' 不在可选值之列：xlsx, ics, json, yaml")])
def test_a_format_export_does_not_know_is_refused_in_qtracks_words(cli, tmp_path, lang, words):
    result = cli("export", "-f", "csv", "-o", str(tmp_path / "out.csv"), "--lang", lang)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert words in line and "Value error" not in line
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("before", [["--lang", "en"], ["--lang=en"]])
def test_lang_may_come_before_the_command(db, loaded, before):
    args = [sys.executable, "-m", "qtrack", *before, "overdue", "--as-of", "2017-01-01", "--db", str(db)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, env={**os.environ, "QTRACK_LANG": "zh"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("overdue as of 2017-01-01")
    wrong = subprocess.run([sys.executable, "-m", "qtrack", "--lang", "xx", "overdue", "--db", str(db)],
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "'xx'" in wrong.stderr and "No such option" not in wrong.stderr


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("command", ["overdue", "tasks"])
def test_a_due_date_is_never_broken_across_lines(cli, db, width, command):
    """Long references (gansu-2011/D1@2011-Q2) take their whole width; the titles and names fold
    to make room, and each date in 时限 stays on one line, whole."""
    from typer.testing import CliRunner

    from qtrack.cli import app

    assert cli("import", str(PLANS)).exit_code == 0
    args = [command, "--as-of", "2017-06-01", "--limit", "0", "--db", str(db)]
    listed = json.loads(cli(*args, "--format", "json").stdout)
    result = CliRunner(env={"COLUMNS": str(width)}).invoke(app, args)
    assert result.exit_code == 0, result.stderr
    shown = result.stdout
    assert all(cell_len(line) <= width for line in shown.splitlines())
    dates = {row["due"] for row in listed if row["due"]}
    assert dates and all(f" {date} " in shown for date in dates), [d for d in dates if f" {d} " not in shown]
