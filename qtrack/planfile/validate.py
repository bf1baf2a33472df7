"""The plan file's rules: which keys each part has, what each value must be, and how parts refer
to each other. Node tree in, PlanSpec out, every problem recorded with its line.
"""

from __future__ import annotations

from collections.abc import Iterator

from qtrack.errors import Problem, kind_word
from qtrack.names import hidden_character, normalize
from qtrack.planfile.spec import (CODE_RE, EVERY, REPORT_EVERY, FORMAT_VERSION, MAX_TASK_DEPTH, OPS, DepartmentSpec, DutySpec,
                                  PhaseSpec, PlanSpec, SectionSpec, TargetSpec, TaskSpec, plan_id_problem)
from qtrack.planfile.tree import Mapping, Node
from qtrack.planfile.values import MISSING, Reader
from qtrack.i18n import _

PLAN_KEYS = ("id", "title", "issuer", "doc_no", "issued", "start", "end", "source", "lead", "notes", "due",
             "ack_within", "review", "report_every", "report_day")
DEPARTMENT_KEYS = ("name", "full_name", "aliases")
PHASE_KEYS = ("name", "start", "end")
SECTION_KEYS = ("code", "label", "title", "notes", "tasks", "report_every", "report_day")
TASK_KEYS = ("code", "label", "title", "text", "lead", "support", "due", "notes", "tasks", "was", "report_every",
             "report_day")
TARGET_KEYS = ("code", "title", "op", "value", "unit", "due", "task", "baseline", "notes", "path")
DUTY_KEYS = ("code", "title", "every", "day", "lead", "support", "start", "end", "task", "notes")
TOP_KEYS = ("qtrack", "plan", "departments", "phases", "sections", "targets", "duties")


def read_plan(r: Reader, root: Node, default_id: str) -> PlanSpec:
    top = r.mapping(root, _("the plan file"), TOP_KEYS, required=("qtrack", "plan"))
    if top is None:
        return PlanSpec(path=r.path, id=default_id, title="")
    if "qtrack" in top:
        version = r.scalar(top["qtrack"], "qtrack")
        if version is not MISSING and (type(version) is not int or version != FORMAT_VERSION):  # not 1.0, not true
            r.problem(top["qtrack"], _("format version {version!r} is not one this qtrack reads (it reads qtrack: "
                                        "{format_version})").format(
                                         version=version, format_version=FORMAT_VERSION))
    plan = r.mapping(top["plan"], "plan", PLAN_KEYS, required=("title",)) if "plan" in top else None
    plan = plan or {}
    spec = PlanSpec(
        path=r.path,
        id=_plan_id(r, plan, top, default_id),
        title=r.text(plan.get("title"), _("plan title"), required=True) or "",
        issuer=r.text(plan.get("issuer"), _("plan issuer")),
        doc_no=r.text(plan.get("doc_no"), _("plan doc_no")),
        issued=r.date(plan.get("issued"), _("plan issued")),
        start=r.date(plan.get("start"), _("plan start")),
        end=r.date(plan.get("end"), _("plan end")),
        source=r.text(plan.get("source"), _("plan source")),
        lead=r.names(plan.get("lead"), _("plan lead")),
        notes=r.text(plan.get("notes"), _("plan notes")),
        due=r.date(plan.get("due"), _("plan due")),
    )
    spec.report_every, spec.report_day = read_cycle(r, plan, _("the plan"), (None, None))
    spec.id = spec.id or default_id
    spec.ack_within = _ack_within(r, plan, spec)
    spec.review = _review(r, plan.get("review"))
    if spec.start and spec.end and spec.start > spec.end:
        r.problem(plan.get("end"), _("plan end {end} is before its start {start}").format(
                                       end=spec.end, start=spec.start))

    departments: set[str] = set()  # names seen so far, so that 100,000 entries are checked in O(n)
    for node in r.sequence(top.get("departments"), "departments"):
        _read_department(r, node, spec, departments)
    phases: set[str] = set()
    for node in r.sequence(top.get("phases"), "phases"):
        _read_phase(r, node, spec, phases)

    codes: dict[str, int] = {}  # every code of the plan, to its line: tasks, targets, duties share refs
    sections: set[str] = set()
    for node in _read_once(r, top.get("sections"), "sections"):
        _read_section(r, node, spec, codes, sections)
    _check_was(r, spec)
    tasks = {t.code for t in spec.tasks}  # what targets and duties may point at, found in O(1)
    for node in _read_once(r, top.get("targets"), "targets"):
        _read_target(r, node, spec, codes, tasks)
    for node in _read_once(r, top.get("duties"), "duties"):
        _read_duty(r, node, spec, codes, tasks)
    return spec


