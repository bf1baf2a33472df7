"""Reading a file the user names as input (a plan file, a dump): a regular file, of bounded size.

`qtrack import /dev/zero` would otherwise read until memory runs out, and a FIFO would block the
command on open until some other program writes to it. The file is opened without blocking and
its kind checked on the open descriptor, so what is checked is what is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from qtrack.errors import UnreadableFile


def read_bytes(path: Path, *, limit: int, what: str = "file") -> bytes:
    """The whole of a regular file of at most `limit` bytes; UnreadableFile saying why not."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a folder, not a file")
        raise UnreadableFile(f"is not a regular file (a device, FIFO or socket); a {what} is a file on disk")
    with os.fdopen(fd, "rb") as file:
        if info.st_size > limit:
            raise UnreadableFile(f"is {info.st_size / 2**20:,.0f} MB; a {what} is at most {limit // 2**20:,} MB")
        try:
            data = file.read(limit + 1)  # a file growing while read is still bounded
        except OSError as exc:
            raise UnreadableFile(f"cannot read: {exc.strerror}") from None
    if len(data) > limit:
        raise UnreadableFile(f"grew past {limit // 2**20:,} MB while being read; a {what} is at most that")
    return data
