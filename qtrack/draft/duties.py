"""Recurring obligations: 每月 / 每季度 / 每半年 / 每年 + an obligation, with the body that owes it;
the year they start ("从2017年起每年…"), the time within the period they are due ("每年3月底前",
"每月5日前") and "连续3年开展…": a yearly duty for three years (a 督查室 checks each year's round,
not only that the third year has ended)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qtrack.draft.bodies import ends_as_body
from qtrack.draft.headings import cn_number

EVERY = {"每月": "month", "每个月": "month", "每季度": "quarter", "每季": "quarter", "每半年": "half-year",
         "每年": "year", "每年度": "year"}
EVERY_RE = re.compile("|".join(sorted(EVERY, key=len, reverse=True)))
OBLIGATION_RE = re.compile(r"召开|报告|报送|上报|提交|通报|汇报|检查|考评|考核|发布|公布|评估|督查|组织|开展|颁发|评选")
CLAUSE_BREAK = "。;；,，"
LEAD_IN = re.compile(r"^(并|并于|要|应|须|必须|同时|且|还要|定期)+")
LEAD_OUT = re.compile(r"(要|应|须|必须|应当|原则上|定期|都要|均要|均应)+$")
SINCE_RE = re.compile(r"(?:从|自)?\s*(\d{4})\s*年\s*(?:起|开始)")
RUN_RE = re.compile(r"连续\s*(\d{1,2}|[一二三四五六七八九十两])\s*年")
# When in the period it falls due: "每年3月底前", "每月5日前", "每季度末".
WHEN_RE = re.compile(r"\s*(?:(\d{1,2})\s*月\s*(?:份|底|末|中旬|上旬|下旬)?|(\d{1,2})\s*[日号]|[末底])\s*(?:前|以前|之前)?")


@dataclass
class Duty:
    title: str
    every: str
    owner: str | None  # the body named as the sentence's subject, if one is
    since: int | None = None  # the first year, where the clause says ("从2017年起")
    years: int | None = None  # "连续3年": so many yearly rounds
    when: str | None = None  # the time within each period as written ("3月底前")
    day: int | None = None  # the day of the month a monthly duty is due by ("每月5日前")


def duties(text: str) -> list[Duty]:
    """Every recurring obligation the text states: the 每… ones in the order written, then 连续N年."""
    out = _every(text)
    for m in RUN_RE.finditer(text):
        clause, start = _clause(text, m.start(), m.end())
        if EVERY_RE.search(clause) or not OBLIGATION_RE.search(text, m.end(), start + len(clause)):
            continue  # "连续3年每年…": the 每年 duty carries the span; no obligation: no duty
        since = SINCE_RE.search(text, start, m.start())
        out.append(Duty(clause.strip()[:60], "year", None, int(since.group(1)) if since else None, cn_number(m.group(1))))
    return out


def _clause(text: str, start: int, end: int) -> tuple[str, int]:
    """The clause around text[start:end] and where it starts."""
    first = max(text.rfind(ch, 0, start) for ch in CLAUSE_BREAK) + 1
    ends = [i for i in (text.find(ch, end) for ch in CLAUSE_BREAK) if i >= 0]
    return text[first:min(ends) if ends else len(text)], first


def _every(text: str) -> list[Duty]:
    out: list[Duty] = []
    previous_owner: tuple[int, str] | None = None  # (sentence start, owner): "…每半年…,每年…" share it
    for m in EVERY_RE.finditer(text):
        clause, start = _clause(text, m.start(), m.end())
        end = start + len(clause)
        if not OBLIGATION_RE.search(text, m.end(), end):
            continue
        sentence = text.rfind("。", 0, m.start()) + 1
        before = RUN_RE.sub("", SINCE_RE.sub("", text[start:m.start()]))  # "市局从2017年起每年…": 市局
        subject = LEAD_OUT.sub("", LEAD_IN.sub("", before.strip())).strip()
        owner = subject if subject and len(subject) <= 20 and ends_as_body(subject) else None
        if owner is None and not subject and previous_owner and previous_owner[0] == sentence:
            owner = previous_owner[1]
        if owner:
            previous_owner = (sentence, owner)
        duty = Duty(clause.strip()[:60], EVERY[m.group(0)], owner)
        if since := SINCE_RE.search(text, start, m.start()):
            duty.since = int(since.group(1))
        if run := RUN_RE.search(text, start, m.start()):
            duty.years = cn_number(run.group(1))
        _when(duty, text, m.end())
        out.append(duty)
    return out


def _when(duty: Duty, text: str, at: int) -> None:
    """When in each period the duty falls due, where the words after 每… say and it is not the
    period's last day (the plan file's default): "3月底前", a monthly "5日前" (its `day`)."""
    when = WHEN_RE.match(text, at)
    if not when or not (when.group(1) or when.group(2)):
        return  # "每季度末", or no time at all
    words = when.group(0).strip()
    if duty.every == "year" and when.group(1) == "12" and words.rstrip("前以之").endswith(("底", "末")):
        return  # "每年12月底前": the year's last day
    duty.when = words
    if duty.every == "month" and when.group(2):
        duty.day = int(when.group(2))
