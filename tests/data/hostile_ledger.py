"""Generators of hostile returned ledgers (they are made from a fresh export, so they are not
stored): a zip bomb, a cell at the last row Excel has, and raw sheet XML no spreadsheet program
would write (a number too large for a float, a formula with an external link)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

LAST_ROW = 1_048_576


def rewrite(src: Path, out: Path, edit) -> Path:
    """Copy the workbook, passing each member's bytes through edit(name, data)."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, edit(info.filename, old.read(info.filename)))
    return out


def zip_bomb(src: Path, out: Path, megabytes: int = 64) -> Path:
    """The first sheet swollen with `megabytes` of blank space inside its XML: it packs a
    thousand to one, as a bomb does (a real one goes on to gigabytes)."""
    def edit(name: str, data: bytes) -> bytes:
        if name.endswith("sheet1.xml"):
            return data.replace(b"<sheetData>", b"<sheetData>" + b" " * (megabytes * 2**20), 1)
        return data
    return rewrite(src, out, edit)


def raw_cell(src: Path, out: Path, sheet: int, ref: str, xml: str) -> Path:
    """Replace (or add to its row) the cell `ref` of sheet N with raw XML, e.g.
    '<c r="K3"><v>1e400</v></c>' or '<c r="L3"><f>[1]Sheet1!A1</f><v>7</v></c>'."""
    row = re.match(r"[A-Z]+(\d+)", ref)[1]

    def edit(name: str, data: bytes) -> bytes:
        if not name.endswith(f"sheet{sheet}.xml"):
            return data
        text = data.decode("utf-8")
        text, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, text, count=1)
        if not n:
            text = re.sub(rf'(<row r="{row}"[^>]*>)', lambda m: m[1] + xml, text, count=1)
        return text.encode("utf-8")
    return rewrite(src, out, edit)
