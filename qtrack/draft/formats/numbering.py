"""Word's automatic list numbering rendered as the reader sees it (一、 （二） 3. ①), since some
documents number their headings this way instead of typing them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DIGITS = "〇一二三四五六七八九"
LEGAL = "零壹贰叁肆伍陆柒捌玖"
STEMS = "甲乙丙丁戊己庚辛壬癸"


def chinese(n: int, digits: str = DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (Word's chineseCounting); past 99, digits (no document gets there)."""
    if n < 10:
        return digits[max(n, 0)]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    return str(n)


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


def letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "decimalEnclosedFullstop": lambda n: f"{n}.",
    "chineseCounting": chinese,
    "chineseCountingThousand": chinese,
    "taiwaneseCounting": chinese,
    "taiwaneseCountingThousand": chinese,
    "ideographDigital": lambda n: "".join(DIGITS[int(d)] for d in str(n)),
    "japaneseCounting": chinese,
    "chineseLegalSimplified": lambda n: chinese(n, LEGAL, "拾"),
    "ideographLegalTraditional": lambda n: chinese(n, LEGAL, "拾"),
    "ideographTraditional": lambda n: STEMS[(n - 1) % 10],
    "upperLetter": letter,
    "lowerLetter": lambda n: letter(n).lower(),
    "upperRoman": roman,
    "lowerRoman": lambda n: roman(n).lower(),
}


class Numbering:
    """The counters of every list in one document, advanced paragraph by paragraph."""

    def __init__(self, root: ET.Element | None):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstract id → level → (format, text, start)
        self.num_abstract: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        for abstract in root.iter(W + "abstractNum"):
            self.levels[abstract.get(W + "abstractNumId")] = {
                int(lvl.get(W + "ilvl", "0")): _level(lvl) for lvl in abstract.iter(W + "lvl")}
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            num_id = num.get(W + "numId")
            self.num_abstract[num_id] = ref.get(W + "val") if ref is not None else ""
            self.overrides[num_id] = {int(o.get(W + "ilvl", "0")): int(s.get(W + "val", "1"))
                                      for o in num.iter(W + "lvlOverride") if (s := o.find(W + "startOverride")) is not None}

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list num_id at level ilvl ("" for bullets and unknown lists)."""
        abstract = self.num_abstract.get(num_id)
        levels = self.levels.get(abstract or "", {})
        if ilvl not in levels or num_id == "0":
            return ""
        # Lists on one abstract numbering count on together, as in Word, unless one restarts.
        counts = self.counters.setdefault(num_id if self.overrides.get(num_id) else f"abstract {abstract}", [0] * 9)
        starts = {i: self.overrides.get(num_id, {}).get(i, levels[i][2]) if i in levels else 1 for i in range(9)}
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else starts[ilvl]
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""
        for i in range(9):
            if f"%{i + 1}" in text:
                value = counts[i] or starts[i]
                level_fmt = levels.get(i, ("decimal", "", 1))[0]
                text = text.replace(f"%{i + 1}", FORMATS.get(level_fmt, str)(value))
        return text


def _level(lvl: ET.Element) -> tuple[str, str, int]:
    fmt = lvl.find(W + "numFmt")
    text = lvl.find(W + "lvlText")
    start = lvl.find(W + "start")
    return (fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
            text.get(W + "val", "") if text is not None else "",
            int(start.get(W + "val", "1")) if start is not None else 1)
