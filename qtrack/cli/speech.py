"""The command line's own words in the interface's language, translated where they are shown:

- help: a command's docstring and its options' help stay the English literals of the code (the
  catalogue's ids); `localise(command)` has them translated each time a help is rendered, with
  Typer's headings (Usage, Options, Arguments, Commands, [default: …]);
- usage errors: Click and Typer build their sentences in English with the values inside, so
  `usage_error(text)` reads the sentence back by its pattern and says it again from the catalogue.

Both run in the language of the command line being served (qtrack/i18n.py), so one process can
answer in Chinese, then in English (the tests do).
"""

from __future__ import annotations

import contextlib
import functools
import re

from qtrack.i18n import _

# Typer's headings, its module constants (typer/rich_utils.py), as English ids.
_HEADINGS = {"ARGUMENTS_PANEL_TITLE": "Arguments", "OPTIONS_PANEL_TITLE": "Options",
             "COMMANDS_PANEL_TITLE": "Commands", "DEFAULT_STRING": "[default: {}]",
             "ENVVAR_STRING": "[env var: {}]", "REQUIRED_LONG_STRING": "[required]",
             "DEPRECATED_STRING": "(deprecated) "}


def localise(command) -> None:
    """Have `command` (a click command or group) render its help in the interface's language."""
    if getattr(command, "_qtrack_localised", False):
        return
    command._qtrack_localised = True
    command.format_help = functools.partial(_format_help, command.format_help, command)
    _usage_prefix()


def _format_help(format_help, command, ctx, formatter) -> None:
    from typer import rich_utils

    for name, english in _HEADINGS.items():
        setattr(rich_utils, name, _(english))
    with _translated([command, *_subcommands(command), *command.get_params(ctx)]), _folding(rich_utils):
        return format_help(ctx, formatter)


@contextlib.contextmanager
def _folding(rich_utils):
    """Rich breaks lines at spaces, and cuts a longer run short with "…": a Chinese sentence has
    no spaces, so its help texts are folded at the cell width instead, as Chinese may be."""
    make = rich_utils._make_rich_text

    def folded(*args, **kwargs):
        text = make(*args, **kwargs)
        if getattr(text, "overflow", "") is None or getattr(text, "overflow", None) == "ellipsis":
            text.overflow = "fold"
        return text

    rich_utils._make_rich_text = folded
    try:
        yield
    finally:
        rich_utils._make_rich_text = make


def _subcommands(command) -> list:
    return list(getattr(command, "commands", {}).values())


@contextlib.contextmanager
def _translated(objects: list):
    """Each object's help (and short help, epilog) translated while the help is drawn, then the
    English ids put back: the next command line may want the other language."""
    saved = []
    for obj in objects:
        for attr in ("help", "short_help", "epilog"):
            text = getattr(obj, attr, None)
            if isinstance(text, str) and text:
                saved.append((obj, attr, text))
                setattr(obj, attr, _(text))
    try:
        yield
    finally:
        for obj, attr, text in saved:
            setattr(obj, attr, text)


@functools.cache
def _usage_prefix() -> None:
    """Click writes "Usage: " itself, in English: have it ask the catalogue, each time."""
    from typer._click.formatting import HelpFormatter

    write_usage = HelpFormatter.write_usage

    def translated(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    HelpFormatter.write_usage = translated


# Click's and Typer's usage errors, as they word them, each with the catalogue's template that
# says it again; the named groups are the values put back. Tried in order; the first match wins.
# Compiled (by re, which keeps them) only when a usage error is said: every command line imports this.
_PATTERNS = (
    (r"No such option: (?P<option>\S+) \(Possible options: (?P<options>.*)\)$",
     "No such option: {option} (possible options: {options})"),
    (r"No such option: (?P<option>\S+) Did you mean (?P<options>.*)\?$",
     "No such option: {option} (possible options: {options})"),
    (r"No such option: (?P<option>\S+)$", "No such option: {option}"),
    (r"No such command (?P<name>'.*')\.?$", "No such command {name}"),
    (r"Missing command\.?$", "Missing command"),
    (r"Missing argument (?P<name>'[^']*')\.?$", "Missing argument {name}"),
    (r"Missing option (?P<name>'[^']*'(?: / '[^']*')*)\.?$", "Missing option {name}"),
    (r"Missing parameter: (?P<name>\S+)$", "Missing parameter: {name}"),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)$", "Got unexpected extra arguments ({args})"),
    (r"Option (?P<option>'[^']*') does not take a value\.?$", "Option {option} does not take a value"),
    (r"Option (?P<option>'[^']*') requires an argument\.?$", "Option {option} requires an argument"),
    (r"Option (?P<option>'[^']*') requires (?P<n>\d+) arguments\.?$", "Option {option} requires {n} arguments"),
    (r"Argument (?P<name>'[^']*') takes (?P<n>\d+) values\.?$", "Argument {name} takes {n} values"),
    (r"Invalid value for (?P<option>.+?): (?P<why>.*)$", "Invalid value for {option}: {why}"),
    (r"Invalid value: (?P<why>.*)$", "Invalid value: {why}"),
)


# Reasons Typer's validator (pydantic) gives inside "Invalid value", as it words them.
_REASONS = ("Input should be a valid integer, unable to parse string as an integer",
            "Input should be a valid number, unable to parse string as a number",
            "Input should be a valid integer, got a number with a fractional part")


def usage_error(text: str) -> str:
    """A usage error's sentence in the interface's language. The reason inside "Invalid value"
    is qtrack's own (already translated) or a validator's, looked up whole."""
    for pattern, template in _PATTERNS:
        found = re.match(pattern, text)
        if found:
            values = found.groupdict()
            if "why" in values:
                values["why"] = _(values["why"].rstrip("."))
            return _(template).format(**values)
    return _(text)
