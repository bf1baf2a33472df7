"""From a document's lines to a DPlan: the outline read as sections and tasks, with notes, dates,
targets, duties and phases attached, and every uncertain value marked for review."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from qtrack.draft import dates, duties, notes, targets
from qtrack.draft.header import read_header
from qtrack.draft.model import DDuty, DPhase, DPlan, DSection, DTarget, DTask
from qtrack.draft.headings import cn_numeral
from qtrack.draft.outline import Node, Outline, is_preamble, is_section_level, outline
from qtrack.errors import QtrackError
from qtrack.planfile.spec import MAX_TEXT
from qtrack.i18n import _

# Lost characters: runs of ? (with at most a stray mark between, "?;?"), replacement characters,
# or an ASCII ? inside Chinese text, where a real question mark would be full-width.
GARBLED_RE = re.compile(r"[?？\ufffd]{2,}|\?[^\s?]{1,2}\?|\ufffd|(?<=[\u4e00-\u9fff])\?(?=[\u4e00-\u9fff])")
ONE_YEAR_RE = re.compile(r"(\d{4})\s*年|[(（](\d{4})[)）]")
DOC_NO_YEAR_RE = re.compile(r"[〔\[【(（](\d{4})[〕\]】)）]")
YEARS_RE = re.compile(r"(\d{4})\s*年?\s*[-—–~～至到]\s*(\d{4})\s*年")


class NotADocument(QtrackError):
    """The text holds no numbered items a plan could be made of."""


def read(lines: list[str], plan_id: str) -> DPlan:
    tree = outline(lines)
    head = read_header(tree.header)
    plan = DPlan(id=plan_id, title=head.title or _first_words(tree), issuer=head.issuer, doc_no=head.doc_no,
                 issued=head.issued, source=head.source)
    if not head.title:
        plan.check("title", _("no title line found; the first words of the text stand in"))
    if head.issued_words:
        plan.comments["issued"] = head.issued_words
    whole = "\n".join(lines)
    convention_at = notes.declares_convention(whole)
    for phase in dates.phases(whole):
        p = DPhase(phase.name, phase.start, phase.end)
        p.comments["start"] = p.comments["end"] = phase.words
        plan.phases.append(p)
    _period(plan)
    year = plan.start.year if plan.start and plan.start.year == (plan.end and plan.end.year) else _year(plan)
    reader = _Reader(plan, year, convention_at, notes.carried_defaults(whole), dates.since_year(whole))
    reader.sections(tree)
    if not plan.all_tasks():
        raise NotADocument(_("no numbered tasks found: this does not read as a policy document (expected headings "
                              "such as 一、 (一) 1.)"))
    reader.preamble_items(tree)
    _default_due(plan)
    _check_people(plan)
    _check_unled(plan)
    _place_duties(plan)
    return plan


def _place_duties(plan: DPlan) -> None:
    """Each duty runs between its own start and end, else the plan's. One that says when it starts
    ("从2017年起每年…") but not when it ends, where the plan has no end or ends before it starts, runs to
    the latest date the document states if that is later. A duty with no span is left out, named in
    the notes."""
    stated = [t.due for t in plan.all_tasks() if t.due] + [t.due for t in plan.targets if t.due]
    placed: list[DDuty] = []
    for d in plan.duties:
        if d.start and not d.end and not (plan.end and plan.end >= d.start) and stated and max(stated) >= d.start:
            d.end = max(stated)
            d.check("end", _("derived: the latest date the document states; it names no end for this duty"))
        start, end = d.start or plan.start, d.end or plan.end
        if start and end and start <= end:
            placed.append(d)
    if len(placed) < len(plan.duties):
        found = "; ".join(d.title for d in plan.duties if all(d is not p for p in placed))
        plan.notes.append(f"Recurring duties found but left out, as neither they nor the plan have a start and "
                          f"end to run them between: {found}.")
        plan.check("notes", _("recurring duties were left out (see notes): give them start and end"))
        plan.duties = placed


def _fit(task: DTask, key: str) -> None:
    """A value longer than a plan file holds keeps its first MAX_TEXT characters, with a check."""
    value = getattr(task, key)
    if len(value) > MAX_TEXT:
        setattr(task, key, value[:MAX_TEXT])
        task.check(key, _("the source's {key} is {value:,} characters long; the first {max_text:,} are kept").format(
                            key=key, value=len(value), max_text=MAX_TEXT))


def _first_words(tree: Outline) -> str:
    return (tree.header[0] if tree.header else tree.roots[0].title)[:40]


def _year(plan: DPlan) -> int | None:
    """The year the plan is for: its title's, else its 文号's (湘政发〔2019〕1号), else its issue year."""
    for words in (plan.title, plan.doc_no or ""):
        m = ONE_YEAR_RE.search(words) or DOC_NO_YEAR_RE.search(words)
        if m:
            return int(next(g for g in m.groups() if g))
    return plan.issued.year if plan.issued else None


def _period(plan: DPlan) -> None:
    """The plan runs from its first phase to its last; a plan titled for one year, that year."""
    if plan.phases:
        first = min(plan.phases, key=lambda p: p.start)
        last = max(plan.phases, key=lambda p: p.end)
        plan.start, plan.end = first.start, last.end
        plan.comments["start"] = _("derived: {name} begins").format(name=first.name)
        plan.comments["end"] = _("derived: {name} ends").format(name=last.name)
        return
    years = YEARS_RE.search(plan.title)
    one = ONE_YEAR_RE.search(plan.title)
    if years and int(years.group(1)) <= int(years.group(2)):
        first, last = int(years.group(1)), int(years.group(2))
    elif one:
        first = last = int(one.group(1) or one.group(2))
    else:
        return
    named = f"{first}—{last}" if first != last else str(first)
    plan.start, plan.end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    plan.check("start", _("derived: the title names {named}").format(named=named))
    plan.check("end", _("derived: the title names {named}").format(named=named))


def _default_due(plan: DPlan) -> None:
    """A task without a date falls back on plan.due: the date most dated tasks share (the
    document's horizon); else the end of its implementation phase; else the end of the plan."""
    dated = Counter(t.due for t in plan.all_tasks() if t.due)
    if dated:
        due, count = dated.most_common(1)[0]
        if count >= 2 and count * 2 >= sum(dated.values()):
            plan.due = due
            plan.check("due", _("derived: the date most dated tasks carry ({count} of {values})").format(
                                  count=count, values=sum(dated.values())))
            return
    doing = [p for p in plan.phases if "实施" in p.name]
    if doing:
        plan.due = doing[-1].end
        plan.check("due", _("derived: end of the implementation phase {name}; no date in the task").format(
                              name=doing[-1].name))
    elif plan.end:
        plan.due = plan.end
        plan.check("due", _("derived: the end of the plan"))


def _check_people(plan: DPlan) -> None:
    if not any(t.lead or t.support for t in plan.all_tasks()):
        plan.check("lead", _("the document names no responsible body; give the default lead here"))
        plan.notes.append("No task names a responsible body.")


def _check_unled(plan: DPlan) -> None:
    """Every task that ends up with no lead body (none of its own, none from a task above it, and a
    draft's plan lead is empty) is marked, so that the count at the top of the draft includes it."""
    def walk(tasks: list[DTask], inherited: list[str]) -> None:
        for t in tasks:
            lead = t.lead if t.lead is not None else inherited
            if not lead:
                t.check("lead" if t.lead is not None else "title",
                        _("no lead body: the document names none for this task or the one above it"))
            walk(t.tasks, lead)

    for s in plan.sections:
        walk(s.tasks, [])


class _Reader:
    def __init__(self, plan: DPlan, year: int | None, convention_at: int | None,
                 defaults: list[tuple[int, list[str]]], since: int | None = None):
        self.plan, self.year, self.convention_at, self.defaults = plan, year, convention_at, defaults
        self.since = since  # the first year of the document's "N年内" spans, where it says
        self.target_count = 0
        self.duty_count = 0
        self.used: set[str] = set()  # codes given so far: sections apart, tasks apart

    def unique(self, code: str, obj: DTask | DSection, kind: str) -> str:
        """The code, or, when the document repeats a number, the code with -2, -3… and a check."""
        n = 1
        while f"{kind}:{code}" + (f"-{n}" if n > 1 else "") in self.used:
            n += 1
        if n > 1:
            obj.check("code", _("the document numbers a second item {code}").format(code=code))
        final = code + (f"-{n}" if n > 1 else "")
        self.used.add(f"{kind}:{final}")
        return final

    # -- outline → sections and tasks ----------------------------------------------------------

    def sections(self, tree: Outline) -> None:
        tops = [n for n in tree.roots if n.head.rank == min(r.head.rank for r in tree.roots)]
        stray = [n for n in tree.roots if n not in tops]
        if tops and tops[0].head.rank > 0 or not tops:
            # The document numbers tasks only (no 一、 level): one section holds them all.
            self._make_section(str(1), "", self.plan.title, tree.roots, check=_("the document has no section headings"))
            return
        if stray:
            # Items before the first top heading: the heading above them was lost (a partial text);
            # its number is the one before the first heading's, its words are not in the text.
            number = max(tops[0].head.number - 1, 0)
            self._make_section(str(number), f"{cn_numeral(number)}、", "(标题缺失)", stray,
                               check=_("these items come before the first heading; their own heading is missing and "
                                       "its number is deduced"))
        # Top items that are tasks themselves: no items below them, a note in their own text.
        is_task = {id(top) for top in tops if not top.children and notes.find_notes(f"{top.title}\n{top.text}")}
        task_numbers = self._numbers_run_on(tops) and not is_task  # else codes are prefixed by section
        loose: list[Node] = []
        for top in tops:
            if id(top) in is_task:
                loose.append(top)
                continue
            self._loose_tasks(loose)
            if is_preamble(top):
                continue
            self._section_level(top, str(top.head.number), top.head.label, task_numbers)
        self._loose_tasks(loose)

    def _loose_tasks(self, loose: list[Node]) -> None:
        """Top items that are tasks of their own (一、 … with no lower level) go into a section
        without a heading of its own, in document order."""
        if loose:
            self._make_section(f"{loose[0].head.number}", "", self.plan.title, list(loose),
                               check=_("top-level items that are tasks themselves; the section is the reader's"))
            loose.clear()

    def _numbers_run_on(self, tops: list[Node]) -> bool:
        """Whether task numbers run on through the document (1…33) or restart in each section."""
        numbers: list[int] = []
        for top in tops:
            if not is_preamble(top):
                level = [top]
                while level and is_section_level(level):
                    level = [c for n in level for c in n.children]
                numbers += [n.head.number for n in level if n is not top]
        return len(numbers) == len(set(numbers))

    def _section_level(self, node: Node, code: str, label: str, run_on: bool) -> None:
        if is_section_level(node.children) and all(is_section_level([c]) for c in node.children):
            for child in node.children:
                self._section_level(child, f"{code}.{child.head.number}", label.rstrip("、") + child.head.label, run_on)
        else:
            self._make_section(code, label, node.title, node.children, run_on=run_on, text=node.text)
            if node.listed:
                section = self.plan.sections[-1]
                section.notes.append("The list it announces: " + "；".join(node.listed))
                section.check("title", _("its items read as a list of names (no note, no verb of work), kept in "
                                         "the notes, not as tasks"))

    def _make_section(self, code: str, label: str, title: str, items: list[Node], *, check: str = "",
                      run_on: bool = True, text: str = "") -> None:
        section = DSection(code, label, title.rstrip("。"))
        section.code = code = self.unique(code, section, "section")
        if check:
            section.check("title", check)
        if text:
            section.notes.append(f"The heading's own text: {text}")
        self.plan.sections.append(section)
        for item in items:
            prefix = "" if run_on else f"{code}."
            section.tasks.append(self._task(item, prefix + str(item.head.number), None))

    def _task(self, node: Node, code: str, parent: DTask | None) -> DTask:
        text = "\n".join([node.text] * bool(node.text) + node.listed)  # a list of names is its words
        task = DTask(code, node.head.label or None, node.title.rstrip("。"), text)
        if node.listed:
            task.check("text", _("the items below it read as a list of names (no note, no verb of work): kept as "
                                 "its text, not as sub-tasks"))
        task.code = self.unique(code, task, "task")
        if not task.title:
            task.title = task.text[:30] or task.label or task.code
        for key in ("title", "text"):
            _fit(task, key)
        self._people(task, node)
        self._due(task, node.text)
        self._garbled(task)
        self._targets(task, f"{node.title}。\n{node.text}" if node.text else node.title)
        self._duties(task, f"{node.title}。{node.text}")  # a heading line may hold the duty
        for child in node.children:
            task.tasks.append(self._task(child, f"{task.code}.{child.head.number}", task))
        return task

    def _people(self, task: DTask, node: Node) -> None:
        text = f"{node.title}\n{node.text}"  # a heading line may close with its note
        # The convention holds from the note that declares it on: all of this text's notes when it
        # was declared before this heading, else those that end after the declaration in it.
        declared_before = self.convention_at is not None and self.convention_at < node.start
        found = notes.find_notes(text, -1 if declared_before else notes.declares_convention(text))
        if not found and notes.ends_inside_brackets(text) and not node.children:
            task.lead, task.support = [], []  # not the parent's: its own note was there, cut off
            task.check("lead", _("the text ends inside a bracket, maybe this task's note: its bodies are lost"))
        if not found:
            return
        lead: list[str] = []
        support: list[str] = []
        for _start, _end, note in found:
            lead += [n for n in note.lead if n not in lead]
            support += [n for n in note.support if n not in support and n not in lead]
            if note.bare:
                task.check("lead", _("a bracket of bodies with no role word: read as the bodies responsible"))
            if note.by_convention:
                task.comments["lead"] = _("the document declares that the body named first leads")
            if note.cut_off:
                task.check("support" if note.support else "lead",
                           _("the text ends inside this note: a name cut short there was left out"))
        for at, names in self.defaults:  # "以下…均需A落实,不再列出": A supports every task after
            if at < node.start:
                support += [n for n in names if n not in support]
                task.comments["support"] = _("the document says once that these bodies take part in every task")
        # A body named as lead in one note and support in another leads.
        task.lead, task.support = lead, [n for n in support if n not in lead]
        if len(found) > 1:
            task.check("lead", _("{found} responsibility notes in the text; their bodies are merged").format(
                                   found=len(found)))
        if any(len(n) > 20 for n in lead + support):
            task.check("support" if support else "lead", _("a long name: one body or several?"))

    def _due(self, task: DTask, text: str) -> None:
        found = dates.deadlines(text, self.year, self.plan.issued, self.since)
        if not found:
            if words := dates.ongoing(text):
                task.notes.append(f"Its time limit is “{words}”: ongoing work with no date of its own.")
                task.check("notes", _("no due date: the plan's default due, if it has one, may not fit ongoing work"))
            return
        latest = max(found, key=lambda d: d.date)
        task.due = latest.date
        why = latest.words if not latest.derived else _("derived from {words}: {derived}").format(
                                                          words=latest.words, derived=latest.derived)
        task.comments["due"] = why
        if latest.derived:
            task.check("due", _("a derived date"))
        if len({d.date for d in found}) > 1:
            task.check("due", "the text states several dates: " + ", ".join(d.words for d in found))

    def _garbled(self, task: DTask) -> None:
        """Runs of ? or U+FFFD inside Chinese text: kept as written, named in the notes. Runs close
        together are one passage (mojibake mixes them with stray characters)."""
        spans: list[list[int]] = []
        for m in GARBLED_RE.finditer(task.text):
            if spans and m.start() - spans[-1][1] <= 10:
                spans[-1][1] = m.end()
            else:
                spans.append([m.start(), m.end()])
        for start, end in spans:
            context = task.text[max(start - 8, 0):end + 8]
            task.notes.append(f"Garbled passage in the source, kept as written: “{context}”.")
        if spans:
            task.check("text", _("a garbled passage in the source (see notes)"))

    # -- targets and duties ---------------------------------------------------------------------

    def _targets(self, task: DTask | None, text: str, due: dt.date | None = None) -> None:
        """Each target carries the date of its sentence, else the nearest one stated before it in its
        paragraph (else after it), else the task's, the plan's end, or the end of the plan's year."""
        for paragraph in text.split("\n"):
            stated = [(m_start, d) for m_start, d in dates.dated(paragraph, self.year, self.plan.issued, self.since)]
            at = 0
            for sentence in re.split(r"(?<=[。;；])", paragraph):
                at += len(sentence)
                found = targets.targets(sentence)
                if found:
                    self._add_targets(task, found, sentence, stated, at - len(sentence), due)

    def _add_targets(self, task: DTask | None, found: list, sentence: str, stated: list, start: int,
                     due: dt.date | None) -> None:
        own = dates.deadlines(sentence, self.year, self.plan.issued, self.since)
        before = [d for pos, d in stated if pos < start]
        near = own[-1] if own else before[-1] if before else stated[0][1] if stated else None
        when, why = (near.date, None if own else _("derived: the date of its paragraph ({words})").format(
            words=near.words)) if near else (
            (task.due, _("derived: the task's date")) if task and task.due else
            (due or self.plan.end, _("derived: the plan's end")) if due or self.plan.end else
            (dt.date(self.year, 12, 31), _("derived: the end of {year}, the plan's year").format(
                                             year=self.year)) if self.year else
            (None, None))
        for t in found:
            self.target_count += 1
            target = DTarget(f"T{self.target_count}", t.title, t.op, t.value, t.unit, when,
                             task.code if task else None, t.words)
            if len(t.title) < 4:
                target.check("title", _("a short title; read the notes"))
            if why:
                target.comments["due"] = why
            self.plan.targets.append(target)

    def _duties(self, task: DTask | None, text: str) -> None:
        for d in duties.duties(text):
            self.duty_count += 1
            lead = [d.owner] if d.owner else list(task.lead or []) if task else []
            duty = DDuty(f"D{self.duty_count}", d.title, d.every, lead, None, None,
                         task.code if task else None, d.title, d.day)
            if not d.owner:
                duty.check("lead", "the sentence names no body that owes it" + ("; the task's lead" if lead else ""))
            if d.when and d.day is None:
                duty.check("every", _("due {when} (as written) in each period, which a plan file cannot say: an "
                                      "occurrence falls due at its period's end; set that date by hand").format(
                                          when=d.when))
            self._span(duty, d, task)
            self.plan.duties.append(duty)

    def _span(self, duty: DDuty, d: duties.Duty, task: DTask | None) -> None:
        """The years a duty runs: from the year it names ("从2017年起"), for "连续N年" N yearly rounds from
        that year or else the plan's; the task it belongs to is then due at the end of the last round."""
        first = d.since or (self.year if d.years else None)
        if d.since:
            duty.start = dt.date(d.since, 1, 1)
            duty.comments["start"] = f"从{d.since}年起"
        if d.years and first:
            duty.start, duty.end = dt.date(first, 1, 1), dt.date(first + d.years - 1, 12, 31)
            if not d.since:
                duty.comments["start"] = _("derived: the plan's year {year}").format(year=first)
            duty.check("end", _("derived: {years} yearly rounds from {year}; or read it as one task due then").format(
                                  years=d.years, year=first))
            if task and not task.due:
                task.due = duty.end
                task.comments["due"] = _("derived: 连续{years}年 from {year}").format(years=d.years, year=first)
                task.check("due", _("the end of its {years} yearly rounds (duty {code})").format(
                                      years=d.years, code=duty.code))
        elif d.years:
            duty.check("start", _("连续{years}年 from a year the document does not state: give start and end").format(
                                    years=d.years))

    def preamble_items(self, tree: Outline) -> None:
        """Targets and duties stated outside the tasks: header, preamble and arrangement sections."""
        year_end = self.plan.end
        self._targets(None, "\n".join(tree.header), year_end)
        self._duties(None, "\n".join(tree.header))
        for top in tree.roots:
            if top.head.rank == 0 and is_preamble(top):
                text = top.text + "\n" + "\n".join(c.title + "。" + c.own_and_below() for c in top.children)
                self._targets(None, text, year_end)
                self._duties(None, text)
