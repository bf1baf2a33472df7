"""Reading one plan file: bytes from disk, decoded and checked, into a PlanSpec."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from qtrack.errors import PlanFileError, Problem, UnreadableFile
from qtrack.inputs import read_bytes
from qtrack.planfile.spec import PlanSpec
from qtrack.planfile.tree import Loader, read_tree
from qtrack.planfile.validate import read_plan
from qtrack.planfile.values import Reader
from qtrack.i18n import _

MAX_FILE = 256 * 2**20  # bytes; the biggest plan measured (100,000 tasks) is about a tenth of it


def load_plan_file(path: str | Path) -> PlanSpec:
    """Read and validate one plan file; raise PlanFileError listing every problem."""
    path = Path(path)
    shown = str(path)
    try:
        raw = read_bytes(path, limit=MAX_FILE, what=_("plan file"))
    except UnreadableFile as exc:
        raise PlanFileError([Problem(shown, 0, str(exc))]) from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows Notepad writes one) is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanFileError([Problem(shown, line, _("not UTF-8 text{hint}; save it as UTF-8").format(
                                                      hint=_encoding_hint(raw)))]) from None
    # libyaml reads the checked UTF-8 bytes itself: a big plan's decoded copy need not stay alive.
    source = text if Loader is yaml.SafeLoader else raw
    del text, raw
    root = read_tree(source, shown)
    del source  # the tree holds all the checks need: a big plan's 48 MB need not stay beside it
    return _checked(root, shown, default_id=path.stem)


def _encoding_hint(raw: bytes) -> str:
    """Name the encoding a non-UTF-8 file most likely has, so the user knows what to convert from."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _(" (it is UTF-16, which Windows calls 'Unicode')")
    for codec, name in (("gbk", "GBK"), ("big5", "Big5"), ("gb18030", "GB18030")):
        try:
            decoded = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if re.search(r"[\u4e00-\u9fff]", decoded):
            return _(" (it looks like {name}-encoded Chinese)").format(name=name)
    return _(" (it looks like a binary file)") if b"\x00" in raw else ""


def parse_plan(text: str | bytes, path: str, *, default_id: str) -> PlanSpec:
    """Validate a plan file's contents (text, or UTF-8 bytes); `path` is only for messages."""
    return _checked(read_tree(text, path), path, default_id=default_id)


def _checked(root, path: str, *, default_id: str) -> PlanSpec:
    if root is None:
        raise PlanFileError([Problem(path, 1, _("the file is empty"))])
    r = Reader(path)
    spec = read_plan(r, root, default_id)
    if r.problems:
        raise PlanFileError(sorted(r.problems, key=lambda p: p.line))
    return spec
