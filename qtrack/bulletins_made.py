"""The record of bulletins made (`qtrack report`), which "since the last bulletin" starts from.

A bulletin is recorded with its scope (plan, department) and as-of date. Recorded bulletins of a
scope only ever move forward in time: a bulletin made for a day on or before one already recorded
(the regeneration of a past bulletin, or the same one again) is not recorded, because a record
between two earlier bulletins would change what the later one's "since" was, and a bulletin made
again for a past day must equal the one made on that day. `--no-record` records nothing at all.

The 期号 of the office's letterhead is counted from the same record, in the database and so the
same for everyone who shares it: a past bulletin made again keeps the number it was given, a new
one takes the year's last + 1, and `report --issue N` sets it (the count goes on from N).
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
    from qtrack.i18n import _
    from qtrack.store import score as stored

    if store.readonly:
        return _("the database is read-only ({why})").format(why=store.readonly)
    later = [b["as_of"] for b in stored.bulletins(store, scope=scope) if b["as_of"] >= as_of.isoformat()]
    if later:
        return _("a bulletin of this scope as of {date} is recorded already; one for an earlier or the same "
                 "day would change what came after it").format(date=later[-1])
    return None


def issue(store: Store, *, scope: str, as_of: dt.date) -> int:
    """The 期号 of this scope's bulletin as of `as_of`: the one it was recorded with, if it was made
    before (and numbered), else the next of its year."""
    from qtrack.store import score as stored

    made = [b["issue"] for b in stored.bulletins(store, scope=scope) if b["as_of"] == as_of.isoformat() and b["issue"]]
    return made[0] if made else stored.last_issue(store, year=as_of.year) + 1


def record(store: Store, *, scope: str, as_of: dt.date, path: str, by: str | None, issue: int | None) -> None:
    from qtrack.store import score as stored, utc_now
    from qtrack.updates import default_author

    stored.record_bulletin(store, as_of=as_of.isoformat(), scope=scope, path=path, by=by or default_author(),
                           made_at=utc_now(), issue=issue)
