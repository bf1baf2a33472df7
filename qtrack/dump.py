"""The whole database as one JSON file, and back: `export --format json` and `restore`.

Table-driven on purpose (store/dump.py): every table the database holds is written, parents before children (by their
foreign keys), each with its column names and every row in primary-key order, so a table added
by a later migration is carried without a change here. The `migration` table is carried like
any other and also names the schema the dump belongs to; a dump restores only into a database
of that same schema, and only into an empty one, so it rebuilds the database exactly rather
than merging into it. The file holds no timestamp of its own: dumping a restored database
gives the same bytes.
"""

from __future__ import annotations

import collections
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from qtrack import dump_lines, integrity
from qtrack.errors import QtrackError, UnreadableFile
from qtrack.inputs import read_bytes
from qtrack.store import dump as stored
from qtrack.store.migrations import MIGRATIONS
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store

FORMAT = "qtrack-dump"
VERSION = 1
MAX_FILE = 4 * 2**30  # bytes; a 100,000-task database with its history dumps to a few hundred MB
SHOWN_PROBLEMS = 3  # a refused dump names this many of its problems
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")  # as qtrack/output.py's dumps: DEL and C1 written as \u00NN


def dump(conn: Store) -> dict:
    """The database as plain data: its schema (migration names) and every table's rows."""
    out = {"format": FORMAT, "version": VERSION, "schema": stored.schema_names(conn), "tables": []}
    for table in stored.tables(conn):
        columns, rows = stored.rows(conn, table)
        out["tables"].append({"name": table, "columns": columns, "rows": list(rows)})
    return out


def write(data: dict, path: Path) -> None:
    """Write a dump held as data (dump()'s), as export writes one streamed."""
    _write(path, data["schema"], [(t["name"], t["columns"], _batches(t["rows"])) for t in data["tables"]])


def export(conn: Store, path: Path, *, step: Callable[[int], None] = lambda n: None) -> tuple[int, int]:
    """Write the whole database to `path`, streamed table by table and a batch of rows at a time
    from the cursor, so memory stays flat at any size; (tables, rows) written. `step` is told of
    the rows written (a progress bar)."""
    tables = [(name, *stored.batches(conn, name)) for name in stored.tables(conn)]
    return len(tables), _write(path, stored.schema_names(conn), tables, step)


def total_rows(conn: Store) -> int:
    """Rows in every table: the size of a dump, for its progress bar."""
    return sum(stored.row_counts(conn, stored.tables(conn)).values())


def _write(path: Path, schema: list[str], tables: list[tuple[str, list[str], Iterable[list]]],
           step: Callable[[int], None] = lambda n: None) -> int:
    """One row per line: a dump stays readable and diffs well, and is still plain JSON (and
    restore reads it a line at a time: qtrack/dump_lines.py). Each table's rows come in batches,
    each encoded in one pass (and one pass of the control-character rule); returns the rows
    written."""
    from qtrack.output import dumps  # Chinese as is, no raw control character (a C1 CSI in a note)

    encode = _batch_encoder()
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(f'{{\n"format": {dumps(FORMAT)}, "version": {VERSION},\n"schema": {dumps(schema)},\n"tables": [\n')
        for i, (name, columns, batches) in enumerate(tables):
            out.write(f'{{"name": {dumps(name)}, "columns": {dumps(columns)}, "rows": [')
            lead = "\n"
            for batch in batches:
                out.write(lead + _RAW_IN_JSON.sub(_escaped, encode(batch)))
                lead = ",\n"
                written += len(batch)
                step(len(batch))
            out.write(("\n" if lead != "\n" else "") + "]}" + ("," if i < len(tables) - 1 else "") + "\n")
        out.write("]\n}\n")
    return written


def _batch_encoder() -> Callable[[list], str]:
    """Rows of plain values (lists or tuples) -> their json.dumps(row, ensure_ascii=False), one
    a line, without a step of Python per row: json's own C encoder, made once (json.dumps builds
    one anew for every call: half of a 100,000-task dump's time), mapped over the batch. It is
    json's internal interface, so it is used only where it gives json's own text for a sample
    row, else the public one."""
    public = json.JSONEncoder(ensure_ascii=False)
    try:
        made = json.encoder.c_make_encoder(None, public.default, json.encoder.encode_basestring, None,
                                           public.key_separator, public.item_separator, False, False, True)
        sample = [1, -2.5, None, True, "中文\"\\\n", 10**20]

        def encode(batch: list) -> str:
            return ",\n".join(map("".join, map(made, batch, itertools.repeat(0))))
        if encode([sample, tuple(sample)]) == ",\n".join([public.encode(sample)] * 2):
            return encode
    except (AttributeError, TypeError):  # no C encoder, or one of another signature
        pass
    return lambda batch: ",\n".join(map(public.encode, batch))


