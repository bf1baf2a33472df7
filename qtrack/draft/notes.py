"""Responsibility notes: which bodies lead and which support a task, in every form documents use.

Where a note stands: in brackets at the end of a measure — ( ) （ ） 〔 〕 [ ] 【 】, or one cut off
by the end of the text; in lines of their own that open with a label ("牵头单位:A" then
"责任单位:B"); in a sentence "由A、B负责落实。". What it says is read clause by clause (clauses
split at , ; outside brackets): each clause names bodies and closes with a role word, or opens
with a label. The forms are data (LABELS, ROLES below); the names are split by qtrack.draft.bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qtrack.draft.bodies import CLOSE, OPEN, ends_as_body, split_names

# Labels that open a part of a labelled note, and the role of the bodies after them. "owner" bodies
# lead, unless the note also names a lead: then they support (牵头单位:A;责任单位:B).
LABELS = (
    ("lead", "牵头单位|牵头部门|牵头处室|主办单位|主责单位|主要责任单位|负责单位|负责部门"),
    ("support", "配合单位|配合部门|配合处室|协办单位|参与单位|参加单位|协助单位|协同单位|协作单位|参与部门"),
    ("owner", "责任单位|责任部门|责任处室(?:、单位)?|落实单位|实施单位|承办单位"),
    ("verbs", "部门分工|任务分工|责任分工"),  # what follows is a verb-form note: "A牵头,B配合"
)
LABEL_RE = re.compile(
    "(?:" + "|".join(f"(?P<{role}>{words})" for role, words in LABELS) + r")\s*(?:[(（][^()（）]{0,30}[)）])?\s*[:：]")
# Role words closing a clause of a verb-form note, the longest first within each role.
ROLES = (
    ("lead", "牵头负责|牵头落实|牵头"),
    ("owner", "按职责分工负责|按职责分工落实|按职责负责|分别负责|共同负责|负责落实|负责实施|负责|组织实施|抓好落实|落实"),
    ("support", "配合|协办|参加|参与|协助|协同|指导|支持"),
)
ROLE_RE = re.compile("(?:" + "|".join(f"(?P<{role}>{words})" for role, words in ROLES) + r")$")
CLAUSE_SEPARATORS = ",，;；"
# A sentence that is itself a note: "由市财政局、农业局负责落实。"
SENTENCE_NOTE_RE = re.compile(r"(?:^|(?<=[。;；\n]))由(?P<inner>[^。\n]{2,200}?(?:负责落实|负责|牵头落实|组织实施|落实))。")
# The document's own convention, e.g. "排在第一位的为牵头单位" / "列第一位的责任单位为牵头单位，下同".
CONVENTION_RES = (
    re.compile(r"(?:排在|列在|列于|列|排|位列)?(?:第一位|首位|第一个|最前|第一)(?:的|者)?(?:责任)?(?:单位|部门)?"
               r"(?:为|是)(?:牵头|主要负责)"),
    re.compile(r"排名第一(?:的|者)?(?:责任)?(?:单位|部门)?(?:为|是)(?:牵头|主要负责)"),
)
# A body on every task from here on, said once: "以下任务均需各县(市、区)人民政府落实,不再列出".
# ("具体任务均涉及…,不再做分工" says they are involved, not that they have a part: no default.)
DEFAULT_RE = re.compile(r"(?:以下|下列|各项)[^。]{0,8}?(?:均需|均由|均要|均请)(?P<names>[^。;；]{2,80}?)"
                        r"(?:负责落实|负责|落实|参与|配合|组织实施)[,，]?(?:不再一一列出|不再重复列出|不再列出)")
NOTE_MAX = 400
# A lead marked inside a list of bodies: "责任单位：市发展改革委（牵头）、市财政局".
LEAD_MARK_RE = re.compile(r"\s*[(（](?:牵头|牵头单位|牵头部门|主责|主办)[)）]$")
# Words that open a bracket which only qualifies what came before it, never a note: "（含各区县人民政府）".
NOT_A_NOTE_RE = re.compile(r"^(?:含|包括|包含|即|如|简称|以下简称|下称|例如|不含|除)")
# The other labels of a table's cells copied into running text, where a note stops.
OTHER_LABEL_RE = re.compile(r"(?:责任人|联系人|责任领导|牵头领导|分管领导|主要任务|主要目标|目标任务|工作目标|工作任务|工作措施|"
                            r"具体措施|时限要求|完成时限|完成时间|进度安排|备注)\s*[:：]")


@dataclass
class Responsibility:
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    by_convention: bool = False  # the first body leads because the document says so
    cut_off: bool = False  # the note runs to the end of the text, unclosed: its last name may be cut
    bare: bool = False  # a bracketed list of bodies with no label or role word: read as the bodies responsible


def bracketed(text: str) -> list[tuple[int, int]]:
    """Spans of top-level bracketed groups; a stray closing bracket is ignored, and a group still
    open at the end of the text (a cut-off note) runs to the end."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text) + 1))  # as if closed just after the end
    return spans


