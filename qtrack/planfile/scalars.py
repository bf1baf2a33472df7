"""What one YAML scalar of a plan file means: qtrack's own reading of null, true/false, whole and
decimal numbers, text and dates, never PyYAML's constructors.

PyYAML's constructors answer an explicit tag they cannot honour (`!!int abc`, `!!bool maybe`,
`!!float ""`) with a bare ValueError, KeyError or IndexError, build bytes for `!!binary`, and read
`.nan`, `.inf` and 400-digit numbers as values no output can carry. Here every scalar either
becomes a plain value or a sentence saying why it cannot, and only the tags of plain data exist.
"""

from __future__ import annotations

import math
import re
from qtrack.i18n import _

YAML = "tag:yaml.org,2002:"
NULLS = ("", "~", "null", "Null", "NULL")
BOOLS = {word: value for value, words in ((True, "yes true on y"), (False, "no false off n"))
         for w in words.split() for word in (w, w.capitalize(), w.upper())}
# Numbers as people write them; YAML 1.1 also reads 010 as 8, 1:30 as 90, 0x1F and 1_000, which
# a plan file must not let through silently (see is_plain_number).
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_PLAIN_WHOLE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
MAX_DIGITS = 15  # a float holds 15 significant digits exactly; no goal or day needs more
MAX_NUMBER = 10.0 ** MAX_DIGITS


class Unreadable(Exception):
    """The scalar cannot be the value its tag says; the message completes 'what: …'."""


def construct(tag: str, text: str) -> object:
    """The value of a scalar with its resolved tag; raise Unreadable saying why there is none."""
    kind = tag[len(YAML):] if tag.startswith(YAML) else None
    if kind == "str":
        return text
    if kind == "null":
        if text not in NULLS:
            raise Unreadable(_("{text!r} is not empty (null)").format(text=text))
        return None
    if kind == "bool":
        if text not in BOOLS:
            raise Unreadable(_("{text!r} is not true or false").format(text=text))
        return BOOLS[text]
    if kind in ("int", "float"):
        return number(text)
    raise Unreadable(_("tag {tag} is not allowed (plan files hold plain data)").format(
                         tag=shown_tag(tag)))


def shown_tag(tag: str) -> str:
    """A tag as the file spells it: !!binary, not tag:yaml.org,2002:binary."""
    return "!!" + tag[len(YAML):] if tag.startswith(YAML) else tag


def number(text: str) -> int | float:
    """A whole or decimal number as written; YAML 1.1's other spellings are refused, not converted."""
    written = text.strip()
    shown = written if len(written) <= 32 else written[:24] + "…"
    if written in (".nan", ".NaN", ".NAN") or written.lstrip("+-") in (".inf", ".Inf", ".INF"):
        raise Unreadable(_("{shown} is not a number a plan can hold (not finite)").format(shown=shown))
    if not _DECIMAL.fullmatch(written):
        if re.fullmatch(r"[-+]?[0-9][0-9_:]*(\.[0-9_]*)?|[-+]?0[xXoObB][0-9a-fA-F_]+", written):
            raise Unreadable(_("{shown} is not a plain number: write it with digits only (YAML would read 0x…, 0o…, "
                                "1_000 and 1:30 as other numbers)").format(shown=shown))
        raise Unreadable(_("{shown!r} is not a number").format(shown=shown))
    digits = len(re.sub(r"[^0-9]", "", written.split("e")[0].split("E")[0]).lstrip("0"))
    if digits > MAX_DIGITS:
        raise Unreadable(_("{shown} has more than {max_digits} significant digits; no plan needs so many").format(
                             shown=shown, max_digits=MAX_DIGITS))
    if _PLAIN_WHOLE.fullmatch(written):
        return int(written)
    if re.fullmatch(r"[-+]?0[0-9]+", written):
        raise Unreadable(_("{shown} has a leading zero, which YAML reads as an octal number; write {written} (or "
                            "quote it if it is a code)").format(shown=shown, written=int(written)))
    value = float(written)
    if not math.isfinite(value) or abs(value) >= MAX_NUMBER:
        raise Unreadable(_("{shown} is too large for a plan (at most {max_digits} digits)").format(
                             shown=shown, max_digits=MAX_DIGITS))
    return value


def is_plain_number(text: str) -> bool:
    """True when a number reads back as written: `12`, not `012`, `0x1F`, `1_000` or `1:30`."""
    return bool(_PLAIN_WHOLE.fullmatch(text))
