"""The ledger at size: `export --format xlsx` of the whole database and `import-progress` of a
returned ledger with 10,000 filled rows, as whole processes, against issue 19's goals.

    python bench/ledger.py                        # 10k tasks
    python bench/ledger.py --sizes 100000 --runs 1
    python bench/ledger.py --db /tmp/bench100k/100000.db --runs 1   # a database prepared already (copied)

Each size is prepared as bench/run.py prepares it (a synthetic plan, imported, with a history).
The returned ledger is the exported one with 10,000 rows of its plan sheet filled (bench/outputs.py:
新状态, 新进度 and 进展情况), written into the sheet's XML directly: openpyxl would take minutes to load and save a
100,000-row sheet, which is not what is measured. Each import-progress runs on a fresh copy of
the database, so each records all 10,000 rows.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from outputs import FILLED, fill  # noqa: E402  (bench/outputs.py: the same returned ledger)
from run import SYNTHETIC_AS_OF, Timing, prepare, qtrack_argv, run  # noqa: E402  (bench/run.py)

# Seconds and MB: the export's at 100k tasks; the import's for 10,000 filled rows, at any size.
GOALS = {"export --format xlsx": (30.0, 150), "import-progress": (5.0, 150)}


def measure(size: str, work: Path, runs: int, prepared: Path | None = None) -> list[Timing]:
    if prepared:  # never written: the export reads a copy, each import writes a copy of that
        db = work / f"{size}.db"
        shutil.copyfile(prepared, db)
    else:
        db, params, _ = prepare(size, work, 1, 1)
    q = qtrack_argv()
    ledger = work / f"{size}.xlsx"
    export = Timing("export --format xlsx")
    for _ in range(runs):
        seconds, peak, code = run([*q, "export", "--format", "xlsx", "-o", str(ledger), "--db", str(db),
                                   "--as-of", SYNTHETIC_AS_OF])
        if code != 0:
            raise SystemExit("bench: export --format xlsx failed")
        export.seconds.append(seconds)
        export.peak_kb = max(export.peak_kb, peak)
    export.note = f"{ledger.stat().st_size / 2**20:.1f} MB file"
    returned = fill(ledger, work / f"{size}-filled.xlsx")
    back = Timing("import-progress", note=f"{FILLED:,} filled rows")
    for _ in range(runs):
        copy = work / f"{size}-copy.db"
        shutil.copy(db, copy)
        seconds, peak, code = run([*q, "import-progress", str(returned), "--db", str(copy), "--by", "bench",
                                   "--as-of", SYNTHETIC_AS_OF])
        if code != 0:
            raise SystemExit("bench: import-progress failed")
        back.seconds.append(seconds)
        back.peak_kb = max(back.peak_kb, peak)
    return [export, back]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated task counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="where plans and databases go [a temporary folder]")
    parser.add_argument("--db", type=Path, default=None,
                        help="a database prepared as bench/run.py prepares one (e.g. /tmp/bench100k/100000.db), "
                             "instead of --sizes")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="qtrack-bench-ledger-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [args.db.stem] if args.db else args.sizes.split(",")
    for size in sizes:
        print(f"\n{size} tasks" if size.isdigit() else f"\n{args.db}")
        for t in measure(size, work, args.runs, args.db):
            line = f"  {t.label:<22} {t.median:8.2f} s ({t.spread})  {t.peak_kb / 1024:7.0f} MB  {t.note}"
            seconds, mb = GOALS[t.label]
            if size == "100000" or t.label == "import-progress":
                met = t.median <= seconds and (mb is None or t.peak_kb / 1024 <= mb)
                line += f"   goal ≤ {seconds:g} s" + (f", ≤ {mb} MB" if mb else "") + (": met" if met else ": not met")
            print(line)


if __name__ == "__main__":
    main()
