"""The floors qtrack's import and pages are held to, each a whole process doing only the raw work.

    python bench/floors.py executemany SOURCE.db FRESH.db  # every row of SOURCE into a fresh copy
    python bench/floors.py query DB AS_OF                  # one page of 20 late tasks, sqlite3 only

`executemany`: the rows an import wrote (SOURCE, a database just imported, before any history),
read back and written with one executemany a table into a database of the same schema, in one
transaction: what an import of the same rows costs with no YAML, no checking and no ORM.
`query`: Python, the sqlite3 module and one indexed query printing 20 rows: the least a page
command can cost.
"""

from __future__ import annotations

import sqlite3
import sys


def executemany(source: str, fresh: str) -> None:
    src = sqlite3.connect(source)
    tables = src.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                         "AND sql IS NOT NULL ORDER BY rowid").fetchall()
    indexes = [r[0] for r in src.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")]
    data = {name: src.execute(f'SELECT * FROM "{name}"').fetchall() for name, _ in tables}
    src.close()
    dst = sqlite3.connect(fresh)
    dst.execute("PRAGMA journal_mode = WAL")
    with dst:
        for name, sql in tables:
            dst.execute(sql)
        for sql in indexes:  # made first, as an import writes into indexed tables
            dst.execute(sql)
        for name, rows in data.items():
            if rows:
                dst.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(rows[0]))})', rows)
    dst.close()


def query(db: str, as_of: str) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for row in conn.execute("SELECT id, code, title, due FROM task WHERE due < ? ORDER BY due LIMIT 20", (as_of,)):
        print(*row)
    conn.close()


if __name__ == "__main__":
    {"executemany": executemany, "query": query}[sys.argv[1]](*sys.argv[2:])
