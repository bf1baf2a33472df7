"""Settings, resolved in one place: a flag beats an environment variable, which beats the config
file, which beats the default. Every command asks `resolve(name, flag)` for --db, --by,
--warn-days, --tolerance and the language, and gets the value with where it came from.

    config/keys.py       what a config file may hold (types, environment variables, defaults)
    config/file.py       finding config.toml, reading it (tomllib) with each key's line
    config/check.py      the file checked key by key: the first wrong one as file:line
    config/state.py      the small state file beside it: the active context, the bulletin's 期号
    config/context.py    the active context (`qtrack context use`), the filters listings default to
    config/edit.py       `context save`: one table of the file rewritten, comments kept, atomically
    config/letterhead.py the bulletin's 机关名称, 期号, 签发人, 抄送
    config/effective.py  `qtrack config show`'s rows

The file is read once per command, and only when it exists; a wrong key or value stops every
command that reads it, as `file:line: …`. The options every command takes (--config, --lang,
--quiet, -v: qtrack/cli/common.py) are put in `flags` while the command line is parsed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from qtrack.config.keys import BULLETIN, CONTEXT, SETTINGS, TABLES, from_env
from qtrack.i18n import _

flags: dict[str, Any] = {}  # --config and --lang, as given on this command line
_read: dict[str, Any] = {}  # the config file of this command, once read


class Setting(NamedTuple):
    value: Any
    source: str  # flag --db, env QTRACK_DB, /home/me/.config/qtrack/config.toml:3, locale LANG, default


def reset() -> None:
    """Forget the flags and the file read (a new command line, in the same process under test)."""
    flags.clear()
    _read.clear()


def config_path() -> tuple[Path, str]:
    from qtrack.config.file import chosen_path

    return chosen_path(flags.get("config"))


def config_file():
    """The config file, read and checked (a ConfigFile), or None when the default one is absent.
    A file named by --config or $QTRACK_CONFIG must exist."""
    if "file" not in _read:
        from qtrack import diagnostics
        from qtrack.errors import QtrackError

        path, why = config_path()
        if not path.exists() and why == "default":
            diagnostics.say(f"config: none at {path}")
            _read["file"] = None
        elif not path.is_file():
            raise QtrackError(_("{path}: no such config file (from {why})").format(path=path, why=why))
        else:
            from qtrack.config.check import checked

            _read["file"] = checked(path)
            diagnostics.say(f"config: {path} ({why})")
    return _read["file"]


def resolve(name: str, flag: Any = None) -> Setting:
    """The value of setting `name`: the flag when given, else its environment variable, else the
    config file, else the default."""
    found = _resolve(name, flag)
    from qtrack import diagnostics

    diagnostics.say(f"{name} = {found.value!r} ({found.source})")
    return found


def _resolve(name: str, flag: Any) -> Setting:
    key = SETTINGS[name]
    if flag is not None:
        return Setting(flag, f"flag --{name.replace('_', '-')}")
    if key.env and os.environ.get(key.env):
        return Setting(from_env(name, key, os.environ[key.env]), f"env {key.env}")
    cfg = config_file()
    if cfg is not None and name in cfg.values:
        value = cfg.values[name]
        if name == "db" and "://" not in value:  # a file named in the config is relative to the config's folder
            value = str(cfg.path.parent / Path(value).expanduser())
        return Setting(value, cfg.where(name))
    if name == "lang":
        return _locale_lang()
    return Setting(key.default, "default")


def lang() -> Setting:
    """The interface language: --lang, $QTRACK_LANG, the config, the locale, else Chinese.
    A message about the config file (or $QTRACK_LANG) itself is worded while the language is
    being resolved: it takes the locale's, rather than reading the faulty setting again."""
    if _read.get("resolving_lang"):
        return _locale_lang()
    _read["resolving_lang"] = True
    try:
        return resolve("lang", flags.get("lang"))
    finally:
        _read.pop("resolving_lang", None)


def _locale_lang() -> Setting:
    """zh_* is Chinese, any other named language English. A locale that names no language (unset,
    C, POSIX, C.UTF-8: a server's, a container's, cron's) is Chinese: qtrack's users are Chinese
    offices, and its tables are Chinese whatever the interface."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            named = value.split(".")[0].split("@")[0]
            if named in ("C", "POSIX"):
                return Setting("zh", f"locale {var}={value} (no language named)")
            return Setting("zh" if value.lower().startswith("zh") else "en", f"locale {var}={value}")
    return Setting("zh", "default (no locale set)")


def bulletin() -> dict[str, Setting]:
    """The bulletin's letterhead: [bulletin] of the file, the agency falling back to `office`."""
    cfg = config_file()
    table = (cfg.values.get("bulletin") if cfg else None) or {}
    out = {name: Setting(table[name], cfg.where("bulletin", name)) if name in table else Setting(key.default, "default")
           for name, key in BULLETIN.items()}
    if "agency" not in table:
        office = resolve("office")
        if office.value:
            out["agency"] = office
    return out


def contexts() -> dict[str, dict]:
    """The named contexts of the config file: name → its filters."""
    cfg = config_file()
    return dict((cfg.values.get("contexts") if cfg else None) or {})


__all__ = ["BULLETIN", "CONTEXT", "SETTINGS", "TABLES", "Setting", "bulletin", "config_file", "contexts", "lang",
           "reset", "resolve"]
