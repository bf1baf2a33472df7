"""A config file checked against qtrack/config/keys.py: the first unknown key or wrong value is
one ConfigError, `file:line: …`, so that a typo never silently leaves a default in force."""

from __future__ import annotations

from pathlib import Path

from qtrack.config.file import ConfigError, ConfigFile, check_value, read
from qtrack.config.keys import CONTEXT, SETTINGS, TABLES
from qtrack.errors import Problem
from qtrack.i18n import _


def checked(path: Path) -> ConfigFile:
    cfg = read(path)
    for name, value in cfg.values.items():
        if name in SETTINGS:
            check_value(cfg, (name,), value, SETTINGS[name].kind)
        elif name in TABLES:
            _table(cfg, (name,), value, TABLES[name])
        elif name == "contexts":
            _contexts(cfg, value)
        else:
            _unknown(cfg, (name,), [*SETTINGS, *TABLES, "contexts"])
    return cfg


def _table(cfg: ConfigFile, path: tuple[str, ...], value, keys: dict) -> None:
    if not isinstance(value, dict):
        _fail(cfg, path, _("must be a table ([{path}]), not a single value").format(
                             path='.'.join(path)))
    for name, item in value.items():
        if name not in keys:
            _unknown(cfg, (*path, name), list(keys))
        check_value(cfg, (*path, name), item, keys[name].kind)


def _contexts(cfg: ConfigFile, value) -> None:
    if not isinstance(value, dict):
        _fail(cfg, ("contexts",), _('must hold tables, e.g. [contexts."质量司"]'))
    for name, filters in value.items():
        if not name.strip() or name.strip().lower() == "none":
            _fail(cfg, ("contexts", name), _("{name!r} cannot name a context").format(name=name))
        _table(cfg, ("contexts", name), filters, CONTEXT)
        if not filters:
            _fail(cfg, ("contexts", name), _("context {name!r} sets no filter; give dept or plan").format(
                                               name=name))


def _unknown(cfg: ConfigFile, path: tuple[str, ...], known: list[str]) -> None:
    import difflib

    near = difflib.get_close_matches(path[-1], known, n=1, cutoff=0.6)
    message = _("unknown key {key!r}; did you mean {near}?") if near else _("unknown key {key!r}; known here: {known}")
    _fail(cfg, path, message.format(key=".".join(path), near=near[0] if near else None, known=", ".join(known)))


def _fail(cfg: ConfigFile, path: tuple[str, ...], message: str) -> None:
    raise ConfigError(Problem(str(cfg.path), cfg.line(*path), message))
