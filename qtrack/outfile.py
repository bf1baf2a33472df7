"""The files qtrack writes when asked to (`export -o`, `report -o`, `draft -o`, `backup`): all of
them through replacing(), so none is ever half-written or written over what it should not be.

- An existing file is replaced only with --force; a folder, a socket or a block device never.
- The database itself is never written over, even with --force: not the file, not its
  -wal / -shm / -journal, not through a symbolic or hard link to any of them, nor any other
  SQLite database (no export is one).
- The new content goes to `.NAME.partial` beside the target, is flushed to the disk (fsync), and
  only then renamed onto the name: a full disk, a crash or a kill leaves the old file whole.
  A partial file left by a killed run is removed by the next write of that name; one that another
  live qtrack is writing (it holds a lock on it) is left alone, and this write refused.
- A character device or a FIFO (/dev/stdout, a pipe to another program) is written to directly.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from qtrack.errors import QtrackError
from qtrack.i18n import _, os_reason

SQLITE_MAGIC = b"SQLite format 3\x00"
DUMP_MAGIC = b'{\n"format": "qtrack-dump"'  # how qtrack/dump.py's file begins: a server's backup
BACKUP_MAGIC = (SQLITE_MAGIC, DUMP_MAGIC)  # a backup on either engine
STDOUT = "-"  # -o -: the output goes to standard output
_DATABASE_FILES = ("", "-wal", "-shm", "-journal")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _refuse_database(path: Path, st: os.stat_result, databases: Iterable[Path]) -> None:
    for database in databases:
        if isinstance(database, str):  # a postgresql:// URL: no file of it to guard
            continue
        for suffix in _DATABASE_FILES:
            guarded = database.with_name(database.name + suffix)
            if _same(path, guarded):
                what = _("the database {kind} file").format(kind=suffix[1:]) if suffix else _("the database")
                named = f" ({guarded})" if str(guarded) != str(path) else ""
                raise QtrackError(_("{path} is {what}{named}; qtrack never writes an output over it, even with "
                                    "--force").format(
                                      path=path, what=what, named=named))
    if not stat.S_ISREG(st.st_mode):
        return  # a device or a FIFO: opening it to look could block, and it holds no database
    try:
        with open(path, "rb") as existing:
            magic = existing.read(len(SQLITE_MAGIC))
    except OSError:
        return
    if magic == SQLITE_MAGIC:
        raise QtrackError(_("{path} is a SQLite database; qtrack never writes an output over one, even "
                            "with --force").format(
                              path=path))


def _check(path: Path, *, force: bool, databases: Iterable[Path]) -> os.stat_result | None:
    """The target's status when it exists (None when new), after refusing what must not be written."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise QtrackError(_("{path} is a link to {path2}, which does not exist; name the file itself").format(
                                  path=path, path2=os.readlink(path)))
        if not path.parent.is_dir():
            raise QtrackError(_("{parent} is not a folder; cannot write {path}").format(
                                  parent=path.parent, path=path)) from None
        return None
    except OSError as exc:
        raise QtrackError(_("cannot write {path}: {strerror}").format(path=path, strerror=os_reason(exc))) from None
    if stat.S_ISDIR(st.st_mode):
        raise QtrackError(_("{path} is a folder; name a file in it, e.g. {path}{sep}FILE").format(
                              path=path, sep=os.sep))
    _refuse_database(path, st, databases)
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return st
    if not stat.S_ISREG(st.st_mode):
        raise QtrackError(_("{path} is not a regular file; qtrack writes only files").format(path=path))
    if not force:
        raise QtrackError(_("{path} already exists; add --force to replace it").format(path=path))
    return st


@contextlib.contextmanager
def replacing(path: Path, *, force: bool = False, databases: Iterable[Path | str] = ()) -> Iterator[Path]:
    """Yield a path to write the new content to; once the block ends without an error, it
    becomes `path`. Any OSError inside the block or after (a full disk) is one line naming `path`.
    `-` is standard output, as for every Unix tool."""
    if str(path) == STDOUT:
        yield from _streamed(path)
        return
    databases = [d for d in databases if isinstance(d, Path)]  # a server's database (a URL) is no file here
    st = _check(path, force=force, databases=databases)
    if st is not None and not stat.S_ISREG(st.st_mode):
        yield from _streamed(path)
        return
    target = Path(os.path.realpath(path))  # --force on a link replaces the file it points to, the link kept
    partial = target.with_name(f".{target.name}.partial")
    fd = _claim(partial, path)
    try:
        yield partial
        os.fsync(fd)  # the content on the disk before the name points at it
        if st is not None:
            os.chmod(partial, stat.S_IMODE(st.st_mode))
        os.replace(partial, target)
        sync_folder(target.parent)
    except OSError as exc:
        failed = _("cannot write {path}: {why}; {kept}").format(path=path, why=os_reason(exc),
                                                                 kept=_kept(st, path))
    else:
        failed = None
    finally:
        os.close(fd)
        _remove(partial)
    if failed:
        raise QtrackError(failed)


