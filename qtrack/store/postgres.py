"""The PostgreSQL engine, for several offices on one server: connecting, the catalogue, errors.

The driver is psycopg2 (`pip install 'qtrack[postgres]'`): a process importing it took 0.067 s
here against psycopg 3's 0.232 s (a bare Python: 0.012 s), and qtrack is started dozens of times
a day. This module is imported only
for a postgresql:// URL, and imports the driver then.

Above the engine both engines look alike. Rows are read by position or by column name, and
values come back as SQLite gives them — dates as ISO text, timestamps as UTC text with
microseconds, booleans as 0 and 1, sums as integers — so that every listing and every dump is
the same byte for byte. The store's SQL is written once; what the engines spell differently
comes from here (the seam, store/__init__.py): BEGIN, which also takes the one advisory lock
every writer takes, so that writers queue as on SQLite while readers go on reading their
snapshot; NO_LIMIT, SAME / DIFFERENT, days(), joined(), inserted_id(). `prepare` rewrites the
rest, statement by statement (cached):

  ? and :name             the driver's %s and %(name)s (a literal % doubled)
  DDL of a migration      written for SQLite and read by SQLite's rules: DATETIME as TIMESTAMP
                          WITH TIME ZONE, text columns in the "C" collation, an `id INTEGER` primary
                          key numbered by a sequence, foreign keys DEFERRABLE (so restore can
                          defer them), so the one list of migrations runs on both engines

and the schema defines what SQLite has built in (store/pg_schema.py): SUM over a comparison
(a true one counts 1), and qtrack_fold() for search.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from qtrack.errors import Busy, QtrackError, ReadOnly, Refused, StoreError
from qtrack.store import pg_schema
from qtrack.store.location import shown
from qtrack.i18n import _

try:
    import psycopg2
    import psycopg2.extensions
    import psycopg2.extras
except ImportError:  # said when a URL is opened, with what to install
    psycopg2 = None

ERROR = psycopg2.Error if psycopg2 else Exception
WRITE_LOCK = 0x71747261  # 'qtra': the advisory lock every write transaction takes first
BEGIN = f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
LOCK_TIMEOUT = "30s"  # as SQLite's busy timeout: a writer waits this long for another, then fails
NO_LIMIT = None  # LIMIT NULL: every row
FENCE = "ALL OFFSET 0"  # a LIMIT of every row that keeps a subquery apart (state.whole)
SAME, DIFFERENT = "IS NOT DISTINCT FROM", "IS DISTINCT FROM"

_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|::|:([A-Za-z_]\w*)|\?|%""")
_DDL = re.compile(r"^\s*(CREATE\s+TABLE|ALTER\s+TABLE)", re.IGNORECASE)
_DDL_TYPES = [  # type names in capitals, as the DDL writes them (a column may be called `text`)
    (re.compile(r"\bDATETIME\b"), "TIMESTAMP WITH TIME ZONE"),
    (re.compile(r"\b((?>(?:VARCHAR|TEXT)(?:\s*\(\d+\))?))(?!\s*COLLATE)"), r'\1 COLLATE "C"'),
    (re.compile(r"(REFERENCES\s+\w+\s*\([^)]*\))(?!\s+DEFERRABLE)", re.IGNORECASE), r"\1 DEFERRABLE"),
]


def kind() -> str:
    return "postgresql"


def days(expr: str) -> str:
    """`expr` (a date, or ISO text) as a day number, in floating point as SQLite's julianday, so
    that the lights' arithmetic rounds alike on both engines."""
    return f"CAST(CAST({expr} AS date) - DATE '1970-01-01' AS double precision)"


def day_after(expr: str) -> str:
    """The day after `expr` (a date), as a date."""
    return f"(CAST({expr} AS date) + 1)"


def joined(expr: str, separator: str) -> str:
    """The aggregate joining `expr` over a group's rows with `separator`."""
    return f"string_agg({expr}, '{separator}')"


def inserted_id(store, sql: str, params) -> int:
    """Run an INSERT of one row and give the id its sequence made."""
    return store.execute(sql + " RETURNING id", params).fetchone()[0]


@functools.lru_cache(maxsize=512)
def prepare(sql: str) -> str:
    """SQLite's spelling of a statement as PostgreSQL's (see the module's docstring)."""
    if _DDL.match(sql):
        for pattern, replacement in _DDL_TYPES:
            sql = pattern.sub(replacement, sql)
        if re.search(r"PRIMARY KEY \(id\)", sql):
            sql = re.sub(r"\bid INTEGER NOT NULL\b", "id SERIAL NOT NULL", sql)

    def one(match: re.Match) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if match.group(1):
            return f"%({match.group(1)})s"
        return token if token == "::" else token.replace("%", "%%")  # the driver reads % in quotes too

    return _TOKEN.sub(one, sql)


def _timestamp(value: str | None, cursor) -> str | None:
    """'2026-12-01 20:22:13.5+00' as SQLite holds it: '2026-12-01 20:22:13.500000' (UTC)."""
    if value is None:
        return None
    stamp = value[:19] + value[19:].split("+")[0].split("-")[0]
    whole, _, fraction = stamp.partition(".")
    return f"{whole}.{fraction:0<6}"


