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


def language() -> str:
    """zh or en, as config resolves it (--lang, $QTRACK_LANG, the config file, the locale)."""
    from qtrack import config

    return config.lang().value


def _(message: str) -> str:
    """The message in the interface's language (the English id itself when there is none)."""
    return _catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(language()).ngettext(singular, plural, n)
