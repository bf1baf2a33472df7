"""The options every command takes, added to each command as the app is built (_Group): --config,
--lang, --quiet and -v. They are eager, so they are in force before any other option is read, and
set state rather than reach the command's function: qtrack/config's flags, qtrack/diagnostics."""

from __future__ import annotations

import functools
import os
import sys
from typing import Annotated, Optional

import typer

from qtrack import config, diagnostics, i18n
from qtrack.i18n import _


def _config(value: Optional[str]) -> None:
    if value is not None:
        config.flags["config"] = value
        i18n.reset()  # the file named may set lang


def set_lang(value: Optional[str]) -> None:
    if value is not None:
        if value not in config.keys.LANGS:
            raise typer.BadParameter(_("{value!r}: use {choices}").format(
                value=value, choices=_(" or ").join(config.keys.LANGS)))
        config.flags["lang"] = value
        i18n.reset()


def _level(name: str):
    def set_level(ctx: typer.Context, value: bool) -> None:
        if value:
            diagnostics.level[name] = True
            if diagnostics.level["quiet"] and diagnostics.level["verbose"]:
                raise typer.BadParameter(_("--quiet and -v ask for opposite things; give one"))
            if name == "quiet":  # what the command prints goes nowhere; the app restores both when it ends
                sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    return set_level


def _options(
    config_path: Annotated[Optional[str], typer.Option(
        "--config", metavar="FILE", callback=_config, is_eager=True, expose_value=False, show_default=False,
        help="The config file \\[default: $QTRACK_CONFIG, else config.toml in your user config directory].")] = None,
    lang: Annotated[Optional[str], typer.Option(
        "--lang", metavar="zh|en", callback=set_lang, is_eager=True, expose_value=False, show_default=False,
        help="Language \\[default: $QTRACK_LANG, the config's lang, else the locale].")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", callback=_level("quiet"), is_eager=True, expose_value=False,
        help="Print nothing but errors (for cron); the exit status still tells.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", callback=_level("verbose"), is_eager=True, expose_value=False,
        help="Diagnostics on stderr: the config file, where each setting came from, the database, the time taken.")] = False,
) -> None:
    """(a holder of the options' declarations)"""


def params() -> list:
    """The click parameters of the common options, built fresh for one command."""
    import typer.main

    holder = typer.Typer(add_completion=False)
    holder.command()(_options)
    return typer.main.get_command(holder).params


def add_to(command) -> None:
    """Give `command` (and each command of a group) the common options."""
    from qtrack.cli import speech

    speech.localise(command)
    subcommands = getattr(command, "commands", None)
    if subcommands is not None:
        for sub in subcommands.values():
            add_to(sub)
        return plain_help(command)
    command.params.extend(params())
    command.callback = _reading_config(command.callback)
    for param in command.params:
        if param.name == "dept":
            param.shell_complete = _departments
    plain_help(command)


def plain_help(command) -> None:
    """Typer 0.29 names Python's types in the help (`--quiet <bool>`, `REF <str>`, `{PATH...}...`): a
    flag and an argument show no type (the argument's name says it), a text option TEXT, a number N."""
    for param in command.params:
        _plain(param)
    if not hasattr(command, "plain_help"):
        made = command.get_help_option  # the help option is made anew for each context
        command.get_help_option = command.plain_help = lambda ctx: _plain(made(ctx))


def _plain(param):
    if param is None:
        return param
    if param.param_type_name == "argument":  # (an instance's own methods: harmless if Typer renames them)
        name = param.metavar or param.name.upper() + ("..." if param.nargs != 1 else "")
        param.display_type_rich = lambda ctx: None
        param._usage_display_name = lambda: name if param.required else f"[{name}]"
    elif param.metavar is None:
        param.metavar = "" if param.is_flag else {str: "TEXT", int: "N"}.get(param.type_descriptor.annotation)
    return param


def _departments(ctx, incomplete: str) -> list:
    """--dept's completion, unfiltered: Typer's `autocompletion` keeps only values that start with
    what was typed, and `zl` is to complete to 质量司."""
    from typer._click.shell_completion import CompletionItem

    from qtrack.cli import complete

    return [CompletionItem(name) for name in complete.departments(ctx, incomplete)]


def _reading_config(callback):
    """Every command reads the config file before it starts (after its options: --config is one),
    so that a wrong key stops each of them alike, as file:line."""
    @functools.wraps(callback)
    def run(*args, **kwargs):
        config.config_file()
        return callback(*args, **kwargs)
    return run


def reset() -> None:
    """A new command line: no flag given yet (a test runs many in one process)."""
    from qtrack.config import context

    config.reset()
    i18n.reset()
    context.applied.clear()
    diagnostics.level.update(verbose=False, quiet=False)