def _read_once(r: Reader, node: Node | None, what: str) -> Iterator[Node]:
    """The items of a top-level list, each let go as soon as it is read: a 100,000-task plan's
    node tree (250 MB) is freed section by section as the PlanSpec grows, not held whole beside
    it and then beside the rows of the import. Nothing reads these nodes afterwards."""
    items = r.sequence(node, what)
    if items:
        node.value = ()
    items.reverse()
    while items:
        yield items.pop()


def _check_was(r: Reader, spec: PlanSpec) -> None:
    """A former code (`was`) renumbers one task: not the task's own code, and claimed by one task only."""
    claimed: dict[str, TaskSpec] = {}
    for t in spec.tasks:
        if t.was is None:
            continue
        if t.was == t.code:
            r.problems.append(Problem(r.path, t.line, _("task {code}: was {was!r} is its own code; give the code it "
                                                        "had before").format(
                                                          code=t.code, was=t.was)))
        elif t.was in claimed:
            first = claimed[t.was]
            r.problems.append(Problem(r.path, t.line, _("task {code}: was {was!r} is claimed by task {code2} on "
                                                        "line {line} too; one task takes over a former code").format(
                                                          code=t.code, was=t.was, code2=first.code, line=first.line)))
        else:
            claimed[t.was] = t


def _plan_id(r: Reader, plan: dict[str, Node], top: dict[str, Node], default_id: str) -> str | None:
    """plan: id, else the file's stem; either must be a code every output can carry."""
    if "id" in plan:
        plan_id, node, whence = r.code(plan["id"], _("plan id")), plan["id"], ""
    else:
        plan_id, node, whence = normalize(default_id), top.get("plan"), _(" (from the file name; give plan: id)")
        if not CODE_RE.match(plan_id) or hidden_character(plan_id):
            r.problem(node, _("plan id {default_id!r}{whence} has spaces, '/', '@' or an invisible character").format(
                                default_id=default_id, whence=whence))
            return None
    problem = plan_id and plan_id_problem(plan_id)
    if problem:
        r.problem(node, problem + whence)
        return None
    return plan_id


def _claim(r: Reader, codes: dict[str, int], code: str | None, node: Node, what: str) -> None:
    if code is None:
        return
    if code in codes:
        r.problem(node, _("duplicate code {code!r}: {what} {code} is already used on line {line}").format(
                            code=code, what=kind_word(what), line=codes[code]))
    else:
        codes[code] = node.line


def _ack_within(r: Reader, plan: dict, spec: PlanSpec) -> int | None:
    """The days allowed for 签收, counted from the day the plan was issued (交办)."""
    number = r.number(plan.get("ack_within"), _("plan ack_within"))
    if number is None:
        return None
    if number != int(number) or not 0 <= number <= 3660:
        r.problem(plan["ack_within"], _("plan ack_within must be a whole number of days from 0 to 3660"))
        return None
    if spec.issued is None:
        r.problem(plan["ack_within"], _("plan ack_within counts days from the plan's issued date: give issued"))
        return None
    return int(number)


def _review(r: Reader, node) -> bool:
    """review: true or false (absent or null: false, as every plan before it meant)."""
    if node is None or r.is_null(node):
        return False
    value = r.scalar(node, _("plan review"))
    if value is not MISSING and not isinstance(value, bool):
        r.problem(node, _("plan review must be true or false, not {value!r}").format(value=value))
        return False
    return value is True


