"""How close `qtrack draft` comes to the curated plans: run it on the five source texts and compare.

    python bench/draft_quality.py

Tasks are matched by their section and the path of their own labels (四(一) / 1., 一、 / (四) / 2.),
compared as numbers so that (一) and （一）, 1. and 1、 are the same label. For the matched tasks:
exact lead set, exact support set, due date — all as the loader resolves them (a sub-task without
a note of its own inherits its parent's). Targets: recall of (op, value, unit) over the curated ones.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qtrack.draft import draft
from qtrack.draft.headings import cn_number
from qtrack.planfile import PlanSpec, load_plan_file, parse_plan

SOURCES = ROOT / "tests" / "data" / "sources"
# Which curated plan each source text was made from (not every plan names its source).
CURATED = {
    "2014-quality-work-points.txt": "2014.yaml",
    "2016-quality-brand-action-plan.txt": "2016.yaml",
    "2011-gansu-quality-revitalization-scheme.txt": "gansu-2011.yaml",
    "city-quality-outline-action-plan.txt": "city-action.yaml",
    "2017-quality-improvement-guidelines-partial.txt": "central-2017.yaml",
}
MEASURES = ("recall", "precision", "lead", "support", "due", "targets")


def label_number(label: str | None) -> str:
    text = re.sub(r"[\s()（）、.．]", "", unicodedata.normalize("NFKC", label or ""))
    try:
        return str(cn_number(text))
    except KeyError:
        return text


def keyed(plan: PlanSpec) -> dict[tuple, object]:
    by_code = {t.code: t for t in plan.tasks}
    out = {}
    for task in plan.tasks:
        path, t = [], task
        while t is not None:
            path.insert(0, label_number(t.label))
            t = by_code.get(t.parent) if t.parent else None
        out[(task.section, *path)] = task
    return out


def compare(source: Path, curated: PlanSpec) -> tuple[dict[str, tuple[int, int]], list[str]]:
    drafted = parse_plan(draft(source.read_bytes(), source.name, curated.id), source.name, default_id=curated.id)
    want, got = keyed(curated), keyed(drafted)
    both = [k for k in want if k in got]
    misses = [f"missing {'/'.join(k)} {want[k].title}" for k in want if k not in got]
    misses += [f"extra {'/'.join(k)} {got[k].title}" for k in got if k not in want]
    counts = {"recall": (len(both), len(want)), "precision": (len(both), len(got))}
    for measure, attr in (("lead", "lead"), ("support", "support"), ("due", "due")):
        same = [k for k in both if _value(want[k], attr) == _value(got[k], attr)]
        counts[measure] = (len(same), len(both))
        misses += [f"{measure} {'/'.join(k)}: want {_value(want[k], attr)} got {_value(got[k], attr)}"
                   for k in both if k not in same]
    wanted = Counter((t.op, t.value, t.unit) for t in curated.targets)
    found = Counter((t.op, t.value, t.unit) for t in drafted.targets)
    counts["targets"] = (sum((wanted & found).values()), sum(wanted.values()))
    misses += [f"target {op} {value} {unit}" for (op, value, unit), n in (wanted - found).items() for _ in range(n)]
    return counts, misses


def _value(task, attr):
    value = getattr(task, attr)
    return sorted(value) if isinstance(value, list) else value


def percent(hit: int, total: int) -> str:
    return f"{100 * hit / total:5.1f}% ({hit}/{total})" if total else "    — (0/0)"


def main() -> int:
    verbose = "-v" in sys.argv
    totals = {m: [0, 0] for m in MEASURES}
    rows = []
    for name, plan_file in CURATED.items():
        counts, misses = compare(SOURCES / name, load_plan_file(ROOT / "plans" / plan_file))
        rows.append((plan_file.removesuffix(".yaml"), counts))
        for m in MEASURES:
            totals[m][0] += counts[m][0]
            totals[m][1] += counts[m][1]
        if verbose:
            print(f"{plan_file}:", *misses, sep="\n  ")
    rows.append(("total", {m: tuple(v) for m, v in totals.items()}))
    width = 17
    print(f"{'plan':<12}" + "".join(f"{m:>{width}}" for m in MEASURES))
    for plan, counts in rows:
        print(f"{plan:<12}" + "".join(f"{percent(*counts[m]):>{width}}" for m in MEASURES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
