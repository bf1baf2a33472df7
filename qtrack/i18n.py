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
import functools
from pathlib import Path

LOCALE = Path(__file__).parent / "locale"
DOMAINS = ("qtrack", "messages")


@functools.lru_cache(maxsize=None)
def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    first = gettext.translation(DOMAINS[0], LOCALE, languages=[lang], fallback=True)
    first.add_fallback(_Later(DOMAINS[1:], lang))
    return first


class _Later(gettext.NullTranslations):
    """The catalogues after the first, read when a message is not in it: `qtrack --help` finds every
    word in qtrack.mo, and reading messages.mo too cost it a millisecond and a half (issue 19)."""

    def __init__(self, domains: tuple[str, ...], lang: str):
        super().__init__()
        self._domains, self._lang = domains, lang

    @functools.cached_property
    def _read(self) -> gettext.NullTranslations:
        first = gettext.NullTranslations()
        for domain in reversed(self._domains):
            found = gettext.translation(domain, LOCALE, languages=[self._lang], fallback=True)
            found.add_fallback(first)
            first = found
        return first

    def gettext(self, message):
        return self._read.gettext(message)

    def ngettext(self, msgid1, msgid2, n):
        return self._read.ngettext(msgid1, msgid2, n)

    def pgettext(self, context, message):
        return self._read.pgettext(context, message)

    def npgettext(self, context, msgid1, msgid2, n):
        return self._read.npgettext(context, msgid1, msgid2, n)


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


def _(message: str, **fields):
    """The message in the interface's language (the English id itself when there is none). With
    `fields`, a Phrase of the template and its fields, put into words only where it is shown."""
    if fields:
        return Phrase(message, fields)
    return _translated(language(), message)


class Phrase:
    """A template and its fields, translated and filled in when formatted or shown. A plan file's
    check names what each value is for (the lead of 任务 2, …) nine times a task, and shows the
    name only for a problem: made into words eagerly, 100,000 tasks' names cost 0.35 s."""

    __slots__ = ("_message", "_fields")

    def __init__(self, message: str, fields: dict):
        self._message, self._fields = message, fields

    def __str__(self) -> str:
        return _translated(language(), self._message).format(**self._fields)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@functools.lru_cache(maxsize=4096)
def _translated(lang: str, message: str) -> str:
    # A catalogue look-up goes through two fallbacks; checking a 100,000-task plan asks for the
    # same few templates 200,000 times.
    return _catalogue(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(language()).ngettext(singular, plural, n)


def listed(items) -> str:
    """Names in a row, as a list is written: 质量司、标准委 (the ", " of a clause is ，, not 、)."""
    return _catalogue(language()).pgettext("list of names", ", ").join(items)


# The operating system's reasons in Chinese: its own words (strerror) are English whatever the
# locale a Python program runs in. An errno not here keeps the system's words.
_OS_REASONS = {"ENOENT": "没有该文件或文件夹", "EACCES": "权限不足", "EPERM": "不允许的操作", "EISDIR": "是文件夹",
               "ENOTDIR": "不是文件夹", "ENAMETOOLONG": "文件名过长", "ENOSPC": "磁盘空间不足",
               "EROFS": "只读文件系统", "EEXIST": "文件已存在", "EBUSY": "设备或资源忙", "ELOOP": "符号链接层数过多",
               "EMFILE": "打开的文件过多", "EIO": "输入/输出错误", "EXDEV": "不能跨文件系统移动", "EFBIG": "文件过大",
               "EDQUOT": "超出磁盘配额", "ENXIO": "没有该设备或地址", "ENODEV": "没有该设备", "EINVAL": "参数无效",
               "ETXTBSY": "文件正被执行"}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in the interface's language (strerror, else the exception's text)."""
    import errno

    if language() != "en" and exc.errno in errno.errorcode:
        found = _OS_REASONS.get(errno.errorcode[exc.errno])
        if found:
            return found
    return exc.strerror or str(exc)
