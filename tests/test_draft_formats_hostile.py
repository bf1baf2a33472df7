"""Hostile and unreadable files given to `qtrack draft`: each gets one line on stderr and exit 1,
in bounded time and memory (run in a child process with a capped address space), and nothing
is written. Every file is made here."""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from format_docs import (
    BILLION_LAUGHS,
    INSTALL,
    OFD_XML,
    SOFFICE,
    _document_xml,
    _page_xml,
    _zip,
    docx,
    pdf,
    pdf_pages,
    soffice,
    stream,
    w_p,
)

MEMORY = 2 * 1024 ** 3  # a child that needs more than this to refuse a file fails the test

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason=f"LibreOffice is not installed: {INSTALL}")


def refused(path: Path, tmp_path: Path) -> str:
    """Run `qtrack draft path -o …` in a child with capped memory; its one line of stderr."""
    out = tmp_path / "out.yaml"

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    child = subprocess.run([sys.executable, "-m", "qtrack", "draft", str(path), "-o", str(out)], capture_output=True,
                           text=True, preexec_fn=cap, timeout=300, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QTRACK_LANG": "en"})
    assert child.returncode == 1, child.stderr
    assert child.stdout == "" and child.stderr.count("\n") == 1, child.stderr
    assert child.stderr.startswith(f"error: {path}: ") and "Traceback" not in child.stderr
    assert not out.exists()
    return child.stderr


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_zip_bomb_disguised_as_docx(tmp_path):
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:  # 1 GiB of zeros, ~1 MB packed
            chunk = b"\0" * (1 << 24)
            for _ in range(64):
                part.write(chunk)
    path = write(tmp_path, "bomb.docx", out.getvalue())
    assert path.stat().st_size < 8 * 1024 ** 2
    assert "zip bomb" in refused(path, tmp_path)


def patched(data: bytes, member: str, local_at: int, central_at: int, value: bytes) -> bytes:
    """The zip with a field of member's local and central headers overwritten (offsets from each
    header's signature), for headers that say what zipfile would never write."""
    out = bytearray(data)
    for signature, name_at, at in ((b"PK\x03\x04", 30, local_at), (b"PK\x01\x02", 46, central_at)):
        i = out.find(signature)
        while i >= 0:
            if out[i + name_at:].startswith(member.encode()):
                out[i + at:i + at + len(value)] = value
            i = out.find(signature, i + 4)
    return bytes(out)


def test_a_zip_whose_sizes_lie(tmp_path):
    """A part declared at 100 bytes that inflates to far more: zipfile stops at the declared size."""
    data = patched(docx(w_p("一、总体要求" * 20000)), "word/document.xml", 22, 24, (100).to_bytes(4, "little"))
    assert "damaged Word file" in refused(write(tmp_path, "lying.docx", data), tmp_path)


@pytest.mark.parametrize("name, part", [
    ("laughs.docx", "word/document.xml"),
    ("laughs.ofd", "Doc_0/Pages/Page_0/Content.xml"),
])
def test_an_entity_bomb_in_an_xml_part(tmp_path, name, part):
    bomb = BILLION_LAUGHS + b"<w:document><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    if name.endswith(".docx"):
        data = _zip({"word/document.xml": bomb})
    else:
        data = _zip({"OFD.xml": OFD_XML, "Doc_0/Document.xml": _document_xml(1), part: bomb})
    assert "declares a DTD or entities" in refused(write(tmp_path, name, data), tmp_path)


def test_an_ofd_with_an_external_entity(tmp_path):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer><ofd:TextObject Boundary="0 0 9 9">'
           b'<ofd:TextCode X="0" Y="5">&x;</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>')
    data = _zip({"OFD.xml": OFD_XML, "Doc_0/Document.xml": _document_xml(1), "Doc_0/Pages/Page_0/Content.xml": xxe})
    line = refused(write(tmp_path, "xxe.ofd", data), tmp_path)
    assert "declares a DTD or entities" in line and "root:" not in line


def test_a_pdf_with_a_billion_laughs_metadata_part(tmp_path):
    xmp = BILLION_LAUGHS + b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>&lol9;</x:xmpmeta>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
               stream(xmp, b"/Type /Metadata /Subtype /XML "),
               stream(b"")]
    assert "the PDF holds no text" in refused(write(tmp_path, "laughs.pdf", pdf(objects)), tmp_path)


