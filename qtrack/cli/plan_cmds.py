"""Commands about whole plans: `import` (plan files into the database) and `plans`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from qtrack.i18n import _, ngettext

from qtrack.cli.options import AsOfOpt, ByOpt, DbOpt, FormatOpt, LimitOpt, left_out, open_db, page_size, rehearse_db

app = typer.Typer()


def plan_files(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for every *.yaml / *.yml in it, in name order."""
    from qtrack.errors import QtrackError

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                raise QtrackError(_("{path}: no *.yaml plan files in this folder").format(path=path))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise QtrackError(_("{path}: no such file or folder").format(path=path))
    return files


def _n(count: int, one: str, many: str) -> str:
    return ngettext(one, many, count).format(n=count)


_KINDS = (("tasks", "{n} task", "{n} tasks"), ("targets", "{n} target", "{n} targets"),
          ("duties", "{n} duty", "{n} duties"), ("sections", "{n} section", "{n} sections"))
_VERBS = {"renumbered": "{things} renumbered", "added": "{things} added", "changed": "{things} changed",
          "retired": "{things} retired"}
MOST_DETAILS = 20  # lines of detail per plan; the log holds every change


def _describe(result) -> list[str]:
    """What the import did to one plan: a head line, then what changed, one line each."""
    if result.new:
        counts = ", ".join(_n(len(getattr(result, kind).added), one, many) for kind, one, many in _KINDS
                           if getattr(result, kind).added)
        return [_("new plan: {counts}").format(counts=counts)]
    if not result.changed:
        same = _(": same file as last imported, not read again (--force reads it)") if result.skipped else ""
        counts = [_n(getattr(result, kind).unchanged, one, many) for kind, one, many in _KINDS[:3]]
        return [_("no change ({counts})").format(counts=_(", ").join(counts)) + same]
    done, unchanged, details = [_("plan details changed")] if result.plan_changed else [], [], []
    for kind, one, many in _KINDS:
        c = getattr(result, kind)
        for verb, items in (("renumbered", c.renumbered), ("added", c.added), ("changed", c.changed),
                            ("retired", c.retired)):
            if items:
                done.append(_(_VERBS[verb]).format(things=_n(len(items), one, many)))
        if c.touched and c.unchanged:
            unchanged.append(_n(c.unchanged, one, many))
        name = (lambda code: _("{plan} section {code}").format(plan=result.plan, code=code)) if kind == "sections" else (
            lambda code: f"{result.plan}/{code}")
        details += [_("{name}: renumbered {old} → {new}").format(name=name(new), old=old, new=new)
                    for old, new in c.renumbered]
        details += [_("{name}: added").format(name=name(code)) for code in c.added]
        details += [f"{name(code)}: {c.what_changed.get(code) or _('changed')}" for code in c.changed]
        details += [_("{name}: retired").format(name=name(code)) for code in c.retired]
    head = _("updated: {done}").format(done=_(", ").join(done)) + (
        _("; {counts} unchanged").format(counts=_(", ").join(unchanged)) if unchanged else "")
    if len(details) > MOST_DETAILS:
        more = len(details) - MOST_DETAILS + 1
        details[MOST_DETAILS - 1:] = [_("… {n} more (qtrack log --plan {plan} lists every change)").format(
            n=more, plan=result.plan)]
    return [head] + ["  " + line for line in details]


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Plan files, or folders of them.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and show what would change; write nothing.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Refuse the import on any warning (a new department one edit from a known one).")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Read every file, even one unchanged since the plan was imported from it.")] = False,
    by: ByOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Load or re-load plan files; a folder loads every *.yaml in it.

    Every file is checked first and a bad one is refused whole, with each problem as
    file:line; then all plans are written in one transaction. Progress already recorded is
    kept; a task that left its file is retired (hidden, with its history), never deleted.
    A file byte for byte the one its plan was last imported from is not read again.
    """
    from qtrack import importer
    from qtrack.cli.progress import reading
    from qtrack.errors import PlanFileError
    from qtrack.output import Output, render

    files = plan_files(paths)
    digests = {str(path): importer.digest(path) for path in files}
    # Validate before creating: a refused file must not even leave an empty database behind.
    # Only a database already there can hold the digests that spare reading a file; a file given
    # twice is read, so that the import refuses it as before.
    conn = rehearse_db(db) if dry_run else _existing(db)
    unchanged = ({} if force or conn is None or len(digests) < len(files)
                 else importer.unchanged_files(conn, digests))
    specs, problems = [], []
    with _without_cycle_collection():
        for path in reading([p for p in files if str(p) not in unchanged], fmt):
            from qtrack.planfile import load_plan_file  # PyYAML's import, paid only where a file is read

            try:
                specs.append(load_plan_file(path))
            except PlanFileError as exc:
                problems.extend(exc.problems)
        if problems:
            raise PlanFileError(problems)
        conn = conn or open_db(db, create=True)
        results = importer.import_plans(conn, specs, dry_run=dry_run, strict=strict, by=by, digests=digests,
                                        unchanged=unchanged)
    order = {str(path): i for i, path in enumerate(files)}
    results.sort(key=lambda r: order.get(r.path, len(order)))
    for warning in (w for r in results for w in r.warnings):
        typer.echo(str(warning), err=True)
    summary = [{"plan": r.plan, "path": r.path, "new": r.new, "changed": r.changed, "plan_changed": r.plan_changed,
                **{kind: {"added": c.added, "changed": c.changed, "retired": c.retired, "unchanged": c.unchanged,
                          "renumbered": [{"from": old, "to": new} for old, new in c.renumbered],
                          "what_changed": c.what_changed}
                   for kind, c in (("tasks", r.tasks), ("targets", r.targets), ("duties", r.duties))},
                "warnings": [str(w) for w in r.warnings], "dry_run": dry_run, "skipped": r.skipped}
               for r in results]
    rows = [{"plan": r["plan"], "path": r["path"], "kind": kind, "added": len(r[kind]["added"]),
             "changed": len(r[kind]["changed"]), "retired": len(r[kind]["retired"]),
             "renumbered": len(r[kind]["renumbered"]), "unchanged": r[kind]["unchanged"]}
            for r in summary for kind in ("tasks", "targets", "duties")]
    render(Output(rows, document=summary, view=lambda: _said(results, dry_run)), fmt)


def _said(results, dry_run: bool) -> str:
    """The import as sentences: per plan a head line and what changed, then how to see what it retired;
    a dry run says last that it wrote nothing."""
    lines = []
    for r in results:
        head, *details = _describe(r)
        lines += [f"{r.plan} ({r.path}): {head}", *details]
    if any(r.tasks.retired for r in results):
        lines.append(_("retired tasks keep their history; `qtrack tasks --all` lists them"))
    if dry_run:
        lines.append(_("dry run: nothing written"))
    return "\n".join(lines)


def _existing(db: Path | None):
    """The database, if there is one already (a file, or a server database with qtrack's tables);
    else None, and the import creates it once every file has passed."""
    from qtrack.errors import QtrackError
    from qtrack.store import resolve_path

    where = resolve_path(db)
    if isinstance(where, Path) and not where.exists():
        return None
    try:
        return open_db(db)
    except QtrackError:  # none there yet, or one the import's own opening names the fault of
        return None


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


@app.command("plans")
def plans(limit: LimitOpt = None, db: DbOpt = None, fmt: FormatOpt = "table", as_of: AsOfOpt = None) -> None:
    """The plans, with task counts, the share done and how many are overdue."""
    from qtrack import dates
    from qtrack.store import queries
    from qtrack.cli.listing import context_note
    from qtrack.output import Column, Output, percent, render

    today = dates.today(as_of)
    rows = queries.plans(open_db(db), as_of=today.isoformat())
    size = page_size(limit, fmt)  # a folder of 5,000 plans is a screenful at a time, as tasks are
    render(Output(rows[:size], [
        Column("plan", "计划", no_wrap=True), Column("title", "标题", min_width=16), Column("issued", "印发", no_wrap=True),
        Column("tasks", "任务", "right"), Column("done", "完成", "right"),
        Column("done_share", "完成率", "right", percent), Column("overdue", "逾期", "right"),
    ], title=_("plans as of {date}").format(date=today), empty=_("no plans imported yet (qtrack import PATH)"),
        more=left_out(len(rows), size), note=context_note()), fmt)
