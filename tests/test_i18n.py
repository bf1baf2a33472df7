"""The interface in two languages (issue 18 part 1): how the language is chosen, that every help
and every error a user can reach reads Chinese under zh, and that machine output (JSON, CSV, exit
codes) is the same byte for byte in both.

An untranslated string is an output line that says the same in both languages once names,
numbers, refs, paths, options and quoted values are taken out (`shape`). Lines still English
because their catalogue entries are to come (tests/data/i18n-pending.txt, one shape a line) are
reported apart; the list may only shrink: a line translated since must leave it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import PLANS, ROOT
from typer.main import get_command
from typer.testing import CliRunner

from qtrack.cli import app

PENDING = ROOT / "tests" / "data" / "i18n-pending.txt"
CORPUS = ROOT / "tests" / "data" / "hostile"


def run(lang: str, *args: str, env: dict | None = None):
    runner = CliRunner(env={"COLUMNS": "100", "QTRACK_DEBUG": None, "QTRACK_TODAY": "2016-06-01",
                            "QTRACK_LANG": lang, **(env or {})})
    return runner.invoke(app, list(args))


# --- the language chosen ------------------------------------------------------------------------

@pytest.mark.parametrize("locale, lang", [
    ({}, "zh"), ({"LANG": "C"}, "zh"), ({"LANG": "C.UTF-8"}, "zh"), ({"LANG": "POSIX"}, "zh"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "zh_TW.Big5"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"), ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"), ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "zh"),
])
def test_the_locale_chooses_chinese_unless_it_names_another_language(monkeypatch, locale, lang):
    from qtrack import config

    for var in ("QTRACK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in locale.items():
        monkeypatch.setenv(var, value)
    config.reset()
    assert config.lang().value == lang


def test_the_flag_beats_the_environment_beats_the_config_beats_the_locale(tmp_path, monkeypatch):
    monkeypatch.delenv("QTRACK_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    cfg = tmp_path / "config.toml"
    wrong = ["show", "--db", str(tmp_path / "none.db"), "--config", str(cfg)]

    def said(*extra, env=None):
        runner = CliRunner(env={"QTRACK_TODAY": "2016-06-01", **(env or {})})
        return runner.invoke(app, [*wrong, *extra]).stderr

    assert said().startswith("error: Missing argument")
    cfg.write_text('lang = "zh"\n', encoding="utf-8")
    assert said().startswith("错误：缺少参数")
    assert said(env={"QTRACK_LANG": "en"}).startswith("error: Missing argument")
    assert said("--lang", "zh", env={"QTRACK_LANG": "en"}).startswith("错误：缺少参数")


def test_one_process_answers_each_command_line_in_its_own_language(cli):
    """The language is resolved once per command line, not once per process: the tests (and a
    long-lived caller) run many in one."""
    first, second, third = run("zh", "tasks", "--bogus"), run("en", "tasks", "--bogus"), run("zh", "tasks", "--help")
    assert first.stderr.startswith("错误：") and second.stderr.startswith("error: No such option")
    assert "用法：" in third.stdout and "选项" in third.stdout and "Usage" not in third.stdout


def test_a_config_file_that_cannot_be_read_is_reported_in_the_language_of_the_rest(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text("lang = 'fr'\n", encoding="utf-8")
    result = run("zh", "plans", "--db", str(tmp_path / "q.db"), "--config", str(cfg))
    assert result.exit_code == 1 and result.stderr.startswith(f"错误：{cfg}:1: ")


# --- nothing left untranslated ------------------------------------------------------------------

_BOX = re.compile(r"[│╭╮╰╯─┃━]")
_VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|“[^”]*”|‘[^’]*’|<\w+>|\S*[/\\@.:]\S*[\w/]|\S*\d\S*|(?<!\w)--?[\w-]+"
                     r"|\b[A-Z][A-Z_|]+\b|\b(?:qtrack|YAML|JSON|CSV|SQLite|PostgreSQL|TOML|HTML|Markdown)\b")


def shape(line: str) -> str:
    """The English words of a line once what is not language (values, names, options) is out."""
    return " ".join(re.findall(r"[A-Za-z]+", _VALUES.sub(" ", _BOX.sub(" ", line))))


_PREFIX = re.compile(r"^(?:error: |错误：)")


def untranslated(zh: str, en: str) -> dict[str, str]:
    """shape → the English line, for each line of the Chinese output that reads as one of the English
    (the `error:` prefix aside: 错误：followed by English is untranslated too). One word alone is a
    command's name in a listing whose help is Chinese."""
    english = {shape(_PREFIX.sub("", line)): line.strip() for line in en.splitlines()}
    shapes = (shape(_PREFIX.sub("", line)) for line in zh.splitlines())
    return {s: english[s] for s in shapes if " " in s and s in english}