def _batches(rows: Iterable[list], size: int = 2000) -> Iterator[list[list]]:
    it = iter(rows)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _escaped(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def read(path: Path) -> dict:
    """A dump file, checked for shape and for this qtrack's schema before any database is touched.
    A dump laid out as qtrack writes it is read a row at a time when its rows are read
    (qtrack/dump_lines.py), so restore's memory stays flat; any other JSON is parsed whole."""
    try:
        data = dump_lines.lay_out(path, _not_json, MAX_FILE)
    except dump_lines.NotLaidOut:
        data = _parsed_whole(path)
    return _checked(data, path)


def _parsed_whole(path: Path) -> dict:
    """The file parsed at once (a dump hand-edited or pretty-printed by another tool); a file
    that is not JSON refused, saying where."""
    try:
        return json.loads(read_bytes(path, limit=MAX_FILE, what=_("dump")).decode("utf-8"),
                          parse_constant=_not_json)
    except UnreadableFile as exc:
        raise QtrackError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise QtrackError(_("{path}: not a qtrack dump (not UTF-8 at byte {start})").format(
                              path=path, start=exc.start)) from None
    except json.JSONDecodeError as exc:
        # A truncated file fails at its end, or in a string that runs to its end.
        rest = exc.doc[exc.pos:].rstrip()
        what = _("cut short") if not rest or (exc.msg.startswith("Unterminated string") and "\n" not in rest) \
            else _("not JSON")
        raise QtrackError(_("{path}: not a qtrack dump ({what} at line {lineno}, column {colno})").format(
                              path=path, what=what, lineno=exc.lineno, colno=exc.colno)) from None
    except RecursionError:
        raise QtrackError(_("{path}: not a qtrack dump (JSON nested far deeper than a dump is)").format(
                              path=path)) from None
    except ValueError as exc:  # a number of thousands of digits, NaN or Infinity
        raise QtrackError(_("{path}: not a qtrack dump ({exc})").format(path=path, exc=exc)) from None


def _checked(data, path: Path) -> dict:
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), list):
        raise QtrackError(_("{path}: not a qtrack dump (written by `qtrack export --format json`)").format(
                              path=path))
    for i, table in enumerate(data["tables"], 1):
        if not (isinstance(table, dict) and isinstance(table.get("name"), str)
                and isinstance(table.get("columns"), list) and all(isinstance(c, str) for c in table["columns"])
                and isinstance(table.get("rows"), (list, dump_lines.Rows))):
            raise QtrackError(_("{path}: table {i} of the dump is not an object with a name, columns and rows").format(
                                  path=path, i=i))
    if data.get("version") != VERSION:
        raise QtrackError(_("{path}: dump format version {value!r}; this qtrack reads version {version}").format(
                              path=path, value=data.get('version'), version=VERSION))
    if data.get("schema") != list(MIGRATIONS):
        raise QtrackError(_("{path}: the dump is of schema {value}, this qtrack's is {migrations}; restore it with "
                             "the qtrack that wrote it").format(
                              path=path, value=_schema(data.get('schema')), migrations=_schema(list(MIGRATIONS))))
    return data


def _not_json(word: str):
    raise ValueError(f"{word} is not a JSON number")


def _schema(names) -> str:
    return "+".join(names) if isinstance(names, (list, tuple)) and names else repr(names)


def validate(data: dict, layouts: dict[str, integrity.Layout], path: Path) -> None:
    """Refuse a dump that would not make a sound database of this schema, before a row is written.
    A line of a dump read line by line that is not JSON on its own (NotLaidOut) sends the whole
    file to json instead: its rows then replace the lines in `data` (what restore writes), and
    json names the fault, or finds none (a row split over lines by hand)."""
    try:
        _validate(data, layouts, path)
    except dump_lines.NotLaidOut:
        data.update(_checked(_parsed_whole(path), path))
        _validate(data, layouts, path)


def _validate(data: dict, layouts: dict[str, integrity.Layout], path: Path) -> None:
    _shape(data, layouts, path)
    _rows(data, layouts, path)


