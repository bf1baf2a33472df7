"""Shell completion's speed: `qtrack show 2016/<TAB>`, `--plan <TAB>` and `--dept zl<TAB>` as bash
calls them, as whole processes, beside `python -c pass` and a minimal Typer app, at each size.

    python bench/completion.py                 # 1,000 and 10,000 tasks, 7 runs each
    python bench/completion.py --sizes 100000

The goal (issue 18): a completion answers within 1.5 × the minimal Typer app's start-up, so the
Tab key feels like the shell's own; a database of any size is read by indexed queries alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

GOAL = 1.5  # × the Typer floor


def timed(argv: list[str], env: dict, runs: int) -> float:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def completion_env(line: str) -> dict:
    words = line.split()
    return {**os.environ, "_QTRACK_COMPLETE": "complete_bash", "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - (0 if line.endswith(" ") else 1))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    qtrack = [sys.executable, "-m", "qtrack"]
    floor = timed([sys.executable, str(HERE / "typer_floor.py"), "--help"], dict(os.environ), args.runs)
    bare = timed([sys.executable, "-c", "pass"], dict(os.environ), args.runs)
    print(f"python -c pass {bare:.3f} s; typer floor {floor:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            db, plan = Path(tmp) / f"{size}.db", Path(tmp) / f"bench-{size}.yaml"
            plan.write_text(generate.plan_file(size, 1, f"bench-{size}")[0], encoding="utf-8")
            subprocess.run([*qtrack, "import", str(plan), "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
            print(f"\n{size} tasks  (median of {args.runs})\n| completion | median s | × Typer | goal |")
            print("|---|---:|---:|---|")
            for line in (f"qtrack show --db {db} bench-{size}/1", f"qtrack tasks --db {db} --plan ",
                         f"qtrack tasks --db {db} --dept zl"):
                median = timed(qtrack, completion_env(line), args.runs)
                ratio = median / floor
                shown = line.replace(f" --db {db}", "")
                print(f"| `{shown}` | {median:.3f} | {ratio:.2f} | {'met' if ratio <= GOAL else 'not met'} |")


if __name__ == "__main__":
    main()
