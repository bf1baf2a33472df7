"""The bulletin's letterhead (版头): 机关名称, 期号, 签发人 and 抄送, from the config's [bulletin]
table (the agency falling back to `office`). The issue number counts the bulletins made, per year
of their as-of date, in the state file; `report --issue N` sets it. A config with no agency and no
--issue gives no letterhead, and counts nothing: the bulletin is as it always was."""

from __future__ import annotations

from qtrack.config import bulletin, state
from qtrack.errors import QtrackError


def next_head(year: int, issue: int | None = None) -> dict | None:
    """The letterhead of the next bulletin of `year`, or None when none is configured."""
    values = {name: s.value for name, s in bulletin().items()}
    if not values["agency"] and issue is None:
        return None
    if issue is not None and issue < 1:
        raise QtrackError(f"--issue {issue}: an issue number starts at 1")
    made = (state.read().get("bulletin_issues") or {}).get(str(year), 0)
    return {"agency": values["agency"], "signer": values["signer"], "cc": values["cc"], "year": year,
            "issue": issue if issue is not None else made + 1}


def record(head: dict | None) -> None:
    """Count the bulletin just written (its number is the year's last, whatever came before)."""
    if head is None:
        return
    issues = dict(state.read().get("bulletin_issues") or {})
    issues[str(head["year"])] = head["issue"]
    state.change(bulletin_issues=issues)
