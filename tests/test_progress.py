"""Long work shows a Rich progress bar on stderr, and only to a person at a terminal: never into a
pipe, nor beside a script's JSON; what the command prints on stdout is the same either way."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import PLANS


def run_on_terminal(*args: str, stderr_tty: bool = True) -> tuple[str, str]:
    """(stdout, what reached stderr) of `qtrack ARGS`, its stderr a terminal (a pty) or a pipe."""
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    if not stderr_tty:
        proc = subprocess.run([sys.executable, "-m", "qtrack", *args], capture_output=True, text=True, env=env)
        return proc.stdout, proc.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "qtrack", *args], stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        seen += data
    out = proc.stdout.read().decode()
    proc.wait()
    os.close(master)
    return out, seen.decode(errors="replace")


def test_import_shows_what_it_reads_on_a_terminal(db):
    out, err = run_on_terminal("import", str(PLANS), "--db", str(db))
    assert "reading" in err and ".yaml" in err and "/5" in err  # the file being read, of five
    assert out.splitlines()[0] == "2014 (plans/2014.yaml): new plan: 33 tasks, 10 sections".replace(
        "plans/", f"{PLANS}/")


def test_no_bar_into_a_pipe_nor_beside_json(db):
    out, err = run_on_terminal("import", str(PLANS / "2016.yaml"), "--db", str(db), stderr_tty=False)
    assert err == "" and out.startswith("2016 (")
    out, err = run_on_terminal("import", str(PLANS / "2014.yaml"), "--db", str(db), "-f", "json")
    assert "reading" not in err and out.startswith("[")


def test_exports_restore_and_import_progress_show_a_bar_on_a_terminal_only(db, tmp_path):
    """The whole-database outputs are long work at size: each shows a bar on a terminal's stderr
    (gone when done), none into a pipe, and writes the same either way."""
    from conftest import PLANS

    run_on_terminal("import", str(PLANS), "--db", str(db), stderr_tty=False)
    for fmt, words in (("xlsx", "writing the ledger"), ("ics", "writing the calendar"), ("json", "writing the dump")):
        out, err = run_on_terminal("export", "-o", str(tmp_path / f"all.{fmt}"), "--db", str(db), "--as-of", "2017-01-01")
        assert words in err and out.startswith("wrote "), (fmt, err)
        piped, quiet = run_on_terminal("export", "-o", str(tmp_path / f"again.{fmt}"), "--db", str(db),
                                       "--as-of", "2017-01-01", stderr_tty=False)
        assert quiet == "" and piped.startswith("wrote ")
    assert (tmp_path / "all.json").read_bytes() == (tmp_path / "again.json").read_bytes()
    out, err = run_on_terminal("restore", str(tmp_path / "all.json"), "--db", str(tmp_path / "copy.db"))
    assert "restoring all.json" in err and out.startswith("restored ")
    out, err = run_on_terminal("import-progress", str(tmp_path / "all.xlsx"), "--db", str(db), "--by", "x")
    assert "reading all.xlsx" in err and "0 updates" in out
