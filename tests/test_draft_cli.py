"""`qtrack draft` as a user runs it: each bundled source drafts to a file `qtrack import` accepts;
what is not a policy document gets one line on stderr and a non-zero exit."""

from __future__ import annotations

import pytest
from conftest import SOURCES
from typer.testing import CliRunner

from qtrack.cli import app
from qtrack.planfile import load_plan_file

# Each source with the number of tasks (sub-tasks included) it must give.
EXPECTED = {
    "2014-quality-work-points.txt": 33,
    "2016-quality-brand-action-plan.txt": 10,
    "2011-gansu-quality-revitalization-scheme.txt": 45,
    "city-quality-outline-action-plan.txt": 22,
    "2017-quality-improvement-guidelines-partial.txt": 11,
}


def run(*args: str):
    return CliRunner(env={"COLUMNS": "160", "NO_COLOR": "1", "QTRACK_DEBUG": None}).invoke(app, list(args))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_source_drafts_to_a_file_that_imports(name, tmp_path):
    out = tmp_path / "plan.yaml"
    result = run("draft", str(SOURCES / name), "--id", "drafted", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    plan = load_plan_file(out)
    assert plan.id == "drafted" and len(plan.tasks) == EXPECTED[name]
    db = tmp_path / "q.db"
    imported = run("import", str(out), "--db", str(db))
    assert imported.exit_code == 0, imported.stderr
    assert f"new plan: {EXPECTED[name]} tasks," in imported.stdout
    tasks = run("tasks", "--plan", "drafted", "--format", "json", "--db", str(db))
    assert tasks.stdout.count('"ref": "drafted/') == EXPECTED[name]


def test_without_output_the_plan_goes_to_stdout_and_the_id_defaults_to_the_stem(tmp_path):
    result = run("draft", str(SOURCES / "2016-quality-brand-action-plan.txt"))
    assert result.exit_code == 0 and result.stderr == ""
    assert "  id: 2016-quality-brand-action-plan\n" in result.stdout
    assert "  title: 质量品牌提升行动计划(2016)\n" in result.stdout  # Chinese as written, not escaped
    assert "      lead: [监督司]\n" in result.stdout


def test_the_garbled_passages_of_the_2017_text_are_carried_and_flagged(tmp_path):
    out = tmp_path / "p.yaml"
    assert run("draft", str(SOURCES / "2017-quality-improvement-guidelines-partial.txt"), "-o", str(out)).exit_code == 0
    garbled = [t for t in load_plan_file(out).tasks if t.notes and "Garbled passage" in t.notes]
    assert [t.code for t in garbled] == ["20", "23"]
    assert "??构抑柿炕" in garbled[0].text and "引导、?;?。" in garbled[1].text


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "this is a binary file, not the text of a document"),
    (b"The quick brown fox jumps over the lazy dog.\n1. It was a bright cold day in April.\n2. The end.\n",
     "does not read as a policy document"),
    ("这是一段普通的中文文字,没有任何编号标题。\n".encode(), "does not read as a policy document"),
])
def test_what_is_not_a_policy_document_gets_one_line_and_a_non_zero_exit(content, message, tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes(content)
    out = tmp_path / "out.yaml"
    result = run("draft", str(source), "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {source}: ")
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_a_missing_file_is_one_line(tmp_path):
    result = run("draft", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1 and result.stderr == f"error: {tmp_path / 'nope.txt'}: no such file\n"


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_a_device_fifo_or_folder_is_refused_for_what_it_is_and_never_read(kind, tmp_path):
    import os

    path = {"device": "/dev/zero", "fifo": str(tmp_path / "pipe"), "folder": str(tmp_path)}[kind]
    if kind == "fifo":
        os.mkfifo(path)  # opened blocking, it would wait for a writer forever
    result = run("draft", path, "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {path}: ")
    reason = line.removeprefix(f"error: {path}: ")
    assert "no such file" not in reason and ("folder" in reason) == (kind == "folder")
    assert not (tmp_path / "out.yaml").exists()
