"""Where the database is: a PostgreSQL URL, or else a SQLite file path.

`--db`, `$QTRACK_DB` or the per-user default give one string. A `postgresql://` or
`postgres://` URL (any form libpq accepts, a socket folder as `?host=/path&port=N` included)
names a server; anything else is a file path, as it always was. A value that looks like a URL of
another kind is refused rather than taken for a path, so that a mistyped scheme never leaves
folders named `postgresql:` behind. Nothing here imports a driver.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from qtrack.errors import QtrackError
from qtrack.i18n import _

SCHEMES = ("postgresql", "postgres")
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def given(db: str | os.PathLike | None) -> str | Path:
    """--db, else $QTRACK_DB, else the config file's db, else qtrack.db in the per-user data
    directory (qtrack/config resolves it): a URL as a str, a file as a Path."""
    from qtrack.config import resolve

    value = resolve("db", os.fspath(db) if db else None).value
    if value:
        return value if is_url(value) else Path(value).expanduser()
    import platformdirs

    return platformdirs.user_data_path("qtrack", appauthor=False) / "qtrack.db"


def is_url(value: str) -> bool:
    """True for a PostgreSQL URL; a QtrackError for a URL qtrack cannot open; False for a path."""
    match = _URL.match(value)
    if not match:
        return False
    if match.group(1).lower() in SCHEMES:
        return True
    raise QtrackError(_("{value}: qtrack opens a postgresql:// URL or a SQLite file path, not a "
                        "{value2}:// URL").format(
                          value=shown(value), value2=match.group(1)))


def shown(url: str) -> str:
    """The URL for a message: any password (in the user part or as ?password=) blanked out."""
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        if ":" in user:
            netloc = f"{user.split(':', 1)[0]}:***@{host}"
    query = "&".join(f"{k}=***" if k == "password" else f"{k}={v}" if v else k
                     for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc, query=query))
