"""The whole-database outputs at size (issue 19): the ledger, the calendar, the dump and its
restore, a returned ledger's import-progress and the unpaged JSON listing, as whole processes,
against their goals (seconds and peak memory at 100,000 tasks).

    python bench/outputs.py --size 100000 --runs 1 --work /tmp/qtrack-bench   # reuses what is there
    python bench/run.py --sizes 100000        # bench/run.py calls this after its own tables

Each size is prepared as bench/run.py prepares it (a synthetic plan, imported, with a history).
The returned ledger is the exported one with 10,000 rows of its plan sheet filled (新状态 进行中,
新进度 50, 进展情况 a note), written into the sheet's XML directly, as bench/ledger.py does.
Every restore goes into a new database, every import-progress into a fresh copy of the
database, so each records all 10,000 rows. Peak memory is the process's own (GNU time).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import SYNTHETIC_AS_OF, Timing, clock_said, prepare, qtrack_argv, run  # noqa: E402  (bench/run.py)

FILLED = 10_000
MEMORY_MB = 150  # every whole-database output streams: flat memory at any size
GOALS = {  # at 100,000 tasks: seconds, MB (None: no memory goal)
    "export --format xlsx": (30.0, MEMORY_MB),
    "export --format ics": (3.0, MEMORY_MB),
    "export --format json": (3.0, MEMORY_MB),
    "restore": (5.0, MEMORY_MB),
    "import-progress (10,000 rows)": (5.0, MEMORY_MB),
    "tasks --limit 0 --format json": (None, MEMORY_MB),  # "fast": no number set; 12.7 s before
}


def fill(ledger: Path, out: Path, rows: int = FILLED) -> Path:
    """The ledger with `rows` rows of its first sheet filled: 新状态 (J), 新进度 (K), 进展情况 (L)."""
    def filled(match: re.Match) -> str:
        column, row, style = match[1], int(match[2]), match[3]
        if not 3 <= row < 3 + rows:
            return match[0]
        text = {"J": "进行中", "L": f"第{row}行已按计划推进"}.get(column)
        if text is None:
            return f'<c r="K{row}" s="{style}"><v>50</v></c>'
        return f'<c r="{column}{row}" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'

    with zipfile.ZipFile(ledger) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(r'<c r="([JKL])(\d+)" s="(\d+)"(?: t="n")?\s*/>', filled, data.decode("utf-8")).encode()
            new.writestr(info.filename, data)
    return out


def _timed(label: str, argv, runs: int, before=lambda: None) -> Timing:
    t = Timing(label)
    for _ in range(runs):
        before()
        seconds, peak, code = run(argv)
        if code != 0:
            raise SystemExit(f"bench: {' '.join(map(str, argv))} exited {code}")
        t.seconds.append(seconds)
        t.peak_kb = max(t.peak_kb, peak)
    return t


def measure(db: Path, work: Path, runs: int) -> list[Timing]:
    q, as_of = qtrack_argv(), ["--as-of", SYNTHETIC_AS_OF]
    out = {fmt: work / f"{db.stem}-out.{fmt}" for fmt in ("xlsx", "ics", "json")}
    found = [_timed(f"export --format {fmt}", [*q, "export", "--format", fmt, "-o", str(path), "--force",
                                                "--db", str(db), *as_of], runs) for fmt, path in out.items()]
    found[0].note = f"{out['xlsx'].stat().st_size / 2**20:.1f} MB file"
    found[2].note = f"{out['json'].stat().st_size / 2**20:.1f} MB file"
    restored = work / f"{db.stem}-restored.db"
    found.append(_timed("restore", [*q, "restore", str(out["json"]), "--db", str(restored)], runs,
                        lambda: [Path(f"{restored}{s}").unlink(missing_ok=True) for s in ("", "-wal", "-shm")]))
    returned, copy = fill(out["xlsx"], work / f"{db.stem}-filled.xlsx"), work / f"{db.stem}-copy.db"
    found.append(_timed("import-progress (10,000 rows)", [*q, "import-progress", str(returned), "--db", str(copy),
                                                          "--by", "bench", *as_of], runs,
                        lambda: shutil.copy(db, copy)))
    found.append(_timed("tasks --limit 0 --format json", [*q, "tasks", "--limit", "0", "--format", "json",
                                                          "--db", str(db), *as_of], runs))
    return found


def print_rows(size: str, rows: list[Timing]) -> None:
    print(f"\nwhole-database outputs, {int(size):,} tasks (median of {len(rows[0].seconds)} runs; {clock_said()})")
    print(f"| {'command':<31} | {'median s':>8} | {'spread s':>15} | {'peak MB':>7} | goal |")
    print(f"|{'-' * 33}|{'-' * 9}:|{'-' * 16}:|{'-' * 8}:|------|")
    for t in rows:
        seconds, mb = GOALS[t.label]
        verdict = ""
        if size == "100000":
            met = (seconds is None or t.median <= seconds) and t.peak_kb / 1024 <= mb
            goal = ", ".join(([] if seconds is None else [f"≤ {seconds:g} s"]) + [f"≤ {mb} MB"])
            verdict = f"{'met' if met else 'NOT met'} ({goal})"
        print(f"| {t.label:<31} | {t.median:>8.2f} | {t.spread:>15} | {t.peak_kb / 1024:>7.0f} | {verdict} |")
    for t in rows:
        if t.note:
            print(f"  {t.label}: {t.note}")


def bench(sizes: list[str], work: Path, runs: int) -> dict[str, list[Timing]]:
    """Each size's rows (bundled plans left out: nothing there is long); what bench/run.py calls."""
    results = {}
    for size in (s for s in sizes if s != "bundled"):
        db, _, _ = prepare(size, work, 1, 1) if not (work / f"{size}.db").exists() else (work / f"{size}.db", 0, 0)
        results[size] = measure(db, work, runs)
        print_rows(size, results[size])
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated task counts")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="where plans and databases go (a database there "
                                                                "named SIZE.db is reused) [a temporary folder]")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="qtrack-bench-outputs-"))
    work.mkdir(parents=True, exist_ok=True)
    bench(args.sizes.split(","), work, args.runs)


if __name__ == "__main__":
    main()
