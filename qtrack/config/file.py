"""The config file (config.toml): found, read with tomllib and checked key by key, with the line of
every key so that a wrong one is reported as `file:line: …`.

tomllib gives values, not positions; `key_lines` reads the lines itself (table headers and
`key =` lines, outside multi-line strings) to know where each key was written. Only tomllib is
imported, and only when there is a file to read: a command run without a config pays nothing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from qtrack.errors import Problem, QtrackError
from qtrack.i18n import _

_BARE = r"[A-Za-z0-9_-]+"
_PART = rf'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|{_BARE})'
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_PARTS = re.compile(_PART)


class ConfigError(QtrackError):
    """A config file qtrack cannot take: one line, `file:line: what is wrong`."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class ConfigFile(NamedTuple):
    path: Path
    values: dict  # as tomllib read them
    lines: dict[tuple[str, ...], int]  # each key's dotted path → the line it is written on

    def line(self, *path: str) -> int:
        """The line `path` (or the nearest table holding it) was written on; 0 when unknown."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 0)

    def where(self, *path: str) -> str:
        line = self.line(*path)
        return f"{self.path}:{line}" if line else str(self.path)


def split_key(dotted: str) -> tuple[str, ...]:
    """`contexts."质量司".dept` → ('contexts', '质量司', 'dept')."""
    parts = []
    for part in _PARTS.findall(dotted):
        if part[0] == '"' and "\\" in part:  # escapes, as TOML reads them
            import tomllib

            part = tomllib.loads(f"k = {part}")["k"]
        elif part[0] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Where each table and key is written, by its dotted path (first occurrence)."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    open_quote = None
    for number, line in enumerate(text.splitlines(), start=1):
        if open_quote:  # inside a multi-line string: only its end matters
            if line.count(open_quote) % 2:
                open_quote = None
            continue
        header = _HEADER.match(line)
        if header:
            table = split_key(header.group(1))
            found.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            found.setdefault(table + split_key(key.group(1)), number)
            rest = line[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2:
                    open_quote = quote
    return found


def read(path: Path) -> ConfigFile:
    """The file parsed; a syntax error as `file:line: …`. The caller checks the keys."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(Problem(str(path), 0, _("not UTF-8 text (byte {start})").format(
                                                    start=exc.start))) from None
    except OSError as exc:
        raise ConfigError(Problem(str(path), 0, exc.strerror or str(exc))) from None
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)$", message)
        line = int(match.group(1)) if match else 0
        message = message[:match.start()].strip() if match else message
        raise ConfigError(Problem(str(path), line, _("not TOML: {message}").format(message=message))) from None
    return ConfigFile(path, values, key_lines(text))


def default_path() -> Path:
    """config.toml in the per-user config directory (platformdirs: $XDG_CONFIG_HOME/qtrack on Linux)."""
    import platformdirs

    return platformdirs.user_config_path("qtrack", appauthor=False) / "config.toml"


def chosen_path(flag: str | None) -> tuple[Path, str]:
    """The config file to read and why: --config, else $QTRACK_CONFIG, else the default."""
    if flag:
        return Path(flag).expanduser(), "flag --config"
    if os.environ.get("QTRACK_CONFIG"):
        return Path(os.environ["QTRACK_CONFIG"]).expanduser(), "env QTRACK_CONFIG"
    return default_path(), "default"


def check_value(cfg: ConfigFile, path: tuple[str, ...], value: Any, kind) -> Any:
    """`value` as `kind` asks (a Kind of qtrack/config/keys.py), or a ConfigError at its line."""
    why = kind.wrong(value)
    if why:
        raise ConfigError(Problem(str(cfg.path), cfg.line(*path), f"{'.'.join(path)}: {why}"))
    return value