def _shape(data: dict, layouts: dict[str, integrity.Layout], path: Path) -> None:
    """The dump's tables, columns and migration rows are this database's."""
    dumped = [t["name"] for t in data["tables"]]
    if sorted(dumped) != sorted(layouts):
        raise QtrackError(_("{path}: the dump's tables ({dumped}) are not this database's ({layouts})").format(
                              path=path, dumped=', '.join(dumped), layouts=', '.join(layouts)))
    for table in data["tables"]:
        columns = [c.name for c in layouts[table["name"]].columns]
        if sorted(table["columns"]) != sorted(columns) or len(set(table["columns"])) != len(columns):
            raise QtrackError(_("{path}: table {name} has columns {columns}; the database's are {columns2}").format(
                                  path=path, name=table["name"], columns=", ".join(table["columns"]),
                                  columns2=", ".join(columns)))
    migration = next(t for t in data["tables"] if t["name"] == "migration")
    at = migration["columns"].index("name")
    names = [row[at] for row in migration["rows"] if isinstance(row, list) and len(row) == len(migration["columns"])]
    if sorted(map(str, names)) != sorted(MIGRATIONS) or len(names) != len(migration["rows"]):
        raise QtrackError(_("{path}: the dump's migration rows ({names}) are not the schema it names ({migrations}); "
                             "the file was edited or damaged").format(
                              path=path, names=_schema(names), migrations=_schema(list(MIGRATIONS))))


def _rows(data: dict, layouts: dict[str, integrity.Layout], path: Path) -> None:
    """Every row of the dump keeps qtrack's rules (integrity.row_problems); the first problems named."""
    problems = list(itertools.islice(integrity.row_problems(
        layouts, [(t["name"], t["columns"], t["rows"]) for t in data["tables"]]), 1000))
    if len(problems) == 1000:  # the rest unread: any line of it not JSON is still that file's first fault
        for table in data["tables"]:
            if isinstance(table["rows"], dump_lines.Rows):
                collections.deque(table["rows"], maxlen=0)
    if problems:
        more = _(" (and {count}{plus} more)").format(count=len(problems) - SHOWN_PROBLEMS,
                                                     plus="+" * (len(problems) == 1000)) \
            if len(problems) > SHOWN_PROBLEMS else ""
        raise QtrackError(_("{path}: refused, nothing was written: {problems}{more}").format(
                              path=path, problems='; '.join(problems[:SHOWN_PROBLEMS]), more=more))


def restore_new(data: dict, path: Path, db, *, step: Callable[[int], None] = lambda n: None) -> dict[str, int] | None:
    """Restore into a new SQLite file in one pass over the dump: each batch of rows checked as it
    is written (integrity.Loading) into a file built beside the target, which takes the target's
    name only once every row has passed (store/dump.py's build_new); rows per table. None, with
    nothing written, when the target is not a new file or the dump is not plainly sound (a
    problem in it, a line not JSON alone): the caller then validates the dump whole and restores
    it as before (validate_for_new, restore), which names the problem in the same words."""
    from qtrack.errors import Refused
    from qtrack.store import resolve_path

    target = resolve_path(db)
    if isinstance(target, str):  # a server database: restore()
        return None

    def fill(conn: Store, layouts: dict[str, integrity.Layout]) -> dict[str, int]:
        _shape(data, layouts, path)
        return stored.load(conn, data["tables"], step=step, loading=integrity.Loading(layouts))
    try:
        return stored.build_new(target, fill)
    except (integrity.Unsure, dump_lines.NotLaidOut, Refused):  # Refused: a key the dump gives twice
        return None


def validate_for_new(data: dict, path: Path) -> dict[str, integrity.Layout]:
    """Validate against a new database of this schema, made in memory, before any file is created;
    return the layouts it was checked against."""
    layouts = stored.fresh_layouts()
    validate(data, layouts, path)
    return layouts


def restore(conn: Store, data: dict, *, path: Path, checked: dict[str, integrity.Layout] | None = None,
            step: Callable[[int], None] = lambda n: None) -> dict[str, int]:
    """Write every row of the dump into an empty database in one transaction; rows per table.
    The dump is validated against the database's tables unless it was against these already."""
    present = stored.tables(conn)
    filled = stored.filled(conn, [t for t in present if t != "migration"])
    if filled:
        more = _(" and {count} more").format(count=len(filled) - 2) if len(filled) > 2 else ""
        raise QtrackError(_("the database is not empty ({filled}{more} have rows); restore only into a new database "
                             "(--db NEW.db), so nothing is merged or overwritten").format(
                              filled=', '.join(filled[:2]), more=more))
    present_layouts = stored.layouts(conn)
    if present_layouts != checked:
        validate(data, present_layouts, path)
    try:
        return stored.load(conn, data["tables"], step=step)
    except dump_lines.NotLaidOut:  # its lines were read whole once: the file changed under restore
        raise QtrackError(_("{path}: the file changed while it was restored; nothing was written").format(
                              path=path)) from None
