"""Commands about whole plans: `import` (plan files into the database) and `plans`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from qtrack.cli.options import AsOfOpt, ByOpt, DbOpt, Format, FormatOpt, open_db

app = typer.Typer()


def plan_files(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for every *.yaml / *.yml in it, in name order."""
    from qtrack.errors import QtrackError

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                raise QtrackError(f"{path}: no *.yaml plan files in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise QtrackError(f"{path}: no such file or folder")
    return files


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _describe(result) -> str:
    """One line per plan: what the import did, naming the tasks it retired."""
    parts = []
    for kind, counts in (("tasks", result.tasks), ("targets", result.targets), ("duties", result.duties),
                         ("sections", result.sections)):
        bits = []
        if counts.added:
            bits.append(f"{len(counts.added)} added")
        if counts.changed:
            bits.append(f"{len(counts.changed)} changed ({', '.join(counts.changed[:8])}"
                        f"{', …' if len(counts.changed) > 8 else ''})")
        if counts.retired:
            bits.append(f"{len(counts.retired)} retired ({', '.join(counts.retired)})")
        if counts.unchanged and bits:
            bits.append(f"{counts.unchanged} unchanged")
        if bits:
            parts.append(f"{kind} " + ", ".join(bits))
    if not result.changed:
        return (f"no change ({_n(result.tasks.unchanged, 'task')}, {_n(result.targets.unchanged, 'target')}, "
                f"{_n(result.duties.unchanged, 'duty', 'duties')})")
    head = "new plan" if result.new else "updated"
    if result.plan_changed and not result.new:
        parts.insert(0, "plan details changed")
    return f"{head}: " + "; ".join(parts) if parts else head


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Plan files, or folders of them.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and show what would change; write nothing.")] = False,
    by: ByOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Load or re-load plan files; a folder loads every *.yaml in it.

    Every file is checked first and a bad one is refused whole, with each problem as
    file:line; then all plans are written in one transaction. Progress already recorded is
    kept; a task that left its file is retired (hidden, with its history), never deleted.
    """
    from qtrack.errors import PlanFileError
    from qtrack.importer import import_plans
    from qtrack.output import console, write_json
    from qtrack.planfile import load_plan_file

    specs, problems = [], []
    with _without_cycle_collection():
        for path in plan_files(paths):
            try:
                specs.append(load_plan_file(path))
            except PlanFileError as exc:
                problems.extend(exc.problems)
        if problems:
            raise PlanFileError(problems)
        # Validate before connecting: a refused file must not even leave an empty database behind.
        conn = open_db(db, create=True)
        results = import_plans(conn, specs, dry_run=dry_run, by=by)
    if fmt is not Format.table:
        rows = [{"plan": r.plan, "path": r.path, "new": r.new, "changed": r.changed, "plan_changed": r.plan_changed,
                 **{kind: {"added": c.added, "changed": c.changed, "retired": c.retired, "unchanged": c.unchanged}
                    for kind, c in (("tasks", r.tasks), ("targets", r.targets), ("duties", r.duties))}}
                for r in results]
        return write_json(rows) if fmt is Format.json else _csv_summary(rows)
    out = console()
    if dry_run:
        out.print("dry run: nothing written", soft_wrap=True)
    for r in results:
        out.print(f"{r.plan} ({r.path}): {_describe(r)}", soft_wrap=True)
    if any(r.tasks.retired for r in results):
        out.print("retired tasks keep their history; `qtrack tasks --all` lists them", soft_wrap=True)


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Reading a plan makes millions of small objects (YAML nodes, specs, rows) and no cycles;
    Python's cycle collector would walk them again and again as they pile up. Without it a
    100,000-task file loads in half the time."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _csv_summary(rows: list[dict]) -> None:
    from qtrack.output import write_csv

    write_csv([{"plan": r["plan"], "path": r["path"], "kind": kind, "added": len(r[kind]["added"]),
                "changed": len(r[kind]["changed"]), "retired": len(r[kind]["retired"]),
                "unchanged": r[kind]["unchanged"]} for r in rows for kind in ("tasks", "targets", "duties")])


@app.command("plans")
def plans(db: DbOpt = None, fmt: FormatOpt = Format.table, as_of: AsOfOpt = None) -> None:
    """The plans, with task counts, the share done and how many are overdue."""
    from qtrack import dates
    from qtrack.store import queries
    from qtrack.output import Column, emit, percent

    today = dates.today(as_of)
    rows = queries.plans(open_db(db), as_of=today.isoformat())
    emit(rows, [
        Column("plan", "计划", no_wrap=True), Column("title", "标题", min_width=16), Column("issued", "印发", no_wrap=True),
        Column("tasks", "任务", "right"), Column("done", "完成", "right"),
        Column("done_share", "完成率", "right", percent), Column("overdue", "逾期", "right"),
    ], fmt.value, title=f"plans as of {today}", empty="no plans imported yet (qtrack import PATH)")
