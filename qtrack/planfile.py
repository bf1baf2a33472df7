"""Plan files, format version 1: YAML in, a validated PlanSpec out (no database here).

The loader walks a YAML node tree rather than the plain `safe_load` result, because only the
nodes know their line numbers and only they show a key written twice (PyYAML keeps the last
one silently). Every problem of a file is collected, so the user fixes them all in one pass.

Plan files come from outside, so the tree is composed here, from the parser's events, without
recursion: nesting is bounded (PyYAML's own composer overflows the stack, and its C version
crashes the process, on a few thousand brackets) and aliases are refused where they stand, so
a "billion laughs" file or a self-referring one never grows into a graph to walk.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qtrack.errors import PlanFileError, Problem
from qtrack.names import normalize

FORMAT_VERSION = 1
OPS = (">=", ">", "<=", "<", "==", "between")
EVERY = ("month", "quarter", "half-year", "year")
# Codes and plan ids appear inside references (PLAN/CODE, REF@PERIOD), so they may not hold
# the separators or white space.
CODE_RE = re.compile(r"^[^\s/@]+$")
MAX_NESTING = 64  # YAML levels; a plan with five levels of sub-tasks uses about 16
MAX_TASK_DEPTH = 5  # task, sub-task, … as deep as a document's numbering goes (一、(一) 1. (1) ①)
MAX_CODE = 64
# Tabs and line breaks are text; any other control character (ESC starts a terminal command)
# can only have come from a "\e"-style escape or a damaged file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_TEXT = 20_000  # characters in one value; a document's longest item is a few thousand
# libyaml's parser where the wheel has it (ten times faster on a big plan), else PyYAML's own.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class PhaseSpec:
    name: str
    start: dt.date
    end: dt.date
    line: int = 0


@dataclass(slots=True)
class SectionSpec:
    code: str
    label: str | None
    title: str
    notes: str | None = None
    line: int = 0


@dataclass(slots=True)  # a big plan holds 100,000 of them
class TaskSpec:
    code: str
    label: str | None
    title: str
    text: str | None
    lead: list[str]
    support: list[str]
    due: dt.date | None
    notes: str | None
    section: str | None
    parent: str | None
    depth: int = 0
    line: int = 0


@dataclass(slots=True)
class TargetSpec:
    code: str
    title: str
    op: str
    value: float | tuple[float, float]
    unit: str | None
    due: dt.date | None
    task: str | None
    baseline: float | None
    notes: str | None
    line: int = 0


@dataclass
class DutySpec:
    code: str
    title: str
    every: str
    day: int | None
    lead: list[str]
    support: list[str]
    start: dt.date | None
    end: dt.date | None
    task: str | None
    notes: str | None
    line: int = 0


@dataclass
class DepartmentSpec:
    name: str
    full_name: str | None
    aliases: list[str]
    line: int = 0


@dataclass
class PlanSpec:
    path: str
    id: str
    title: str
    issuer: str | None = None
    doc_no: str | None = None
    issued: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    source: str | None = None
    lead: list[str] = field(default_factory=list)
    notes: str | None = None
    due: dt.date | None = None
    departments: list[DepartmentSpec] = field(default_factory=list)
    phases: list[PhaseSpec] = field(default_factory=list)
    sections: list[SectionSpec] = field(default_factory=list)
    tasks: list[TaskSpec] = field(default_factory=list)
    targets: list[TargetSpec] = field(default_factory=list)
    duties: list[DutySpec] = field(default_factory=list)

    def task(self, code: str) -> TaskSpec:
        for t in self.tasks:
            if t.code == code:
                return t
        raise KeyError(code)


_MISSING = object()


class Node:
    """A YAML node as the reader needs it: tag, value and the line it starts on (1-based).

    PyYAML's own nodes carry a __dict__ and two marks of six fields each; a 100,000-task file
    is two million nodes, and those made most of the import's peak memory."""

    __slots__ = ("tag", "value", "line")

    def __init__(self, tag: str, value, line: int):
        self.tag, self.value, self.line = tag, value, line


class Scalar(Node):
    __slots__ = ("style",)

    def __init__(self, tag: str, value: str, line: int, style: str | None = None):
        super().__init__(tag, value, line)
        self.style = style


class Sequence(Node):
    __slots__ = ()


class Mapping(Node):
    __slots__ = ()