def _read_department(r: Reader, node: Node, spec: PlanSpec, names: set[str]) -> None:
    m = r.mapping(node, _("a department"), DEPARTMENT_KEYS, required=("name",))
    if m is None or "name" not in m:
        return
    name = r.text(m["name"], _("department name"), required=True)
    if name is None or r.hidden(m["name"], _("department name"), name):
        return
    name = normalize(name)
    if name in names:
        r.problem(m["name"], _("department {name} is listed twice").format(name=name))
    names.add(name)
    aliases = r.names(m.get("aliases"), _("the aliases of {name}").format(name=name))
    if name in aliases:
        r.problem(m["aliases"], _("{name} is given as its own alias").format(name=name))
    spec.departments.append(DepartmentSpec(name, r.text(m.get("full_name"), "full_name"), aliases,
                                           node.line))


def _read_phase(r: Reader, node: Node, spec: PlanSpec, names: set[str]) -> None:
    m = r.mapping(node, _("a phase"), PHASE_KEYS, required=("name", "start", "end"))
    if m is None:
        return
    name = r.text(m.get("name"), _("phase name"), required=True)
    start, end = r.date(m.get("start"), _("phase start")), r.date(m.get("end"), _("phase end"))
    if name and name in names:
        r.problem(m["name"], _("phase {name} is listed twice").format(name=name))
    names.add(name)
    if start and end and start > end:
        r.problem(m["end"], _("phase end {end} is before its start {start}").format(
                                end=end, start=start))
    if name and start and end:
        spec.phases.append(PhaseSpec(name, start, end, node.line))


def _read_section(r: Reader, node: Node, spec: PlanSpec, codes: dict[str, int], seen: set[str]) -> None:
    m = r.mapping(node, _("a section"), SECTION_KEYS, required=("code", "title"))
    if m is None:
        return
    code = r.code(m.get("code"), _("section code"))
    if code and code in seen:
        r.problem(m["code"], _("duplicate section code {code!r}").format(code=code))
    seen.add(code)
    section = SectionSpec(code or "", r.text(m.get("label"), _("section label")),
                          r.text(m.get("title"), _("section title"), required=True) or "",
                          r.text(m.get("notes"), _("section notes")), node.line)
    section.report_every, section.report_day = read_cycle(r, m, _("section {code}").format(code=code),
                                                          (spec.report_every, spec.report_day))
    spec.sections.append(section)
    for child in r.sequence(m.get("tasks"), _("the tasks of section {code}").format(code=code)):
        _read_task(r, child, spec, codes, section=code, parent=None)


def _read_task(r: Reader, node: Node, spec: PlanSpec, codes: dict[str, int], *,
               section: str | None, parent: TaskSpec | None) -> None:
    m = r.mapping(node, _("a task"), TASK_KEYS, required=("code", "title"))
    if m is None:
        return
    code = r.code(m.get("code"), _("task code"))
    _claim(r, codes, code, m.get("code", node), "task")
    where = _("task {code}").format(code=code) if code else _("a task")
    lead = r.names(m.get("lead"), _("the lead of {where}", where=where))
    support = r.names(m.get("support"), _("the support of {where}", where=where))
    for name in dict.fromkeys(n for n in support if n in lead):  # in the file's order, each once
        r.problem(m["support"], _("{name} is both lead and support of {where}").format(
                                    name=name, where=where))
    # A task that names no department inherits its parent's (a sub-task under its main task's
    # note), and a top-level task the plan's default lead; likewise its due date.
    if "lead" not in m and "support" not in m:
        lead, support = (list(parent.lead), list(parent.support)) if parent else (list(spec.lead), [])
    due = r.date(m.get("due"), _("the due date of {where}", where=where))
    if "due" not in m:
        due = parent.due if parent else spec.due
    task = TaskSpec(
        code=code or "", label=r.text(m.get("label"), _("the label of {where}", where=where)),
        title=r.text(m.get("title"), _("the title of {where}", where=where), required=True) or "",
        text=r.text(m.get("text"), _("the text of {where}", where=where)), lead=lead, support=support, due=due,
        notes=r.text(m.get("notes"), _("the notes of {where}", where=where)), section=section,
        parent=parent.code if parent else None, depth=parent.depth + 1 if parent else 0,
        line=node.line,
        was=r.code(m["was"], _("the former code (was) of {where}", where=where)) if "was" in m else None,
    )
    above = parent or next((s for s in reversed(spec.sections) if s.code == section), None) or spec
    task.report_every, task.report_day = read_cycle(r, m, where, (above.report_every, above.report_day))
    spec.tasks.append(task)
    sub_tasks = _("the sub-tasks of {where}", where=where)
    if task.depth + 1 >= MAX_TASK_DEPTH and r.sequence(m.get("tasks"), sub_tasks):
        r.problem(m["tasks"], _("sub-tasks of {where} would be {max_task_depth} levels deep; plan files go "
                                 "{max_task_depth2} levels (task, sub-task, …)").format(
                                  where=where, max_task_depth=MAX_TASK_DEPTH + 1, max_task_depth2=MAX_TASK_DEPTH))
        return
    for child in r.sequence(m.get("tasks"), sub_tasks):
        _read_task(r, child, spec, codes, section=section, parent=task)


