"""The failures a user can fix. The CLI turns each into `error: …` on stderr and exit 1."""

from __future__ import annotations

from typing import NamedTuple

from qtrack.i18n import _, listed


class QtrackError(Exception):
    """A failure the user can act on; its message is one readable line."""


class NotFound(QtrackError):
    """A reference, plan or department that does not exist; offers the closest names."""

    def __init__(self, kind: str, name: str, suggestions: list[str] | None = None):
        self.kind, self.name, self.suggestions = kind, name, suggestions or []
        what = kind_word(kind)
        message = _("no {kind} {name!r}").format(kind=what, name=name)
        if self.suggestions:
            message = _("no {kind} {name!r}; did you mean {guess}?").format(
                kind=what, name=name, guess=listed(self.suggestions))
        super().__init__(message)


def kind_word(kind: str) -> str:
    """task, target, duty, plan or department in the interface's language (else as it is)."""
    words = {"task": _("task"), "target": _("target"), "duty": _("duty"), "plan": _("plan"),
             "department": _("department")}
    return words.get(kind, kind)


def kinds_said(kinds: list[str]) -> str:
    """["task", "target", "duty"] as "task, target or duty" (任务、指标或定期工作)."""
    words = [kind_word(k) for k in kinds]
    if len(words) == 1:
        return words[0]
    return _("{some} or {last}").format(some=listed(words[:-1]), last=words[-1])


class Problem(NamedTuple):
    """One thing wrong in a file, at a 1-based line (0 when the file as a whole is at fault)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class PlanFileError(QtrackError):
    """A plan file (or several) refused whole; every problem is listed, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnreadableFile(QtrackError):
    """An input file that cannot be read as one: missing, a device or FIFO, too big. The message
    is the reason alone; the caller names the file in its own way (a plan file's `file: …`)."""


class StoreError(QtrackError):
    """The database failed or refused a statement. `detail` is the engine's own words; the
    message is one line the CLI prints as it is."""

    def __init__(self, message: str, detail: str):
        self.detail = detail
        super().__init__(message)


class Refused(StoreError):
    """A write the schema refuses: a constraint, or a history table's append-only trigger."""


class Busy(StoreError):
    """Another writer held the database past the busy timeout."""


class ReadOnly(StoreError):
    """The database (or its folder) cannot be written by this user."""
