"""Word's .doc, WPS's .wps, .rtf and .odt → .docx through LibreOffice headless, then read as a .docx.

LibreOffice runs with a profile of its own in a temporary folder (so that it never waits on a
running instance's lock) and within a time limit."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from qtrack.draft.formats import UnreadableDocument
from qtrack.draft.formats import docx
from qtrack.i18n import _

TIMEOUT = 120  # seconds; a long .doc converts in a few


def text(data: bytes, where: str) -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableDocument(_("{where}: a .doc/.wps file needs LibreOffice to read it (Debian: apt-get install "
                                    "libreoffice-writer-nogui); or save it as .docx and draft that").format(
                                     where=where))
    with tempfile.TemporaryDirectory(prefix="qtrack-office-") as tmp:
        source = Path(tmp) / ("in" + Path(where).suffix.lower() if Path(where).suffix else "in.doc")
        source.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", str(Path(tmp, "out")), str(source)]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise UnreadableDocument(_("{where}: LibreOffice did not convert the file within {timeout} s "
                                       "(password-protected or damaged?)").format(where=where, timeout=TIMEOUT)) from None
        converted = Path(tmp, "out", source.stem + ".docx")
        if not converted.is_file():
            raise UnreadableDocument(_("{where}: LibreOffice could not convert the file (password-protected or "
                                       "damaged?); save it as .docx and draft that").format(where=where))
        return docx.text(converted.read_bytes(), where)