class _Reader:
    """Turns YAML nodes into checked Python values, recording problems instead of stopping."""

    def __init__(self, path: str, loader: yaml.SafeLoader):
        self.path = path
        self.loader = loader
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, message: str) -> None:
        line = node.line if node is not None else 0
        self.problems.append(Problem(self.path, line, message))

    # -- structure -------------------------------------------------------------------------

    def mapping(self, node: Node, what: str, keys: tuple[str, ...],
                required: tuple[str, ...] = ()) -> dict[str, Node] | None:
        """A mapping's value nodes by key; unknown, duplicate and missing keys are problems."""
        if not isinstance(node, Mapping) or not self.plain(node, what):
            if isinstance(node, Mapping) or self.plain(node, what):
                self.problem(node, f"{what} must be a mapping (key: value), not {_kind(node)}")
            return None
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, Scalar) else None
            if key not in keys:
                hint = difflib.get_close_matches(str(key), keys, n=1)
                message = f"unknown key {key!r} in {what}"
                message += f" (did you mean {hint[0]!r}?)" if hint else f" (allowed: {', '.join(keys)})"
                self.problem(key_node, message)
            elif key in out:
                first = out[key].line
                self.problem(key_node, f"duplicate key {key!r} in {what} (first given on line {first})")
            else:
                out[key] = value_node
        for key in required:
            if key not in out:
                self.problem(node, f"{what} has no {key!r}")
        return out

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        if node is None or self.is_null(node):
            return []
        if not self.plain(node, what):
            return []
        if not isinstance(node, Sequence):
            self.problem(node, f"{what} must be a list, not {_kind(node)}")
            return []
        return list(node.value)

    def plain(self, node: Node, what: str) -> bool:
        """Safe loading: a list or mapping with an explicit tag (!!python/object…) is refused."""
        if isinstance(node, Scalar) or node.tag in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            return True
        self.problem(node, f"{what}: tag {node.tag} is not allowed (plan files hold plain data)")
        return False

    # -- scalars ---------------------------------------------------------------------------

    def is_null(self, node: Node) -> bool:
        return isinstance(node, Scalar) and node.tag == "tag:yaml.org,2002:null"

    def scalar(self, node: Node, what: str) -> object:
        if not isinstance(node, Scalar):
            if self.plain(node, what):
                self.problem(node, f"{what} must be a single value, not {_kind(node)}")
            return _MISSING
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Construct dates ourselves: PyYAML's error for 2016-13-45 is a bare ValueError.
            return self._date_scalar(node, what)
        pyyaml_node = yaml.ScalarNode(node.tag, node.value, yaml.Mark(self.path, 0, node.line - 1, 0, None, None), None,
                                      style=node.style)
        try:
            return self.loader.construct_object(pyyaml_node, deep=True)
        except yaml.YAMLError as exc:
            # Safe loading: a tag like !!python/object is refused here, never executed.
            self.problem(node, f"{what}: {getattr(exc, 'problem', None) or exc}")
            return _MISSING
        finally:
            self.loader.constructed_objects.pop(pyyaml_node, None)  # the constructor's cache would keep every node

    def _date_scalar(self, node: Scalar, what: str) -> object:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", node.value)
        if not match:
            self.problem(node, f"{what}: {node.value!r} is not a date (expected YYYY-MM-DD, no time)")
            return _MISSING
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            self.problem(node, f"{what}: {node.value} is not a real date")
            return _MISSING

    def text(self, node: Node | None, what: str, *, required: bool = False) -> str | None:
        if node is None:
            return None  # a missing required key is reported by mapping()
        if self.is_null(node):
            if required:
                self.problem(node, f"{what} is empty")
            return None
        value = self.scalar(node, what)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.problem(node, f"{what} must be text, not {_pytype(value)}")
            return None
        if required and not value.strip():
            self.problem(node, f"{what} is empty")
            return None
        control = _CONTROL.search(value)
        if control:
            self.problem(node, f"{what} holds a control character (U+{ord(control.group()):04X}); "
                               "plan files hold plain text")
            return None
        if len(value) > MAX_TEXT:
            self.problem(node, f"{what} is {len(value):,} characters long; the limit is {MAX_TEXT:,}")
            return None
        return value.strip() if required else value

    def code(self, node: Node | None, what: str) -> str | None:
        if node is None or self.is_null(node):
            if node is not None:
                self.problem(node, f"{what} is empty")
            return None
        value = self.scalar(node, what)
        if value is _MISSING:
            return None
        if isinstance(value, float):
            self.problem(node, f"{what} {node.value} must be quoted (\"{node.value}\"): unquoted it is a number")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(node, f"{what} must be text, not {_pytype(value)}")
            return None
        code = str(value).strip()
        if len(code) > MAX_CODE:
            self.problem(node, f"{what} is {len(code):,} characters long; the limit is {MAX_CODE}")
            return None
        if not code or not CODE_RE.match(code):
            self.problem(node, f"{what} {code!r} must be non-empty, without spaces, '/' or '@'")
            return None
        return code

    def date(self, node: Node | None, what: str) -> dt.date | None:
        if node is None or self.is_null(node):
            return None
        value = self.scalar(node, what)
        if value is _MISSING:
            return None
        if isinstance(value, str):
            # A quoted date is still a date; the same checks apply.
            value = self._date_scalar(Scalar("tag:yaml.org,2002:timestamp", value.strip(), node.line), what)
            return None if value is _MISSING else value
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.problem(node, f"{what} must be a date (YYYY-MM-DD), not {_pytype(value)}")
            return None
        return value

    def number(self, node: Node | None, what: str) -> float | None:
        if node is None or self.is_null(node):
            return None
        value = self.scalar(node, what)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(node, f"{what} must be a number, not {_pytype(value)}")
            return None
        return float(value)

    def names(self, node: Node | None, what: str) -> list[str]:
        out: list[str] = []
        for item in self.sequence(node, what):
            name = self.text(item, f"a name in {what}", required=True)
            if name is None:
                continue
            name = normalize(name)
            if name in out:
                self.problem(item, f"{name} is named twice in {what}")
            else:
                out.append(name)
        return out


