"""The `qtrack` command line: one Typer app, commands joined from a module per group.

Modules here import only Typer at the top; each command imports the database, YAML and Rich
code it needs inside itself, so `qtrack --help` stays close to a bare Typer app's start-up.
Every QtrackError is turned into `error: …` on stderr and exit 1 in _Group.invoke, the one place;
every usage error (an unknown option, a bad value) into `error: …` and exit 2 in _Group.main.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Annotated, Optional

import typer
from typer._click.exceptions import NoArgsIsHelpError, NoSuchOption, UsageError
from typer.core import TyperGroup

from qtrack.errors import PlanFileError, QtrackError
from qtrack.i18n import _, ngettext, os_reason

USAGE = 2  # the exit status of a command line that could not be understood, as click and getopt give


def _fail(message: str) -> None:
    prefix = _("error: ")
    for line in message.splitlines() or [""]:
        typer.echo(line if line.startswith(("error: ", prefix)) else prefix + line, err=True)


def _not_utf8(args: list[str]) -> str | None:
    """Why an argument cannot be taken, when a terminal set to GBK (or a script) gave bytes that
    are not UTF-8: Python carries them as lone surrogates, which no output could write."""
    for n, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raw = os.fsencode(arg)
            try:
                hint = _(" (it reads as GBK: {text}); set the terminal to UTF-8").format(text=raw.decode("gb18030"))
            except UnicodeDecodeError:
                hint = _("; give UTF-8 text")
            return _("argument {n} ({raw}) is not UTF-8").format(n=n, raw=str(raw)[2:-1]) + hint
    return None


def _usage(exc: UsageError) -> str:
    """A usage error as one line, naming the command and where its help is."""
    from qtrack.cli import speech

    message = speech.usage_error(exc.format_message().rstrip("."))
    command = "".join(f"{name} " for name in exc.ctx.command_path.split(" ")[1:]) if exc.ctx else ""
    if isinstance(exc, NoSuchOption) and exc.option_name.lstrip("-").replace(".", "", 1).isdigit():
        message += _("; a negative number goes after --, as in: qtrack {command}… -- {option}").format(
            command=command, option=exc.option_name)
    return message + _(" (see qtrack {command}--help)").format(command=command)


def _silence_stdout() -> None:
    """The reader of our output (head, less) went away: not an error of ours. Point stdout at
    /dev/null so that the flush at exit cannot fail a second time."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # a test runner's capture has no descriptor
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115


