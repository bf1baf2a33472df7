"""Checked values from YAML nodes: types, lengths, codes, dates, numbers and names.

The reader records every problem instead of stopping, so the user fixes a whole file in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

import yaml

from qtrack.errors import Problem
from qtrack.names import normalize
from qtrack.planfile.spec import CODE_RE, MAX_CODE, MAX_TEXT
from qtrack.planfile.tree import Mapping, Node, Scalar, Sequence

# Tabs and line breaks are text; any other control character (ESC starts a terminal command)
# can only have come from a "\e"-style escape or a damaged file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MISSING = object()


class Reader:
    """Turns YAML nodes into checked Python values, recording problems instead of stopping."""

    def __init__(self, path: str, loader: yaml.SafeLoader):
        self.path = path
        self.loader = loader
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, message: str) -> None:
        line = node.line if node is not None else 0
        self.problems.append(Problem(self.path, line, message))

    # -- structure -------------------------------------------------------------------------

    def mapping(self, node: Node, what: str, keys: tuple[str, ...],
                required: tuple[str, ...] = ()) -> dict[str, Node] | None:
        """A mapping's value nodes by key; unknown, duplicate and missing keys are problems."""
        if not isinstance(node, Mapping) or not self.plain(node, what):
            if isinstance(node, Mapping) or self.plain(node, what):
                self.problem(node, f"{what} must be a mapping (key: value), not {_kind(node)}")
            return None
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, Scalar) else None
            if key not in keys:
                hint = difflib.get_close_matches(str(key), keys, n=1)
                message = f"unknown key {key!r} in {what}"
                message += f" (did you mean {hint[0]!r}?)" if hint else f" (allowed: {', '.join(keys)})"
                self.problem(key_node, message)
            elif key in out:
                first = out[key].line
                self.problem(key_node, f"duplicate key {key!r} in {what} (first given on line {first})")
            else:
                out[key] = value_node
        for key in required:
            if key not in out:
                self.problem(node, f"{what} has no {key!r}")
        return out

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        if node is None or self.is_null(node):
            return []
        if not self.plain(node, what):
            return []
        if not isinstance(node, Sequence):
            self.problem(node, f"{what} must be a list, not {_kind(node)}")
            return []
        return list(node.value)

    def plain(self, node: Node, what: str) -> bool:
        """Safe loading: a list or mapping with an explicit tag (!!python/object…) is refused."""
        if isinstance(node, Scalar) or node.tag in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            return True
        self.problem(node, f"{what}: tag {node.tag} is not allowed (plan files hold plain data)")
        return False

    # -- scalars ---------------------------------------------------------------------------

    def is_null(self, node: Node) -> bool:
        return isinstance(node, Scalar) and node.tag == "tag:yaml.org,2002:null"

    def scalar(self, node: Node, what: str) -> object:
        if not isinstance(node, Scalar):
            if self.plain(node, what):
                self.problem(node, f"{what} must be a single value, not {_kind(node)}")
            return MISSING
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Construct dates ourselves: PyYAML's error for 2016-13-45 is a bare ValueError.
            return self._date_scalar(node, what)
        pyyaml_node = yaml.ScalarNode(node.tag, node.value, yaml.Mark(self.path, 0, node.line - 1, 0, None, None), None,
                                      style=node.style)
        try:
            return self.loader.construct_object(pyyaml_node, deep=True)
        except yaml.YAMLError as exc:
            # Safe loading: a tag like !!python/object is refused here, never executed.
            self.problem(node, f"{what}: {getattr(exc, 'problem', None) or exc}")
            return MISSING
        finally:
            self.loader.constructed_objects.pop(pyyaml_node, None)  # the constructor's cache would keep every node

    def _date_scalar(self, node: Scalar, what: str) -> object:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", node.value)
        if not match:
            self.problem(node, f"{what}: {node.value!r} is not a date (expected YYYY-MM-DD, no time)")
            return MISSING
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            self.problem(node, f"{what}: {node.value} is not a real date")
            return MISSING

    def text(self, node: Node | None, what: str, *, required: bool = False) -> str | None:
        if node is None:
            return None  # a missing required key is reported by mapping()
        if self.is_null(node):
            if required:
                self.problem(node, f"{what} is empty")
            return None
        value = self.scalar(node, what)
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.problem(node, f"{what} must be text, not {_pytype(value)}")
            return None
        if required and not value.strip():
            self.problem(node, f"{what} is empty")
            return None
        control = _CONTROL.search(value)
        if control:
            self.problem(node, f"{what} holds a control character (U+{ord(control.group()):04X}); "
                               "plan files hold plain text")
            return None
        if len(value) > MAX_TEXT:
            self.problem(node, f"{what} is {len(value):,} characters long; the limit is {MAX_TEXT:,}")
            return None
        return value.strip() if required else value

    def code(self, node: Node | None, what: str) -> str | None:
        if node is None or self.is_null(node):
            if node is not None:
                self.problem(node, f"{what} is empty")
            return None
        value = self.scalar(node, what)
        if value is MISSING:
            return None
        if isinstance(value, float):
            self.problem(node, f"{what} {node.value} must be quoted (\"{node.value}\"): unquoted it is a number")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(node, f"{what} must be text, not {_pytype(value)}")
            return None
        code = str(value).strip()
        if len(code) > MAX_CODE:
            self.problem(node, f"{what} is {len(code):,} characters long; the limit is {MAX_CODE}")
            return None
        if not code or not CODE_RE.match(code):
            self.problem(node, f"{what} {code!r} must be non-empty, without spaces, '/' or '@'")
            return None
        return code

    def date(self, node: Node | None, what: str) -> dt.date | None:
        if node is None or self.is_null(node):
            return None
        value = self.scalar(node, what)
        if value is MISSING:
            return None
        if isinstance(value, str):
            # A quoted date is still a date; the same checks apply.
            value = self._date_scalar(Scalar("tag:yaml.org,2002:timestamp", value.strip(), node.line), what)
            return None if value is MISSING else value
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.problem(node, f"{what} must be a date (YYYY-MM-DD), not {_pytype(value)}")
            return None
        return value

    def number(self, node: Node | None, what: str) -> float | None:
        if node is None or self.is_null(node):
            return None
        value = self.scalar(node, what)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(node, f"{what} must be a number, not {_pytype(value)}")
            return None
        return float(value)

    def names(self, node: Node | None, what: str) -> list[str]:
        out: list[str] = []
        for item in self.sequence(node, what):
            name = self.text(item, f"a name in {what}", required=True)
            if name is None:
                continue
            name = normalize(name)
            if name in out:
                self.problem(item, f"{name} is named twice in {what}")
            else:
                out.append(name)
        return out


def _kind(node: Node | None) -> str:
    return {Mapping: "a mapping", Sequence: "a list"}.get(type(node), "a single value")


def _pytype(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return type(value).__name__
