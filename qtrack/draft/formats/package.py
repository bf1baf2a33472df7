"""A zip of XML parts (.docx, .ofd) read within bounds: a part's declared size is checked before
it is inflated (zipfile never inflates past it), and an XML part that declares a DTD is refused
(neither format uses one; it is how entity bombs and external entities get in)."""

from __future__ import annotations

import re
import zipfile
import xml.etree.ElementTree as ET
from io import BytesIO

from qtrack.draft.formats import UnreadableDocument

MAX_PART = 64 * 1024 * 1024      # one XML part, inflated
MAX_TOTAL = 256 * 1024 * 1024    # every part read from one file, inflated
MAX_MEMBERS = 20_000
DTD_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)


class Package:
    def __init__(self, data: bytes, where: str, kind: str):
        self.where, self.kind, self.read_so_far = where, kind, 0
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise UnreadableDocument(f"{where}: a damaged {kind} file ({exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise UnreadableDocument(f"{where}: {len(infos)} parts in one {kind} file; refused as hostile")
        if any(i.flag_bits & 0x1 for i in infos):
            raise UnreadableDocument(f"{where}: the {kind} file is password-protected; "
                                     "save an unprotected copy and draft that")
        self.names = {i.filename: i for i in infos}

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        info = self.names.get(name)
        if info is None:
            raise UnreadableDocument(f"{self.where}: the {self.kind} file has no part {name}")
        self.read_so_far += info.file_size
        if info.file_size > MAX_PART or self.read_so_far > MAX_TOTAL:
            raise UnreadableDocument(f"{self.where}: the part {name} inflates to {info.file_size // 2**20} MB "
                                     "(a zip bomb?); refused")
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
            raise UnreadableDocument(f"{self.where}: a damaged {self.kind} file ({name}: {exc})") from None

    def xml(self, name: str) -> ET.Element:
        data = self.read(name)
        if DTD_RE.search(data):
            raise UnreadableDocument(f"{self.where}: the part {name} declares a DTD or entities "
                                     "(an entity bomb or external entity?); refused")
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise UnreadableDocument(f"{self.where}: {name} is not well-formed XML ({exc})") from None
