"""The package's messages outside the command line (issue 18 part 1): each module's refusals come
out in Chinese with QTRACK_LANG=zh and in English with en, through the CLI on both engines; and
messages.po holds exactly the templates the code passes to _() and ngettext(), each translated."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import qtrack
from qtrack.cli import app

PACKAGE = Path(qtrack.__file__).parent
CATALOGUE = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "messages.po"

PLAN_WITH_UNKNOWN_KEY = "qtrack: 1\nplan:\n  id: x1\n  title: 试行计划\n  bogus: 1\n"
SOURCE = Path(__file__).parent / "data" / "sources" / "2014-quality-work-points.txt"


def _files(tmp_path: Path) -> dict[str, str]:
    """The inputs the cases name: {NAME} in an argument is the file's path."""
    made = {
        "bad_plan": ("bad.yaml", PLAN_WITH_UNKNOWN_KEY),
        "empty_plan": ("empty.yaml", ""),
        "not_a_dump": ("dump.json", "[1, 2]"),
        "not_a_workbook": ("ledger.xlsx", "plain text"),
        "empty_evidence": ("proof.pdf", ""),
        "empty_document": ("doc.txt", ""),
        "existing": ("out.json", "{}"),
    }
    out = {}
    for key, (name, text) in made.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out[key] = str(path)
    return out


# (module, arguments, Chinese that must appear, English that must appear). Each is a refusal a user
# meets; the English is today's wording, which the rest of the suite asserts in full.
CASES = [
    ("i18n", ("score", "--rules", "/nonexistent/rules.toml"), "无法读取：没有该文件或文件夹",  # the system's reason too
     "cannot read: No such file or directory"),
    ("errors", ("tasks", "--dept", "质最司"), "没有部门 '质最司'；您是否要找 质量司？",
     "no department '质最司'; did you mean 质量司?"),
    ("refs", ("update", "2016/99", "--status", "done"), "没有任务、指标或定期工作 '2016/99'",
     "no task, target or duty '2016/99'"),
    ("refs", ("show", "2016"), "'2016' 不是编号；请写作 计划/编号", "'2016' is not a reference; write PLAN/CODE"),
    ("planfile", ("import", "{bad_plan}"), ":5: plan 中的键 'bogus' 未知（可用：",
     ":5: unknown key 'bogus' in plan (allowed: "),
    ("planfile", ("import", "{empty_plan}"), ":1: 文件为空", ":1: the file is empty"),
    ("status", ("update", "2016/1", "--status", "finished"), "未知的状态 'finished'；请使用以下之一：",
     "unknown status 'finished'; use one of "),
    ("dates", ("update", "2016/1", "--progress", "10", "--date", "2016-13-01"), "不是日期（应为 YYYY-MM-DD）",
     "is not a date (expected YYYY-MM-DD)"),
    ("updates", ("update", "2016/1"), "没有可记录的内容：请给出 --status、--progress、--note 或 --evidence",
     "nothing to record: give --status, --progress, --note or --evidence"),
    ("dump", ("restore", "{not_a_dump}"), "不是 qtrack 导出文件（应由 `qtrack export --format json` 写出）",
     "not a qtrack dump (written by `qtrack export --format json`)"),
    ("ledger", ("import-progress", "{not_a_workbook}"), "不是 qtrack 能读取的 Excel 工作簿（.xlsx）",
     "not an Excel workbook (.xlsx) that qtrack can read"),
    ("evidence", ("update", "2016/1", "--progress", "10", "--evidence", "{empty_evidence}"), "：为空；未作任何记录",
     ": is empty; nothing was recorded"),
    ("scoring", ("score", "--period", "2016-13"), "--period '2016-13' 不是一个周期",
     "--period '2016-13' is not a period"),
    ("chase", ("chase", "--yellow-after", "0", "--as-of", "2016-12-31"), "--yellow-after 和 --red-after 取催办次数",
     "--yellow-after and --red-after take a number of chases"),
    ("targets", ("measure", "2016/T1", "很多"), "测量值 '很多' 不是数字", "measurement '很多' is not a number"),
    ("workflow", ("decline", "2016/1", "--reason", " "), "退回需要理由：请给出 --reason",
     "a decline needs a reason: give --reason"),
    ("outfile", ("export", "--format", "json", "-o", "{existing}"), "已存在；如需替换请加 --force",
     "already exists; add --force to replace it"),
    ("lights", ("status", "--warn-days", "99999"), "预警期必须为 0–", "the warning window must be 0–"),
]


@pytest.mark.parametrize("module, args, chinese, english", CASES, ids=[f"{c[0]}-{c[1][0]}" for c in CASES])
def test_a_refusal_speaks_the_language_asked(loaded, tmp_path, monkeypatch, module, args, chinese, english):
    files = _files(tmp_path)
    argv = [a.format(**files) for a in args]
    said = {}
    for lang in ("zh", "en"):
        monkeypatch.setenv("QTRACK_LANG", lang)
        result = loaded(*argv)
        assert result.exit_code == 1, result.output
        assert {"zh": "错误：", "en": "error: "}[lang] in result.stderr and "unexpected" not in result.stderr, \
            result.stderr
        said[lang] = result.stderr
    assert chinese in said["zh"], said["zh"]
    assert english in said["en"], said["en"]
    assert english not in said["zh"]


def test_a_plan_file_problem_keeps_its_file_and_line(loaded, tmp_path, monkeypatch):
    bad = _files(tmp_path)["bad_plan"]
    monkeypatch.setenv("QTRACK_LANG", "zh")
    assert loaded("import", bad).stderr.startswith(f"{bad}:5: plan 中的键 'bogus' 未知（可用：id, title, ")