def _help_paths(command, path=()):
    yield [*path, "--help"]
    for name, sub in getattr(command, "commands", {}).items():
        yield from _help_paths(sub, (*path, name))


USAGE = [["nosuch"], ["tasks", "--bogus"], ["tasks", "--lim", "3"], ["show"], ["show", "a", "b"], ["tasks", "--all=3"],
         ["tasks", "--limit", "x"], ["tasks", "--limit"], ["tasks", "-5"], ["tasks", "--format", "xx"],
         ["measure", "2016/T1", "x"], ["config"], ["context"], ["context", "use"], ["update", "2016/1", "--lang", "fr"],
         ["update", "2016/1", "--quiet", "-v"], ["--db", "x", "tasks"], ["chase", "--format", "doc"],
         ["add", "", "--lead", "质量司", "--due", "2016-09-01"], ["update", "2016/1", "--note", "a\x07b"],
         ["update", "2016/1", "--by", " "]]
ERRORS = [["tasks", "--role", "boss", "--dept", "质量司"], ["tasks", "--role", "lead"], ["tasks", "--light", "blue"],
          ["tasks", "--limit", "-1"], ["update", "2016/T1"], ["update", "2016/D1"], ["update", "2016/D1@2016-03", "-p", "5"],
          ["update", "2016/D1@2016-03", "--evidence", "x"], ["ack", "2016/T1"], ["import", "nowhere.yaml"],
          ["import", "{empty}"], ["draft", "nowhere.txt"], ["export", "-o", "x.doc"],
          ["export", "-o", "x.json", "--plan", "2016"], ["export", "-o", "x.yaml"], ["report", "-o", "x.pdf"],
          ["report", "-o", "x.md", "--since", "2017-01-01"], ["context", "save", "none", "--dept", "质量司"],
          ["context", "save", "x"], ["restore", "nowhere.json"], ["show", "2016/999"], ["show", "nope/1"],
          ["tasks", "--dept", "质最司"], ["overdue", "--as-of", "2016-13-01"], ["update", "2016/1", "-p", "200"],
          ["backup", "{base}"], ["update", "2016/1", "-s", "finished"]]


def _cases(base: Path):
    import test_fuzz_cli

    fill = {"base": str(base / "base.db"), "empty": str(base / "empty"), "plans": str(PLANS),
            "dump": str(base / "dump.json"), "out": str(base / "out"), "doc": str(base / "doc.txt")}
    for args in _help_paths(get_command(app)):
        yield args, False
    for args in USAGE + ERRORS:
        yield [a.format(**fill) if a.startswith("{") else a for a in args], True
    for path in sorted(CORPUS.glob("*.yaml")):
        yield ["import", str(path)], True
    for case in test_fuzz_cli.test_values_that_reached_the_catch_all_now_get_an_answer.pytestmark[0].args[1]:
        yield list(case[0]), True
    for case in test_fuzz_cli._sweep():  # every parameter of every command, given an odd value
        name, args = case.values
        if args[-1] == "":  # (one odd value: the whole sweep, twice over, is test_fuzz_cli's time again)
            yield [name, *[a.format(**fill) if a.startswith("{") else a for a in args]], True


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("i18n")
    assert run("en", "import", str(PLANS), "--db", str(folder / "base.db")).exit_code == 0
    assert run("en", "export", "--format", "json", "-o", str(folder / "dump.json"),
               "--db", str(folder / "base.db")).exit_code == 0
    (folder / "empty").mkdir()
    (folder / "out").mkdir()
    (folder / "doc.txt").write_text("关于印发质量工作要点的通知\n一、总体要求\n1. 提升质量。(质量司负责)\n", encoding="utf-8")
    return folder


