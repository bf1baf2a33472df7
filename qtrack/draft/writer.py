"""A DPlan as a format-v1 plan file that reads well: document order, Chinese as written, long text
as block literals, and a `# …` comment beside every value the reviewer should look at."""

from __future__ import annotations

import datetime as dt
import json
import re

from qtrack.draft.model import Commented, DPlan, DTask
from qtrack.i18n import _, ngettext

# Plain scalars that a YAML 1.1 reader would take for something other than text (booleans in any
# case, null, numbers in every base, dates, the merge and value keys): broader than the resolvers,
# since quoting a string that did not need it costs nothing.
_NOT_TEXT = re.compile(r"^(?:~|null|y|n|yes|no|true|false|on|off|=|<<|[-+]?\.?\d[\da-fxob_.:+\- ]*|[-+]?\.(?:inf|nan))$",
                       re.IGNORECASE)
_SPECIAL = set(":#[]{},&*!|>?'\"%@`\\") | {"\t"}
# What a YAML reader refuses raw (C1 controls, U+FFFE/U+FFFF, lone surrogates) or reads as a line
# break inside quotes (NEL, LS, PS): written as escapes. JSON already escapes C0 controls.
_ESCAPE = re.compile("[\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")


def _escape(ch: re.Match) -> str:
    code = ord(ch.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (int, dt.date)):
        return str(value)
    text = str(value)
    if (text and text == text.strip() and not _NOT_TEXT.match(text) and not _SPECIAL & set(text)
            and text[0] not in "-?" and "\n" not in text and text.isprintable()):
        return text
    return _ESCAPE.sub(_escape, json.dumps(text, ensure_ascii=False))


def names(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


class _Out:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def put(self, indent: str, key: str, value: str, comment: str | None = None) -> None:
        self.lines.append(f"{indent}{key}: {value}" + (f"  # {comment}" if comment else ""))

    def field(self, indent: str, obj: Commented, key: str, value: str) -> None:
        self.put(indent, key, value, obj.comments.get(key))

    def block(self, indent: str, obj: Commented, key: str, text: str) -> None:
        """Long text as a literal block: the document's words exactly, one paragraph per line."""
        comment = obj.comments.get(key)
        lines = text.split("\n")
        if not text or any(line != line.strip() for line in lines) or not all(line.isprintable() for line in lines):
            self.field(indent, obj, key, scalar(text or None))
            return
        self.lines.append(f"{indent}{key}: |-" + (f"  # {comment}" if comment else ""))
        self.lines.extend(f"{indent}  {line}" if line else "" for line in lines)


def to_yaml(plan: DPlan, source_name: str) -> str:
    out = _Out()
    out.lines += ["# " + _("Drafted by `qtrack draft` from {source}.").format(source=source_name), "", "qtrack: 1",
                  "plan:"]
    i = "  "
    out.field(i, plan, "id", scalar(plan.id) if not plan.id.isdigit() else json.dumps(plan.id))
    out.field(i, plan, "title", scalar(plan.title))
    for key in ("issuer", "doc_no", "issued", "start", "end", "source"):
        out.field(i, plan, key, scalar(getattr(plan, key)))
    out.field(i, plan, "lead", "[]")
    out.field(i, plan, "notes", scalar(" ".join(plan.notes) or None))
    out.field(i, plan, "due", scalar(plan.due))
    if plan.phases:
        out.lines.append("phases:")
        for p in plan.phases:
            out.field("  - ", p, "name", scalar(p.name))
            out.field("    ", p, "start", scalar(p.start))
            out.field("    ", p, "end", scalar(p.end))
    out.lines.append("sections:")
    for s in plan.sections:
        out.field("  - ", s, "code", json.dumps(s.code))
        out.field("    ", s, "label", scalar(s.label or None))
        out.field("    ", s, "title", scalar(s.title))
        if s.notes:
            out.field("    ", s, "notes", scalar(" ".join(s.notes)))
        out.lines.append("    tasks:" + ("" if s.tasks else " []"))
        for t in s.tasks:
            _task(out, t, "      ")
    if plan.targets:
        out.lines.append("targets:")
        for t in plan.targets:
            out.field("  - ", t, "code", json.dumps(t.code))
            out.field("    ", t, "title", scalar(t.title))
            out.field("    ", t, "op", json.dumps(t.op))
            value = "[" + ", ".join(scalar(v) for v in t.value) + "]" if isinstance(t.value, tuple) else scalar(t.value)
            out.field("    ", t, "value", value)
            out.field("    ", t, "unit", scalar(t.unit))
            out.field("    ", t, "due", scalar(t.due))
            if t.task:
                out.field("    ", t, "task", json.dumps(t.task))
            out.field("    ", t, "notes", scalar(t.notes))
    if plan.duties:
        out.lines.append("duties:")
        for d in plan.duties:
            out.field("  - ", d, "code", json.dumps(d.code))
            out.field("    ", d, "title", scalar(d.title))
            out.field("    ", d, "every", d.every)
            for key in ("day", "start", "end"):
                if getattr(d, key) is not None:
                    out.field("    ", d, key, scalar(getattr(d, key)))
            out.field("    ", d, "lead", names(d.lead))
            if d.task:
                out.field("    ", d, "task", json.dumps(d.task))
            out.field("    ", d, "notes", scalar(d.notes))
    checks = sum("check: " in line.partition("  # ")[2] for line in out.lines)
    out.lines[1] = "# " + ngettext("{count} `# check:` comment below: each marks a value the reader was unsure "
                                   "of; review them before importing.",
                                   "{count} `# check:` comments below: each marks a value the reader was unsure "
                                   "of; review them before importing.", checks).format(count=checks)
    return "\n".join(out.lines) + "\n"


def _task(out: _Out, t: DTask, indent: str) -> None:
    out.field(indent[:-2] + "- ", t, "code", json.dumps(t.code))
    out.field(indent, t, "label", scalar(t.label))
    out.field(indent, t, "title", scalar(t.title))
    out.block(indent, t, "text", t.text)
    if t.lead is not None:
        out.field(indent, t, "lead", names(t.lead))
        out.field(indent, t, "support", names(t.support or []))
    if t.due:
        out.field(indent, t, "due", scalar(t.due))
    if t.notes:
        out.field(indent, t, "notes", scalar(" ".join(t.notes)))
    if t.tasks:
        out.lines.append(f"{indent}tasks:")
        for child in t.tasks:
            _task(out, child, indent + "    ")