class _Group(TyperGroup):
    """Turns the failures a user can fix into one readable line each, never a traceback."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from qtrack.cli import common, speech

        speech.localise(self)
        for command in self.commands.values():
            common.add_to(command)

    def list_commands(self, ctx):  # the order of the tour, not the alphabet
        return list(self.commands)

    def format_help(self, ctx, formatter):
        from qtrack.cli import common

        common.plain_help(self)  # here, not in __init__: Typer adds the completion options after it
        super().format_help(ctx, formatter)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from qtrack.cli import common

        common.reset()
        args = list(sys.argv[1:] if args is None else args)
        wrong = _not_utf8(args)
        if wrong:
            _fail(wrong)
            sys.exit(USAGE)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:  # bare `qtrack`: the help, as a usage error
            exc.show()
            sys.exit(USAGE)
        except UsageError as exc:
            _fail(_usage(exc))
            sys.exit(USAGE)
        except typer.Abort:
            _fail(_("aborted"))
            sys.exit(1)
        sys.exit(code or 0)

    def invoke(self, ctx):
        from qtrack.cli.options import close_all

        try:
            try:
                with _loudness():
                    return super().invoke(ctx)
            finally:
                close_all()
        except PlanFileError as exc:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            files = len({p.path for p in exc.problems})
            problems = ngettext("{n} problem", "{n} problems", len(exc.problems)).format(n=len(exc.problems))
            _fail(_("refused: {problems} in {files}; nothing was written").format(
                problems=problems, files=ngettext("{n} file", "{n} files", files).format(n=files)))
        except QtrackError as exc:
            _fail(str(exc))
        except BrokenPipeError:
            _silence_stdout()
            return None  # exit 0: the reader took what it wanted
        except OSError as exc:  # a path the system refuses (too long, not permitted, …): the user's to fix
            name = str(exc.filename) if exc.filename is not None else ""
            name = name if len(name) <= 120 else name[:100] + "…"
            _fail(f"{name}: {os_reason(exc)}" if name else str(os_reason(exc)))
        except (typer.TyperException, typer.Exit, typer.Abort, KeyboardInterrupt):
            raise  # a mistyped option: a usage error, turned into one line by main()
        except Exception as exc:
            if os.environ.get("QTRACK_DEBUG"):
                raise
            _fail(_("unexpected {kind}: {error} (set QTRACK_DEBUG=1 for the traceback)").format(
                kind=type(exc).__name__, error=exc))
        raise typer.Exit(1)


@contextlib.contextmanager
def _loudness():
    """Whatever --quiet did to stdout and stderr (qtrack/cli/common.py) is undone when the command
    ends, before the errors are printed; -v: the time the command took, last."""
    import time

    from qtrack import diagnostics

    started = time.perf_counter()
    saved = sys.stdout, sys.stderr
    try:
        yield
    finally:
        if sys.stdout is not saved[0]:
            sys.stdout.close()
        sys.stdout, sys.stderr = saved
    diagnostics.say(_("done in {seconds:.3f} s").format(seconds=time.perf_counter() - started))


# The command modules, each importing only Typer at the top, in the order of the README's tour:
# the core tracker, what the office hands on, the record itself, drafting.
_MODULES = ("plan_cmds", "task_cmds", "report_cmds", "target_cmds", "export_cmds", "score_cmds", "store_cmds",
            "chase_cmds", "draft_cmds", "workflow_cmds", "config_cmds")
# The module of each command. `qtrack NAME …` imports that module and builds that command alone:
# Typer turns every option of every command it is given into a click parameter on every run,
# which cost more than a query. `--help` and `--version` get the root alone (_Listed); any other
# first word (completion, a typo) the whole app. A test keeps this list in step with the commands.
_HOME = {"import": "plan_cmds", "plans": "plan_cmds", "tasks": "task_cmds", "show": "task_cmds",
         "update": "task_cmds", "status": "report_cmds", "overdue": "report_cmds", "depts": "report_cmds",
         "targets": "target_cmds", "measure": "target_cmds", "export": "export_cmds",
         "import-progress": "export_cmds", "report": "export_cmds", "restore": "export_cmds",
         "log": "store_cmds", "backup": "store_cmds", "check": "store_cmds", "draft": "draft_cmds",
         "score": "score_cmds", "config": "config_cmds", "context": "config_cmds",
         "chase": "chase_cmds"}
_HOME.update(dict.fromkeys(("ack", "decline", "assign", "extend", "approve", "reject", "requests", "close", "reopen"),
                           "workflow_cmds"))
_MODULES += ("evidence_cmds",)  # evidence and the office's inbox
_HOME.update({"evidence": "evidence_cmds", "add": "evidence_cmds"})


class _Listed(_Group):
    """The root alone, for `qtrack --help` and `--version`: its commands are stand-ins carrying only
    what the root's help lists of them. Building every command's click parameters and common
    options cost more than drawing the help."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commands.update(_stand_ins())


def _stand_ins():
    """Each command's name and help, as Typer's get_command_from_info and get_group_from_info give them."""
    import importlib
    import inspect

    from typer.core import TyperCommand
    from typer.main import get_command_name, solve_typer_info_defaults

    for module in _MODULES:
        sub = importlib.import_module(f"qtrack.cli.{module}").app
        for c in sub.registered_commands:
            name = c.name or get_command_name(c.callback.__name__)
            shown = inspect.getdoc(c.callback) if c.help is None else inspect.cleandoc(c.help)
            yield name, TyperCommand(name=name, help=shown, short_help=c.short_help, hidden=c.hidden,
                                     deprecated=c.deprecated, rich_help_panel=c.rich_help_panel)
        for g in map(solve_typer_info_defaults, sub.registered_groups):
            yield g.name, TyperGroup(name=g.name, help=g.help, short_help=g.short_help, hidden=g.hidden,
                                     deprecated=g.deprecated, rich_help_panel=g.rich_help_panel)


