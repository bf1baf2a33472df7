"""SQLite's half of `check`'s value rules (qtrack/integrity.py): SQL finds the rows that may break
a rule, fast on 100,000 tasks, and the rule itself, in Python, says whether and why; a dump is
checked by the same rules before restore writes it. The SQL is SQLite's (typeof, date() with a
modifier, json_valid, a Python function for UTF-8): a server engine brings its own.
"""

from __future__ import annotations

from qtrack import integrity


def problems(store, limit: int = 100) -> list[str]:
    """Every stored value checked by the rules a dump must pass before restore writes it: what
    SQLite's own checks let through (a status no command writes, a progress of 150, 2016-02-30,
    bytes that are not UTF-8). References are left to PRAGMA foreign_key_check."""
    from qtrack.store.dump import layouts

    found: list[str] = []
    store.connection.create_function("qtrack_not_utf8", 1, _not_utf8, deterministic=True)
    for table, layout in layouts(store).items():
        keys = [c.name for c in layout.columns if c.pk] or ["rowid"]
        for column in (c for c in layout.columns if c.type.startswith(("VARCHAR", "TEXT"))):
            found += [f"table {table} {', '.join(f'{k} {r[k]}' for k in keys)}: {column.name} is not UTF-8 text "
                      "(the file is damaged)" for r in store.execute(
                          f'SELECT {", ".join(keys)} FROM "{table}" WHERE qtrack_not_utf8(CAST("{column.name}" '
                          f"AS BLOB)) LIMIT {limit}")]
        suspect = " OR ".join(_suspect(table, c) for c in layout.columns)
        names = ", ".join(f'"{c.name}"' for c in layout.columns)
        utf8 = " AND ".join(f'NOT qtrack_not_utf8(CAST("{c.name}" AS BLOB))' for c in layout.columns) or "1"
        for row in store.execute(f'SELECT {names} FROM "{table}" WHERE ({suspect}) AND {utf8} '
                                f'ORDER BY {", ".join(keys)} LIMIT {limit}'):
            where = f"table {table} " + ", ".join(f"{k} {row[k]}" for k in keys if k != "rowid")
            found += [f"{where}: {c.name} {p}" for c in layout.columns
                         if (p := integrity.value_problem(table, c, row[c.name]))]
        if len(found) >= limit:
            break
    return found[:limit] + _period_problems(store)


def _not_utf8(data: bytes | None) -> bool:
    """SQLite stores whatever bytes it is given as text; Python cannot read a value that is not UTF-8."""
    if data is None:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _suspect(table: str, column: integrity.Column) -> str:
    """An SQL condition true of every row whose value in `column` may break integrity's rules."""
    name, kind = f'"{column.name}"', column.type.split("(")[0]
    typed = {"INTEGER": "'integer'", "BOOLEAN": "'integer'", "FLOAT": "'integer', 'real'", "REAL": "'integer', 'real'",
             "DATE": "'text'", "DATETIME": "'text'"}.get(kind, "'text'")
    tests = [f"typeof({name}) NOT IN ({typed}, 'null')"]
    if column.notnull:
        tests.append(f"{name} IS NULL")
    if kind == "BOOLEAN":
        tests.append(f"{name} NOT IN (0, 1)")
    if kind == "DATE":
        last = integrity.LAST_YEAR if table in integrity.PLANNED else 9999
        tests.append(f"substr({name}, 1, 4) NOT BETWEEN '{integrity.FIRST_YEAR}' AND '{last}'")
        tests.append(f"date({name}, '+0 days') IS NOT {name}")  # a modifier rolls 2016-02-30 over to March
    if kind == "DATETIME":
        tests.append(f"datetime({name}) IS NULL AND {name} IS NOT NULL")
    if kind in ("FLOAT", "REAL"):
        tests.append(f"abs({name}) > 1.7976931348623157e308")  # an infinity (SQLite stores NaN as NULL)
    allowed = integrity.ALLOWED.get((table, column.name))
    if allowed:
        tests.append(f"{name} NOT IN ({', '.join(repr(a) for a in allowed)})")
    low_high = integrity.RANGES.get((table, column.name))
    if low_high:
        tests.append(f"{name} NOT BETWEEN {low_high[0]} AND {low_high[1]}")
    if (table, column.name) == ("plan", "lead"):
        tests.append(f"NOT json_valid({name}) OR json_type({name}) != 'array'")
    return " OR ".join(f"({t})" for t in tests)


def _period_problems(store) -> list[str]:
    """A duty report's period must be one of its duty's kind (2016-03 for a monthly duty)."""
    rows = store.all("SELECT r.id, r.period, d.every FROM duty_report r JOIN duty d ON d.id = r.duty_id "
                        "ORDER BY r.id")
    return [f"table duty_report id {r[0]}: period {r[1]!r} is not a {r[2]}" for r in rows
            if r[2] in integrity.PERIOD and not integrity.PERIOD[r[2]].fullmatch(r[1] or "")][:100]