def read_cycle(r: Reader, m: dict[str, Node], where: str,
               inherited: tuple[str | None, int | None]) -> tuple[str | None, int | None]:
    """(report_every, report_day) of a plan, section or task: each its own where it gives one, else
    the one it is under. `report_every: null` takes it out of the cycle (and its day with it)."""
    every, day = inherited
    if "report_every" in m:
        node = m["report_every"]
        every = None if r.is_null(node) else r.text(node, _("report_every of {where}", where=where))
        if every is not None and every not in REPORT_EVERY:
            r.problem(node, _("report_every: {every!r} of {where} is not one of {report_every}").format(
                                every=every, where=where, report_every=', '.join(REPORT_EVERY)))
            every = None
        day = None if every is None else day
    if "report_day" in m:
        number = r.number(m["report_day"], _("report_day of {where}", where=where))
        if number is not None and (number != int(number) or not 1 <= number <= 31):
            r.problem(m["report_day"], _("report_day of {where} must be a whole number from 1 to 31").format(
                                           where=where))
        elif number is not None:
            if every is None:
                r.problem(m["report_day"], _("report_day of {where} needs a report_every (here or above it)").format(
                                               where=where))
            day = int(number)
    return every, day


def _task_ref(r: Reader, m: dict[str, Node], tasks: set[str], where: str) -> str | None:
    """The task a target or duty belongs to; it must exist in the same file."""
    code = r.code(m["task"], _("the task of {where}", where=where)) \
        if "task" in m and not r.is_null(m["task"]) else None
    if code and code not in tasks:
        r.problem(m["task"], _("{where} points at task {code!r}, which this plan does not have").format(
                                 where=where, code=code))
    return code


def _read_target(r: Reader, node: Node, spec: PlanSpec, codes: dict[str, int], tasks: set[str]) -> None:
    m = r.mapping(node, _("a target"), TARGET_KEYS, required=("code", "title", "op", "value"))
    if m is None:
        return
    code = r.code(m.get("code"), _("target code"))
    _claim(r, codes, code, m.get("code", node), "target")
    where = _("target {code}").format(code=code) if code else _("a target")
    op = r.text(m.get("op"), _("the op of {where}", where=where)) if "op" in m else None
    if op is not None and op not in OPS:
        r.problem(m["op"], _("op {op!r} of {where} is not one of {ops}").format(
                               op=op, where=where, ops=', '.join(OPS)))
        op = None
    value: float | tuple[float, float] | None = None
    if op == "between":
        items = r.sequence(m.get("value"), _("the value of {where} (between takes [low, high])", where=where))
        bounds = [r.number(i, _("a bound of {where}", where=where)) for i in items]
        if len(items) != 2:
            r.problem(m.get("value"), _("{where}: between takes two values [low, high], not {items}").format(
                                          where=where, items=len(items)))
        elif None not in bounds:
            low, high = bounds
            if low > high:
                r.problem(m["value"], _("{where}: low {low:g} is above high {high:g}").format(
                                          where=where, low=low, high=high))
            value = (low, high)
    elif "value" in m:
        value = r.number(m["value"], _("the value of {where}", where=where))
    due = r.date(m.get("due"), _("the due date of {where}", where=where))
    spec.targets.append(TargetSpec(
        code=code or "",
        title=r.text(m.get("title"), _("the title of {where}", where=where), required=True) or "",
        op=op or "", value=value if value is not None else 0.0,
        unit=r.text(m.get("unit"), _("the unit of {where}", where=where)),
        due=due,
        task=_task_ref(r, m, tasks, where),
        baseline=r.number(m.get("baseline"), _("the baseline of {where}", where=where)),
        notes=r.text(m.get("notes"), _("the notes of {where}", where=where)), line=node.line,
        path=_read_path(r, m.get("path"), where, due),
    ))


