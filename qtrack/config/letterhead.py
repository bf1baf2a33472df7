"""The bulletin's letterhead (版头): 机关名称, 期号, 签发人 and 抄送, from the config's [bulletin]
table (the agency falling back to `office`). The issue number is counted from the bulletins made
(qtrack/bulletins_made.py); `report --issue N` sets it. A config with no agency and no --issue
gives no letterhead, and numbers nothing: the bulletin is as it always was."""

from __future__ import annotations

from qtrack.config import bulletin
from qtrack.errors import QtrackError
from qtrack.i18n import _


def next_head(year: int, issue: int | None, counted) -> dict | None:
    """The letterhead of a bulletin of `year`, or None when none is configured; `counted()` gives
    its number when `issue` (--issue) does not."""
    values = {name: s.value for name, s in bulletin().items()}
    if not values["agency"] and issue is None:
        return None
    if issue is not None and issue < 1:
        raise QtrackError(_("--issue {issue}: an issue number starts at 1").format(issue=issue))
    return {"agency": values["agency"], "signer": values["signer"], "cc": values["cc"], "year": year,
            "issue": issue if issue is not None else counted()}
