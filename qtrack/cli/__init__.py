"""The `qtrack` command line: one Typer app, commands joined from a module per group.

Modules here import only Typer at the top; each command imports the database, YAML and Rich
code it needs inside itself, so `qtrack --help` stays close to a bare Typer app's start-up.
Every QtrackError is turned into `error: …` on stderr and exit 1 in _Group.invoke, the one place.
"""

from __future__ import annotations

import os
import sys

import typer
from typer.core import TyperGroup

from qtrack.errors import PlanFileError, QtrackError


def _fail(message: str) -> None:
    for line in message.splitlines() or [""]:
        typer.echo(line if line.startswith("error: ") else f"error: {line}", err=True)


class _Group(TyperGroup):
    """Turns the failures a user can fix into one readable line each, never a traceback."""

    def list_commands(self, ctx):  # the order of the tour, not the alphabet
        return list(self.commands)

    def invoke(self, ctx):
        from qtrack.cli.options import close_all

        try:
            try:
                return super().invoke(ctx)
            finally:
                close_all()
        except PlanFileError as exc:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            files = len({p.path for p in exc.problems})
            _fail(f"refused: {len(exc.problems)} problem{'s' * (len(exc.problems) > 1)} in "
                  f"{files} file{'s' * (files > 1)}; nothing was written")
        except QtrackError as exc:
            _fail(str(exc))
        except BrokenPipeError:
            # The reader (head, less) went away: not an error of ours. Silence the flush at exit.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except (typer.TyperException, typer.Exit, typer.Abort, KeyboardInterrupt):
            raise  # a mistyped command or option: click prints usage and the error, exit 2
        except Exception as exc:
            if os.environ.get("QTRACK_DEBUG"):
                raise
            _fail(f"unexpected {type(exc).__name__}: {exc} (set QTRACK_DEBUG=1 for the traceback)")
        raise typer.Exit(1)


# The command modules, each importing only Typer at the top, in the order of the README's tour:
# the core tracker, what the office hands on, the record itself, drafting.
_MODULES = ("plan_cmds", "task_cmds", "report_cmds", "target_cmds", "export_cmds", "store_cmds", "draft_cmds")
# The module of each command. `qtrack NAME …` imports and builds that module alone: Typer turns
# every option of every command it is given into a click parameter on every run, which cost
# more than a query. Any other first word (help, completion, a typo) gets the whole app. A test
# keeps this list in step with the commands.
_HOME = {"import": "plan_cmds", "plans": "plan_cmds", "tasks": "task_cmds", "show": "task_cmds",
         "update": "task_cmds", "status": "report_cmds", "overdue": "report_cmds", "depts": "report_cmds",
         "targets": "target_cmds", "measure": "target_cmds", "export": "export_cmds",
         "import-progress": "export_cmds", "report": "export_cmds", "restore": "export_cmds",
         "log": "store_cmds", "backup": "store_cmds", "check": "store_cmds", "draft": "draft_cmds"}


def _build(modules: tuple[str, ...]) -> typer.Typer:
    import importlib

    built = typer.Typer(
        cls=_Group,
        help="Track the carrying-out of policy documents: plans, tasks, departments, deadlines.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    for module in modules:
        built.add_typer(importlib.import_module(f"qtrack.cli.{module}").app)
    return built


def __getattr__(name: str):
    """`app`, the whole command line, is built when first asked for (tests, completion, help)."""
    if name == "app":
        globals()["app"] = _build(_MODULES)
        return globals()["app"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    home = _HOME.get(sys.argv[1]) if len(sys.argv) > 1 else None
    (_build((home,)) if home else __getattr__("app"))(prog_name="qtrack")
