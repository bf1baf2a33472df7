"""Evidence (佐证材料): files attached to an update, kept in an evidence store by their SHA-256.

The store is a folder: on SQLite `qtrack.db.evidence/` beside the database file, on a server the
folder $QTRACK_EVIDENCE names (every machine that attaches or exports must see the same folder;
the variable also moves a SQLite database's store). A file is kept as `ab/cdef…` (its hash, split
after two hex digits so that no folder grows past a few thousand entries), read-only; the same
content attached twice is kept once. The database holds one row per attachment (store/evidence.py).

Order of a write: every file is read and checked before anything is stored, then the content is
stored, then the rows are written in the caller's transaction. When that transaction fails, the
content already stored is an orphan: named by no row, counted nowhere, and harmless (the same
content attached later is found there); `check` counts orphans and says so, but only a row's
missing or changed file fails it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from qtrack.errors import QtrackError, UnreadableFile
from qtrack.store import evidence as stored
from qtrack.store import utc_now
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store

ENV = "QTRACK_EVIDENCE"
MAX_FILE = 50 * 2**20  # bytes: a scanned document or a photograph, not a video
MAX_NAME = 255  # bytes of UTF-8, as most file systems allow
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class File(NamedTuple):
    """One file read and checked, not yet stored."""

    name: str
    data: bytes
    sha256: str


def shown(path: Path | str) -> str:
    """A path as an error line can carry it: control characters (an ESC, a line break) escaped."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", os.fsdecode(path)).encode(
        "utf-8", "backslashreplace").decode("utf-8")


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a piece of evidence (it becomes a file name on export), or None."""
    if name in ("", ".", ".."):
        return _("is not a file name")
    if "/" in name or "\\" in name:
        return _("holds a path separator; give the file's own name")
    if _CONTROL.search(name):
        return _("holds a control character in its name; rename the file")
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        return _("has a name that is not UTF-8; rename the file")
    if size > MAX_NAME:
        return _("has a name of {size} bytes; at most {max_name}").format(size=size, max_name=MAX_NAME)
    return None


def read(path: Path) -> File:
    """A file to attach, read whole and hashed; QtrackError naming it when it cannot be one."""
    from qtrack.inputs import read_bytes

    problem = name_problem(path.name)
    if problem:
        raise QtrackError(_("{path}: {problem}; nothing was recorded").format(
                              path=shown(path), problem=problem))
    try:
        data = read_bytes(path, limit=MAX_FILE, what=_("piece of evidence"))
    except UnreadableFile as exc:
        raise QtrackError(_("{path}: {exc}; nothing was recorded").format(path=shown(path), exc=exc)) from None
    if not data:
        raise QtrackError(_("{path}: is empty; nothing was recorded").format(path=shown(path)))
    return File(path.name, data, hashlib.sha256(data).hexdigest())


def read_all(paths: Iterable[Path]) -> list[File]:
    """Every file read and checked (the first bad one refuses them all); one of each content and name."""
    files: dict[tuple[str, str], File] = {}
    for path in paths:
        f = read(Path(path))
        files.setdefault((f.name, f.sha256), f)
    return list(files.values())


def folder(conn: Store) -> Path:
    """The evidence store of the database (see the module's docstring)."""
    given = os.environ.get(ENV)
    if given:
        return Path(given)
    if conn.engine.kind() == "sqlite":
        return Path(conn.where + ".evidence")
    raise QtrackError(_("a server database keeps evidence in a folder every machine sees: set {env} to it").format(
                          env=ENV))


def blob(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256[2:]


def _put(root: Path, f: File) -> None:
    """Store a file's content under its hash (once: content already there and whole is kept)."""
    target = blob(root, f.sha256)
    if _digest(target) == f.sha256:
        return
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as out:
            out.write(f.data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, 0o444)  # the store is written once per content, never edited
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise QtrackError(_("cannot store evidence in {root}: {value}; nothing was recorded").format(
                              root=shown(root), value=exc.strerror or exc)) \
            from None


def _digest(path: Path) -> str | None:
    """The SHA-256 of a stored file, or None when it is not there (or cannot be read)."""
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def attach(conn: Store, task_id: int, paths: Iterable[Path], *, update_id: int | None, date: dt.date,
           by: str, command: str) -> list[File]:
    """Attach files to a task (and the update `update_id`, when there is one): read and check
    every one, store their content, write their rows. One call for any command that takes
    --evidence; made inside the command's own transaction, so a refused file records nothing."""
    files = read_all(paths)
    if not files:
        return []
    root = folder(conn)
    for f in files:
        _put(root, f)
    now = utc_now()
    with conn.transaction():
        stored.add(conn, [{"task_id": task_id, "update_id": update_id, "name": f.name, "size": len(f.data),
                           "sha256": f.sha256, "date": date.isoformat(), "recorded_at": now, "by": by,
                           "command": command} for f in files])
    return files


def name_only(conn: Store, task_id: int, names: Iterable[str], *, update_id: int | None, date: dt.date,
              by: str, command: str) -> None:
    """Record files named but not sent along (a ledger's 佐证材料 cell): a row with no hash."""
    rows = [{"task_id": task_id, "update_id": update_id, "name": n, "size": None, "sha256": None,
             "date": date.isoformat(), "recorded_at": utc_now(), "by": by, "command": command} for n in names]
    if rows:
        with conn.transaction():
            stored.add(conn, rows)


def export_names(rows: list[dict]) -> list[tuple[str, dict]]:
    """The file name each attached row is exported under: its own, or, where two different files
    share a name, the later ones with the start of their hash added (报告.pdf, 报告-1a2b3c4d.pdf)."""
    taken: dict[str, str] = {}
    out = []
    for row in rows:
        name = row["name"]
        if taken.get(name, row["sha256"]) != row["sha256"]:
            stem, dot, suffix = name.rpartition(".")
            name = f"{stem}-{row['sha256'][:8]}.{suffix}" if dot and stem else f"{name}-{row['sha256'][:8]}"
        if name in taken:
            continue  # the same content under the same name: one file
        taken[name] = row["sha256"]
        out.append((name, row))
    return out


def export(conn: Store, task_id: int, ref: str, out_dir: Path, *, as_of: dt.date, force: bool,
           databases: Iterable[Path] = ()) -> list[Path]:
    """Copy a task's attached files (as of the day) into `out_dir`, each checked against its hash
    first; every name is checked before one is written, and none is written over without force."""
    from qtrack.outfile import replacing

    rows = [r for r in stored.of_task(conn, task_id, as_of=as_of.isoformat()) if r["sha256"]]
    if not rows:
        raise QtrackError(_("{ref} has no attached evidence as of {as_of}").format(
                              ref=ref, as_of=as_of))
    if out_dir.exists() and not out_dir.is_dir():
        raise QtrackError(_("{out_dir} is not a folder; -o names the folder to copy the files into").format(
                              out_dir=shown(out_dir)))
    named = export_names(rows)
    if not force:
        there = [out_dir / name for name, _ in named if os.path.lexists(out_dir / name)]
        if there:
            raise QtrackError(_("{there} already exists; add --force to replace it (nothing was written)").format(
                                  there=shown(there[0])))
    root = folder(conn)
    for _name, row in named:
        if _digest(blob(root, row["sha256"])) != row["sha256"]:
            raise QtrackError(_("{name} of {ref} is missing or changed in the evidence store {root}; run qtrack check "
                                 "(nothing was written)").format(
                                  name=row['name'], ref=ref, root=shown(root)))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise QtrackError(_("cannot create {out_dir}: {strerror}").format(
                              out_dir=shown(out_dir), strerror=exc.strerror)) from None
    written = []
    for name, row in named:
        with replacing(out_dir / name, force=force, databases=databases) as partial:
            partial.write_bytes(blob(root, row["sha256"]).read_bytes())
        written.append(out_dir / name)
    return written


def verify(conn: Store) -> dict:
    """Every attached file checked against its hash in the store: `problems` (a missing or changed
    file, one line per row naming it) fail `check`; `orphans` (stored content no row names, left
    by a write whose transaction failed) are harmless and only counted."""
    rows = stored.attached(conn)
    try:
        root = folder(conn)
    except QtrackError as exc:
        return {"folder": None, "files": len(rows), "orphans": 0,
                "problems": [f"evidence: {len(rows)} attached files cannot be checked: {exc}"] if rows else []}
    digests: dict[str, str | None] = {}
    problems = []
    for row in rows:
        sha = row["sha256"]
        if sha not in digests:
            digests[sha] = _digest(blob(root, sha))
        if digests[sha] != sha:
            wrong = _("evidence {ref} {name!r} (sha256 {sha}…) is missing from {root}") if digests[sha] is None \
                else _("evidence {ref} {name!r} (sha256 {sha}…) is changed in {root}")
            problems.append(wrong.format(ref=row["ref"], name=row["name"], sha=sha[:12], root=shown(root)))
    known = set(digests)
    orphans = sum(1 for p in root.glob("??/*") if not p.name.startswith(".") and p.parent.name + p.name not in known) \
        if root.is_dir() else 0
    return {"folder": str(root), "files": len(rows), "orphans": orphans, "problems": problems}
