"""The record of bulletins made (`qtrack report`), which "since the last bulletin" starts from.

A bulletin is recorded with its scope (plan, department) and as-of date. Recorded bulletins of a
scope only ever move forward in time: a bulletin made for a day on or before one already recorded
(the regeneration of a past bulletin, or the same one again) is not recorded, because a record
between two earlier bulletins would change what the later one's "since" was, and a bulletin made
again for a past day must equal the one made on that day. `--no-record` records nothing at all.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store


def scope(plan: str | None, dept: str | None) -> str:
    """The scope a bulletin covers, as recorded: "all", "plan=2016", "plan=2016 dept=质量司"."""
    return " ".join(p for p in (f"plan={plan}" if plan else "", f"dept={dept}" if dept else "") if p) or "all"


def previous(store: Store, *, scope: str, as_of: dt.date) -> dt.date | None:
    """The as-of date of the latest bulletin of the scope recorded before `as_of`."""
    from qtrack.store import score as stored

    earlier = [b["as_of"] for b in stored.bulletins(store, scope=scope) if b["as_of"] < as_of.isoformat()]
    return dt.date.fromisoformat(earlier[-1]) if earlier else None


def why_not_record(store: Store, *, scope: str, as_of: dt.date) -> str | None:
    """Why this bulletin is not to be recorded, or None when it is."""
    from qtrack.store import score as stored

    if store.readonly:
        return f"the database is read-only ({store.readonly})"
    later = [b["as_of"] for b in stored.bulletins(store, scope=scope) if b["as_of"] >= as_of.isoformat()]
    if later:
        return (f"a bulletin of this scope as of {later[-1]} is recorded already; one for an earlier or the same "
                "day would change what came after it")
    return None


def record(store: Store, *, scope: str, as_of: dt.date, path: str, by: str | None) -> None:
    from qtrack.store import score as stored, utc_now
    from qtrack.updates import default_author

    stored.record_bulletin(store, as_of=as_of.isoformat(), scope=scope, path=path, by=by or default_author(),
                           made_at=utc_now())