def test_a_faulty_config_file_is_worded_in_the_locale_language(cli, tmp_path, monkeypatch):
    """The language is itself a setting of the config file: a fault in that file is worded in the
    locale's language instead of reading the file again while wording it."""
    config = tmp_path / "config.toml"
    config.write_text("warn_day = 3\n", encoding="utf-8")
    monkeypatch.setenv("QTRACK_CONFIG", str(config))
    monkeypatch.delenv("QTRACK_LANG")  # (the suite's own setting)
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    result = cli("tasks")
    assert result.exit_code == 1
    assert result.stderr == f"错误：{config}:1: 未知的键 'warn_day'；您是否要写 warn_days？\n"
    monkeypatch.setenv("QTRACK_LANG", "en")
    assert cli("tasks").stderr == f"error: {config}:1: unknown key 'warn_day'; did you mean warn_days?\n"


def test_a_wrong_environment_variable_is_worded_in_chinese(loaded, monkeypatch):
    monkeypatch.setenv("QTRACK_LANG", "zh")
    monkeypatch.setenv("QTRACK_WARN_DAYS", "几天")
    result = loaded("status")
    assert result.exit_code == 1
    assert "QTRACK_WARN_DAYS='几天' 不是数字" in result.stderr


def test_a_ledger_refusal_counts_its_problems_in_chinese(loaded, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    ledger = tmp_path / "ledger.xlsx"
    assert loaded("export", "--format", "xlsx", "-o", str(ledger)).exit_code == 0
    book = load_workbook(ledger)
    sheet = book.worksheets[0]
    headers = {cell.value: cell.column for cell in sheet[2]}
    sheet.cell(row=3, column=headers["新进度"], value="大半")
    book.save(ledger)
    monkeypatch.setenv("QTRACK_LANG", "zh")
    result = loaded("import-progress", str(ledger))
    assert result.exit_code == 1
    assert "错误：2016!K3: 进度 '大半' 不是数字（0–100）\n" in result.stderr
    assert "已拒绝：ledger.xlsx 中有 1 处问题；未写入任何内容" in result.stderr


def _draft(*args: str):
    return CliRunner(env={"COLUMNS": "160", "QTRACK_DEBUG": None}).invoke(app, ["draft", *args])


def test_a_draft_refusal_speaks_the_language_asked(tmp_path, monkeypatch):
    empty = _files(tmp_path)["empty_document"]
    for lang, prefix, said in (("zh", "错误：", "：文件为空"), ("en", "error: ", ": the file is empty")):
        monkeypatch.setenv("QTRACK_LANG", lang)
        result = _draft(empty)
        assert result.exit_code == 1
        assert result.stderr == f"{prefix}{empty}{said}\n"


def test_drafts_check_comments_in_chinese(tmp_path, monkeypatch):
    drafted = {}
    for lang in ("zh", "en"):
        monkeypatch.setenv("QTRACK_LANG", lang)
        out = tmp_path / f"{lang}.yaml"
        result = _draft(str(SOURCE), "-o", str(out))
        assert result.exit_code == 0, result.stderr
        drafted[lang] = out.read_text(encoding="utf-8")
    checks = sum("check: " in line.partition("  # ")[2] for line in drafted["zh"].splitlines())  # 33 tasks unled
    assert f"# 下面有 {checks} 处 `# check:` 注释：每处标出读取程序没有把握的值；导入前请逐一核对。\n" in drafted["zh"]
    assert "  start: 2014-01-01  # check: 推算：标题注明了 2014\n" in drafted["zh"]
    assert "# check: 文件未写明责任单位；请在此处给出默认牵头单位" in drafted["zh"]
    assert "# check: the document names no responsible body; give the default lead here" in drafted["en"]
    # The comments differ; the plan the file describes does not.
    strip = re.compile(r"\s*#.*$", re.M)
    assert strip.sub("", drafted["zh"]) == strip.sub("", drafted["en"])


# --- the catalogue against the code ---------------------------------------------------------------

def _literals() -> set[str | tuple[str, str]]:
    """Every template the package outside qtrack/cli passes to _() or ngettext() as a literal."""
    found: set = set()
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts or path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and args:
                found.add(args[0])
            elif node.func.id == "ngettext" and len(args) >= 2:
                found.add((args[0], args[1]))
    return found


def _catalogue() -> dict:
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and not m.context}  # (i18n.listed's is its own)


def test_every_message_outside_the_cli_has_a_chinese_translation():
    catalogue = _catalogue()
    missing = sorted(map(str, _literals() - set(catalogue)))
    untranslated = sorted(str(k) for k, v in catalogue.items() if not (v if isinstance(v, str) else all(v)))
    assert not missing, f"{len(missing)} messages not in {CATALOGUE.name}: {missing[:5]}"
    assert not untranslated, untranslated[:5]


def test_every_catalogue_entry_is_used_by_the_code():
    unused = sorted(map(str, set(_catalogue()) - _literals()))
    assert not unused, f"{len(unused)} entries of {CATALOGUE.name} no code uses: {unused[:5]}"


def test_each_translation_fills_the_same_fields():
    field = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
    for msgid, msgstr in _catalogue().items():
        english = msgid if isinstance(msgid, str) else msgid[1]
        for chinese in [msgstr] if isinstance(msgstr, str) else msgstr:
            assert set(field.findall(chinese)) == set(field.findall(english)), (english, chinese)


def test_the_compiled_catalogue_is_the_source_compiled():
    """messages.mo is shipped: it must say what messages.po says."""
    import gettext

    compiled = gettext.GNUTranslations((CATALOGUE.with_suffix(".mo")).open("rb"))
    for msgid, msgstr in _catalogue().items():
        if isinstance(msgid, str):
            assert compiled.gettext(msgid) == msgstr, msgid
        else:
            assert compiled.ngettext(*msgid, 2) == msgstr[0], msgid
