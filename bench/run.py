"""qtrack's benchmark: whole-process timings at each size, beside the floors they are held to.

    python bench/run.py                          # bundled plans, 1k and 10k tasks, 7 runs each
    python bench/run.py --sizes 100000 --runs 5  # the large one (an import takes ~40 s)

For each size it writes a synthetic plan (bench/generate.py, seed 1), times `qtrack import`
into fresh databases, records a history of updates, and then times each command as a whole
process, in rounds: every round runs `python -c pass`, the minimal Typer app
(bench/typer_floor.py) and every qtrack command once, so that the floors and qtrack share the
machine's state. The commands are one table, COMMANDS (a label and its command line), and the
goals one list of groups, GOALS: another module's rows and goals join them with one append each.
The floors beside them: the Typer command, a raw sqlite3 query (bench/floors.py query) and, beside
the import, the raw executemany of the same rows (bench/floors.py executemany). It prints the
median and the spread (min–max) of CPU seconds (user + system; --clock wall for the wall clock,
which on the shared machines these figures come from counts the neighbours' work too), the
peak memory of the process (its own ru_maxrss, from wait4) and the ratio to the Typer floor, then checks the goals of issues 8 and 19. If Taskwarrior (`task`)
is installed, the same tasks are loaded with `task import` and `task overdue` is timed beside
`qtrack overdue`.

Table output goes to /dev/null, as a pager would take it: qtrack then shows its page of 20.

The same commands are then timed against PostgreSQL over the same records (the SQLite
database, its history included, restored into a server database), beside the same floors:
`--postgresql URL` names a server (a role that may create databases); by default, where
PostgreSQL and psycopg2 are installed, a private cluster is started for the run
(tests/pg_server.py) and removed after it; `--postgresql none` leaves the server out.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import generate  # noqa: E402  (bench/generate.py, beside this file)

SYNTHETIC_AS_OF = "2025-07-01"
BUNDLED = {"as_of": "2017-01-01", "dept": "质量司", "search": "品牌", "ref": "2016/1", "target": "2016/T1"}


@dataclass
class Timing:
    label: str
    seconds: list[float] = field(default_factory=list)
    peak_kb: int = 0
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def spread(self) -> str:
        return f"{min(self.seconds):.3f}–{max(self.seconds):.3f}"


def clock() -> str:
    """What a run's seconds are (--clock): cpu or wall. Kept in the environment, so that
    bench/outputs.py, which imports this file as a module of its own, counts the same."""
    return os.environ.get("QTRACK_BENCH_CLOCK", "cpu")


def clock_said() -> str:
    return "CPU seconds, user + system" if clock() == "cpu" else "wall seconds"


def run(argv: list[str], *, env: dict | None = None, quiet: bool = False) -> tuple[float, int, int]:
    """Run argv as a child with stdout (and, quiet, stderr) to /dev/null; (seconds, peak RSS in
    KB, exit status). The seconds are the child's CPU seconds (user + system, the kernel's own
    accounting, its waited-for children's included) or, with --clock wall, the wall clock's: on
    a machine shared with other work the wall clock also counts the others' turns on the cores.

    The peak comes from GNU time (/usr/bin/time -f %M) when it is there: Linux carries a
    process's high-water RSS across fork and exec, so a child spawned straight from this
    script would report at least this script's own size; time's small process stands between.
    Without it, the child's wait4 figure is given, an upper bound."""
    import time

    measure = shutil.which("time", path="/usr/bin:/bin")
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        full = [measure, "-f", "%M", "-o", rss.name, *argv] if measure else argv
        actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
        if quiet:
            actions.append((os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0))
        start = time.perf_counter()
        pid = os.posix_spawn(shutil.which(full[0]) or full[0], full, env or os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
        if clock() == "cpu":
            seconds = usage.ru_utime + usage.ru_stime
        code = os.waitstatus_to_exitcode(status)
        lines = [line for line in rss.read().splitlines() if line.strip().isdigit()] if measure else []
    return seconds, int(lines[-1]) if lines else usage.ru_maxrss, code


def timed(label: str, argv: list[str], runs: int, *, env: dict | None = None) -> Timing:
    t = Timing(label)
    for _ in range(runs):
        seconds, peak, code = run(argv, env=env, quiet=True)
        if code != 0:
            raise SystemExit(f"bench: {' '.join(argv)} exited {code}")
        t.seconds.append(seconds)
        t.peak_kb = max(t.peak_kb, peak)
    return t


def qtrack_argv() -> list[str]:
    script = Path(sys.executable).with_name("qtrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qtrack"]


def has_command(name: str) -> bool:
    _, _, code = run([*qtrack_argv(), name, "--help"], quiet=True)
    return code == 0


def busiest_department(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT d.name FROM department d JOIN task_department td ON td.department_id = d.id "
                            "GROUP BY d.id ORDER BY COUNT(*) DESC, d.name LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def prepare(size: str, work: Path, seed: int, import_runs: int) -> tuple[Path, dict, list[Timing]]:
    """The plan file, a timed import (fresh database each run) beside the raw executemany floor of
    the same rows, and the database to query."""
    q = qtrack_argv()
    if size == "bundled":
        source, params = ROOT / "plans", dict(BUNDLED)
    else:
        tasks = int(size)
        source = work / f"plan-{tasks}.yaml"
        if not source.exists():
            text, _ = generate.plan_file(tasks, seed, f"bench-{tasks}")
            source.write_text(text, encoding="utf-8")
        params = {"as_of": SYNTHETIC_AS_OF, "search": "品牌培育", "ref": f"bench-{tasks}/1.1",
                  "target": f"bench-{tasks}/T1"}
    params["source"] = str(source)
    db = work / f"{size}.db"
    imports = timed("import", import_runs, [*q, "import", str(source), "--db", str(db)], db)
    imported = work / f"{size}-imported.db"
    shutil.copyfile(db, imported)  # the rows the import wrote, before any history
    fresh = work / f"{size}-floor.db"
    floor = timed("raw executemany (floor)", import_runs,
                  [sys.executable, str(HERE / "floors.py"), "executemany", str(imported), str(fresh)], fresh)
    imports.note = f"raw executemany of the same rows: {floor.median:.2f} s"
    edits = None  # issue 19: an import of the file with 1% of its titles edited, no slower than a fresh one
    if size != "bundled":
        edited, copy = edited_copy(source, work / "edited"), work / f"{size}-edit.db"
        # A fresh copy of the imported rows each run: a second run on the same copy would find no edit.
        edits = timed("import (1% of titles edited)", import_runs, [*q, "import", str(edited), "--db", str(copy)],
                      copy, copy_of=imported)
        counts = generate.history(db, seed, dt.date.fromisoformat(SYNTHETIC_AS_OF))
        imports.note += (f"; {counts['updates']} updates, {counts['measurements']} measurements, "
                        f"{counts['duty_reports']} duty reports recorded after it")
    params.setdefault("dept", busiest_department(db))
    return db, params, [imports, floor, *([edits] if edits else [])]


def timed(label: str, runs: int, argv: list[str], fresh: Path, copy_of: Path | None = None) -> Timing:
    """`runs` runs of argv, each on the database `fresh` made anew: removed, or a copy of `copy_of`."""
    timing = Timing(label)
    for _ in range(runs):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)
        if copy_of:
            shutil.copyfile(copy_of, fresh)
        seconds, peak, code = run(argv)
        if code != 0:
            raise SystemExit(f"bench: {label} failed: {' '.join(argv)}")
        timing.seconds.append(seconds)
        timing.peak_kb = max(timing.peak_kb, peak)
    return timing


def edited_copy(source: Path, folder: Path) -> Path:
    """The plan file with every hundredth task or section title changed (1%), under the same name
    (a file's name is part of its digest and may be its plan id)."""
    import re

    folder.mkdir(exist_ok=True)
    edited, seen = folder / source.name, 0
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if re.match(r'\s{4,}title: "', line):  # not the plan's own (two spaces in)
            seen += 1
            if seen % 100 == 0:
                lines[i] = line.rstrip("\n")[:-1] + '（修订）"\n'
    edited.write_text("".join(lines), encoding="utf-8")
    return edited


@dataclass
class Context:
    """What a row of the command table needs to build its command line: the qtrack to run, the
    database (a file or a URL), the size's parameters, a scratch path for files written, and the
    commands this qtrack has."""
    q: list[str]
    db: Path | str
    p: dict
    scratch: Path
    has: frozenset[str]

    @property
    def common(self) -> list[str]:
        return ["--db", str(self.db), "--as-of", self.p["as_of"]]


# The command table: (label, argv from the Context, or None where this qtrack lacks the command).
# Timed in this order at every size and on both engines. Another module's rows join it with one
# append (COMMANDS += its_rows), and its goals with GOALS.append(its_goals).
COMMANDS: list[tuple[str, Callable[[Context], list[str] | None]]] = [
    ("qtrack --help", lambda c: [*c.q, "--help"]),
    # the commands that print a page (issue 19: ≤ 2× their 1k time, ≤ 2× the Typer floor at 100k)
    ("plans", lambda c: [*c.q, "plans", *c.common]),
    ("tasks", lambda c: [*c.q, "tasks", *c.common]),
    ("tasks --search", lambda c: [*c.q, "tasks", "--search", c.p["search"], *c.common]),
    ("show", lambda c: [*c.q, "show", c.p["ref"], *c.common]),
    ("status", lambda c: [*c.q, "status", *c.common]),
    ("status --dept", lambda c: [*c.q, "status", "--dept", c.p["dept"], *c.common]),
    ("overdue", lambda c: [*c.q, "overdue", *c.common]),
    ("depts", lambda c: [*c.q, "depts", *c.common]),
    ("targets", lambda c: [*c.q, "targets", *c.common]),
    ("log", lambda c: [*c.q, "log", *c.common]),
    ("update", lambda c: [*c.q, "update", c.p["ref"], "--progress", "50", "--note", "基准测试", "--by", "bench",
                          *c.common]),
    ("measure", lambda c: [*c.q, "measure", c.p["target"], "90", "--note", "基准测试", "--by", "bench", *c.common]),
    ("score", lambda c: [*c.q, "score", *c.common]),
    ("chase", lambda c: [*c.q, "chase", *c.common] if "chase" in c.has else None),
    # the bulletin of the whole database, the routine and the full check, and an import of the
    # file already imported (answered from its digest)
    ("report", lambda c: [*c.q, "report", "-o", str(c.scratch.with_suffix(".html")), "--force", *c.common]),
    ("check", lambda c: [*c.q, "check", "--db", str(c.db)]),
    ("check --full", lambda c: [*c.q, "check", "--full", "--db", str(c.db)]),
    ("import (unchanged file)", lambda c: [*c.q, "import", c.p["source"], "--db", str(c.db)]),
    # the whole database, losslessly (issue 5's export); it writes a file, again each run
    ("export --format json", lambda c: [*c.q, "export", "--format", "json", "-o", str(c.scratch), "--force",
                                        "--db", str(c.db)] if "export" in c.has else None),
]
# The page commands held to issue 19's goal at 100,000 tasks.
PAGES = ["plans", "tasks", "tasks --search", "show", "status", "status --dept", "overdue", "depts", "targets", "log",
         "update", "measure", "score", "chase"]


def commands(ctx: Context) -> dict[str, list[str]]:
    """The command table's rows this qtrack has, as label -> argv."""
    built = ((label, make(ctx)) for label, make in COMMANDS)
    return {label: argv for label, argv in built if argv is not None}


def server(choice: str) -> tuple[str | None, object, str]:
    """(the PostgreSQL URL to time against, the private cluster to stop after, why there is none)."""
    if choice == "none":
        return None, None, "left out (--postgresql none)"
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return None, None, "no driver: pip install -e '.[postgres]'"
    if choice != "auto":
        return choice, None, ""
    sys.path.insert(0, str(ROOT / "tests"))
    import pg_server

    bindir = pg_server.bindir()
    if bindir is None:
        return None, None, "PostgreSQL is not installed (apt-get install postgresql), and no --postgresql URL"
    cluster = pg_server.Cluster(bindir)
    return cluster.start(), cluster, ""


def on_server(url: str, size: str, db: Path, source: Path, work: Path, import_runs: int) -> tuple[str, Timing]:
    """The size's database on the server: imports timed into a fresh database each, then the
    SQLite database's records (its history included) restored, so both engines answer over the
    same rows."""
    import urllib.parse

    import psycopg2

    q = qtrack_argv()
    name = f"qtrack_bench_{size}"
    target = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/" + name))
    admin = psycopg2.connect(url)
    admin.autocommit = True

    def fresh() -> None:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING UTF8')

    imports = Timing("import")
    for _ in range(import_runs):
        fresh()
        seconds, peak, code = run([*q, "import", str(source), "--db", target])
        if code != 0:
            raise SystemExit(f"bench: importing {source} into PostgreSQL failed")
        imports.seconds.append(seconds)
        imports.peak_kb = max(imports.peak_kb, peak)
    fresh()
    admin.close()
    dump = work / f"{size}-records.json"
    dump.unlink(missing_ok=True)
    for argv in ([*q, "export", "--format", "json", "-o", str(dump), "--db", str(db)],
                 [*q, "restore", str(dump), "--db", target]):
        if run(argv)[2] != 0:
            raise SystemExit(f"bench: {' '.join(argv)} failed")
    imports.note = "the SQLite database's records restored after it"
    return target, imports


def time_rounds(cmds: dict[str, list[str]], runs: int) -> dict[str, Timing]:
    """Every command once per round, `runs` rounds: the floors and qtrack share the machine's state."""
    timings = {label: Timing(label) for label in cmds}
    for _ in range(runs):
        for label, argv in cmds.items():
            seconds, peak, code = run(argv)
            if code != 0:
                raise SystemExit(f"bench: {' '.join(argv)} exited {code}")
            timings[label].seconds.append(seconds)
            timings[label].peak_kb = max(timings[label].peak_kb, peak)
    return timings


def taskwarrior_overdue(db: Path, as_of: str, work: Path, runs: int) -> Timing | None:
    """Load the same tasks into Taskwarrior (its own data folder) and time `task overdue`.

    Taskwarrior takes "now" from the clock, so every due date is moved by (today - as_of):
    the same tasks are overdue in both, by the same number of days."""
    if not shutil.which("task"):
        return None
    from qtrack.store import open_store, queries

    shift = dt.date.today() - dt.date.fromisoformat(as_of)
    conn = open_store(db)
    rows = queries.tasks(conn, as_of=as_of)
    conn.close()
    status = {"done": "completed", "dropped": "deleted"}
    tasks = [{"description": f"{r['ref']} {r['title']}", "project": r["plan"].replace("-", "_"),
              "status": status.get(r["status"], "pending"), "entry": "20240101T000000Z",
              **({"end": "20240101T000000Z"} if r["status"] in status else {}),
              **({"due": (dt.date.fromisoformat(r["due"]) + shift).strftime("%Y%m%dT000000Z")} if r["due"] else {})}
             for r in rows]
    home = work / f"taskwarrior-{db.stem}"
    shutil.rmtree(home, ignore_errors=True)
    (home / "data").mkdir(parents=True)
    (home / "taskrc").write_text(f"data.location={home / 'data'}\nconfirmation=off\nhooks=off\nnews.version=2.6.0\n",
                                 encoding="utf-8")
    (home / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "TASKRC": str(home / "taskrc"), "TASKDATA": str(home / "data")}
    _, _, code = run(["task", "import", str(home / "tasks.json")], env=env, quiet=True)
    if code != 0:
        raise SystemExit("bench: task import failed")
    pending = sum(t["status"] == "pending" for t in tasks)
    late = sum(1 for r in rows if r["light"] == "red")
    t = timed("task overdue (Taskwarrior)", ["task", "overdue"], runs, env=env)
    t.note = f"{pending} pending tasks loaded, {late} overdue"
    return t


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="bundled,1000,10000",
                        help="comma-separated: bundled (the five bundled plans) and task counts")
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (median and spread)")
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="where plans and databases go [a temporary folder]")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure here")
    parser.add_argument("--postgresql", default="auto", metavar="URL|auto|none",
                        help="also time the commands against this server [auto: a private cluster, if installed]")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="CPU seconds (user + system) [default], or the wall clock's")
    args = parser.parse_args(argv)
    os.environ["QTRACK_BENCH_CLOCK"] = args.clock
    # Measure qtrack as installed: pip compiles a package's modules when it installs them, and
    # Python writes them on first import, but not where PYTHONDONTWRITEBYTECODE is set (as on
    # the machine these figures come from), where every run would compile qtrack afresh.
    compileall.compile_dir(ROOT / "qtrack", quiet=1)
    work = args.work or Path(tempfile.mkdtemp(prefix="qtrack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    has = frozenset(name for name in ("export", "chase") if has_command(name))
    floor_cmd = [sys.executable, str(HERE / "typer_floor.py"), "hello", "--name", "x", "--count", "1"]
    floor_help = [sys.executable, str(HERE / "typer_floor.py"), "--help"]
    results: dict[str, list[Timing]] = {}
    url, cluster, why = server(args.postgresql)
    try:
        for size in args.sizes.split(","):
            db, params, imports = prepare(size, work, args.seed, args.import_runs)
            floors = {"python -c pass": [sys.executable, "-c", "pass"], "typer command": floor_cmd,
                      "typer --help": floor_help,
                      "raw query (floor)": [sys.executable, str(HERE / "floors.py"), "query", str(db), params["as_of"]]}
            ctx = Context(qtrack_argv(), db, params, db.with_suffix(".json"), has)
            timings = time_rounds({**floors, **commands(ctx)}, args.runs)
            rows = [*(timings.pop(label) for label in floors), *imports, *timings.values()]
            if size != "bundled":
                tw = taskwarrior_overdue(db, params["as_of"], work, args.runs)
                if tw:
                    rows.append(tw)
            results[size] = rows
            print_size(size, rows)
            if url:
                source = ROOT / "plans" if size == "bundled" else work / f"plan-{int(size)}.yaml"
                target, served = on_server(url, size, db, source, work, args.import_runs)
                floors.pop("raw query (floor)")  # SQLite's
                ctx = Context(ctx.q, target, params, work / f"{size}-pg.json", has)
                timings = time_rounds({**floors, **commands(ctx)}, args.runs)
                rows = [*(timings.pop(label) for label in floors), served, *timings.values()]
                results[f"{size}@postgresql"] = rows
                print_size(size, rows, engine="PostgreSQL")
    finally:
        if cluster:
            cluster.stop()
    if not url:
        print(f"\nPostgreSQL: not timed: {why}")
    print_goals({size: rows for size, rows in results.items() if "@" not in size})
    import outputs  # noqa: E402  (bench/outputs.py: the whole-database outputs, issue 19)
    outputs.bench(args.sizes.split(","), work, min(args.runs, 3))
    if args.json:
        args.json.write_text(json.dumps({s: [{"label": t.label, "seconds": t.seconds, "peak_kb": t.peak_kb,
                                              "note": t.note} for t in rows] for s, rows in results.items()},
                                        ensure_ascii=False, indent=2), encoding="utf-8")


def _find(rows: list[Timing], label: str) -> Timing | None:
    return next((t for t in rows if t.label == label), None)


FLOORS = ("python -c pass", "typer command", "typer --help", "raw query (floor)", "raw executemany (floor)")


def print_size(size: str, rows: list[Timing], *, engine: str = "SQLite") -> None:
    floor, floor_help = _find(rows, "typer command").median, _find(rows, "typer --help").median
    print(f"\n{'bundled plans' if size == 'bundled' else f'{int(size):,} tasks'} on {engine}  "
          f"(median of {len(rows[0].seconds)} runs; import of {len(_find(rows, 'import').seconds)}; "
          f"{clock_said()})")
    print(f"| {'command':<27} | {'median s':>8} | {'spread s':>13} | {'peak MB':>7} | {'× Typer':>7} |")
    print(f"|{'-' * 29}|{'-' * 9}:|{'-' * 14}:|{'-' * 8}:|{'-' * 8}:|")
    for t in rows:
        base = floor_help if t.label.endswith("--help") else floor
        ratio = "" if t.label in FLOORS or t.label.startswith("task ") else f"{t.median / base:.2f}"
        print(f"| {t.label:<27} | {t.median:>8.3f} | {t.spread:>13} | {t.peak_kb / 1024:>7.0f} | {ratio:>7} |")
    for t in rows:
        if t.note:
            print(f"  {t.label}: {t.note}")


Goal = tuple[bool, str]  # (met, what was measured against what)


def startup_goals(results: dict[str, list[Timing]]) -> list[Goal]:
    """Issue 19: on the bundled plans, the listings ≤ 1.3× the Typer command, --help ≤ 1.2×."""
    if "bundled" not in results:
        return []
    rows = results["bundled"]
    floor = _find(rows, "typer command").median
    goals = [(r <= 1.3, f"bundled plans: {label} {r:.2f}× the Typer command (goal ≤ 1.3×)")
             for label in ("overdue", "status --dept") for r in [_find(rows, label).median / floor]]
    r = _find(rows, "qtrack --help").median / _find(rows, "typer --help").median
    return [*goals, (r <= 1.2, f"qtrack --help {r:.2f}× the Typer app's --help (goal ≤ 1.2×)")]


def page_goals(results: dict[str, list[Timing]]) -> list[Goal]:
    """Issue 19: at 100,000 tasks every page command ≤ 2× its own time at 1,000 and ≤ 2× the
    Typer command; issue 8: the listings ≥ 5× faster than Taskwarrior's `task overdue`."""
    big, small = results.get("100000"), results.get("1000")
    if not big:
        return []
    floor, tw, goals = _find(big, "typer command").median, _find(big, "task overdue (Taskwarrior)"), []
    for label in PAGES:
        t = _find(big, label)
        if t is None:
            continue
        if small:
            r = t.median / _find(small, label).median
            goals.append((r <= 2, f"100,000 tasks: {label} {r:.2f}× its time at 1,000 (goal ≤ 2×)"))
        r = t.median / floor
        goals.append((r <= 2, f"100,000 tasks: {label} {r:.2f}× the Typer command (goal ≤ 2×)"))
        if tw and label in ("overdue", "status --dept", "tasks --search"):
            r = tw.median / t.median
            goals.append((r >= 5, f"100,000 tasks: {label} {r:.1f}× faster than `task overdue` (goal ≥ 5×)"))
    return goals


def import_goals(results: dict[str, list[Timing]]) -> list[Goal]:
    """Issue 19: import ≤ 8 s, ≤ 300 MB and ≤ 2.7× the executemany floor; re-import, check, report."""
    big = results.get("100000")
    if not big:
        return []
    imp, floor = _find(big, "import"), _find(big, "raw executemany (floor)")
    goals = [(imp.median <= 8, f"import of 100,000 tasks: {imp.median:.1f} s (goal ≤ 8 s)"),
             (imp.peak_kb / 1024 <= 300,
              f"import of 100,000 tasks: peak {imp.peak_kb / 1024:.0f} MB (goal ≤ 300 MB)"),
             (imp.median <= 2.7 * floor.median, f"import of 100,000 tasks: {imp.median / floor.median:.2f}× "
                                                f"the raw executemany floor ({floor.median:.1f} s; goal ≤ 2.7×)")]
    edit = _find(big, "import (1% of titles edited)")
    if edit:
        goals.append((edit.median <= imp.median, f"100,000 tasks: a 1% edit's import {edit.median:.1f} s "
                                                 f"(goal ≤ the fresh import's {imp.median:.1f} s)"))
    for label, most in (("import (unchanged file)", 1), ("check", 1), ("report", 2)):
        t = _find(big, label)
        goals.append((t.median <= most, f"100,000 tasks: {label} {t.median:.2f} s (goal ≤ {most} s)"))
    return goals


# Each goal group reads every size's rows and says met / not met; another module's join with one append.
GOALS: list[Callable[[dict[str, list[Timing]]], list[Goal]]] = [startup_goals, page_goals, import_goals]


def print_goals(results: dict[str, list[Timing]]) -> None:
    print("\nGoals (issues 8 and 19)")
    for group in GOALS:
        for ok, text in group(results):
            print(f"  [{'met' if ok else 'NOT met'}] {text}")
    for size, rows in results.items():
        tw = _find(rows, "task overdue (Taskwarrior)")
        if tw and size != "100000":
            r = tw.median / _find(rows, "overdue").median
            who = f"qtrack overdue {r:.1f}×" if r >= 1 else f"`task overdue` {1 / r:.1f}×"
            print(f"  [info] {int(size):,} tasks: {who} faster")


if __name__ == "__main__":
    main()
