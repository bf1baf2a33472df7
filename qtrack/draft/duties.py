"""Recurring obligations: 每月 / 每季度 / 每半年 / 每年 + an obligation, with the body that owes it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qtrack.draft.bodies import ends_as_body

EVERY = {"每月": "month", "每个月": "month", "每季度": "quarter", "每季": "quarter", "每半年": "half-year",
         "每年": "year", "每年度": "year"}
EVERY_RE = re.compile("|".join(sorted(EVERY, key=len, reverse=True)))
OBLIGATION_RE = re.compile(r"召开|报告|报送|上报|提交|通报|汇报|检查|考评|考核|发布|公布|评估|督查|组织|开展|颁发|评选")
CLAUSE_BREAK = "。;；,，"
LEAD_IN = re.compile(r"^(并|并于|要|应|须|必须|同时|且|还要|定期)+")
LEAD_OUT = re.compile(r"(要|应|须|必须|应当|原则上|定期|都要|均要|均应)+$")


@dataclass
class Duty:
    title: str
    every: str
    owner: str | None  # the body named as the sentence's subject, if one is


def duties(text: str) -> list[Duty]:
    out: list[Duty] = []
    previous_owner: tuple[int, str] | None = None  # (sentence start, owner): "…每半年…,每年…" share it
    for m in EVERY_RE.finditer(text):
        start = max(text.rfind(ch, 0, m.start()) for ch in CLAUSE_BREAK) + 1
        ends = [i for i in (text.find(ch, m.end()) for ch in CLAUSE_BREAK) if i >= 0]
        end = min(ends) if ends else len(text)
        clause = text[start:end]
        if not OBLIGATION_RE.search(text, m.end(), end):
            continue
        sentence = text.rfind("。", 0, m.start()) + 1
        subject = LEAD_OUT.sub("", LEAD_IN.sub("", text[start:m.start()].strip())).strip()
        owner = subject if subject and len(subject) <= 20 and ends_as_body(subject) else None
        if owner is None and not subject and previous_owner and previous_owner[0] == sentence:
            owner = previous_owner[1]
        if owner:
            previous_owner = (sentence, owner)
        out.append(Duty(clause.strip()[:60], EVERY[m.group(0)], owner))
    return out
