"""Checked values from YAML nodes: types, lengths, codes, dates, numbers and names.

The reader records every problem instead of stopping, so the user fixes a whole file in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from qtrack.errors import Problem
from qtrack.names import hidden_character, normalize
from qtrack.planfile.scalars import Unreadable, construct, is_plain_number, shown_tag
from qtrack.planfile.spec import CODE_RE, FIRST_YEAR, LAST_YEAR, MAX_CODE, MAX_TEXT
from qtrack.planfile.tree import Mapping, Node, Scalar, Sequence
from qtrack.i18n import _

# Tabs and line breaks are text; any other control character (ESC starts a terminal command)
# can only have come from a "\e"-style escape or a damaged file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MISSING = object()
MAX_NAMES = 200  # departments in one lead, support or alias list; the longest in a real document is 14
_NOT_TEXT = {f"tag:yaml.org,2002:{kind}" for kind in ("int", "float", "bool")}
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class Reader:
    """Turns YAML nodes into checked Python values, recording problems instead of stopping."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        # A department name as written (a text scalar) → the name it passed every check as. A big
        # plan names the same few hundred departments 700,000 times; only a name that passed is
        # kept, so a bad one is checked, and reported at its own line, every time.
        self._good_names: dict[str, str] = {}
        # Likewise a date as written → the date it passed as: a big plan has 100,000 dates and a
        # few hundred distinct ones. A bad one is not kept, so it is reported every time.
        self._good_dates: dict[str, dt.date] = {}

    def problem(self, node: Node | None, message: str) -> None:
        line = node.line if node is not None else 0
        self.problems.append(Problem(self.path, line, message))

    # -- structure -------------------------------------------------------------------------

    def mapping(self, node: Node, what: str, keys: tuple[str, ...],
                required: tuple[str, ...] = ()) -> dict[str, Node] | None:
        """A mapping's value nodes by key; unknown, duplicate and missing keys are problems."""
        if not isinstance(node, Mapping) or not self.plain(node, what):
            # A mapping refused for its tag has its problem; any other node is no mapping at all.
            if not isinstance(node, Mapping) and self.plain(node, what):
                self.problem(node, _("{what} must be a mapping (key: value), not {node}").format(
                                       what=what, node=_kind(node)))
            return None
        out: dict[str, Node] = {}
        items = iter(node.value)
        for key_node, value_node in zip(items, items):
            if type(key_node) is str:
                # A text key on its value's line (tree.Mapping), read without a Scalar made for it (a
                # million on a big plan): a problem with it names its line, which is its value's.
                key, key_node = key_node, value_node
            elif not isinstance(key_node, Scalar):
                self.problem(key_node, _("a key in {what} must be a single word, not {key_node}").format(
                                           what=what, key_node=_kind(key_node)))
                continue
            else:
                key = key_node.value
            if key not in keys:
                hint = difflib.get_close_matches(str(key), keys, n=1)
                message = _("unknown key {key!r} in {what} (did you mean {hint!r}?)") if hint else \
                    _("unknown key {key!r} in {what} (allowed: {keys})")
                self.problem(key_node, message.format(key=key, what=what, hint=hint[0] if hint else None,
                                                      keys=", ".join(keys)))
            elif key in out:
                first = out[key].line
                self.problem(key_node, _("duplicate key {key!r} in {what} (first given on line {first})").format(
                                           key=key, what=what, first=first))
            else:
                out[key] = value_node
        for key in required:
            if key not in out:
                self.problem(node, _("{what} has no {key!r}").format(what=what, key=key))
        return out

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        return node.items() if self._is_list(node, what) else []

    def _is_list(self, node: Node | None, what: str) -> bool:
        if node is None or self.is_null(node):
            return False
        if not self.plain(node, what):
            return False
        if not isinstance(node, Sequence):
            self.problem(node, _("{what} must be a list, not {node}").format(
                                   what=what, node=_kind(node)))
            return False
        return True

    def plain(self, node: Node, what: str) -> bool:
        """Safe loading: a list or mapping with an explicit tag (!!python/object…) is refused."""
        if isinstance(node, Scalar) or node.tag in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            return True
        self.problem(node, _("{what}: tag {tag} is not allowed (plan files hold plain data)").format(
                               what=what, tag=shown_tag(node.tag)))
        return False

    # -- scalars ---------------------------------------------------------------------------

    def is_null(self, node: Node) -> bool:
        return isinstance(node, Scalar) and node.tag == "tag:yaml.org,2002:null"

    def scalar(self, node: Node, what: str) -> object:
        if not isinstance(node, Scalar):
            if self.plain(node, what):
                self.problem(node, _("{what} must be a single value, not {node}").format(
                                       what=what, node=_kind(node)))
            return MISSING
        if node.tag == "tag:yaml.org,2002:timestamp":
            return self._date_scalar(node, what)
        try:
            return construct(node.tag, node.value)
        except Unreadable as exc:
            self.problem(node, _("{what}: {exc}").format(what=what, exc=exc))
            return MISSING

    def _date_scalar(self, node: Scalar, what: str) -> object:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", node.value)
        if not match:
            self.problem(node, _("{what}: {value!r} is not a date (expected YYYY-MM-DD, no time)").format(
                                   what=what, value=node.value))
            return MISSING
        try:
            day = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            self.problem(node, _("{what}: {value} is not a real date").format(
                                   what=what, value=node.value))
            return MISSING
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.problem(node, _("{what}: {value} is outside the years {first_year}–{last_year} that a plan's dates "
                                 "fall in").format(
                                   what=what, value=node.value, first_year=FIRST_YEAR, last_year=LAST_YEAR))
            return MISSING
        self._good_dates[node.value] = day
        return day

    def text(self, node: Node | None, what: str, *, required: bool = False) -> str | None:
        if node is None:
            return None  # a missing required key is reported by mapping()
        if type(node) is Scalar and node.tag == _STR:
            value = node.value  # what scalar() gives a text scalar, without its calls: a million of them
        elif self.is_null(node):
            if required:
                self.problem(node, _("{what} is empty").format(what=what))
            return None
        else:
            value = self.scalar(node, what)
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.problem(node, _("{what} must be text, not {value}").format(
                                   what=what, value=_pytype(value)))
            return None
        if required and not value.strip():
            self.problem(node, _("{what} is empty").format(what=what))
            return None
        control = _CONTROL.search(value)
        if control:
            self.problem(node, _("{what} holds a control character (U+{group:04X}); plan files hold plain text").format(
                                   what=what, group=ord(control.group())))
            return None
        if len(value) > MAX_TEXT:
            self.problem(node, _("{what} is {value:,} characters long; the limit is {max_text:,}").format(
                                   what=what, value=len(value), max_text=MAX_TEXT))
            return None
        return value.strip() if required else value

    def code(self, node: Node | None, what: str) -> str | None:
        """A code or id as written, after NFKC: `１` is `1`; an unquoted number must read as written."""
        if node is None or self.is_null(node):
            if node is not None:
                self.problem(node, _("{what} is empty").format(what=what))
            return None
        if isinstance(node, Scalar) and node.tag in _NOT_TEXT and not node.explicit and not (
                node.tag.endswith(":int") and is_plain_number(node.value)):
            reads = "true/false" if node.tag.endswith(":bool") else "a number"
            self.problem(node, _('{what} {value} must be quoted ("{value}"): unquoted it is {reads}').format(
                                   what=what, value=node.value, reads=reads))
            return None
        value = self.scalar(node, what)
        if value is MISSING:
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.problem(node, _("{what} must be text, not {value}").format(
                                   what=what, value=_pytype(value)))
            return None
        if self.hidden(node, what, str(value)):
            return None
        code = normalize(str(value))
        if len(code) > MAX_CODE:
            self.problem(node, _("{what} is {code:,} characters long; the limit is {max_code}").format(
                                   what=what, code=len(code), max_code=MAX_CODE))
            return None
        if not code or not CODE_RE.match(code):
            self.problem(node, _("{what} {code!r} must be non-empty, without spaces, '/' or '@'").format(
                                   what=what, code=code))
            return None
        return code

    def hidden(self, node: Node, what: str, value: str) -> bool:
        """Refuse an invisible character: `1` and `1`+U+200B would look like one code and be two."""
        hidden = hidden_character(value)
        if hidden:
            self.problem(node, _("{what} holds an invisible character ({hidden}); type it again without it").format(
                                   what=what, hidden=hidden))
        return bool(hidden)

    def date(self, node: Node | None, what: str) -> dt.date | None:
        if node is None:
            return None
        if type(node) is Scalar and node.tag == _TIMESTAMP and node.value in self._good_dates:
            return self._good_dates[node.value]  # what scalar() would give, without its calls
        if self.is_null(node):
            return None
        value = self.scalar(node, what)
        if value is MISSING:
            return None
        if isinstance(value, str):
            # A quoted date is still a date; the same checks apply.
            value = self._date_scalar(Scalar("tag:yaml.org,2002:timestamp", value.strip(), node.line), what)
            return None if value is MISSING else value
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.problem(node, _("{what} must be a date (YYYY-MM-DD), not {value}").format(
                                   what=what, value=_pytype(value)))
            return None
        return value

    def number(self, node: Node | None, what: str) -> float | None:
        if node is None or self.is_null(node):
            return None
        value = self.scalar(node, what)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(node, _("{what} must be a number, not {value}").format(
                                   what=what, value=_pytype(value)))
            return None
        return float(value)

    def names(self, node: Node | None, what: str) -> list[str]:
        # The list's own items: a name on the list's line is a bare str (tree.Sequence), looked up
        # as it is and made a Scalar only to be checked or named in a problem.
        items = node.value if self._is_list(node, what) else ()
        if len(items) > MAX_NAMES:
            self.problem(node, _("{what} names {items:,} departments; a plan names at most {max_names} in "
                                 "one place").format(
                                   what=what, items=len(items), max_names=MAX_NAMES))
            return []
        out: list[str] = []
        good = self._good_names
        for item in items:
            if type(item) is str:
                name = good.get(item)
                if name is None:
                    item = Scalar(_STR, item, node.line)
            else:
                name = good.get(item.value) if type(item) is Scalar and item.tag == _STR else None
            if name is None:
                name = self.text(item, _("a name in {what}").format(what=what), required=True)
                if name is None:
                    continue
                if self.hidden(item, _("a name in {what}").format(what=what), name):
                    continue
                name = normalize(name)
                if type(item) is Scalar and item.tag == _STR:
                    good[item.value] = name
            if name in out:
                # A bare name's line is the list's.
                self.problem(node if type(item) is str else item, _("{name} is named twice in {what}").format(
                                                                     name=name, what=what))
            else:
                out.append(name)
        return out


def _kind(node: Node | None) -> str:
    return {Mapping: _("a mapping"), Sequence: _("a list")}.get(type(node), _("a single value"))


def _pytype(value: object) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=value)
    if isinstance(value, dt.date):
        return _("the date {value}").format(value=value)
    if isinstance(value, str):
        return _("the text {value!r}").format(value=value)
    return type(value).__name__
