"""A zip of XML parts (.docx, .ofd) read within bounds: a part's declared size is checked before
it is inflated (zipfile never inflates past it), and an XML part that declares a DTD is refused
(neither format uses one; it is how entity bombs and external entities get in)."""

from __future__ import annotations

import re
import zipfile
import xml.etree.ElementTree as ET
from io import BytesIO

from qtrack.draft.formats import UnreadableDocument
from qtrack.i18n import _

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
            raise UnreadableDocument(_("{where}: a damaged {kind} file ({exc})").format(
                                         where=where, kind=kind, exc=exc)) from None
        if len(infos) > MAX_MEMBERS:
            raise UnreadableDocument(_("{where}: {infos} parts in one {kind} file; refused as hostile").format(
                                         where=where, infos=len(infos), kind=kind))
        if any(i.flag_bits & 0x1 for i in infos):
            raise UnreadableDocument(_("{where}: the {kind} file is password-protected; save an unprotected copy "
                                       "and draft that").format(
                                         where=where, kind=kind))
        self.names = {i.filename: i for i in infos}

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        info = self.names.get(name)
        if info is None:
            raise UnreadableDocument(_("{where}: the {kind} file has no part {name}").format(
                                         where=self.where, kind=self.kind, name=name))
        self.read_so_far += info.file_size
        if info.file_size > MAX_PART or self.read_so_far > MAX_TOTAL:
            raise UnreadableDocument(_("{where}: the part {name} inflates to {file_size} MB (a zip bomb?); "
                                       "refused").format(
                                         where=self.where, name=name, file_size=info.file_size // 2**20))
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
            raise UnreadableDocument(_("{where}: a damaged {kind} file ({name}: {exc})").format(
                                         where=self.where, kind=self.kind, name=name, exc=exc)) from None

    def xml(self, name: str) -> ET.Element:
        data = self.read(name)
        if DTD_RE.search(data):
            raise UnreadableDocument(_("{where}: the part {name} declares a DTD or entities (an entity bomb or "
                                       "external entity?); refused").format(where=self.where, name=name))
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise UnreadableDocument(_("{where}: {name} is not well-formed XML ({exc})").format(
                                         where=self.where, name=name, exc=exc)) from None