def _clauses(inner: str) -> list[str]:
    out, depth, current = [], 0, ""
    for ch in inner:
        depth += ch in OPEN
        depth -= ch in CLOSE and depth > 0
        if ch in CLAUSE_SEPARATORS and depth == 0:
            out.append(current.strip())
            current = ""
        else:
            current += ch
    return [c for c in out + [current.strip()] if c]


def _labelled(inner: str, labels: list[re.Match]) -> Responsibility | None:
    parts: list[tuple[str, str]] = []
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(inner)
        parts.append((label.lastgroup or "owner", inner[label.end():end]))
    if any(role == "verbs" for role, _ in parts):
        return _verbs(" ".join(text for _, text in parts))
    result = Responsibility()
    has_lead = any(role == "lead" for role, _ in parts)
    for role, text in parts:
        role = "support" if role == "support" or role == "owner" and has_lead else "lead"
        getattr(result, role).extend(n for n in split_names(text) if n not in getattr(result, role))
    return result if result.lead or result.support else None


def _verbs(inner: str) -> Responsibility | None:
    """"A牵头,B、C配合", "A、B负责", "A会同B负责", "A指导,B负责落实": clause by clause."""
    roles: list[tuple[str, list[str]]] = []
    pending: list[str] = []
    for clause in _clauses(inner):
        clause = clause.removeprefix("由")
        if any(pattern.search(clause) for pattern in CONVENTION_RES) or clause in ("下同", "下同。"):
            continue  # "排在第一位的为牵头单位": a declaration, read by declares_convention
        match = ROLE_RE.search(clause)
        if not match:
            pending.append(clause)  # names running on to the next clause's role word, or a remark
            continue
        body = clause[:match.start()]
        with_whom, _, body = body.rpartition("会同") if "会同" in body else ("", "", body)
        if with_whom:
            roles.append(("lead", split_names(with_whom)))
        names = split_names("、".join(pending + [body]))
        pending = []
        roles.append((match.lastgroup or "owner", names))
    if not roles or not any(ends_as_body(n) for _, names in roles for n in names):
        return None
    if any(any(ends_as_body(n) for n in split_names(p)) for p in pending):
        roles.append(("support" if any(r == "lead" for r, _ in roles) else "owner", split_names("、".join(pending))))
    # "A牵头,B按职责分工负责": once a body leads, the others who are "responsible" support.
    has_lead = any(role == "lead" for role, _ in roles)
    result = Responsibility()
    for role, names in roles:
        if role == "owner":
            role = "support" if has_lead else "lead"
        getattr(result, role).extend(n for n in names if n not in result.lead + result.support)
    return result if result.lead or result.support else None


def _labelled_lines(text: str) -> list[tuple[int, int, bool]]:
    """Runs of lines that open with a label ("牵头单位:A" then "责任单位:B"): one note each run."""
    spans, run_start = [], None
    for offset, line in _lines(text + "\n"):
        if line.strip() and LABEL_RE.match(line.strip()):
            run_start = offset if run_start is None else run_start
        elif run_start is not None:
            spans.append((run_start - 1, offset, False))  # as if bracketed: the inner text is the run
            run_start = None
    return spans


def _inline_labels(text: str) -> list[tuple[int, int, bool]]:
    """Labelled notes inside a line of running text, as a table copied into one line reads:
    "…实施意见责任单位:县人事局、县文体局责任人:茶德根主要任务:…". The note runs from its first
    role label, over any that follow, to the first other label ("责任人:"), a 。 or the line's end."""
    spans = []
    for line_start, line in _lines(text):
        at = 0
        while (label := LABEL_RE.search(line, at)) is not None:
            if label.start() == 0 or _inside_brackets(line, label.start()):
                at = label.end()
                continue
            stop = OTHER_LABEL_RE.search(line, label.end())
            full_stop = line.find("。", label.end())
            stop_at = min(stop.start() if stop else len(line), full_stop if full_stop >= 0 else len(line))
            spans.append((line_start + label.start() - 1, line_start + stop_at + 1, False))
            at = stop_at
    return spans


