"""The schema on PostgreSQL: the same tables, columns, indexes and names as on SQLite.

The tables come from the SQLModel models (qtrack/models.py), compiled for PostgreSQL, with
every text column in the "C" collation so that text sorts and compares by code point as on
SQLite, whatever the server's locale. The history tables are kept append-only by PL/pgSQL
triggers, as SQLite's triggers do: an UPDATE, DELETE or TRUNCATE of them is refused (only a
superuser, or the tables' owner, can disable triggers, and only on purpose). The schema also
defines what SQLite has built in and the store's SQL uses: SUM over a comparison (a true one
counts 1), and qtrack_fold(), the case- and width-folding of search, which SQLite's connection
defines in Python (store/fold.py).
"""

from __future__ import annotations

import functools

from qtrack.errors import StoreError
from qtrack.i18n import _

APPEND_ONLY_FUNCTION = """CREATE OR REPLACE FUNCTION qtrack_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: record a correction as a new entry', TG_TABLE_NAME
        USING ERRCODE = 'raise_exception';
END $$"""
# lower() under ICU's root collation lowercases as Python's str.lower() does (final sigma, İ);
# without ICU the server's own lower() serves.
FOLD_FUNCTION = """CREATE FUNCTION qtrack_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(normalize(t, NFKC){collate}) $$"""
SQLITE_BUILTINS = [
    """CREATE FUNCTION qtrack_count_true(n bigint, b boolean) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN b IS NULL THEN n ELSE COALESCE(n, 0) + b::int END $$""",
    # NULL over no rows (or only NULLs), as SQLite's SUM.
    "CREATE AGGREGATE sum(boolean) (SFUNC = qtrack_count_true, STYPE = bigint)",
]


def append_only_triggers(table: str) -> list[str]:
    """The statements that make `table` refuse every UPDATE, DELETE and TRUNCATE, whoever runs them
    (the shared trigger function first: a migration may be the first to need it)."""
    return [APPEND_ONLY_FUNCTION] + [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"FOR EACH {'STATEMENT' if verb == 'TRUNCATE' else 'ROW'} EXECUTE FUNCTION qtrack_append_only()"
            for verb in ("UPDATE", "DELETE", "TRUNCATE")]


def create_schema(store) -> None:
    """Create every table, index, function and trigger in the current transaction, in one round trip."""
    encoding = store.one("SHOW server_encoding")[0]
    if encoding != "UTF8":
        from qtrack.errors import QtrackError

        raise QtrackError(_("the database's encoding is {encoding}; qtrack needs UTF8 (createdb --encoding UTF8 "
                             "--template template0 NAME)").format(encoding=encoding))
    icu = store.one("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'") is not None
    store.execute(";\n".join(_statements(icu)))


@functools.cache
def _statements(icu: bool) -> tuple[str, ...]:
    """The schema's DDL, compiled from the models once per process."""
    from sqlalchemy import MetaData, String
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from qtrack.store import schema

    dialect = postgresql.dialect()
    copy = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(copy)
    out = []
    for table in copy.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String):
                column.type = String(collation="C")
        for key in table.foreign_key_constraints:
            key.deferrable = True  # restore defers them: a sub-task may precede its parent
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        out += [str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes]
    out += SQLITE_BUILTINS
    for table in schema.APPEND_ONLY:
        out += append_only_triggers(table)
    out.append(FOLD_FUNCTION.format(collate=' COLLATE "und-x-icu"' if icu else ""))
    return tuple(out)


def table_names(store) -> list[str]:
    return [r[0] for r in store.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]


def any_tables(store) -> set[str]:
    """Every table in the database's schema: a database holding any is not empty."""
    return set(table_names(store))


def foreign_parents(store, table: str) -> set[str]:
    """The tables `table`'s foreign keys point at."""
    return {r[0] for r in store.execute(
        "SELECT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND conrelid = ?::regclass",
        (f'"{table}"',))}


def columns(store, table: str) -> tuple[list[str], list[str]]:
    """(every column in order, the primary-key columns in order)."""
    names = [r[0] for r in store.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped "
        "ORDER BY attnum", (f'"{table}"',))]
    keys = [r[0] for r in store.execute(
        "SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
        "WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY k.n", (f'"{table}"',))]
    return names, keys


def triggers(store) -> list[tuple[str, str]]:
    """(name, the statement that creates it) of every trigger on qtrack's tables."""
    return [(f"{r[0]}\0{r[1]}", r[2]) for r in store.execute(
        "SELECT t.tgname, t.tgrelid::regclass::text, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal "
        "AND c.relnamespace = current_schema()::regnamespace ORDER BY t.tgname")]


def drop_trigger(store, name: str) -> None:
    trigger, table = name.split("\0")
    store.execute(f'DROP TRIGGER "{trigger}" ON {table}')


def foreign_key_problems(store) -> list[str]:
    """Rows whose foreign key points at no row. The server enforces keys, but a superuser can
    switch the checks off (session_replication_role), and a check should not take it on trust."""
    keys = store.all(
        "SELECT conrelid::regclass::text, confrelid::regclass::text, a.attname, b.attname FROM pg_constraint k "
        "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
        "JOIN pg_attribute b ON b.attrelid = k.confrelid AND b.attnum = k.confkey[1] "
        "WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 "
        "AND k.connamespace = current_schema()::regnamespace ORDER BY 1, 3")
    problems = []
    for child, parent, column, target in keys:
        try:  # a damaged page or index fails one key's check, not the whole check
            missing = store.all(f'SELECT c."{column}" FROM {child} c WHERE c."{column}" IS NOT NULL AND NOT EXISTS '
                                f'(SELECT 1 FROM {parent} p WHERE p."{target}" = c."{column}") ORDER BY 1')
        except StoreError as exc:
            problems.append(_("{child}.{column} → {parent} cannot be checked: {detail}").format(
                                child=child, column=column, parent=parent, detail=exc.detail))
            continue
        problems += [f"{child} row with {column} {key} points at a missing {parent}" for (key,) in missing]
    return problems
