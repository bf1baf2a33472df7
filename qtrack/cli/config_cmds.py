"""Commands about the user's own settings: `config show` (each setting and where it came from) and
`context use / save / none / list` (a default set of filters for every listing)."""

from __future__ import annotations

from typing import Annotated

import typer

from qtrack.i18n import _

from qtrack.cli.options import DbOpt, DeptOpt, FormatOpt, PlanOpt, open_db

app = typer.Typer()
config_app = typer.Typer(name="config", help="The config file: what is in force, and from where.", no_args_is_help=True)
context_app = typer.Typer(name="context", no_args_is_help=True,
                          help="A default --dept / --plan for every listing, until `qtrack context none`.")
app.add_typer(config_app)
app.add_typer(context_app)


@config_app.command("show")
def show(db: DbOpt = None, fmt: FormatOpt = "table") -> None:
    """Every setting in force, and where it came from: a flag, an environment variable, the config
    file (file:line) or the default."""
    from qtrack.config import effective
    from qtrack.output import Column, Output, render

    rows = effective.rows(db)
    render(Output(rows, [Column("key", "设置", no_wrap=True), Column("value", "值", show=_value),
                         Column("source", "来源", no_wrap=True)], title=_("settings in force")), fmt)


@context_app.command("use")
def use(
    name: Annotated[str, typer.Argument(metavar="NAME", help="A saved context, or a department (name, alias, pinyin).")],
    db: DbOpt = None,
) -> None:
    """Make NAME the default filters of every listing: a context saved in the config, or a
    department alone (`qtrack context use 质量司`). `qtrack context use none` clears it."""
    from qtrack import refs
    from qtrack.config import context, contexts

    if name.strip().lower() == context.NONE:
        return none(db)
    saved = contexts()
    conn = open_db(db)
    if name in saved:
        _check_filters(conn, saved[name])
        context.use(name)
        filters = saved[name]
    else:
        dept = refs.department(conn, name)[1]
        filters = {"dept": dept}
        context.use(dept, filters)
        name = dept
    _said(_("context {name}: every listing now takes {filters} unless told otherwise "
            "(qtrack context none to clear)").format(name=name, filters=_shown(filters)))


@context_app.command("save")
def save(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The context's name.")],
    dept: DeptOpt = None,
    plan: PlanOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a saved context of this name.")] = False,
    db: DbOpt = None,
) -> None:
    """Save a set of filters under NAME in the config file (its comments and order kept); then
    `qtrack context use NAME`."""
    from qtrack import refs
    from qtrack.config import config_path, contexts, context
    from qtrack.config.edit import save_context
    from qtrack.errors import QtrackError

    name = name.strip()
    if not name or name.lower() == context.NONE:
        raise QtrackError(_("{name!r} cannot name a context").format(name=name))
    if dept is None and plan is None:
        raise QtrackError(_("a context needs a filter: give --dept, --plan or both"))
    if name in contexts() and not force:
        raise QtrackError(_("context {name!r} is saved already; --force replaces it").format(name=name))
    conn = open_db(db)
    filters = {}
    if dept is not None:
        filters["dept"] = refs.department(conn, dept)[1]
    if plan is not None:
        filters["plan"] = refs.plan_id(conn, plan)
    path = config_path()[0]
    save_context(path, name, filters)
    _said(_("saved context {name} ({filters}) in {path}; `qtrack context use {name}` makes it the default").format(
        name=name, filters=_shown(filters), path=path))


@context_app.command("none")
def none(db: DbOpt = None) -> None:
    """Clear the active context: listings show everything again. (--db is taken, and not needed.)"""
    from qtrack.config import context

    was = context.active_in_state()
    context.clear()
    _said(_("context {name} cleared").format(name=was) if was else _("no context was active"))


@context_app.command("list")
def list_(db: DbOpt = None, fmt: FormatOpt = "table") -> None:
    """The contexts saved in the config, and which one is active. (--db is taken, and not needed.)"""
    from qtrack.config import context, contexts
    from qtrack.output import Column, Output, render

    active = context.active()
    saved = contexts()
    if active and active.name not in saved:
        saved = {active.name: active.filters, **saved}
    rows = [{"name": n, "active": bool(active and active.name == n), "dept": f.get("dept"), "plan": f.get("plan")}
            for n, f in saved.items()]
    render(Output(rows, [Column("active", "", show=lambda v, r: "*" if v else ""), Column("name", "名称"),
                         Column("dept", "部门"), Column("plan", "计划")],
                  title=_("contexts"), empty=_("no contexts saved (qtrack context save NAME --dept …)")), fmt)


def _value(value, row: dict) -> str:
    return "、".join(value) if isinstance(value, list) else "" if value is None else str(value)


def _check_filters(conn, filters: dict) -> None:
    """A saved context's filters still name what the database holds (a department renamed, a plan gone)."""
    from qtrack import refs

    if "dept" in filters:
        refs.department(conn, filters["dept"])
    if "plan" in filters:
        refs.plan_id(conn, filters["plan"])


def _shown(filters: dict) -> str:
    return " ".join(f"--{k} {v}" for k, v in filters.items())


def _said(message: str) -> None:
    from qtrack.output import console

    console().print(message, soft_wrap=True)
    import os

    if os.environ.get("QTRACK_CONTEXT", "").strip():
        typer.echo(_("note: QTRACK_CONTEXT is set in this shell, and it beats the context chosen here"), err=True)
