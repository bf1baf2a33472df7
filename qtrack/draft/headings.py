"""Numbered headings: 一、 / (一) or （一） / 1. or 1、 / (1), their numbers and ranks."""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = {ch: n for n, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
CN = f"[{''.join(DIGITS)}十百]+"
# Rank 0 is the outermost. The forms are tried in this order: (一) before (1), 一、 before 1.
FORMS = (
    (0, re.compile(rf"^({CN})\s*[、.．]\s*")),
    (1, re.compile(rf"^[(（]\s*({CN})\s*[)）]\s*")),
    (2, re.compile(r"^(\d{1,5})\s*(?:[.．](?!\d)|、)\s*")),
    (3, re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]\s*")),
)
HEADING_RE = re.compile("|".join(f"(?:{form.pattern})" for _, form in FORMS))


@dataclass
class Heading:
    rank: int
    number: int
    label: str  # as written, e.g. "(一)", "1."
    rest: str  # the line after the label


def cn_number(text: str) -> int:
    """一 → 1, 十四 → 14, 二十 → 20, 一百零二 → 102 (the numbers headings use)."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in "十百":
            unit = 10 if ch == "十" else 100
            total += (current or 1) * unit
            current = 0
        else:
            current = DIGITS[ch]
    return total + current


def cn_numeral(n: int) -> str:
    """1 → 一, 14 → 十四, 20 → 二十, 99 → 九十九: how a document writes its section numbers."""
    names = "〇一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if n < 10:
        return names[n]
    return (names[tens] if tens > 1 else "") + "十" + (names[ones] if ones else "") if n < 100 else str(n)


# "11.5G网络": an item number run into a title that starts with a digit; taken for a heading only
# where the number is the one the document expects next (after 10.), not a decimal (2.5亿元).
RUN_IN_RE = re.compile(r"^(\d{1,5})[.．](?=\d)")


def heading(line: str, expected: int | None = None) -> Heading | None:
    for rank, form in FORMS:
        match = form.match(line)
        if match:
            return Heading(rank, cn_number(match.group(1)), match.group(0).strip(), line[match.end():].strip())
    run_in = RUN_IN_RE.match(line)
    if run_in and expected is not None and int(run_in.group(1)) == expected:
        return Heading(2, expected, run_in.group(0), line[run_in.end():].strip())
    return None
