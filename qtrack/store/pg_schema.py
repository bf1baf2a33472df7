"""The schema on PostgreSQL: the same tables, columns, indexes and names as on SQLite.

The tables come from the SQLModel models (qtrack/models.py), compiled for PostgreSQL, with
every text column in the "C" collation so that text sorts and compares by code point as on
SQLite, whatever the server's locale. The history tables are kept append-only by PL/pgSQL
triggers, as SQLite's triggers do: an UPDATE, DELETE or TRUNCATE of them is refused (only a
superuser, or the tables' owner, can disable triggers, and only on purpose). Search folds case
and width in one function, qtrack_fold, that SQLite's connection also defines (in Python).
"""

from __future__ import annotations

APPEND_ONLY_FUNCTION = """CREATE FUNCTION qtrack_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: record a correction as a new entry', TG_TABLE_NAME
        USING ERRCODE = 'raise_exception';
END $$"""
# lower() under ICU's root collation lowercases as Python's str.lower() does (final sigma, İ);
# without ICU the server's own lower() serves.
FOLD_FUNCTION = """CREATE FUNCTION qtrack_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(normalize(t, NFKC){collate}) $$"""


def append_only_triggers(table: str) -> list[str]:
    """The statements that make `table` append-only (the shared trigger function must exist)."""
    return [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"FOR EACH {'STATEMENT' if verb == 'TRUNCATE' else 'ROW'} EXECUTE FUNCTION qtrack_append_only()"
            for verb in ("UPDATE", "DELETE", "TRUNCATE")]


def create_schema(conn) -> None:
    """Create every table, index, trigger and function in the current transaction."""
    from sqlalchemy import MetaData, String
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from qtrack import models

    encoding = conn.execute("SHOW server_encoding").fetchone()[0]
    if encoding != "UTF8":
        from qtrack.errors import QtrackError

        raise QtrackError(f"the database's encoding is {encoding}; qtrack needs UTF8 "
                          "(createdb --encoding UTF8 --template template0 NAME)")
    dialect = postgresql.dialect()
    copy = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(copy)
    for table in copy.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String):
                column.type = String(collation="C")
        conn.execute(str(CreateTable(table).compile(dialect=dialect)))
        for index in table.indexes:
            conn.execute(str(CreateIndex(index).compile(dialect=dialect)))
    conn.execute(APPEND_ONLY_FUNCTION)
    for table in models.APPEND_ONLY:
        for statement in append_only_triggers(table):
            conn.execute(statement)
    icu = conn.execute("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'").fetchone()
    conn.execute(FOLD_FUNCTION.format(collate=' COLLATE "und-x-icu"' if icu else ""))


def table_names(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]


def parents(conn, table: str) -> set[str]:
    """The tables `table`'s foreign keys point at."""
    return {r[0] for r in conn.execute(
        "SELECT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND conrelid = ?::regclass",
        (table,))}


def columns(conn, table: str) -> tuple[list[str], list[str]]:
    """(every column in order, the primary-key columns in order)."""
    names = [r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = ? ORDER BY ordinal_position", (table,))]
    keys = [r[0] for r in conn.execute(
        "SELECT a.attname FROM pg_index i JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, n) ON true "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
        "WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY k.n", (table,))]
    return names, keys