def _lines(text: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _inside_brackets(line: str, at: int) -> bool:
    return any(start < at < end for start, end in bracketed(line))


def parse_note(inner: str, convention: bool, cut_off: bool = False) -> Responsibility | None:
    """The bodies of one note's inside text, or None when it is not a responsibility note."""
    inner = inner.strip().rstrip("。")
    if len(inner) > NOTE_MAX:
        return None
    first, _, rest = inner.partition("。")
    if rest and (ROLE_RE.search(rest.rstrip("。")) or LABEL_RE.search(rest)):
        return None  # sentences in brackets: a remark that mentions who is responsible, not a note
    inner = first  # a note may close with a remark of its own: "…负责。具体任务…不再做分工,下同。"
    if cut_off and not ROLE_RE.search(inner):
        # The text ends inside the note: its last name may be cut short ("…,省"), so it is left out.
        inner = inner[:max(inner.rfind(ch) for ch in "、,，;；:：") + 1]
    labels = list(LABEL_RE.finditer(inner))
    if labels and labels[0].start() == 0:
        result = _labelled(inner, labels)
    elif ROLE_RE.search(inner) or any(ROLE_RE.search(c) for c in _clauses(inner)) or cut_off:
        result = _verbs(inner)
    else:
        return None
    if result is None or any(len(n) > 40 for n in result.lead + result.support):
        return None
    _marked_lead(result)
    if cut_off:
        result.cut_off = True
    if convention and len(result.lead) > 1 and not result.support and not _names_a_lead(inner):
        result.lead, result.support = result.lead[:1], result.lead[1:]
        result.by_convention = True
    return result if result.lead or result.support else None


def _marked_lead(result: Responsibility) -> None:
    """"A（牵头）、B、C": the marked bodies lead, every other body of the note supports."""
    everyone = result.lead + result.support
    marked = [n for n in everyone if LEAD_MARK_RE.search(n)]
    if marked:
        result.lead = [LEAD_MARK_RE.sub("", n) for n in marked]
        result.support = [n for n in everyone if n not in marked]


def bare_list(inner: str) -> Responsibility | None:
    """A bracketed list of bodies and nothing else, closing a measure: "（市公安局、市交通局）".
    Every body is responsible (as in a 责任单位 note), unless one is marked as the lead."""
    inner = inner.strip().rstrip("。")
    if not inner or len(inner) > NOTE_MAX or NOT_A_NOTE_RE.match(inner) or "。" in inner:
        return None
    names = split_names(inner)
    if not names or not all(ends_as_body(LEAD_MARK_RE.sub("", n)) for n in names):
        return None
    result = Responsibility(lead=names, bare=True)
    _marked_lead(result)
    return result


def _closes_a_measure(text: str, end: int) -> bool:
    """Whether a bracket ending at `end` stands where a note does: at the end of a sentence or of the text."""
    return text[end:end + 1] in ("", "\n", "。", "；", ";")


def _names_a_lead(inner: str) -> bool:
    """Whether the note itself says who leads (牵头, 牵头单位): then no convention overrides it."""
    for pattern in CONVENTION_RES:
        inner = pattern.sub("", inner)  # the declaration's own 牵头 names nobody
    return "牵头" in inner or "主办" in inner


def find_notes(text: str, convention_at: int | None = None) -> list[tuple[int, int, Responsibility]]:
    """Every responsibility note in a passage, with its span. `convention_at` is where, in this
    passage, the document declared that the body named first leads (negative: before it)."""
    spans = [(start, end, end > len(text)) for start, end in bracketed(text)]
    spans += _labelled_lines(text)
    spans += [(m.start("inner") - 2, m.end("inner") + 1, False) for m in SENTENCE_NOTE_RE.finditer(text)]
    spans += _inline_labels(text)
    found = []
    for start, end, cut in sorted(spans):
        inner = text[start + 1:end - 1].replace("\n", ";")
        note = parse_note(inner, convention_at is not None and convention_at < end, cut_off=cut)
        if note is None and not cut and text[start] in OPEN and _closes_a_measure(text, end):
            note = bare_list(inner)
        if note and not any(s <= start < e for s, e, _ in found):
            found.append((start, end, note))
    return found


def ends_inside_brackets(text: str) -> bool:
    """Whether the text ends inside a bracket never closed (a copy cut off inside a note)."""
    spans = bracketed(text)
    return bool(spans) and spans[-1][1] > len(text)


def carried_defaults(text: str) -> list[tuple[int, list[str]]]:
    """Bodies the document says take part in every task from a point on, with that point."""
    return [(m.start(), names) for m in DEFAULT_RE.finditer(text) if (names := split_names(m.group("names")))]


def declares_convention(text: str) -> int | None:
    """Where the document says the body named first leads (its offset), if it does."""
    found = [m.start() for pattern in CONVENTION_RES if (m := pattern.search(text))]
    return min(found) if found else None
