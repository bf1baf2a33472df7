"""Department names in pinyin, so that `--dept zls` or `--dept zhiliangsi` names 质量司 on a
keyboard without an IME. The spellings are computed when plans are imported (pypinyin, ~0.6 s to
import, is loaded by import alone) and stored beside each name (department.pinyin, .initials), so
a listing only compares text."""

from __future__ import annotations

import re

_LETTERS = re.compile(r"[a-z]+")


def spell(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case, letters only: 质量司 → ('zhiliangsi', 'zls').
    Latin letters and digits in a name are kept as they are (NQI办 → 'nqiban', 'nqib')."""
    from pypinyin import Style, lazy_pinyin

    full = lazy_pinyin(name, errors=lambda chars: list(chars))
    first = lazy_pinyin(name, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))
    return "".join(_keep(full)).lower(), "".join(_keep(first)).lower()


def _keep(parts: list[str]) -> list[str]:
    return [c for part in parts for c in part.lower() if c.isascii() and c.isalnum()]


def looks_like_pinyin(text: str) -> bool:
    """Whether `text` could be pinyin a user typed: ASCII letters (and digits) only."""
    return bool(text) and text.isascii() and text.replace(" ", "").isalnum()


def fill(conn) -> int:
    """Spell every department that has no pinyin yet (new ones, or those of an upgraded database)."""
    from qtrack.store import pinyin as stored

    missing = stored.unspelt(conn)
    stored.set_spellings(conn, [(*spell(name), dept_id) for dept_id, name in missing])
    return len(missing)