@pytest.mark.parametrize("objects, words", [
    # a page tree whose node is its own kid: PDFium will not load it
    ([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", stream(b"")], "damaged PDF"),
    # a stream whose length is itself, in a content array that holds itself: read as empty
    ([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
      b"<< /Length 4 0 R >>\nstream\nBT ET\nendstream", b"[5 0 R 4 0 R]"], "the PDF holds no text"),
], ids=["own-kid", "self-length"])
def test_a_pdf_with_recursive_objects(tmp_path, objects, words):
    assert words in refused(write(tmp_path, "loop.pdf", pdf(objects)), tmp_path)


def test_a_pdf_claiming_a_billion_pages(tmp_path):
    """PDFium counts the pages its tree holds, not the /Count it claims: one empty page here."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", stream(b"")]
    assert "the PDF holds no text" in refused(write(tmp_path, "billion.pdf", pdf(objects)), tmp_path)


def test_a_pdf_with_more_pages_than_any_document(tmp_path):
    path = write(tmp_path, "long.pdf", pdf_pages(2500, b"BT /F1 12 Tf 72 720 Td (1. page) Tj ET"))
    assert "claims 2500 pages; draft reads at most 2000" in refused(path, tmp_path)


def test_a_scanned_pdf_has_no_text_layer(tmp_path):
    image = stream(b"\xff" * 300, b"/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceRGB "
                                  b"/BitsPerComponent 8 ")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
               b"/Contents 4 0 R >>", stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"), image]
    line = refused(write(tmp_path, "scan.pdf", pdf(objects)), tmp_path)
    assert "no text layer (a scan?)" in line and "ocrmypdf -l chi_sim" in line


@needs_soffice
def test_a_password_protected_pdf(tmp_path):
    source = write(tmp_path, "plan.txt", "一、总体要求\n(一)加强领导。\n".encode())
    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    soffice(options, [source], tmp_path, text_in=True)
    assert "the PDF is password-protected" in refused(tmp_path / "plan.pdf", tmp_path)


def test_a_password_protected_word_file(tmp_path):
    """Word encrypts a .docx into a compound file holding EncryptionInfo and EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64
                         for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    assert "the Word file is password-protected" in refused(write(tmp_path, "locked.docx", header + directory), tmp_path)


def test_a_zip_encrypted_docx(tmp_path):
    data = patched(_zip({"word/document.xml": b"\x12\x34" * 50}), "word/document.xml", 6, 8, b"\x01")  # PKWARE bit
    assert "password-protected" in refused(write(tmp_path, "zipcrypt.docx", data), tmp_path)


def test_a_docx_nested_past_any_document(tmp_path):
    body = "<w:sdt><w:sdtContent>" * 50000 + w_p("一、总体要求") + "</w:sdtContent></w:sdt>" * 50000
    assert "nests its content too deeply" in refused(write(tmp_path, "deep.docx", docx(body)), tmp_path)


@pytest.mark.parametrize("name, data, words", [
    ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "this is a binary file"),
    ("archive.zip", _zip({"a.txt": "x"}), "a zip file, but not one draft reads"),
    ("torn.docx", b"PK\x03\x04" + b"\x00" * 100, "this is a binary file"),
    ("empty.ofd", _zip({"OFD.xml": OFD_XML, "Doc_0/Document.xml": _document_xml(1),
                        "Doc_0/Pages/Page_0/Content.xml": _page_xml([])}), "the OFD has no text"),
    ("nobody.docx", _zip({"word/document.xml": "<w:document xmlns:w='x'/>"}), "the Word file has no body"),
    ("broken.docx", _zip({"word/document.xml": "<w:document"}), "not well-formed XML"),
    ("torn.pdf", b"%PDF-1.7\n1 0 obj <<", "damaged PDF"),
])
def test_files_draft_cannot_read_get_one_line(tmp_path, name, data, words):
    line = refused(write(tmp_path, name, data), tmp_path)
    assert words in line
    if "binary" in words or "zip file" in words:
        assert ".docx" in line and ".pdf" in line and ".ofd" in line and ".mhtml" in line  # the kinds it reads
