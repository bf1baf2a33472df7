"""PostgreSQL, for several offices on one server: the connection, and what differs from SQLite.

The driver is psycopg2 (`pip install 'qtrack[postgres]'`): it imports in about a quarter of the
time psycopg 3 takes, and qtrack is started dozens of times a day. It is imported only when the
database is a postgresql:// URL.

Above the store, both engines look alike: the connection answers `execute` with rows that are
read by position or by column name, and values come back as SQLite gives them (dates as ISO
text, timestamps as UTC text with microseconds, booleans as 0 and 1), so every listing and every
dump is the same byte for byte. SQL is written once, in SQLite's spelling of parameters (`?` and
`:name`); this module turns them into the driver's.

Writers queue as SQLite's do: every write transaction first takes one advisory lock, so two
imports never interleave, while readers go on reading their snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from qtrack.errors import QtrackError
from qtrack.store.location import shown

WRITE_LOCK = 0x71747261  # 'qtra': the advisory lock every write transaction takes first
LOCK_TIMEOUT = "30s"  # as SQLite's busy timeout: a writer waits this long for another, then fails
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|::|:([A-Za-z_]\w*)|\?|%""")
# The statements SQLite spells its own way, whole.
_STATEMENTS = {
    "BEGIN IMMEDIATE": f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})",
    "SAVEPOINT nested": "SAVEPOINT nested",
}
# Tables whose rows get an id from a sequence: an INSERT into them returns it, as lastrowid.
_SERIAL: set[str] = set()
_INSERT = re.compile(r'^\s*INSERT\s+INTO\s+"?(\w+)"?', re.IGNORECASE)


def driver():
    try:
        import psycopg2
        import psycopg2.extensions
        import psycopg2.extras
    except ImportError:
        raise QtrackError("a postgresql:// database needs the PostgreSQL driver: "
                          "pip install 'qtrack[postgres]' (psycopg2-binary)") from None
    return psycopg2


def translate(sql: str) -> str:
    """`?` and `:name` parameters as the driver's `%s` and `%(name)s`; a literal % doubled.
    Quoted text and `::` casts are left alone."""
    if sql in _STATEMENTS:
        return _STATEMENTS[sql]
    count = 0

    def one(match: re.Match) -> str:
        nonlocal count
        token = match.group(0)
        if token == "?":
            count += 1
            return "%s"
        if token == "%":
            return "%%"
        if match.group(1):
            return f"%({match.group(1)})s"
        return token.replace("%", "%%")  # the driver reads % inside quoted text too

    return _TOKEN.sub(one, sql)


def _timestamp(value: str | None, cursor) -> str | None:
    """'2026-12-01 20:22:13.5+00' as SQLite holds it: '2026-12-01 20:22:13.500000' (UTC)."""
    if value is None:
        return None
    stamp = value.rsplit("+", 1)[0] if "+" in value[10:] else value
    whole, _, fraction = stamp.partition(".")
    return f"{whole}.{fraction:0<6}"


def _number(value: str | None, cursor):
    """SUM over integers is NUMERIC on the server, an integer on SQLite."""
    if value is None:
        return None
    return float(value) if "." in value or "e" in value.lower() else int(value)


def _types(psycopg2) -> list:
    ext = psycopg2.extensions
    return [
        ext.new_type((1082,), "QTRACK_DATE", lambda v, c: v),  # date: ISO text, as stored on SQLite
        ext.new_type((1114, 1184), "QTRACK_TIMESTAMP", _timestamp),
        ext.new_type((16,), "QTRACK_BOOL", lambda v, c: None if v is None else int(v == "t")),
        ext.new_type((1700,), "QTRACK_NUMERIC", _number),
    ]


class Row(tuple):
    """One row, read by position or by column name, like sqlite3.Row."""

    __slots__ = ()
    names: tuple[str, ...] = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self.names.index(key))
            except ValueError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


class Cursor:
    """The answer to one statement: its rows, and lastrowid for an INSERT into a table with ids."""

    def __init__(self, raw, lastrowid: int | None = None):
        self.raw, self.lastrowid = raw, lastrowid
        self._row = None
        if raw.description:
            self._row = type("Row", (Row,), {"__slots__": (), "names": tuple(d[0] for d in raw.description)})

    @property
    def rowcount(self) -> int:
        return self.raw.rowcount

    def _wrap(self, rows):
        return [self._row(r) for r in rows]

    def fetchone(self):
        row = self.raw.fetchone() if self._row else None
        return None if row is None else self._row(row)

    def fetchall(self) -> list:
        return self._wrap(self.raw.fetchall()) if self._row else []

    def fetchmany(self, size: int) -> list:
        return self._wrap(self.raw.fetchmany(size)) if self._row else []

    def __iter__(self) -> Iterator:
        while chunk := self.fetchmany(500):
            yield from chunk


class Connection:
    """A server connection that reads like the sqlite3 one qtrack uses: autocommit between
    explicit transactions, `execute` and `executemany`, `in_transaction`."""

    engine = "postgresql"

    def __init__(self, raw, url: str):
        self.raw, self.url = raw, url
        self.psycopg2 = driver()

    @property
    def in_transaction(self) -> bool:
        return self.raw.get_transaction_status() != self.psycopg2.extensions.TRANSACTION_STATUS_IDLE

    def execute(self, sql: str, params: Sequence | dict = ()) -> Cursor:
        text = translate(sql)
        returning = _returns_id(sql)
        if returning:
            text += " RETURNING id"
        cur = self.raw.cursor()
        try:
            cur.execute(text, params or ())  # always formatted, so a doubled % is one again
        except self.psycopg2.Error as exc:
            raise _error(exc) from None
        if returning:
            return Cursor(cur, cur.fetchone()[0])
        return Cursor(cur)

    def executemany(self, sql: str, rows: Iterable[Sequence | dict]) -> Cursor:
        cur = self.raw.cursor()
        try:
            self.psycopg2.extras.execute_batch(cur, translate(sql), list(rows), page_size=500)
        except self.psycopg2.Error as exc:
            raise _error(exc) from None
        return Cursor(cur)

    def close(self) -> None:
        self.raw.close()


class DatabaseError(QtrackError):
    """The server refused a statement: an append-only table changed, a constraint, a lock waited too long."""

    def __init__(self, message: str, code: str | None):
        super().__init__(message)
        self.code = code  # the SQLSTATE, e.g. P0001 for a trigger's refusal


def _error(exc) -> DatabaseError:
    first = (exc.diag.message_primary or str(exc)).strip().splitlines()[0]
    if exc.pgcode == "P0001":  # raised by a trigger: its message is qtrack's own
        return DatabaseError(first, exc.pgcode)
    return DatabaseError(f"database: {first} (nothing was written)", exc.pgcode)


def _returns_id(sql: str) -> bool:
    match = _INSERT.match(sql)
    return bool(match) and match.group(1) in _SERIAL and "RETURNING" not in sql.upper()


def connect(url: str) -> Connection:
    """Open the server's database in autocommit, UTC, ISO dates; a QtrackError when it cannot be reached."""
    psycopg2 = driver()
    try:
        raw = psycopg2.connect(url, options=f"-c TimeZone=UTC -c DateStyle=ISO,YMD -c lock_timeout={LOCK_TIMEOUT}",
                               application_name="qtrack")
    except psycopg2.Error as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise QtrackError(f"cannot open database {shown(url)}: {reason}") from None
    raw.autocommit = True
    for kind in _types(psycopg2):
        psycopg2.extensions.register_type(kind, raw)
    return Connection(raw, url)