def _claim(partial: Path, path: Path) -> int:
    """Create `partial` for this process, holding a lock on it while it is written; one that a
    killed run left behind (nobody holds its lock) is removed first."""
    for _attempt in range(2):
        try:
            fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            if not _stale(partial):
                raise QtrackError(_("{path} is being written by another qtrack ({partial} is locked); try again "
                                    "when it has finished").format(path=path, partial=partial)) from None
            _remove(partial)
            continue
        except OSError as exc:
            raise QtrackError(_("cannot write {path}: {strerror}").format(
                                  path=path, strerror=os_reason(exc))) from None
        _lock(fd, blocking=True)
        return fd
    raise QtrackError(_("cannot write {path}: {partial} keeps coming back").format(
                          path=path, partial=partial))


def _lock(fd: int, *, blocking: bool) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; a stale partial is then never taken for live
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise
    return True


def _stale(partial: Path) -> bool:
    """Whether a partial file is a killed run's: nobody holds its lock."""
    try:
        fd = os.open(partial, os.O_RDONLY)
    except FileNotFoundError:
        return True
    try:
        return _lock(fd, blocking=False)
    finally:
        os.close(fd)


def _remove(partial: Path) -> None:
    """The partial file, and what SQLite may have left beside it (a backup is a database)."""
    for suffix in _DATABASE_FILES:
        with contextlib.suppress(FileNotFoundError):
            partial.with_name(partial.name + suffix).unlink()


def sweep(folder: Path, magic: bytes | tuple[bytes, ...]) -> list[Path]:
    """Remove the partial files killed runs left in `folder` under any name — only those whose
    content starts with `magic` (or one of them: a backup's, a SQLite file or a server's dump) and
    that no live qtrack holds."""
    swept = []
    magics = magic if isinstance(magic, tuple) else (magic,)
    for partial in folder.glob(".*.partial"):
        try:
            with open(partial, "rb") as file:
                if not file.read(max(map(len, magics))).startswith(magics):
                    continue
        except OSError:
            continue
        if _stale(partial):
            _remove(partial)
            swept.append(partial)
    return swept


def sync_folder(folder: Path) -> None:
    """A rename or a link itself on the disk: fsync the folder (not possible, nor needed, everywhere)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _streamed(path: Path) -> Iterator[Path]:
    """A device, a FIFO or standard output (-): the content is made in a private temporary file, then
    copied in."""
    import shutil
    import tempfile

    to_stdout = str(path) == STDOUT
    with tempfile.TemporaryDirectory(prefix="qtrack-") as folder:  # whole or nothing: no half a file to a pipe
        made = Path(folder) / ("stdout" if to_stdout else path.name)
        yield made
        try:
            with open(made, "rb") as source:
                if to_stdout:
                    sys.stdout.flush()
                    shutil.copyfileobj(source, sys.stdout.buffer)
                    sys.stdout.buffer.flush()
                else:
                    with open(path, "wb") as sink:
                        shutil.copyfileobj(source, sink)
        except OSError as exc:
            if to_stdout and isinstance(exc, BrokenPipeError):
                raise  # the reader took what it wanted: no error (qtrack/cli)
            raise QtrackError(_("cannot write {path}: {value}").format(
                                  path=path, value=os_reason(exc))) from None


def _kept(st: os.stat_result | None, path: Path) -> str:
    return _("{path} is as it was").format(path=path) if st is not None else _("nothing was written")


def is_stdout(path: Path) -> bool:
    """Whether `path` is where standard output goes (-o -, -o /dev/stdout): messages then go to stderr."""
    if str(path) == STDOUT:
        return True
    try:
        here, there = os.fstat(sys.stdout.fileno()), os.stat(path)
    except (AttributeError, OSError, ValueError):
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)
