"""What a config file may hold: each setting with its type, its environment variable and its
default, the bulletin's letterhead and the named contexts. One table, read by the resolution
(qtrack/config/__init__.py), the file's check and `qtrack config show`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from qtrack.errors import QtrackError
from qtrack.i18n import _

MAX_WARN_DAYS = 36_500  # a century: more warns of nothing new, and would overflow date arithmetic
WARN_DAYS, TOLERANCE = 30, 10.0  # the light rule's defaults (qtrack/lights.py)


class Kind(NamedTuple):
    """A type of value: why a value from the file is wrong (None when right), and a value from
    an environment variable's text."""

    wrong: Callable[[Any], str | None]
    from_text: Callable[[str], Any]


def _text_wrong(value) -> str | None:
    if not isinstance(value, str):
        return _("must be text in quotes, not {value}").format(value=_shown(value))
    return _("is empty") if not value.strip() else None


def _number(low: float, high: float, *, whole: bool) -> Kind:
    def wrong(value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
            message = _("must be a whole number from {low:g} to {high:,g}, not {value}") if whole else \
                _("must be a number from {low:g} to {high:,g}, not {value}")
            return message.format(low=low, high=high, value=_shown(value))
        return None if low <= value <= high else _("must be from {low:g} to {high:,g}, not {value:g}").format(
            low=low, high=high, value=value)

    def from_text(text: str):
        try:  # the range is the light rule's to check, as for a flag (qtrack/lights.py)
            return int(text) if whole else float(text)
        except ValueError:
            raise ValueError(_("is not a number")) from None

    return Kind(wrong, from_text)


def _choice(*words: str) -> Kind:
    def wrong(value) -> str | None:
        return None if value in words else _("must be one of {words}, not {value}").format(
            words=", ".join(words), value=_shown(value))

    def from_text(text: str):
        if wrong(text.strip()):
            raise ValueError(wrong(text.strip()))
        return text.strip()

    return Kind(wrong, from_text)


def _texts_wrong(value) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return _('must be a list of names in quotes, e.g. ["质量司", "监督司"], not {value}').format(
                   value=_shown(value))
    return None


def _shown(value) -> str:
    kind = {bool: _("true/false"), int: _("a number"), float: _("a number"), str: _("text"), list: _("a list"),
            dict: _("a table")}.get(type(value), type(value).__name__)
    return f"{kind} {value!r}" if not isinstance(value, (dict, list)) else kind


TEXT = Kind(_text_wrong, str.strip)
TEXTS = Kind(_texts_wrong, lambda text: [t.strip() for t in text.replace("，", ",").split(",") if t.strip()])
LANGS = ("zh", "en")


class Key(NamedTuple):
    kind: Kind
    env: str | None
    default: Any
    help: str


# The settings a command resolves: flag, else environment variable, else the file, else the default.
SETTINGS: dict[str, Key] = {
    "db": Key(TEXT, "QTRACK_DB", None, "the database: a SQLite file (relative to the config's folder) or a "
                                       "postgresql:// URL; default qtrack.db in the user data directory"),
    "by": Key(TEXT, "QTRACK_BY", None, "who you are, for the log (--by); default your login name"),
    "office": Key(TEXT, "QTRACK_OFFICE", None, "your office (机关名称), the bulletin's letterhead by default"),
    "lang": Key(_choice(*LANGS), "QTRACK_LANG", None, "zh or en; default from LC_ALL / LC_MESSAGES / LANG"),
    "warn_days": Key(_number(0, MAX_WARN_DAYS, whole=True), "QTRACK_WARN_DAYS", WARN_DAYS,
                     "amber when due within this many days"),
    "tolerance": Key(_number(0, 100, whole=False), "QTRACK_TOLERANCE", TOLERANCE,
                     "amber when progress is more than this many points behind"),
}
# [bulletin]: the letterhead of `qtrack report` (督查通报), file only.
BULLETIN: dict[str, Key] = {
    "agency": Key(TEXT, None, None, "机关名称 at the head of the bulletin; default the office setting"),
    "signer": Key(TEXT, None, None, "签发人"),
    "cc": Key(TEXTS, None, [], "抄送: the bodies a copy goes to"),
}
# [contexts.NAME]: a saved set of listing filters (`qtrack context use NAME`).
CONTEXT: dict[str, Key] = {
    "dept": Key(TEXT, None, None, "--dept: a department's name, alias or pinyin"),
    "plan": Key(TEXT, None, None, "--plan: a plan id"),
}
TABLES = {"bulletin": BULLETIN}


def from_env(name: str, key: Key, text: str):
    """A setting's value from its environment variable, or one line saying why not."""
    try:
        return key.kind.from_text(text)
    except ValueError as exc:
        raise QtrackError(f"{key.env}={text!r} {exc}") from None
