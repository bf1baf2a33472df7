"""`qtrack context save`: one [contexts."NAME"] table of the config file written, everything else
— comments, order, blank lines — kept as the user wrote it. tomllib cannot write, and a TOML
writer would drop the comments, so the table's own lines are replaced as text (or appended), the
result is read back and checked before it replaces the file, atomically."""

from __future__ import annotations

import json
from pathlib import Path

from qtrack.config.file import key_lines


def _table_text(name: str, filters: dict[str, str]) -> list[str]:
    lines = [f"[contexts.{json.dumps(name, ensure_ascii=False)}]"]
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in filters.items()]
    return lines


def with_context(text: str, name: str, filters: dict[str, str]) -> str:
    """`text` with the context `name` set to `filters`: its table replaced where it is, else added at the end."""
    lines = text.splitlines()
    where = key_lines(text)
    start = where.get(("contexts", name))
    new = _table_text(name, filters)
    if start is None:
        body = "\n".join(lines).rstrip("\n")
        return (body + "\n\n" if body else "") + "\n".join(new) + "\n"
    # The table runs to the next table header; comment and blank lines just before that header belong to it.
    headers = sorted(n for path, n in where.items() if n > start and _is_header(lines[n - 1]))
    end = headers[0] - 1 if headers else len(lines)
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return "\n".join(lines[:start - 1] + new + lines[end:]) + "\n"


def _is_header(line: str) -> bool:
    return line.lstrip().startswith("[")


def save_context(path: Path, name: str, filters: dict[str, str]) -> None:
    """Write the context into the config file at `path` (made if absent), checked before it is renamed into place."""
    from qtrack.config.check import checked
    from qtrack.outfile import replacing

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path, force=True) as partial:
        partial.write_text(with_context(text, name, filters), encoding="utf-8")
        checked(partial)  # a file this made must read back as a good config, or the old one stays