def _build(modules: tuple[str, ...], word: str | None = None, cls: type[_Group] = _Group) -> typer.Typer:
    """The app of `modules`' commands; given the command word, of that command alone (_HOME)."""
    import importlib

    built = typer.Typer(
        cls=cls,
        help="Track the carrying-out of policy documents: plans, tasks, departments, deadlines.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback(invoke_without_command=True)(_root)
    for module in modules:
        sub = importlib.import_module(f"qtrack.cli.{module}").app
        built.add_typer(sub if word is None else _alone(sub, word))
    return built


def _alone(sub: typer.Typer, word: str) -> typer.Typer:
    """A Typer holding only the command (or group) of `sub` named `word`."""
    from typer.main import get_command_name, solve_typer_info_defaults

    alone = typer.Typer()
    alone.registered_commands = [c for c in sub.registered_commands
                                 if (c.name or get_command_name(c.callback.__name__)) == word]
    alone.registered_groups = [g for g in sub.registered_groups if solve_typer_info_defaults(g).name == word]
    return alone


def _lang(value: Optional[str]) -> None:
    from qtrack.cli import common

    common.set_lang(value)


def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", help="Show qtrack's version, and the schema of the database (--db, else the default one).")] = False,
    db: Annotated[Optional[str], typer.Option("--db", metavar="PATH", hidden=True)] = None,  # a str: a URL's // kept
    config_path: Annotated[Optional[str], typer.Option(
        "--config", metavar="FILE", show_default=False,
        help="The config file \\[default: $QTRACK_CONFIG, else config.toml in your user config directory].")] = None,
    lang: Annotated[Optional[str], typer.Option(  # here too, so that `qtrack --lang en overdue` reads as it looks
        "--lang", metavar="zh|en", callback=_lang, is_eager=True, expose_value=False, show_default=False,
        help="Language \\[default: $QTRACK_LANG, the config's lang, else the locale].")] = None,
) -> None:
    if config_path:
        from qtrack import config

        config.flags["config"] = config_path
        from qtrack import i18n

        i18n.reset()
    if version:
        from qtrack import __version__, upkeep
        from qtrack.store import resolve_path

        path = resolve_path(db)
        typer.echo(f"qtrack {__version__}\n{upkeep.describe_schema(path)}")
        raise typer.Exit()
    if db is not None:
        raise typer.BadParameter(_("goes after the command: qtrack COMMAND --db PATH"), param_hint="'--db'")
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(USAGE)


def __getattr__(name: str):
    """`app`, the whole command line, is built when first asked for (tests, completion, help)."""
    if name == "app":
        globals()["app"] = _build(_MODULES)
        return globals()["app"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_ROOT_OPTIONS = ("--lang", "--config")  # what may come before the command word, each with its value
_AT_THE_ROOT = ("--help", "-h", "--version")  # answered by the root itself, whatever follows (_Listed)


def _command_word() -> str | None:
    """The command named: the first argument after the root's options, or, when the shell asks
    for a completion, the command word of the line being completed once it is whole (then only
    its module is built)."""
    args = sys.argv[1:]
    while args and args[0].split("=")[0] in _ROOT_OPTIONS:
        args = args[2:] if "=" not in args[0] else args[1:]
    if len(sys.argv) > 1:
        return args[0] if args else None
    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    words = line.split()
    return words[1] if len(words) > 2 or (len(words) == 2 and line.endswith(" ")) else None


def main() -> None:
    word = _command_word() or ""
    home = _HOME.get(word)
    if home:
        app = _build((home,), word)
    else:
        app = _build((), cls=_Listed) if word in _AT_THE_ROOT else __getattr__("app")
    try:
        app(prog_name="qtrack")
    finally:
        try:
            sys.stdout.flush()  # here, not at exit: a reader gone by now is no error either
        except BrokenPipeError:
            _silence_stdout()
