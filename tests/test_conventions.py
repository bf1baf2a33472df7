"""The conventions a user of any serious command-line tool takes for granted: --version, usage
errors in one line with exit 2, tables that never break a reference, CSV that Excel reads, a
closed pipe that is no error, and no path of the machine a plan file was made on."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import PLANS, ROOT, absent, is_pg, state
from rich.cells import cell_len
from typer.testing import CliRunner

from qtrack import __version__
from qtrack.cli import app


def qtrack(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qtrack", *args], capture_output=True, timeout=120, **kwargs)


def test_version_names_qtrack_and_the_schema_of_the_database(loaded, db):
    from qtrack.store.migrations import MIGRATIONS

    before = state(db) if is_pg(db) else sorted(os.listdir(db.parent))
    result = loaded("--version")  # the fixture adds --db
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"qtrack {__version__}\ndatabase {db}: schema {list(MIGRATIONS)[-1]} (this qtrack's)\n"
    # read without leaving a -shm or -wal behind, or changing a row on the server
    assert (state(db) if is_pg(db) else sorted(os.listdir(db.parent))) == before


def test_version_of_an_empty_database_creates_nothing(cli, db):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout == f"qtrack {__version__}\ndatabase {db}: none there yet\n"
    assert absent(db)


def test_version_without_a_database_creates_none(tmp_path):
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(app, ["--version", "--db", str(missing)])
    assert result.exit_code == 0 and result.stdout == f"qtrack {__version__}\ndatabase {missing}: none there yet\n"
    assert not missing.exists()


def test_db_before_the_command_is_a_usage_error_not_ignored(loaded, db):
    result = CliRunner().invoke(app, ["--db", str(db), "plans"])
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("args, words", [
    (("tasks", "--bogus"), "--bogus"),
    (("tasks", "--format", "xml"), "'xml'"),
    (("measure", "2016/T1", "-3"), "a negative number goes after --"),
    (("update",), "REF"),
    (("nosuch",), "nosuch"),
    (("tasks", "--limit", "many"), "--limit"),
    (("update", "2016/1", "--by", "   "), "--by"),
    (("import-progress", "ledger.xlsx", "--by", "\u3000"), "--by"),  # a full-width space is a space too
    (("update", "2016/1", "--by", "王\x1b]0;pwned\x07五"), "control character"),
    (("update", "2016/1", "--note", "进展\x9b2J"), "control character"),
])
def test_usage_errors_are_one_line_with_exit_2(loaded, db, args, words):
    before = state(db)
    result = loaded(*args)
    assert result.exit_code == 2, result.stdout
    [line] = result.stderr.splitlines()  # no usage block, no box
    assert line.startswith("error: ") and words in line and "╭" not in line
    assert state(db) == before


def test_a_negative_measurement_after_double_dash_is_taken(loaded, db):
    result = CliRunner().invoke(app, ["measure", "2016/T1", "--as-of", "2016-12-15", "--db", str(db), "--", "-3"])
    assert result.exit_code == 0, result.stderr
    assert "= -3%" in result.stdout


def test_usage_errors_from_a_real_process_are_one_line(loaded, db):
    result = qtrack("overdue", "--bogus", "--db", str(db), text=True)
    assert result.returncode == 2 and result.stderr == "error: No such option: --bogus (see qtrack overdue --help)\n"


def test_the_signature_is_trimmed(loaded):
    assert loaded("update", "2016/1", "-p", "10", "--by", "  王五 ", "--as-of", "2016-12-15").exit_code == 0
    assert loaded("log", "-f", "json").stdout.count('"by": "王五"') == 1


REF = re.compile(r"[a-z0-9-]+/[\w.]+(@[0-9]{4}(-(Q[1-4]|H[12]|[0-9]{2}))?)?")
ONE_CHARACTER_HEADERS = {"灯", "红", "黄", "表", "行", "期"}


@pytest.mark.parametrize("args", [("overdue", "--as-of", "2016-12-15"), ("tasks", "--dept", "质量司"),
                                  ("targets",), ("show", "2016/D1", "--as-of", "2016-12-15"),
                                  ("log",), ("depts",), ("status", "--dept", "省质监局")])
def test_references_and_short_headers_never_break_at_80_columns(cli, db, args, tmp_path, monkeypatch):
    # The log shows the path as typed: a short one, so that where the checkout lives cannot matter, and one
    # no reference could be taken for (a wrapped path is free text, not a broken reference)
    shutil.copytree(PLANS, tmp_path / "计划")
    monkeypatch.chdir(tmp_path)
    assert cli("import", "计划").exit_code == 0
    assert cli("update", "2016/D1@2016-03", "-s", "done", "--date", "2016-03-30", "--as-of", "2016-12-15").exit_code == 0
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    cells = [cell.strip() for line in lines if line.startswith(("│", "┃")) for cell in line.strip("│┃").split("│")
             for cell in cell.split("┃")]
    assert all(cell_len(line) <= 80 for line in lines), result.stdout
    starts = [c for c in cells if re.match(r"[a-z0-9-]+/", c)]  # a reference's start, and so all of it
    assert all(REF.fullmatch(c) for c in starts), [c for c in starts if not REF.fullmatch(c)]
    lone = [c for line in lines if line.startswith("┃") for c in line.strip("┃").split("┃")
            if re.fullmatch(r"[\u4e00-\u9fff]", c.strip())]
    assert set(c.strip() for c in lone) <= ONE_CHARACTER_HEADERS, lone  # no header of two broken in halves


def test_a_reference_of_a_duty_occurrence_stays_on_one_line_at_80_columns(cli, db):
    assert cli("import", str(PLANS / "2016.yaml")).exit_code == 0
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["overdue", "--as-of", "2016-12-15", "--db", str(db)])
    assert "2016/D1@2016-05" in result.stdout  # whole, on one line of the table


def test_short_headers_stay_whole_when_the_scoreboard_is_squeezed(cli, db):
    assert cli("import", str(PLANS)).exit_code == 0
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["status", "--as-of", "2016-12-15", "--db", str(db)])
    header = next(line for line in result.stdout.splitlines() if "红" in line and line.startswith("┃"))
    assert "┃ 红 ┃ 黄 ┃" in header


def test_tasks_all_marks_retired_tasks_in_the_table(loaded, plan2016):
    text = plan2016.read_text(encoding="utf-8")
    start = text.index('      - code: "9"')
    end = text.index('\n  - code: "4.3"', start) + 1
    plan2016.write_text(text[:start] + text[end:], encoding="utf-8")
    assert loaded("import", str(plan2016)).exit_code == 0
    table = loaded("tasks", "--plan", "2016", "--all", "--as-of", "2016-06-01").stdout
    [row] = [line for line in table.splitlines() if "2016/9 " in line]
    assert "(retired)" in row
    assert table.count("(retired)") == 1
    assert "(retired)" not in loaded("tasks", "--plan", "2016", "--as-of", "2016-06-01").stdout


def test_csv_written_to_a_file_starts_with_a_byte_order_mark_for_excel(loaded, db, tmp_path):
    out = tmp_path / "tasks.csv"
    with open(out, "wb") as file:
        result = subprocess.run([sys.executable, "-m", "qtrack", "tasks", "--plan", "2016", "-f", "csv",
                                 "--db", str(db)], stdout=file, stderr=subprocess.PIPE, timeout=120)
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfref,")
    assert "开展消费品质量提升专项行动" in raw.decode("utf-8-sig")  # what Excel reads once it sees the mark
    piped = qtrack("tasks", "--plan", "2016", "-f", "csv", "--db", str(db))
    assert piped.stdout.startswith(b"ref,")  # a pipe gets none: scripts read plain UTF-8


def test_a_closed_pipe_exits_0_silently(cli, db, tmp_path):
    """`qtrack log --format csv | head -1`, with more output than a pipe holds (64 KB)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    text, _ = generate.plan_file(2000, 1, "big")
    plan = tmp_path / "big.yaml"
    plan.write_text(text, encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    for args in (("tasks", "-f", "csv"), ("tasks", "-f", "json"), ("tasks", "--limit", "0")):
        reader = subprocess.Popen([sys.executable, "-m", "qtrack", *args, "--db", str(db)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = reader.stdout.readline()
        reader.stdout.close()  # as head does after its line
        assert reader.wait(timeout=120) == 0, args
        assert first and reader.stderr.read() == b"", args
        reader.stderr.close()
    shell = subprocess.run(["bash", "-c", f"set -o pipefail; {sys.executable} -m qtrack log --format csv "
                                          f"--db '{db}' | head -1"], capture_output=True, timeout=120)
    assert shell.returncode == 0 and shell.stderr == b"" and shell.stdout.startswith(b"at,")


def test_the_bundled_plans_name_their_source_by_its_path_in_the_repository():
    for plan in sorted(PLANS.glob("*.yaml")):
        head = plan.read_text(encoding="utf-8").splitlines()[0]
        source = re.match(r"# Made from (\S+)", head)
        assert source, plan.name
        assert not source.group(1).startswith("/") and (ROOT / source.group(1)).is_file(), head