def _read_path(r: Reader, node: Node | None, where: str, due) -> tuple:
    """A target's trajectory, `path: {2012-12-31: 20, 2013-12-31: 40}`: interim values by date."""
    if node is None or r.is_null(node):
        return ()
    if not isinstance(node, Mapping):
        r.problem(node, _("the path of {where} must be a mapping of dates to values ({{2012-12-31: 20}})").format(
                            where=where))
        return ()
    points: dict = {}
    for key, value in node.pairs():
        day = r.date(key, _("a date in the path of {where}", where=where))
        number = r.number(value, _("the value for {day} in the path of {where}").format(day=day, where=where) if day
                          else _("the value for a date in the path of {where}", where=where))
        if day is None or number is None:
            continue
        if day in points:
            r.problem(key, _("the path of {where} gives {day} twice").format(where=where, day=day))
        elif due is not None and day > due:
            r.problem(key, _("the path of {where} has {day}, after the target's due date {due}").format(
                               where=where, day=day, due=due))
        points[day] = number
    return tuple(sorted(points.items()))


def _read_duty(r: Reader, node: Node, spec: PlanSpec, codes: dict[str, int], tasks: set[str]) -> None:
    m = r.mapping(node, _("a duty"), DUTY_KEYS, required=("code", "title", "every"))
    if m is None:
        return
    code = r.code(m.get("code"), _("duty code"))
    _claim(r, codes, code, m.get("code", node), "duty")
    where = _("duty {code}").format(code=code) if code else _("a duty")
    every = r.text(m.get("every"), _("the period of {where}", where=where)) if "every" in m else None
    if every is not None and every not in EVERY:
        r.problem(m["every"], _("every: {every!r} of {where} is not one of {every2}").format(
                                  every=every, where=where, every2=', '.join(EVERY)))
    day = None
    if "day" in m:
        number = r.number(m["day"], _("the day of {where}", where=where))
        if number is not None and (number != int(number) or not 1 <= number <= 31):
            r.problem(m["day"], _("the day of {where} must be a whole number from 1 to 31").format(
                                    where=where))
        elif number is not None:
            day = int(number)
    start = r.date(m.get("start"), _("the start of {where}", where=where)) or spec.start
    end = r.date(m.get("end"), _("the end of {where}", where=where)) or spec.end
    if start is None or end is None:
        r.problem(node, _("{where} needs start and end (or a plan start and end to fall back on)").format(
                            where=where))
    elif start > end:
        r.problem(m.get("end", node), _("{where} ends {end}, before it starts {start}").format(
                                          where=where, end=end, start=start))
    lead = r.names(m.get("lead"), _("the lead of {where}", where=where)) if "lead" in m else list(spec.lead)
    spec.duties.append(DutySpec(
        code=code or "",
        title=r.text(m.get("title"), _("the title of {where}", where=where), required=True) or "",
        every=every or "", day=day, lead=lead,
        support=r.names(m.get("support"), _("the support of {where}", where=where)),
        start=start, end=end, task=_task_ref(r, m, tasks, where),
        notes=r.text(m.get("notes"), _("the notes of {where}", where=where)), line=node.line,
    ))
