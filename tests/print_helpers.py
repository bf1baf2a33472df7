"""Printing through real programs — LibreOffice for the ledger, Chromium for the bulletin — and
reading the PDF back with poppler's `pdftotext -bbox-layout`: every word with its box.

A test that needs a program it cannot find is skipped with the command that installs it,
never passed silently.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

APT = "apt-get install libreoffice-calc-nogui poppler-utils fonts-noto-cjk chromium fonts-crosextra-carlito"
MIN_POINTS = 9.0
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def need(*programs: str) -> dict[str, str]:
    """The programs' paths, or a skip naming what to install; CJK fonts are needed too."""
    found = {p: shutil.which(p) for p in programs}
    missing = [p for p, path in found.items() if not path]
    if not shutil.which("fc-list") or "CJK" not in subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True).stdout:
        missing.append("a CJK font")
    if missing:
        pytest.skip(f"needs {', '.join(missing)}: {APT}")
    return found


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def em(self) -> float | None:
        """The printed font size, for a word of Chinese characters only: each is one em wide."""
        if len(self.text) >= 2 and all(unicodedata.east_asian_width(c) == "W" for c in self.text):
            return (self.x1 - self.x0) / len(self.text)
        return None


def pdf_words(pdf: Path) -> list[Word]:
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True, timeout=120).stdout
    words = []
    for page, body in enumerate(layout.split("<page ")[1:], start=1):
        for m in _WORD.finditer(body):
            text = m[5].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            words.append(Word(page, *(float(m[i]) for i in range(1, 5)), text))
    return words


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def columns(words: list[Word]) -> list[str]:
    """The text down each left edge of each page: a wrapped cell continues at its cell's left
    edge, so a cell's whole text is a run of one of these (words joined without spaces)."""
    edges: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        edges.setdefault((w.page, round(w.x0 * 2)), []).append(w)
    return ["".join(w.text for w in sorted(ws, key=lambda w: w.y0)) for ws in edges.values()]


def printed_whole(text: str, down: list[str]) -> bool:
    """Whether `text` (spaces aside) is printed whole, down one left edge."""
    wanted = "".join(text.split())
    return any(wanted in column for column in down)


def smallest_text(words: list[Word]) -> tuple[float, float]:
    """(smallest em of a Chinese word, smallest word height), in points."""
    ems = [w.em for w in words if w.em is not None]
    return min(ems), min(w.y1 - w.y0 for w in words)


def soffice(source: Path, target: str, outdir: Path) -> Path:
    """Convert with LibreOffice headless, in a profile of its own; the path written."""
    need("soffice")
    profile = outdir / "lo-profile"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", target, "--outdir", str(outdir), str(source)],
                   capture_output=True, check=True, timeout=300)
    written = outdir / f"{source.stem}.{target.split(':')[0]}"
    assert written.exists(), f"LibreOffice wrote no {written.name}"
    return written
