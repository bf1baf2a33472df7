"""Which kind of file this is, from its content: magic bytes and zip members, the name only where
the content cannot tell (a saved page is text either way)."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls, … (a compound file)
HTML_START_RE = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)[\s>]", re.I | re.S)
HTML_TAG_RE = re.compile(rb"<(p|div|br|table|span|body|font)[\s/>]", re.I)
# The first header of a page a browser saved as one MIME file.
MHTML_RE = re.compile(rb"^(mime-version|content-type|from|subject|date|message-id|x-[\w-]+|snapshot-content-location)"
                      rb"\s*:", re.I | re.M)


def sniff(data: bytes, name: str) -> str:
    """One of: text, docx, pdf, html, mhtml, ofd, office (a .doc/.wps/.rtf/.odt for LibreOffice),
    encrypted (a password-protected Word file), zip (some other zip), binary (something else)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE2):
        # A password-protected .docx is a compound file holding the encrypted package.
        return "encrypted" if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20] else "office"
    if data.startswith(b"{\\rtf"):
        return "office"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    text_head = head.removeprefix(b"\xef\xbb\xbf")
    if MHTML_RE.match(text_head) and b"multipart/related" in data[:4096].lower():
        return "mhtml"
    if HTML_START_RE.match(text_head):
        return "html"
    # A page saved without its <html> head: by name, if it has tags at all (a text named .htm stays text).
    if name.lower().endswith((".html", ".htm", ".xhtml", ".shtml")) and HTML_TAG_RE.search(data[:65536]):
        return "html"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):  # a torn or fake zip: nothing to read
        return "binary"
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names:
        return "ofd"
    if "content.xml" in names and "mimetype" in names:  # an OpenDocument text: LibreOffice reads it
        return "office"
    return "zip"
