"""The interface's language (issue 18): message ids are the English texts in the code, and the
Chinese comes from gettext catalogues in qtrack/locale/zh/LC_MESSAGES, one per area:
`qtrack.mo` (the command line: help, usage, summaries) and `messages.mo` (what the rest of the
package says: plan file problems, refusals, the store, the ledger, draft's comments).

`_("no plan {name!r}").format(name=...)`: translate the template, then fill it, so that one
catalogue entry serves every value. Machine output (JSON keys, CSV headers, exit codes, refs,
status words) never passes through here.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

LOCALE = Path(__file__).parent / "locale"
DOMAINS = ("qtrack", "messages")


@lru_cache(maxsize=None)
def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    first = gettext.NullTranslations()
    for domain in reversed(DOMAINS):
        found = gettext.translation(domain, LOCALE, languages=[lang], fallback=True)
        found.add_fallback(first)
        first = found
    return first


_chosen: list[str] = []  # the language of this command line, once resolved (reset() forgets it)


def reset() -> None:
    """A new command line, or --lang / --config given: resolve the language again when next asked."""
    _chosen.clear()


def language() -> str:
    """zh or en, as config resolves it (--lang, $QTRACK_LANG, the config file, the locale), once
    per command line. A config file that cannot be read is an error to report, in the language of
    the rest: then the flag, the environment and the locale decide."""
    if not _chosen:
        from qtrack import config
        from qtrack.errors import QtrackError

        try:
            _chosen.append(config.lang().value)
        except QtrackError:
            flag, env = config.flags.get("lang"), os.environ.get("QTRACK_LANG", "").strip().lower()
            _chosen.append(flag or (env if env in ("zh", "en") else config._locale_lang().value))
    return _chosen[0]


def _(message: str) -> str:
    """The message in the interface's language (the English id itself when there is none)."""
    return _catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(language()).ngettext(singular, plural, n)


def listed(items) -> str:
    """Names in a row, as a list is written: 质量司、标准委 (the ", " of a clause is ，, not 、)."""
    return _catalogue(language()).pgettext("list of names", ", ").join(items)
