"""Department and code names: how they are normalised and how near misses are suggested."""

from __future__ import annotations

import difflib
import unicodedata


def normalize(name: str) -> str:
    """Names are stored as written after Unicode NFKC (full-width ASCII folded) and trimming."""
    if name.isascii():  # NFKC leaves ASCII as it is; most codes are ASCII, a big plan has 100,000
        return name.strip()
    return unicodedata.normalize("NFKC", name).strip()


def hidden_character(name: str) -> str | None:
    """The first invisible formatting character in a name (zero-width space, a bidi control, a
    byte-order mark inside text), as U+XXXX; NFKC keeps them, so they would make look-alikes."""
    if name.isascii():  # no ASCII character is a formatting one (Cf): spare the loop
        return None
    for char in name:
        if unicodedata.category(char) == "Cf":
            return f"U+{ord(char):04X}"
    return None


def closest(name: str, candidates: list[str], n: int = 3) -> list[str]:
    """The candidates a user most likely meant: containment first (质量 → 质量司), then similarity."""
    containing = sorted((c for c in candidates if name and (name in c or c in name)),
                        key=lambda c: abs(len(c) - len(name)))
    similar = difflib.get_close_matches(name, candidates, n=n, cutoff=0.5)
    seen: list[str] = []
    for c in containing + similar:
        if c not in seen:
            seen.append(c)
    return seen[:n]


def one_edit_apart(a: str, b: str) -> bool:
    """Whether one character added, dropped or changed turns `a` into `b` (质量斯 and 质量司)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]
