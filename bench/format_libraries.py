"""The numbers that chose draft's readers: each candidate library, where installed, on the same
files — import cost (a fresh process), time, and what its text does to the draft.

    python bench/format_libraries.py      (in a venv with the candidates: pypdfium2 pdfminer.six
                                           pypdf pymupdf python-docx docx2python trafilatura)

PDF: the 31-page 红头文件-style Gansu PDF (running header, — N — page numbers, justified lines).
For each library's plain text: made-up spaces ("58 号", "2011 年"), page-number lines left in, and
whether the plan drafted from it equals the text's (differing lines of YAML). docx: whether Word's
automatic numbering (一、 （一） 1.) comes out. HTML: a GBK article page with navigation and a footer.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]

import format_docs  # noqa: E402

from qtrack.draft import draft  # noqa: E402
from qtrack.draft.formats import read_document  # noqa: E402

GANSU = ROOT / "tests" / "data" / "sources" / "2011-gansu-quality-revitalization-scheme.txt"


def import_ms(module: str) -> float:
    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start
    base = statistics.median(once("pass") for _ in range(5))
    return 1000 * (statistics.median(once(f"import {module}") for _ in range(5)) - base)


def best_of_3(extract) -> tuple[str, float]:
    """The text and the best of three timings (the first call pays for lazy set-up)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        text = extract()
        times.append(time.perf_counter() - start)
    return text, min(times)


def plan_gap(text: str, want: str) -> int:
    try:
        got = draft(text.encode(), "doc", "p")
    except Exception as exc:  # a text the drafter refuses scores as all lines different
        return len(want.splitlines()) or int(bool(exc))
    return sum(1 for line in difflib.unified_diff(want.splitlines(), got.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---")))


def pdf_candidates(path: Path) -> dict:
    def pymupdf_text():
        import pymupdf
        return "\n".join(page.get_text() for page in pymupdf.open(path))

    def pypdf_text():
        import pypdf
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)

    def pdfminer_text():
        from pdfminer.high_level import extract_text
        return extract_text(path)

    def pdfium_plain():
        import pypdfium2
        pdf = pypdfium2.PdfDocument(path)
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))

    return {"pymupdf": ("pymupdf", pymupdf_text), "pypdf": ("pypdf", pypdf_text),
            "pdfminer.six": ("pdfminer.high_level", pdfminer_text), "pypdfium2 (plain)": ("pypdfium2", pdfium_plain),
            "pypdfium2 + qtrack's lines": ("pypdfium2", lambda: read_document(path).decode())}


def pdfs(folder: Path) -> None:
    (folder / "g.fodt").write_text(format_docs.official_fodt(GANSU.read_text(), "某省人民政府办公厅文件"))
    format_docs.soffice("pdf", [folder / "g.fodt"], folder)
    want = draft(GANSU.read_bytes(), "doc", "p")
    print(f"{'PDF library':<28}{'import':>9}{'31 pages':>10}{'made-up spaces':>16}{'page numbers':>14}{'plan lines off':>16}")
    for name, (module, extract) in pdf_candidates(folder / "g.pdf").items():
        if importlib.util.find_spec(module.split(".")[0]) is None:
            print(f"{name:<28}  (not installed)")
            continue
        text, took = best_of_3(extract)
        spaces = len(re.findall(r"\d [年月日号]|[\u4e00-\u9fff] \d", text))
        numbers = len(re.findall(r"^\s*[—–-]\s*\d+\s*[—–-]\s*$", text, re.M))
        print(f"{name:<28}{import_ms(module):>7.0f}ms{1000 * took:>8.0f}ms{spaces:>16}{numbers:>14}"
              f"{plan_gap(text, want):>16}")


NUMBERED_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text"><office:styles>
<text:list-style style:name="CN">
 <text:list-level-style-number text:level="1" style:num-suffix="、" style:num-format="一, 二, 三, ..."/>
 <text:list-level-style-number text:level="2" style:num-prefix="（" style:num-suffix="）" style:num-format="一, 二, 三, ..."/>
 <text:list-level-style-number text:level="3" style:num-suffix="." style:num-format="1"/></text:list-style>
</office:styles><office:body><office:text><text:list text:style-name="CN"><text:list-item><text:p>主要任务</text:p>
<text:list><text:list-item><text:p>加强监管</text:p><text:list><text:list-item><text:p>专项整治</text:p></text:list-item>
</text:list></text:list-item></text:list></text:list-item></text:list></office:text></office:body></office:document>"""


def docx_numbering(folder: Path) -> None:
    """Word numbering as LibreOffice writes it for a list numbered 一、 / （一） / 1."""
    (folder / "n.fodt").write_text(NUMBERED_FODT)
    format_docs.soffice("docx", [folder / "n.fodt"], folder)
    path = folder / "n.docx"
    want = ["一、主要任务", "（一）加强监管", "1.专项整治"]

    def python_docx():
        import docx
        return [p.text for p in docx.Document(str(path)).paragraphs]

    def docx2python_text():
        from docx2python import docx2python
        return [line.replace("\t", "") for line in docx2python(str(path)).text.split("\n") if line.strip()]

    print(f"\n{'docx reader':<28}{'import':>9}  numbering (want {' / '.join(want)})")
    for name, module, read in (("python-docx", "docx", python_docx), ("docx2python", "docx2python", docx2python_text),
                               ("qtrack (zipfile + ElementTree)", "zipfile",
                                lambda: [line for line in read_document(path).decode().split("\n") if line])):
        if importlib.util.find_spec(module) is None:
            print(f"{name:<28}  (not installed)")
            continue
        print(f"{name:<28}{import_ms(module):>7.0f}ms  {' / '.join(read())}")


def html_pages(folder: Path) -> None:
    page = format_docs.gov_page(GANSU.read_text())
    want = draft(GANSU.read_bytes(), "doc", "p")
    print(f"\n{'HTML reader':<28}{'import':>9}{'time':>9}{'plan lines off':>16}")
    if importlib.util.find_spec("trafilatura"):
        import trafilatura
        text, took = best_of_3(lambda: trafilatura.extract(page, include_tables=True, favor_recall=True) or "")
        print(f"{'trafilatura':<28}{import_ms('trafilatura'):>7.0f}ms{1000 * took:>7.0f}ms{plan_gap(text, want):>16}")
    path = folder / "p.htm"
    path.write_bytes(page)
    text, took = best_of_3(lambda: read_document(path).decode())
    print(f"{'qtrack (html.parser)':<28}{import_ms('html.parser'):>7.0f}ms{1000 * took:>7.0f}ms{plan_gap(text, want):>16}")


def main() -> int:
    if format_docs.SOFFICE is None:
        print(f"LibreOffice is needed to make the PDF: {format_docs.INSTALL}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        pdfs(Path(tmp))
        docx_numbering(Path(tmp))
        html_pages(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