def _kind(node: Node | None) -> str:
    return {Mapping: "a mapping", Sequence: "a list"}.get(type(node), "a single value")


def _pytype(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return type(value).__name__


PLAN_KEYS = ("id", "title", "issuer", "doc_no", "issued", "start", "end", "source", "lead", "notes", "due")
DEPARTMENT_KEYS = ("name", "full_name", "aliases")
PHASE_KEYS = ("name", "start", "end")
SECTION_KEYS = ("code", "label", "title", "notes", "tasks")
TASK_KEYS = ("code", "label", "title", "text", "lead", "support", "due", "notes", "tasks")
TARGET_KEYS = ("code", "title", "op", "value", "unit", "due", "task", "baseline", "notes")
DUTY_KEYS = ("code", "title", "every", "day", "lead", "support", "start", "end", "task", "notes")
TOP_KEYS = ("qtrack", "plan", "departments", "phases", "sections", "targets", "duties")


def load_plan_file(path: str | Path) -> PlanSpec:
    """Read and validate one plan file; raise PlanFileError listing every problem."""
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanFileError([Problem(shown, 0, f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows Notepad writes one) is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanFileError([Problem(shown, line, f"not UTF-8 text{_encoding_hint(raw)}; save it as UTF-8")]) from None
    if _Loader is yaml.SafeLoader:
        return parse_plan(text, shown, default_id=path.stem)
    # libyaml reads the checked UTF-8 bytes itself: a big plan's decoded copy need not stay alive.
    del text
    return parse_plan(raw, shown, default_id=path.stem)


def _encoding_hint(raw: bytes) -> str:
    """Name the encoding a non-UTF-8 file most likely has, so the user knows what to convert from."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return " (it is UTF-16, which Windows calls 'Unicode')"
    for codec, name in (("gbk", "GBK"), ("big5", "Big5"), ("gb18030", "GB18030")):
        try:
            decoded = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if re.search(r"[\u4e00-\u9fff]", decoded):
            return f" (it looks like {name}-encoded Chinese)"
    return " (it looks like a binary file)" if b"\x00" in raw else ""


def parse_plan(text: str | bytes, path: str, *, default_id: str) -> PlanSpec:
    """Validate a plan file's contents (text, or UTF-8 bytes); `path` is only for messages."""
    loader = _Loader(text)
    try:
        root = _compose(loader, path)
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; it gives a position, not a line
        # libyaml counts the position in UTF-8 bytes, PyYAML in characters.
        data = text.encode() if isinstance(text, str) and _Loader is not yaml.SafeLoader else text
        line = data[:exc.position].count(b"\n" if isinstance(data, bytes) else "\n") + 1
        raise PlanFileError([Problem(path, line, f"character U+{exc.character:04X} is not allowed in YAML text "
                                                 "(a control character)")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PlanFileError([Problem(path, mark.line + 1 if mark else 0,
                                     f"not valid YAML: {exc.problem or exc.context}")]) from None
    except yaml.YAMLError as exc:
        raise PlanFileError([Problem(path, 0, f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise PlanFileError([Problem(path, 1, "the file is empty")])
    r = _Reader(path, loader)
    spec = _read_plan(r, root, default_id)
    if r.problems:
        raise PlanFileError(sorted(r.problems, key=lambda p: p.line))
    return spec


def _compose(loader, path: str) -> Node | None:
    """The single document's node tree, built from parser events with an explicit stack."""
    def refuse(event: yaml.Event, message: str) -> PlanFileError:
        return PlanFileError([Problem(path, event.start_mark.line + 1, message)])

    loader.get_event()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # DocumentStart
    stack: list[Node] = []
    root: Node | None = None
    while root is None:
        event = loader.get_event()
        if isinstance(event, yaml.AliasEvent):
            raise refuse(event, f"YAML alias *{event.anchor} is not allowed in a plan file: write the value out")
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            node = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            # Keys, names and dates recur thousands of times in a big plan: keep one copy of each.
            value = sys.intern(event.value) if len(event.value) <= 32 else event.value
            node = Scalar(tag, value, event.start_mark.line + 1, event.style)
        else:
            kind = Sequence if isinstance(event, yaml.SequenceStartEvent) else Mapping
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.SequenceNode if kind is Sequence else yaml.MappingNode, None, event.implicit)
            if len(stack) >= MAX_NESTING:
                raise refuse(event, f"nested more than {MAX_NESTING} levels deep; a plan file is not")
            stack.append(kind(tag, [], event.start_mark.line + 1))
            continue
        if not stack:
            root = node
        elif isinstance(stack[-1], Sequence):
            stack[-1].value.append(node)
        elif stack[-1].value and stack[-1].value[-1][1] is None:
            stack[-1].value[-1] = (stack[-1].value[-1][0], node)
        else:
            stack[-1].value.append((node, None))
    loader.get_event()  # DocumentEnd
    if not loader.check_event(yaml.StreamEndEvent):
        raise refuse(loader.get_event(), "a second YAML document ('---'): a plan file holds one")
    return root


def _read_plan(r: _Reader, root: Node, default_id: str) -> PlanSpec:
    top = r.mapping(root, "the plan file", TOP_KEYS, required=("qtrack", "plan"))
    if top is None:
        return PlanSpec(path=r.path, id=default_id, title="")
    if "qtrack" in top:
        version = r.scalar(top["qtrack"], "qtrack")
        if version is not _MISSING and (isinstance(version, bool) or version != FORMAT_VERSION):
            r.problem(top["qtrack"], f"format version {version!r} is not one this qtrack reads "
                                     f"(it reads qtrack: {FORMAT_VERSION})")
    plan = r.mapping(top["plan"], "plan", PLAN_KEYS, required=("title",)) if "plan" in top else None
    plan = plan or {}
    spec = PlanSpec(
        path=r.path,
        id=r.code(plan["id"], "plan id") if "id" in plan else default_id,
        title=r.text(plan.get("title"), "plan title", required=True) or "",
        issuer=r.text(plan.get("issuer"), "plan issuer"),
        doc_no=r.text(plan.get("doc_no"), "plan doc_no"),
        issued=r.date(plan.get("issued"), "plan issued"),
        start=r.date(plan.get("start"), "plan start"),
        end=r.date(plan.get("end"), "plan end"),
        source=r.text(plan.get("source"), "plan source"),
        lead=r.names(plan.get("lead"), "plan lead"),
        notes=r.text(plan.get("notes"), "plan notes"),
        due=r.date(plan.get("due"), "plan due"),
    )
    if "id" not in plan and not CODE_RE.match(default_id):
        r.problem(top.get("plan"), f"plan id {default_id!r} (from the file name) has spaces, '/' or '@'; give plan: id")
    spec.id = spec.id or default_id
    if spec.start and spec.end and spec.start > spec.end:
        r.problem(plan.get("end"), f"plan end {spec.end} is before its start {spec.start}")

    for node in r.sequence(top.get("departments"), "departments"):
        _read_department(r, node, spec)
    for node in r.sequence(top.get("phases"), "phases"):
        _read_phase(r, node, spec)

    codes: dict[str, int] = {}  # every code of the plan, to its line: tasks, targets, duties share refs
    for node in r.sequence(top.get("sections"), "sections"):
        _read_section(r, node, spec, codes)
    tasks = {t.code for t in spec.tasks}  # what targets and duties may point at, found in O(1)
    for node in r.sequence(top.get("targets"), "targets"):
        _read_target(r, node, spec, codes, tasks)
    for node in r.sequence(top.get("duties"), "duties"):
        _read_duty(r, node, spec, codes, tasks)
    return spec


def _claim(r: _Reader, codes: dict[str, int], code: str | None, node: Node, what: str) -> None:
    if code is None:
        return
    if code in codes:
        r.problem(node, f"duplicate code {code!r}: {what} {code} is already used on line {codes[code]}")
    else:
        codes[code] = node.line


def _read_department(r: _Reader, node: Node, spec: PlanSpec) -> None:
    m = r.mapping(node, "a department", DEPARTMENT_KEYS, required=("name",))
    if m is None or "name" not in m:
        return
    name = r.text(m["name"], "department name", required=True)
    if name is None:
        return
    name = normalize(name)
    if any(d.name == name for d in spec.departments):
        r.problem(m["name"], f"department {name} is listed twice")
    aliases = r.names(m.get("aliases"), f"the aliases of {name}")
    if name in aliases:
        r.problem(m["aliases"], f"{name} is given as its own alias")
    spec.departments.append(DepartmentSpec(name, r.text(m.get("full_name"), "full_name"), aliases,
                                           node.line))


def _read_phase(r: _Reader, node: Node, spec: PlanSpec) -> None:
    m = r.mapping(node, "a phase", PHASE_KEYS, required=("name", "start", "end"))
    if m is None:
        return
    name = r.text(m.get("name"), "phase name", required=True)
    start, end = r.date(m.get("start"), "phase start"), r.date(m.get("end"), "phase end")
    if name and any(p.name == name for p in spec.phases):
        r.problem(m["name"], f"phase {name} is listed twice")
    if start and end and start > end:
        r.problem(m["end"], f"phase end {end} is before its start {start}")
    if name and start and end:
        spec.phases.append(PhaseSpec(name, start, end, node.line))


def _read_section(r: _Reader, node: Node, spec: PlanSpec, codes: dict[str, int]) -> None:
    m = r.mapping(node, "a section", SECTION_KEYS, required=("code", "title"))
    if m is None:
        return
    code = r.code(m.get("code"), "section code")
    if code and any(s.code == code for s in spec.sections):
        r.problem(m["code"], f"duplicate section code {code!r}")
    section = SectionSpec(code or "", r.text(m.get("label"), "section label"),
                          r.text(m.get("title"), "section title", required=True) or "",
                          r.text(m.get("notes"), "section notes"), node.line)
    spec.sections.append(section)
    for child in r.sequence(m.get("tasks"), f"the tasks of section {code}"):
        _read_task(r, child, spec, codes, section=code, parent=None)


def _read_task(r: _Reader, node: Node, spec: PlanSpec, codes: dict[str, int], *,
               section: str | None, parent: TaskSpec | None) -> None:
    m = r.mapping(node, "a task", TASK_KEYS, required=("code", "title"))
    if m is None:
        return
    code = r.code(m.get("code"), "task code")
    _claim(r, codes, code, m.get("code", node), "task")
    where = f"task {code}" if code else "a task"
    lead = r.names(m.get("lead"), f"the lead of {where}")
    support = r.names(m.get("support"), f"the support of {where}")
    for name in set(lead) & set(support):
        r.problem(m["support"], f"{name} is both lead and support of {where}")
    # A task that names no department inherits its parent's (a sub-task under its main task's
    # note), and a top-level task the plan's default lead; likewise its due date.
    if "lead" not in m and "support" not in m:
        lead, support = (list(parent.lead), list(parent.support)) if parent else (list(spec.lead), [])
    due = r.date(m.get("due"), f"the due date of {where}")
    if "due" not in m:
        due = parent.due if parent else spec.due
    task = TaskSpec(
        code=code or "", label=r.text(m.get("label"), f"the label of {where}"),
        title=r.text(m.get("title"), f"the title of {where}", required=True) or "",
        text=r.text(m.get("text"), f"the text of {where}"), lead=lead, support=support, due=due,
        notes=r.text(m.get("notes"), f"the notes of {where}"), section=section,
        parent=parent.code if parent else None, depth=parent.depth + 1 if parent else 0,
        line=node.line,
    )
    spec.tasks.append(task)
    if task.depth + 1 >= MAX_TASK_DEPTH and r.sequence(m.get("tasks"), f"the sub-tasks of {where}"):
        r.problem(m["tasks"], f"sub-tasks of {where} would be {MAX_TASK_DEPTH + 1} levels deep; "
                              f"plan files go {MAX_TASK_DEPTH} levels (task, sub-task, …)")
        return
    for child in r.sequence(m.get("tasks"), f"the sub-tasks of {where}"):
        _read_task(r, child, spec, codes, section=section, parent=task)


def _task_ref(r: _Reader, m: dict[str, Node], tasks: set[str], where: str) -> str | None:
    """The task a target or duty belongs to; it must exist in the same file."""
    code = r.code(m["task"], f"the task of {where}") if "task" in m and not r.is_null(m["task"]) else None
    if code and code not in tasks:
        r.problem(m["task"], f"{where} points at task {code!r}, which this plan does not have")
    return code


def _read_target(r: _Reader, node: Node, spec: PlanSpec, codes: dict[str, int], tasks: set[str]) -> None:
    m = r.mapping(node, "a target", TARGET_KEYS, required=("code", "title", "op", "value"))
    if m is None:
        return
    code = r.code(m.get("code"), "target code")
    _claim(r, codes, code, m.get("code", node), "target")
    where = f"target {code}" if code else "a target"
    op = r.text(m.get("op"), f"the op of {where}") if "op" in m else None
    if op is not None and op not in OPS:
        r.problem(m["op"], f"op {op!r} of {where} is not one of {', '.join(OPS)}")
        op = None
    value: float | tuple[float, float] | None = None
    if op == "between":
        items = r.sequence(m.get("value"), f"the value of {where} (between takes [low, high])")
        bounds = [r.number(i, f"a bound of {where}") for i in items]
        if len(items) != 2:
            r.problem(m.get("value"), f"{where}: between takes two values [low, high], not {len(items)}")
        elif None not in bounds:
            low, high = bounds
            if low > high:
                r.problem(m["value"], f"{where}: low {low:g} is above high {high:g}")
            value = (low, high)
    elif "value" in m:
        value = r.number(m["value"], f"the value of {where}")
    spec.targets.append(TargetSpec(
        code=code or "", title=r.text(m.get("title"), f"the title of {where}", required=True) or "",
        op=op or "", value=value if value is not None else 0.0,
        unit=r.text(m.get("unit"), f"the unit of {where}"),
        due=r.date(m.get("due"), f"the due date of {where}"),
        task=_task_ref(r, m, tasks, where), baseline=r.number(m.get("baseline"), f"the baseline of {where}"),
        notes=r.text(m.get("notes"), f"the notes of {where}"), line=node.line,
    ))


def _read_duty(r: _Reader, node: Node, spec: PlanSpec, codes: dict[str, int], tasks: set[str]) -> None:
    m = r.mapping(node, "a duty", DUTY_KEYS, required=("code", "title", "every"))
    if m is None:
        return
    code = r.code(m.get("code"), "duty code")
    _claim(r, codes, code, m.get("code", node), "duty")
    where = f"duty {code}" if code else "a duty"
    every = r.text(m.get("every"), f"the period of {where}") if "every" in m else None
    if every is not None and every not in EVERY:
        r.problem(m["every"], f"every: {every!r} of {where} is not one of {', '.join(EVERY)}")
    day = None
    if "day" in m:
        number = r.number(m["day"], f"the day of {where}")
        if number is not None and (number != int(number) or not 1 <= number <= 31):
            r.problem(m["day"], f"the day of {where} must be a whole number from 1 to 31")
        elif number is not None:
            day = int(number)
    start = r.date(m.get("start"), f"the start of {where}") or spec.start
    end = r.date(m.get("end"), f"the end of {where}") or spec.end
    if start is None or end is None:
        r.problem(node, f"{where} needs start and end (or a plan start and end to fall back on)")
    elif start > end:
        r.problem(m.get("end", node), f"{where} ends {end}, before it starts {start}")
    lead = r.names(m.get("lead"), f"the lead of {where}") if "lead" in m else list(spec.lead)
    spec.duties.append(DutySpec(
        code=code or "", title=r.text(m.get("title"), f"the title of {where}", required=True) or "",
        every=every or "", day=day, lead=lead, support=r.names(m.get("support"), f"the support of {where}"),
        start=start, end=end, task=_task_ref(r, m, tasks, where),
        notes=r.text(m.get("notes"), f"the notes of {where}"), line=node.line,
    ))
