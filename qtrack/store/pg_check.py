"""`qtrack check` on PostgreSQL: what stands for SQLite's page-level integrity check.

The server keeps its own storage, so qtrack checks what a client can check, each step read-only:
  - every table of the schema read whole from its pages (a sequential scan, every value
    detoasted), so that a damaged page or a lost TOAST chunk is found and named, not met later
    by a listing;
  - where the amcheck extension is installed in the database and the role may run it: every
    B-tree index checked by bt_index_check with heapallindexed (its structure, and every row
    there in it), and every table's pages by verify_heapam (amcheck 1.3, PostgreSQL 14+);
  - the data-checksum failures the server has counted in this database (where checksums are on).
The foreign keys and qtrack's own rules on every value are checked apart (pg_schema.py,
postgres.value_problems), as on SQLite. Each problem is one line; none means ['ok'].
"""

from __future__ import annotations

from qtrack.errors import StoreError

LIMIT = 20  # problems named per step: a badly damaged database would otherwise print thousands


def integrity_problems(store) -> list[str]:
    """Every problem found, one line each (at most LIMIT), or ['ok']."""
    from qtrack.store import pg_schema

    tables = pg_schema.table_names(store)
    problems = [line for table in tables if (line := _unreadable(store, table))]
    schema = _amcheck_schema(store)
    if schema:
        problems += _index_problems(store, schema) + _heap_problems(store, schema, tables)
    problems += _checksum_failures(store)
    return problems[:LIMIT] or ["ok"]


def _read_only(store, sql: str, params: tuple = ()) -> list:
    """The rows of one statement run in a read-only transaction of its own, by sequential scans."""
    store.execute("BEGIN READ ONLY")
    try:
        store.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; "
                      "SET LOCAL enable_bitmapscan = off")
        return store.all(sql, params)
    finally:
        store.execute("ROLLBACK")


def _unreadable(store, table: str) -> str | None:
    """Why `table` cannot be read whole, or None. Casting each row to text reads every value."""
    try:
        _read_only(store, f'SELECT count(*) FROM "{table}" t WHERE length(t::text) >= 0')
    except StoreError as exc:
        return f"table {table} cannot be read: {exc.detail}"
    return None


def _amcheck_schema(store) -> str | None:
    """The schema amcheck is installed in, when it is and this role may run bt_index_check."""
    row = store.one("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                    "WHERE e.extname = 'amcheck'")
    return row[0] if row and _may_run(store, f'"{row[0]}".bt_index_check(regclass, boolean)') else None


def _may_run(store, function: str) -> bool:
    """Whether `function` (a signature) exists and this role may execute it."""
    allowed = store.one("SELECT to_regprocedure(?) IS NOT NULL AND has_function_privilege(to_regprocedure(?), "
                        "'EXECUTE')", (function, function))
    return bool(allowed and allowed[0])


def _index_problems(store, schema: str) -> list[str]:
    indexes = store.all(
        "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' "
        "AND c.relnamespace = current_schema()::regnamespace ORDER BY 1")
    problems = []
    for (index,) in indexes:
        try:
            _read_only(store, f'SELECT "{schema}".bt_index_check(?::regclass, true)', (index,))
        except StoreError as exc:
            problems.append(f"index {index}: {exc.detail}")
    return problems


def _heap_problems(store, schema: str, tables: list[str]) -> list[str]:
    if not _may_run(store, f'"{schema}".verify_heapam(regclass, boolean, boolean, text, bigint, bigint)'):
        return []  # amcheck before 1.3 checks indexes only, or this role may not run it
    problems = []
    for table in tables:
        try:
            found = _read_only(store, f'SELECT blkno, offnum, msg FROM "{schema}".verify_heapam(?::regclass) '
                               f"LIMIT {LIMIT}", (f'"{table}"',))
        except StoreError as exc:
            found = [(None, None, exc.detail)]
        problems += [f"table {table}" + (f" block {b}" if b is not None else "")
                     + (f" item {o}" if o is not None else "") + f": {m}" for b, o, m in found]
    return problems


def _checksum_failures(store) -> list[str]:
    row = store.one("SELECT checksum_failures, checksum_last_failure FROM pg_stat_database "
                    "WHERE datname = current_database()")
    if row is None or not row[0]:
        return []
    return [f"the server has counted {row[0]} data checksum failure{'s' if row[0] != 1 else ''} in this "
            f"database, the last at {row[1]}"]
