"""A folder of thousands of small plans stays usable (issue 13): `plans`, `status`, `overdue`.

    python bench/many_plans.py                 # 5,000 plans of one task, one target, one duty
    python bench/many_plans.py --plans 20000

Before the fix `plans` took 14 s and `status` 22 s at 5,000 plans: two queries per duty and a
Rich table of every plan. Prints each command's whole-process time and whether it met the goal.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_S = 3.0  # a listing over 5,000 plans answers within this, as a whole process
PLAN = """qtrack: 1
plan: {{id: p{n:05d}, title: 测试计划{n}, start: 2016-01-01, end: 2016-12-31}}
sections:
  - code: "1"
    title: 总体任务
    tasks:
      - {{code: "1", title: 提升质量, lead: [质量司{d}], support: [标准司], due: 2016-11-30}}
targets:
  - {{code: T1, title: 合格率, op: ">=", value: 90, unit: "%", due: 2016-12-31, task: "1"}}
duties:
  - {{code: D1, title: 月度会议, every: month, lead: [质量司{d}], start: 2016-01-01, end: 2016-12-31}}
"""


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "qtrack", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    if proc.returncode:
        raise SystemExit(f"bench: qtrack {' '.join(argv)} failed: {proc.stderr.strip()}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qtrack-many-") as work:
        folder = Path(work) / "plans"
        folder.mkdir()
        for n in range(args.plans):
            (folder / f"p{n:05d}.yaml").write_text(PLAN.format(n=n, d=n % 50), encoding="utf-8")
        db = str(Path(work) / "q.db")
        print(f"import of {args.plans:,} plans: {timed(['import', str(folder), '--db', db]):.1f} s")
        for argv in (["plans"], ["status"], ["status", "-f", "json"], ["overdue"], ["plans", "-f", "json"]):
            seconds = timed([*argv, "--db", db, "--as-of", "2016-06-01"])
            print(f"  [{'met' if seconds <= GOAL_S else 'NOT met'}] {' '.join(argv)}: {seconds:.2f} s "
                  f"(goal ≤ {GOAL_S:g} s)")


if __name__ == "__main__":
    main()
