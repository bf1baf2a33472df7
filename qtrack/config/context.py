"""The active context (`qtrack context use NAME`): a set of listing filters (--dept, --plan) that
every listing takes as its default until `qtrack context none`.

A context is named in the config file ([contexts."NAME"], `context save` writes one) or is a
department alone (`context use 质量司`, kept in the state file with its filters). Which one is
active is kept in the state file; $QTRACK_CONTEXT names another for one shell (or `none`).
Every listing says in its caption which context filtered it (qtrack/cli/listing.py).
"""

from __future__ import annotations

import os
from typing import NamedTuple

from qtrack.config import contexts, state
from qtrack.errors import QtrackError
from qtrack.i18n import _

NONE = "none"  # the word that clears the context
applied: dict[str, str] = {}  # the filters the active context gave this command's listing (for its caption)


class Context(NamedTuple):
    name: str
    filters: dict[str, str]  # dept, plan
    source: str  # where it was made active: the state file, or env QTRACK_CONTEXT


def active() -> Context | None:
    """The context in force, or None."""
    env = (os.environ.get("QTRACK_CONTEXT") or "").strip()
    if env:
        if env.lower() == NONE:
            return None
        saved = contexts()
        if env not in saved:
            raise QtrackError(_("QTRACK_CONTEXT={env!r}: no such context in the config ({saved})").format(
                                  env=env, saved=_known(saved)))
        return Context(env, saved[env], "env QTRACK_CONTEXT")
    chosen = state.read().get("context")
    if not isinstance(chosen, dict) or not chosen.get("name"):
        return None
    name, saved = chosen["name"], contexts()
    if name in saved:
        return Context(name, saved[name], str(state.path()))
    if isinstance(chosen.get("filters"), dict) and chosen["filters"]:
        return Context(name, chosen["filters"], str(state.path()))
    raise QtrackError(_("the active context {name!r} is no longer in the config; `qtrack context none`, or save "
                         "it again with `qtrack context save`").format(name=name))


def _known(saved: dict) -> str:
    return _("it has {names}").format(names=", ".join(saved)) if saved else _("it has none")


def use(name: str, filters: dict[str, str] | None = None) -> None:
    """Make `name` the active context: a saved one, or (with filters) one of a department alone."""
    state.change(context={"name": name, **({"filters": filters} if filters else {})})


def clear() -> None:
    state.change(context=None)


def active_in_state() -> str | None:
    """The name of the context the state file holds active, if any (whatever the environment says)."""
    chosen = state.read().get("context")
    return chosen.get("name") if isinstance(chosen, dict) else None