def _number(value: str | None, cursor):
    """A NUMERIC (SUM over integers is one) as SQLite gives it: an integer, else a float."""
    if value is None:
        return None
    return float(value) if "." in value or "e" in value.lower() else int(value)


@functools.cache
def _types() -> list:
    ext = psycopg2.extensions
    return [
        ext.new_type((1082,), "QTRACK_DATE", lambda v, c: v),  # ISO text, as stored on SQLite
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
    """The answer to one statement, as a sqlite3 cursor gives it."""

    def __init__(self, raw):
        self.raw = raw
        self._row = None
        if raw.description:
            self._row = type("Row", (Row,), {"__slots__": (), "names": tuple(d[0] for d in raw.description)})

    @property
    def rowcount(self) -> int:
        return self.raw.rowcount

    def fetchone(self):
        row = self.raw.fetchone() if self._row else None
        return None if row is None else self._row(row)

    def fetchall(self) -> list:
        return [self._row(r) for r in self.raw.fetchall()] if self._row else []

    def fetchmany(self, size: int) -> list:
        return [self._row(r) for r in self.raw.fetchmany(size)] if self._row else []

    def __iter__(self) -> Iterator:
        while chunk := self.fetchmany(500):
            yield from chunk


class Connection:
    """A server connection that the Store uses as it uses sqlite3's: autocommit between explicit
    transactions, execute and executemany in SQLite's spelling, in_transaction."""

    def __init__(self, raw):
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        return self.raw.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE

    def execute(self, sql: str, params: Sequence | dict = ()) -> Cursor:
        cur = self.raw.cursor()
        cur.execute(prepare(sql), params or ())  # always formatted, so a doubled % is one again
        return Cursor(cur)

    def executemany(self, sql: str, rows: Iterable[Sequence | dict]) -> Cursor:
        cur = self.raw.cursor()
        psycopg2.extras.execute_batch(cur, prepare(sql), list(rows), page_size=500)
        return Cursor(cur)

    def close(self) -> None:
        self.raw.close()


def open(url: str, *, create: bool):  # noqa: A001 - the engine's verb, as sqlite.open
    """A Store on the server's database at `url` (UTC, ISO dates, autocommit between transactions).
    Without create, a database with no tables is "no qtrack database", as a missing file is."""
    from qtrack.store import Store

    if psycopg2 is None:
        raise QtrackError(_("a postgresql:// database needs the PostgreSQL driver: pip install 'qtrack[postgres]' "
                             "(psycopg2-binary)"))
    where = shown(url)
    try:
        raw = psycopg2.connect(url, options=f"-c TimeZone=UTC -c DateStyle=ISO,YMD -c lock_timeout={LOCK_TIMEOUT}",
                               application_name="qtrack")
    except psycopg2.Error as exc:
        raise QtrackError(_("cannot open database {where}: {exc}").format(where=where, exc=_words(exc))) from None
    raw.autocommit = True
    for kind_ in _types():
        psycopg2.extensions.register_type(kind_, raw)
    store = Store(sys.modules[__name__], Connection(raw), where)
    if not create and not any_tables(store):
        store.close()
        raise QtrackError(_("no qtrack database at {where} (load plans first: qtrack import PATH)").format(
                              where=where))
    return store


def _existing(url: str):
    """A Store on the database at `url` (its schema as it is), or None when it holds no tables yet."""
    store = open(url, create=True)  # connects only: the schema is the caller's (store._with_schema)
    if any_tables(store):
        return store
    store.close()
    return None


def rehearsal(url: str):
    """A Store to try a change on and roll back (import --dry-run): the server's database where it
    holds tables; for an empty one a private database in memory, so that a rehearsal leaves no
    tables behind (as it leaves no file)."""
    from qtrack.store import sqlite

    store = _existing(url)
    if store is None:
        store = sqlite.memory()
        store.where = shown(url)
    return store


def schema_of_url(url: str) -> list[str] | None:
    """The migrations a server's database records, read without changing it (no schema made or
    upgraded), for `qtrack --version`; None when the database holds no tables yet."""
    store = _existing(url)
    if store is None:
        return None
    try:
        if "migration" not in any_tables(store):
            raise QtrackError(_("it holds another program's tables"))
        return [r[0] for r in store.execute("SELECT name FROM migration ORDER BY name")]
    finally:
        store.close()


def _words(exc) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def translate(exc) -> StoreError:
    """The server's error as qtrack's: its own words, a type that says what kind of failure."""
    text = (exc.diag.message_primary if getattr(exc, "diag", None) and exc.diag.message_primary else _words(exc))
    code = getattr(exc, "pgcode", None) or ""
    if code == "P0001" or code.startswith("23"):  # a trigger's refusal (append-only), a constraint
        return Refused(_("database: {text}").format(text=text), text)
    if code in ("55P03", "40P01", "40001", "57014"):  # lock wait past the timeout, deadlock, cancelled
        return Busy(_("database: {text} (nothing was written)").format(text=text), text)
    if code in ("25006", "42501"):  # a read-only server or transaction, a role without the right
        return ReadOnly(_("database: {text} (nothing was written)").format(text=text), text)
    if isinstance(exc, psycopg2.OperationalError):
        return StoreError(_("database: {text} (nothing was written)").format(text=text), text)
    return StoreError(_("database: {text}").format(text=text), text)


# The catalogue, as store/sqlite.py gives SQLite's.
table_names = pg_schema.table_names
any_tables = pg_schema.any_tables
foreign_parents = pg_schema.foreign_parents
columns = pg_schema.columns
triggers = pg_schema.triggers
drop_trigger = pg_schema.drop_trigger


def secondary_indexes(store) -> list[tuple[str, str]]:
    """None dropped for a restore here: the server's rows go in a few thousand per statement
    (insert_rows), and its indexes are the server's to keep."""
    return []


def drop_index(store, name: str) -> None:
    raise NotImplementedError  # secondary_indexes names none
append_only_triggers = pg_schema.append_only_triggers
create_schema = pg_schema.create_schema
foreign_key_problems = pg_schema.foreign_key_problems


def defer_foreign_keys(store) -> None:
    """Check foreign keys at commit rather than per row (a sub-task may precede its parent)."""
    store.execute("SET CONSTRAINTS ALL DEFERRED")


def size(store) -> int:
    """The database's size on the server, in bytes."""
    return store.one("SELECT pg_database_size(current_database())")[0]


def integrity_problems(store, full: bool = True) -> list[str]:
    """The server's stand-in for SQLite's integrity check (store/pg_check.py): every table read
    whole, amcheck's index and page checks where installed, checksum failures counted; the
    routine check and --full alike (only the value rules are --full's on the server)."""
    from qtrack.store import pg_check

    return pg_check.integrity_problems(store)


def insert_rows(store, table: str, names: list[str], rows: Iterable[list]) -> None:
    """Rows of a dump into `table`, each value read by its column's type (a 0/1 boolean, ISO
    dates), and the table's id sequence moved past the ids written."""
    import json

    import itertools

    quoted, rows = ", ".join(f'"{c}"' for c in names), iter(rows)  # a dump's rows stream from its file
    while chunk := [dict(zip(names, r)) for r in itertools.islice(rows, 5000)]:
        store.execute(f'INSERT INTO "{table}" ({quoted}) SELECT {quoted} FROM '
                      f'json_populate_recordset(NULL::"{table}", ?)', (json.dumps(chunk, ensure_ascii=False),))
    sequence = store.one("SELECT pg_get_serial_sequence(?, 'id')", (f'"{table}"',)) if "id" in names else None
    if sequence and sequence[0]:
        store.execute(f'SELECT setval(?, COALESCE((SELECT max(id) FROM "{table}"), 0) + 1, false)', (sequence[0],))


def backup(store, partial: Path, check):
    """The server's database as qtrack's JSON dump in the file `partial` (what `restore` reads,
    into either engine), written from one snapshot while others write; checked by restoring it
    into a scratch SQLite file and checking that: a backup that would not restore is refused."""
    import tempfile

    from qtrack import dump
    from qtrack.store import open_store

    store.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    try:
        data = dump.dump(store)
    finally:
        store.execute("COMMIT")
    dump.write(data, partial)
    with tempfile.TemporaryDirectory(prefix="qtrack-backup-") as scratch:
        copy = open_store(Path(scratch) / "check.db", create=True)
        try:
            dump.restore(copy, dump.read(partial), path=partial)
            return check(copy)
        finally:
            copy.close()


def value_problems(store, limit: int = 100) -> list[str]:
    """qtrack's value rules (qtrack/integrity.py) over every stored row. The server's typed columns
    already refuse much of what SQLite lets through (text in an integer column, bytes that are not
    UTF-8), so each table is read once and its rows checked in Python against the columns this
    qtrack's schema declares (those a dump is checked against)."""
    from qtrack import integrity
    from qtrack.store.dump import fresh_layouts

    found: list[str] = []
    for table, layout in fresh_layouts().items():
        keys = [c.name for c in layout.columns if c.pk]
        names = ", ".join(f'"{c.name}"' for c in layout.columns)
        order = ", ".join(f'"{k}"' for k in keys) or "1"
        for row in store.execute(f'SELECT {names} FROM "{table}" ORDER BY {order}'):
            where = f"table {table} " + ", ".join(f"{k} {row[k]}" for k in keys)
            found += [f"{where}: {c.name} {p}" for c in layout.columns
                      if (p := integrity.value_problem(table, c, row[c.name]))]
            if len(found) >= limit:
                return found[:limit]
    periods = store.execute("SELECT r.id, d.every, r.period FROM duty_report r JOIN duty d ON d.id = r.duty_id "
                            "ORDER BY r.id")
    found += [f"table duty_report id {r[0]}: {p}" for r in periods if (p := integrity.period_problem(r[1], r[2]))]
    return found[:limit]
