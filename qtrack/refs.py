"""References a user types — PLAN/CODE, plan ids, department names — resolved to rows.

A miss is a NotFound carrying the closest existing names, so the user sees what they meant.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from qtrack import periods
from qtrack.errors import NotFound, QtrackError, kind_word, kinds_said
from qtrack.names import closest, normalize
from qtrack.pinyin import looks_like_pinyin
from qtrack.store import refs as stored
from qtrack.i18n import _

if TYPE_CHECKING:
    from qtrack.store import Store

KINDS = ("task", "target", "duty")  # codes are unique across the three within a plan file


class Ref(NamedTuple):
    kind: str  # task | target | duty
    id: int
    ref: str  # PLAN/CODE as stored
    period: str | None = None  # for a duty occurrence, REF@PERIOD
    example: str | None = None  # for a duty, a period label of its kind


def split_ref(ref: str) -> tuple[str, str]:
    plan, sep, code = ref.strip().partition("/")
    if not sep or not plan or not code:
        raise QtrackError(_("{ref!r} is not a reference; write PLAN/CODE, e.g. 2016/3").format(ref=ref))
    return plan, code


def plan_id(conn: Store, plan: str) -> str:
    plans = stored.plan_ids(conn)
    if plan in plans:
        return plan
    raise NotFound("plan", plan, closest(plan, plans))


def resolve(conn: Store, ref: str, kinds: tuple[str, ...] = KINDS) -> Ref:
    """A task, target or duty by PLAN/CODE, or a duty occurrence by PLAN/CODE@PERIOD.

    Retired rows resolve too (their history stays reachable), after live ones. The reference is
    read after NFKC, as codes are stored: full-width ２０１６／Ｄ１＠２０１６－０３ is 2016/D1@2016-03.
    """
    ref = normalize(ref)
    base, at, period = ref.partition("@")
    plan, code = split_ref(base)
    plan = plan_id(conn, plan)
    for kind in kinds:
        found_id = stored.find(conn, kind, plan, code)
        if found_id is not None:
            break
    else:
        codes = [c for kind in kinds for c in stored.live_codes(conn, kind, plan)]
        raise NotFound(kinds_said(list(kinds)), ref.strip(), [f"{plan}/{c}" for c in closest(code, codes)])
    found = Ref(kind, found_id, f"{plan}/{code}")
    if kind != "duty":
        if at:
            raise QtrackError(_("{ref} is a {kind}; only a duty has occurrences (REF@PERIOD)").format(
                                  ref=found.ref, kind=kind_word(kind)))
        return found
    duty = stored.duty_schedule(conn, found_id)
    example = periods.EXAMPLE[duty["every"]]
    if not at:
        return Ref(kind, found_id, found.ref, example=example)
    return Ref(kind, found_id, found.ref, _period(found.ref, duty, period, example), example)


def _period(ref: str, duty: dict, label: str, example: str) -> str:
    """Check that PERIOD names one of the duty's own occurrences."""
    every = duty["every"]
    owed = periods.occurrences(every, dt.date.fromisoformat(duty["start"]), dt.date.fromisoformat(duty["end"]),
                               duty["day"])
    kind = {"month": "monthly", "quarter": "quarterly", "half-year": "half-yearly", "year": "yearly"}[every]
    span = f"{kind}, {owed[0].period} … {owed[-1].period}"
    # Digits of other scripts (٢٠١٦) parse as numbers but name no period label: refused, not "owes nothing".
    if not label.strip().isascii() or periods.parse_period(every, label.strip()) is None:
        raise QtrackError(_("{label!r} is not a period of {ref} ({span}); write it like {example}").format(
                              label=label, ref=ref, span=span, example=example))
    if label.strip() not in {o.period for o in owed}:
        raise QtrackError(_("{ref} owes nothing for {strip} ({span})").format(
                              ref=ref, strip=label.strip(), span=span))
    return label.strip()


def department(conn: Store, name: str) -> tuple[int, str]:
    """(id, canonical name) of a department named by its name or one of its aliases."""
    wanted = normalize(name)
    found = stored.department(conn, wanted)
    if found:
        return found
    if looks_like_pinyin(wanted):  # zls, zhiliangsi: the spellings stored at import
        from qtrack.store import pinyin as spelt

        found_by_pinyin = spelt.by_pinyin(conn, wanted.replace(" ", "").lower())
        if len(found_by_pinyin) == 1:
            return found_by_pinyin[0]
        if found_by_pinyin:
            raise QtrackError(_("department {wanted!r} is the pinyin of {value}; name one of them").format(
                                  wanted=wanted, value='、'.join(n for _, n in found_by_pinyin)))
    names = stored.department_names(conn)
    raise NotFound("department", wanted, closest(wanted, sorted(names)))
