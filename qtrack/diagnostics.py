"""How loud a command is: --quiet (only errors) and -v (diagnostics on stderr: which config file,
where each setting came from, which database, how long it took). Set by the options every command
takes (qtrack/cli/common.py); anything may call say()."""

from __future__ import annotations

import sys

level = {"verbose": False, "quiet": False}


def say(message: str) -> None:
    """A diagnostic line on stderr, shown with -v only."""
    if level["verbose"]:
        print(f"qtrack: {message}", file=sys.stderr)
