"""The 考核 rules file: a base score (起评分) and, per category of event, points and a cap.

TOML, read with the standard library's tomllib. A file names only the categories it scores (one
left out scores nothing); an unknown key, a value of the wrong type, a negative cap or a
non-positive `every_days` is refused whole, each problem as `file:line: what is wrong`. tomllib
keeps no positions, so a key's line is found by reading the text for its table and name.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from qtrack.errors import Problem, QtrackError, UnreadableFile
from qtrack.i18n import _

DEFAULT = Path(__file__).with_name("default_rules.toml")
# The categories, in the order a breakdown lists them (scoring/events.py has a kind for each).
CATEGORIES = ("on_time", "late", "missed_duty", "missed_report", "extension", "unanswered_chase", "declined")
_KEYS = ("points", "cap")
_LATE_KEYS = ("every_days", "points_every_days")


def _wanted(key: str) -> str:
    """What a rule's key must be, in the interface's language."""
    return {"points": _("a number"), "cap": _("a number of points, 0 or more"),
            "every_days": _("a whole number of days, 1 or more"), "points_every_days": _("a number")}[key]


class RulesError(QtrackError):
    """A rules file refused: every problem `file:line: what is wrong`, one line each."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass(frozen=True)
class Rule:
    points: float = 0.0
    cap: float | None = None  # the category's total is held within ±cap
    every_days: int | None = None  # late only: and points_every_days for every full N days late
    points_every_days: float = 0.0

    def points_for(self, days_late: int | None) -> float:
        """What one event of this category is worth (a late one more for each full every_days)."""
        extra = (days_late or 0) // self.every_days * self.points_every_days if self.every_days else 0.0
        return self.points + extra

    def capped(self, total: float) -> float:
        return total if self.cap is None else max(-self.cap, min(self.cap, total))


@dataclass(frozen=True)
class Rules:
    base: float = 100.0
    categories: dict[str, Rule] = field(default_factory=dict)
    source: str = ""  # the file the rules came from, as the output names it

    def rule(self, category: str) -> Rule:
        return self.categories.get(category, Rule())


DEFAULT_NAME = "default rules"  # the shipped rules' source, as JSON says it (in any language)


def shown(source: str) -> str:
    """A rules source as a caption says it: the shipped rules in the interface's language."""
    return _("default rules") if source == DEFAULT_NAME else source


def load(path: Path | None = None) -> Rules:
    """The rules of `path` (--rules), else the default shipped with qtrack."""
    from qtrack.inputs import read_bytes

    path = Path(path) if path is not None else DEFAULT
    try:  # bounded and checked for its kind: --rules /dev/zero or a FIFO must not hang or fill memory
        text = read_bytes(path, limit=2**20, what=_("rules file")).decode("utf-8")
    except UnreadableFile as exc:
        raise QtrackError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise QtrackError(_("{path}: cannot read the rules file (not UTF-8 text, byte {start})").format(
                              path=path, start=exc.start)) from None
    return parse(text, DEFAULT_NAME if path == DEFAULT else str(path))


def parse(text: str, name: str) -> Rules:
    """Rules from a file's text; RulesError listing every problem."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise RulesError([Problem(name, int(where.group(1)) if where else 0, _("not TOML: {message}").format(
                                                                                 message=message))]) from None
    lines = _Lines(text)
    problems: list[Problem] = []
    base = data.get("base", 100.0)
    if not _is_number(base):
        problems.append(Problem(name, lines.of(None, "base"), _("base must be a number, not {base}").format(
                                                                  base=_shown(base))))
    categories = {}
    for key, value in data.items():
        if key == "base":
            continue
        if key not in CATEGORIES:
            problems.append(Problem(name, lines.of(None, key), _("unknown key {key!r}; the categories are "
                                                                 "{categories} (and base)").format(
                                                                   key=key, categories=', '.join(CATEGORIES))))
        elif not isinstance(value, dict):
            problems.append(Problem(name, lines.of(None, key), _("{key} must be a table ([{key}]), not {value}").format(
                                                                   key=key, value=_shown(value))))
        else:
            categories[key] = _rule(key, value, name, lines, problems)
    if problems:
        raise RulesError(problems)
    return Rules(float(base), categories, name)


def _rule(category: str, table: dict, name: str, lines: _Lines, problems: list[Problem]) -> Rule:
    allowed = _KEYS + (_LATE_KEYS if category == "late" else ())
    for key, value in table.items():
        line = lines.of(category, key)
        if key not in allowed:
            problems.append(Problem(name, line, _("unknown key {key!r} in [{category}]; it takes {allowed}").format(
                                                    key=key, category=category, allowed=', '.join(allowed))))
        elif key == "every_days" and not (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            problems.append(Problem(name, line, _("{category}.{key} must be {allowed}, not {value}").format(
                                                    category=category, key=key, allowed=_wanted(key),
                                                    value=_shown(value))))
        elif key != "every_days" and not _is_number(value):
            problems.append(Problem(name, line, _("{category}.{key} must be {allowed}, not {value}").format(
                                                    category=category, key=key, allowed=_wanted(key),
                                                    value=_shown(value))))
        elif key == "cap" and value < 0:
            problems.append(Problem(name, line, _("{category}.cap must be 0 or more, not {value:g} (a cap bounds "
                                                  "the category's total either way)").format(
                                                    category=category, value=value)))
    if "points_every_days" in table and "every_days" not in table:
        problems.append(Problem(name, lines.of(category, "points_every_days"),
                                _("{category}.points_every_days needs every_days (how many days late earn it)").format(
                                    category=category)))
    number = {k: float(v) for k, v in table.items() if k in ("points", "cap", "points_every_days") and _is_number(v)}
    every = table.get("every_days") if isinstance(table.get("every_days"), int) else None
    return Rule(points=number.get("points", 0.0), cap=number.get("cap"), every_days=every,
                points_every_days=number.get("points_every_days", 0.0))


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _shown(value) -> str:
    if isinstance(value, str):
        return _("text {value!r}").format(value=value)
    return {bool: _("true/false"), list: _("a list"), dict: _("a table")}.get(type(value)) or repr(value)


class _Lines:
    """Where a key stands in the text: the line of `key =` under its [table] header (1-based), else
    the table's header, else 0 (the file as a whole)."""

    _HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_\-\"' .]+?)\s*\]\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')\s*(\.\s*([A-Za-z0-9_\-]+))?\s*=")

    def __init__(self, text: str):
        self.found: dict[tuple[str | None, str], int] = {}
        table = None
        for n, line in enumerate(text.splitlines(), start=1):
            header = self._HEADER.match(line)
            if header:
                table = header.group(1).strip("\"'")
                self.found.setdefault((None, table), n)
                continue
            key = self._KEY.match(line)
            if key:
                first = key.group(1).strip("\"'")
                if key.group(3) and table is None:  # late.points = -2 at the top
                    self.found.setdefault((first, key.group(3)), n)
                    self.found.setdefault((None, first), n)
                else:
                    self.found.setdefault((table, first), n)
                    if table is None:
                        self.found.setdefault((None, first), n)

    def of(self, table: str | None, key: str) -> int:
        if table is None:
            return self.found.get((None, key), 0)
        return self.found.get((table, key)) or self.found.get((None, table), 0)
