"""The files offices receive → the text `qtrack draft` reads.

Word (.docx; .doc and .wps through LibreOffice), PDF with a text layer, saved web pages (.html, .htm,
.mhtml) and OFD are told apart by their content (sniff.py) and turned into the document's text,
one line per paragraph, which the drafter then reads as it reads a .txt. A plain text file is
passed on as it is, so that decoding stays the drafter's own.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from qtrack.errors import QtrackError
from qtrack.i18n import _

KINDS = ("plain text (.txt), Word (.docx; .doc and .wps with LibreOffice), PDF (.pdf, with a text layer), "
         "saved web pages (.html .htm .mhtml), OFD (.ofd)")
MAX_FILE = 512 * 1024 * 1024  # a policy document is never this big; reading it whole would hurt
# Each kind's reader: a module and its function (data, where) -> the text.
READERS = {"docx": ("docx", "text"), "pdf": ("pdf", "text"), "html": ("html", "text"), "mhtml": ("html", "mhtml_text"),
           "ofd": ("ofd", "text"), "office": ("office", "text")}


class UnreadableDocument(QtrackError):
    """A document file that cannot be read: damaged, hostile, locked, or of a kind draft does not read."""


def read_document(path: Path) -> bytes:
    """The bytes the drafter reads for this file: a text file's own, else its text as UTF-8."""
    from qtrack.draft.formats.sniff import sniff

    from qtrack.errors import UnreadableFile
    from qtrack.inputs import read_bytes

    where = str(path)
    try:  # a device or FIFO is refused on its open descriptor, before anything waits on it
        data = read_bytes(path, limit=MAX_FILE, what=_("document"))
    except UnreadableFile as exc:
        raise UnreadableDocument(f"{where}: {exc}") from None
    kind = sniff(data, path.name)
    if kind == "text":
        return data
    if kind == "encrypted":
        raise UnreadableDocument(_("{where}: the Word file is password-protected; save an unprotected copy and "
                                   "draft that").format(
                                     where=where))
    if kind == "binary":
        raise UnreadableDocument(_("{where}: this is a binary file, not the text of a document; draft "
                                   "reads {kinds}").format(
                                     where=where, kinds=KINDS))
    if kind not in READERS:
        raise UnreadableDocument(_("{where}: a zip file, but not one draft reads; it reads {kinds}").format(
                                     where=where, kinds=KINDS))
    module, function = READERS[kind]
    reader = getattr(importlib.import_module(f"qtrack.draft.formats.{module}"), function)
    return reader(data, where).encode("utf-8")


def needs(module: str, what: str, where: str):
    """Import a reader's library, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UnreadableDocument(_("{where}: reading {what} needs {value}: pip install 'qtrack[documents]'").format(
                                     where=where, what=what, value=module.split('.')[0])) from None
