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
from qtrack.i18n import _


def read_bytes(path: Path, *, limit: int, what: str = "file") -> bytes:
    """The whole of a regular file of at most `limit` bytes; UnreadableFile saying why not."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableFile(_("cannot read: {strerror}").format(strerror=exc.strerror)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile(_("is a folder, not a file"))
        raise UnreadableFile(_("is not a regular file (a device, FIFO or socket); a {what} is a file on disk").format(
                                 what=what))
    with os.fdopen(fd, "rb") as file:
        if info.st_size > limit:
            raise UnreadableFile(_("is {st_size:,.0f} MB; a {what} is at most {limit:,} MB").format(
                                     st_size=info.st_size / 2**20, what=what, limit=limit // 2**20))
        try:
            data = file.read(limit + 1)  # a file growing while read is still bounded
        except OSError as exc:
            raise UnreadableFile(_("cannot read: {strerror}").format(strerror=exc.strerror)) from None
    if len(data) > limit:
        raise UnreadableFile(_("grew past {limit:,} MB while being read; a {what} is at most that").format(
                                 limit=limit // 2**20, what=what))
    return data
