"""The state file beside the config file (config.toml → config.state.json): what commands change
as they are used: the active context (`qtrack context use`). (The bulletin's 期号 is counted in
the database, with the bulletins made.) It is kept apart so that the config stays the user's own text, untouched by
everyday commands; it is small JSON, replaced whole and atomically (qtrack/outfile.py)."""

from __future__ import annotations

from pathlib import Path

from qtrack.errors import QtrackError
from qtrack.i18n import _


def path() -> Path:
    from qtrack.config import config_path

    config, _ = config_path()
    return config.with_name(config.stem + ".state.json")


def read() -> dict:
    """The state, {} when there is none yet; a damaged file is one line naming it."""
    where = path()
    if not where.exists():
        return {}
    import json  # here: most command lines find no state file

    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise QtrackError(_("{where}: not a qtrack state file ({exc}); delete it to start afresh").format(
                              where=where, exc=exc)) from None
    if not isinstance(data, dict):
        raise QtrackError(_("{where}: not a qtrack state file; delete it to start afresh").format(
                              where=where))
    return data


def write(data: dict) -> None:
    import json

    from qtrack.outfile import replacing

    where = path()
    where.parent.mkdir(parents=True, exist_ok=True)
    with replacing(where, force=True) as partial:
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def change(**values) -> None:
    """Set (or, with None, clear) entries of the state."""
    data = read()
    for key, value in values.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    write(data)