def test_every_help_and_every_error_reads_chinese_under_zh(base, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found: dict[str, tuple[str, str]] = {}
    for args, with_db in _cases(base):
        outputs = []
        for lang in ("zh", "en"):
            db = tmp_path / f"{lang}.db"
            if with_db:  # each language meets the database as it was
                shutil.copy(base / "base.db", db)
            result = run(lang, *args, *(["--db", str(db)] if with_db and "--db" not in args else []))
            outputs.append((result.stdout if "--help" in args else "") + result.stderr)
        for key, line in untranslated(*outputs).items():
            found.setdefault(key, (line, " ".join(args)))
    (tmp_path / "found.txt").write_text("".join(f"{k}\t{v[0]}\t{v[1]}\n" for k, v in sorted(found.items())),
                                        encoding="utf-8")
    print(f"untranslated lines found: {tmp_path / 'found.txt'}")
    pending = set(PENDING.read_text(encoding="utf-8").splitlines()) - {""}
    new = {k: v for k, v in found.items() if k not in pending}
    assert not new, "untranslated (English under zh; the line as English prints it, then the command):\n" + \
        "\n".join(f"  {line}    [qtrack {args}]" for line, args in sorted(new.values()))
    gone = pending - set(found)
    assert not gone, f"translated now: remove from {PENDING.name}:\n" + "\n".join(sorted(gone))


def test_shape_keeps_the_words_and_drops_the_values():
    assert shape("error: no plan '2016x' in /tmp/a.db; see `qtrack plans`") == "error no plan in see"
    assert untranslated("错误：没有计划 '2016x'", "error: no plan '2016x'") == {}
    assert untranslated("错误：no plan '2017'", "error: no plan '2016'") == {"no plan": "error: no plan '2016'"}
    assert untranslated("│ overdue  截至某日的逾期事项", "│ overdue  What is late") == {}


# --- machine output is the same in both ---------------------------------------------------------

MACHINE = [["tasks"], ["tasks", "--dept", "质量司", "--role", "lead"], ["overdue", "--as-of", "2016-12-15"],
           ["status"], ["status", "--dept", "质量司"], ["depts"], ["targets"], ["plans"], ["log"], ["show", "2016/1"],
           ["show", "2016/T1"], ["show", "2016/D1"], ["requests"], ["score", "--period", "2016"], ["context", "list"]]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_are_byte_identical_in_both_languages(cli, db, fmt):
    assert cli("import", str(PLANS)).exit_code == 0
    assert cli("update", "2016/1", "-s", "doing", "-p", "40", "--note", "进展", "--date", "2016-05-01").exit_code == 0
    for args in MACHINE:
        zh, en = (cli(*args, "-f", fmt, "--lang", lang) for lang in ("zh", "en"))
        assert zh.exit_code == en.exit_code == 0, (args, zh.stderr, en.stderr)
        assert zh.stdout_bytes == en.stdout_bytes and (zh.stdout_bytes or fmt == "csv"), args  # (a CSV of no rows is empty)


def test_exit_codes_are_the_same_in_both_languages(cli, db):
    assert cli("import", str(PLANS)).exit_code == 0
    for args, code in ((["overdue", "--exit-code", "--as-of", "2016-12-15"], 3), (["tasks", "--bogus"], 2),
                       (["show", "2016/999"], 1), (["tasks"], 0)):
        assert [cli(*args, "--lang", lang).exit_code for lang in ("zh", "en")] == [code, code], args


def test_why_a_bulletin_is_not_recorded_reads_chinese_under_zh(tmp_path):
    db = str(tmp_path / "q.db")
    assert run("zh", "import", str(PLANS), "--db", db).exit_code == 0
    made = run("zh", "report", "-o", str(tmp_path / "a.html"), "--as-of", "2016-12-01", "--db", db)
    assert made.exit_code == 0 and "未登记" not in made.stdout, made.stdout
    again = run("zh", "report", "-o", str(tmp_path / "b.html"), "--as-of", "2016-06-01", "--db", db)
    assert again.exit_code == 0
    assert "未登记（本范围截至 2016-12-01 的通报已经登记；" in again.stdout, again.stdout


def test_the_score_table_states_its_tie_rule_in_the_interface_s_language(tmp_path):
    db = str(tmp_path / "q.db")
    assert run("zh", "import", str(PLANS), "--db", db).exit_code == 0
    zh, en = (run(lang, "score", "--as-of", "2016-12-15", "--db", db) for lang in ("zh", "en"))
    assert zh.exit_code == en.exit_code == 0
    assert "得分高者居前；得分相同，扣分少者居前" in zh.stdout and "ranked by score" not in zh.stdout
    assert "ranked by score" in en.stdout


# A plan file with a problem in each part: the phrase naming what is wrong ("the lead of task 3")
# is the user's clue to which value to fix, so it reads Chinese under zh like the rest of the line.
PROBLEMS = """\
qtrack: 1
plan:
  title: 测试计划
  issued: 2016-02-30
  doc_no: [甲]
  start: 2016-01-01
  end: 2016-12-31
  report_every: weekly
departments:
  - name: 质量司
    aliases: 质检司
phases:
  - name: 一期
    start: 2016-01-01
    end: 2016-00-01
sections:
  - code: "1"
    title: 第一部分
    tasks: 5
  - code: "2"
    title: 第二部分
    tasks:
      - code: "3"
        title: 任务三
        lead: 5
        support: [[质量司]]
        due: 2016-13-01
        report_day: x
        was: [1]
      - code: a b
        title: 任务四
targets:
  - code: T1
    title: 指标
    op: between
    value: [1, x]
    baseline: x
    unit: [个]
    path: {2016-02-30: 1, 2016-05-01: x}
duties:
  - code: D1
    title: 定期工作
    every: [month]
    day: x
    start: 2016-02-30
"""
PROBLEMS_EN = """\
4: plan issued: 2016-02-30 is not a real date
5: plan doc_no must be a single value, not a list
8: report_every: 'weekly' of the plan is not one of month, quarter, half-year, year
11: the aliases of 质量司 must be a list, not a single value
15: phase end: 2016-00-01 is not a real date
19: the tasks of section 1 must be a list, not a single value
25: the lead of task 3 must be a list, not a single value
26: a name in the support of task 3 must be a single value, not a list
27: the due date of task 3: 2016-13-01 is not a real date
28: report_day of task 3 must be a number, not the text 'x'
29: the former code (was) of task 3 must be a single value, not a list
30: task code 'a b' must be non-empty, without spaces, '/' or '@'
36: a bound of target T1 must be a number, not the text 'x'
37: the baseline of target T1 must be a number, not the text 'x'
38: the unit of target T1 must be a single value, not a list
39: a date in the path of target T1: 2016-02-30 is not a real date
39: the value for 2016-05-01 in the path of target T1 must be a number, not the text 'x'
43: the period of duty D1 must be a single value, not a list
44: the day of duty D1 must be a number, not the text 'x'
45: the start of duty D1: 2016-02-30 is not a real date
"""
# What a zh line may still spell in Latin letters: the keys and values the user types.
TYPED = re.compile(r"'[^']*'|\b(?:doc_no|report_every|report_day|was|path|day|month|quarter|half-year|year)\b")


def test_a_plan_files_problems_name_what_is_wrong_in_chinese_under_zh(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(PROBLEMS, encoding="utf-8")
    said = {lang: run(lang, "import", str(plan), "--dry-run", "--db", str(tmp_path / "q.db")) for lang in ("zh", "en")}
    assert said["en"].exit_code == said["zh"].exit_code == 1
    prefix = f"{plan}:"
    en = [line.removeprefix(prefix) for line in said["en"].stderr.splitlines() if line.startswith(prefix)]
    assert "\n".join(en) + "\n" == PROBLEMS_EN
    zh = [line.removeprefix(prefix) for line in said["zh"].stderr.splitlines() if line.startswith(prefix)]
    assert [line.split(":")[0] for line in zh] == [line.split(":")[0] for line in en]
    for line in zh:
        assert not re.search(r"[A-Za-z]{3,}", TYPED.sub("", line)), line
