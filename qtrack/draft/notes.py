"""Responsibility notes: "(牵头单位:A;配合单位:B、C)", "(A牵头,B、C参加)", "(A、B负责)" → lead, support.

Separators may be 、 , ， ; or ；, parentheses ASCII or full-width. A body whose own name holds
a separator inside brackets ("各市(州)、县(市、区)人民政府") stays one body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LEAD_WORDS = "牵头|主办|主责|负责"
SUPPORT_WORDS = "配合|协办|参加|参与|协助"
# "牵头单位:", "配合部门：", "责任单位:" — a labelled list.
LABEL_RE = re.compile(rf"((?:{LEAD_WORDS}|{SUPPORT_WORDS}|责任)(?:单位|部门|处室|机构)\s*[:：]?|(?:{LEAD_WORDS}|{SUPPORT_WORDS})\s*[:：])")
ROLE_WORD_RE = re.compile(rf"({LEAD_WORDS}|{SUPPORT_WORDS})")
# The document's own convention, e.g. "排在第一位的为牵头单位" / "列第一位的部门为牵头部门".
CONVENTION_RE = re.compile(r"(排在|列在|列于|列|排)?(第一位|首位|第一个|最前)的?(单位|部门)?(为|是)(牵头|主要负责)")
SEPARATORS = "、,，;；"
# Vague tails that name no body: "…及有关单位", "…等".
VAGUE_TAIL_RE = re.compile(r"(及|以及|和|等)[^、,，;；]*?(有关|相关)(单位|部门)$|(及|以及|等)(其他|其它)?(单位|部门)$|等$")


@dataclass
class Responsibility:
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    by_convention: bool = False  # the first body leads because the document says so


def bracketed(text: str) -> list[tuple[int, int]]:
    """Spans of top-level bracketed groups, ( or （ to the matching ) or ）."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "(（":
            if depth == 0:
                start = i
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


BODY_END = set("府局委厅办部司院会心室处所站行社队团组位门署关校馆台")


def ends_as_body(name: str) -> bool:
    name = name.strip()
    return bool(name) and (name[-1] in BODY_END or bool(VAGUE_TAIL_RE.search(name)))


def split_names(text: str) -> list[str]:
    """Names separated by 、,，;； at bracket depth 0, vague tails dropped, order kept."""
    names, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "(（"
        depth -= ch in ")）" and depth > 0
        if ch in SEPARATORS and depth == 0:
            names.append(current)
            current = ""
        else:
            current += ch
    names.append(current)
    # A bracketed piece that does not end as a body's name does ("各市(州)" of
    # "各市(州)、县(市、区)人民政府") is the first part of a name that itself holds a separator.
    joined: list[str] = []
    for name in (n for n in names if n.strip()):
        if joined and joined[-1].rstrip().endswith((")", "）")) and not ends_as_body(joined[-1]):
            joined[-1] += "、" + name
        else:
            joined.append(name)
    out: list[str] = []
    for name in joined:
        name = VAGUE_TAIL_RE.sub("", name.strip(" :：。")).strip()
        if name and name not in out and not re.fullmatch(r"(有关|相关|各)?(单位|部门)", name):
            out.append(name)
    return out


def parse_note(inner: str, convention: bool) -> Responsibility | None:
    """The bodies of one note's inside text, or None when it is not a responsibility note."""
    if "。" in inner or len(inner) > 400 or not ROLE_WORD_RE.search(inner) and "责任" not in inner:
        return None
    labels = list(LABEL_RE.finditer(inner))
    result = Responsibility()
    if labels and labels[0].start() == 0:
        for i, label in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(inner)
            role = "support" if re.search(SUPPORT_WORDS, label.group(1)) else "lead"
            getattr(result, role).extend(n for n in split_names(inner[label.end():end])
                                         if n not in getattr(result, role))
        return result if result.lead or result.support else None
    # Verb forms: "A牵头,B、C参加" / "A负责,B配合" / "A、B、C负责".
    lead_part = re.match(rf"^(.+?)({LEAD_WORDS})(.*)$", inner)
    if lead_part:
        result.lead = split_names(lead_part.group(1))
        rest = lead_part.group(3)
        support_part = re.match(rf"^[{SEPARATORS}\s]*(.+?)({SUPPORT_WORDS})[{SEPARATORS}\s]*$", rest)
        if support_part:
            result.support = split_names(support_part.group(1))
        elif rest.strip(SEPARATORS + " "):
            return None  # more words than a note holds: a sentence in brackets
        if convention and len(result.lead) > 1 and lead_part.group(2) == "负责" and not result.support:
            result.lead, result.support = result.lead[:1], result.lead[1:]
            result.by_convention = True
    else:
        support_part = re.match(rf"^(.+?)({SUPPORT_WORDS})$", inner)
        if not support_part:
            return None
        result.support = split_names(support_part.group(1))
    if any(len(n) > 40 for n in result.lead + result.support):
        return None
    return result if result.lead or result.support else None


def find_notes(text: str, convention: bool) -> list[tuple[int, int, Responsibility]]:
    """Every responsibility note in a passage, with its span: in brackets, or a paragraph of its
    own that opens with a label ("牵头单位：A；配合单位：B")."""
    found = []
    spans = bracketed(text)
    offset = 0
    for line in text.split("\n"):
        if LABEL_RE.match(line.strip()):
            spans.append((offset - 1, offset + len(line) + 1))  # as if bracketed: inner is the line
        offset += len(line) + 1
    for start, end in sorted(spans):
        note = parse_note(text[start + 1:end - 1].strip(), convention)
        if note:
            found.append((start, end, note))
    return found


def declares_convention(text: str) -> int | None:
    """Where the document says the body named first leads (its offset), if it does."""
    match = CONVENTION_RE.search(text)
    return match.start() if match else None
