"""The HTML bulletin printed to PDF by headless Chromium and read back (tests/print_helpers.py):
every table cell whole, no text under 9 pt. Skipped, with the install command, without Chromium."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser

from conftest import PLANS
from print_helpers import (
    MIN_POINTS,
    columns,
    need,
    pages,
    pdf_words,
    printed_whole,
    smallest_text,
)

AS_OF = "2016-12-15"


class _Cells(HTMLParser):
    """The text of every <td>."""

    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self._open = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.cells[-1] += data


def test_the_printed_bulletin_carries_every_cell_at_nine_points_or_more(cli, tmp_path):
    found = need("chromium", "pdftotext", "pdfinfo")
    assert cli("import", str(PLANS)).exit_code == 0
    html, pdf = tmp_path / "通报.html", tmp_path / "通报.pdf"
    assert cli("report", "-o", str(html), "--as-of", AS_OF).exit_code == 0
    subprocess.run([found["chromium"], "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'chromium-profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.as_uri()], capture_output=True, check=True, timeout=300)
    words = pdf_words(pdf)
    parser = _Cells()
    parser.feed(html.read_text(encoding="utf-8"))
    # A cell of Chinese text wraps at its left edge; cells with spaces are Latin or figures, one line.
    wanted = [c.strip() for c in parser.cells if c.strip() and not any(ch.isspace() for ch in c.strip())]
    assert len(wanted) > 300
    down = columns(words)
    assert [c for c in wanted if not printed_whole(c, down)] == []
    em, height = smallest_text(words)
    assert em >= MIN_POINTS and height >= MIN_POINTS
    assert 2 <= pages(pdf) <= 20
