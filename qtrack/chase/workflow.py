"""The seam for what the supervision workflow (签收, 延期; issue #15) has a department owe: tasks
it has not yet acknowledged, extension requests it must answer. Each is a dict with "kind"
("ack" or "extension"), "ref", "title", "due" (the day it is owed by, or None) and "task_id"
(the task it concerns, so that the chase's record names it).

Nothing here yet: the workflow's own module answers once it exists; a notice lists its items under
待签收/待答复 and never escalates them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtrack.store import Store


def pending(conn: Store, *, as_of: dt.date, plan: str | None = None) -> dict[str, list[dict]]:
    """Department name → the workflow items it owes as of a day (of one plan, or all)."""
    return {}
