"""`qtrack config show`: every setting in force, with where it came from, as rows."""

from __future__ import annotations

from qtrack.config import SETTINGS, bulletin, config_file, config_path, resolve


def _value(name: str, value):
    """The value as it takes effect where the default is computed: the database's path, the login name."""
    if value is not None:
        return value
    if name == "db":
        from qtrack.store import location

        return str(location.given(None))
    if name == "by":
        from qtrack.updates import default_author

        return default_author()
    return None


def rows(db: str | None = None) -> list[dict]:
    """The settings in force; `db` is the command's --db."""
    from qtrack.config import context, lang

    path, why = config_path()
    cfg = config_file()
    out = [{"key": "config", "value": str(path), "source": why + ("" if cfg else " (no file there)")}]
    for name in SETTINGS:
        setting = lang() if name == "lang" else resolve(name, db if name == "db" else None)
        out.append({"key": name, "value": _value(name, setting.value), "source": setting.source})
    for name, setting in bulletin().items():
        out.append({"key": f"bulletin.{name}", "value": setting.value, "source": setting.source})
    active = context.active()
    out.append({"key": "context", "value": (f"{active.name} ({' '.join(f'--{k} {v}' for k, v in active.filters.items())})"
                                            if active else None),
                "source": active.source if active else "none active"})
    return out
