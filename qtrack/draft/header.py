"""The document's particulars from its header or signature: title, issuer, 文号, issue date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from qtrack.draft.clean import is_title
from qtrack.draft.dates import issue_date

NOTICE_RE = re.compile(r"^(?P<issuer>.+?)关于(?:印发|发布|转发)《?(?P<title>.+?)》?的(?:通知|通告|函)$")
ISSUER_RE = re.compile(r"^(?P<issuer>.+?)关于.+$")
# A crawler's header: "标题:…", "标　　题：…", "名称:…".
TITLE_LABEL_RE = re.compile(r"^(?:标\s*题|名\s*称)\s*[:：]\s*(\S.{3,80})$")
DOC_NO_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,10}[〔\[【(（]\d{4}[〕\]】)）]\s*\d+\s*号")
DATE_LINE_RE = re.compile(r"^[\s\d年月日○〇一二三四五六七八九十]+$")


@dataclass
class Header:
    title: str | None
    issuer: str | None
    source: str | None
    doc_no: str | None
    issued: dt.date | None
    issued_words: str | None


def read_header(lines: list[str]) -> Header:
    """`lines` are the document's lines before its first numbered heading."""
    title = issuer = source = None
    labelled = next((m.group(1).strip() for line in lines if (m := TITLE_LABEL_RE.match(line))), None)
    first = labelled or next((line for line in lines if is_title(line)), None)
    if first:
        notice = NOTICE_RE.match(first)
        if notice:
            title, issuer, source = notice.group("title"), notice.group("issuer"), first
        else:
            title = first
            by = ISSUER_RE.match(first)
            issuer = by.group("issuer") if by else None
    doc_no = None
    for line in lines:
        found = DOC_NO_RE.search(line)
        # Only a 文号 of its own line or labelled as one (文号, 发文字号): the preamble cites other documents' numbers.
        if found and ("文号" in line or "字号" in line or found.group(0) == line.strip()):
            doc_no = found.group(0)
            break
    issued = None
    # A signature: a line that is only a date; failing that, a labelled 发布日期.
    for line in lines:
        if DATE_LINE_RE.match(line) and (found_date := issue_date(line)):
            issued = found_date
    if issued is None:
        issued = _labelled_date(lines)
    return Header(title, issuer, source, doc_no, issued[0] if issued else None, issued[1] if issued else None)


def _labelled_date(lines: list[str]) -> tuple[dt.date, str] | None:
    """A crawler's labelled date: 成文日期 (the day it was signed) before 印发日期 before 发布日期
    (the day a site posted it), each read from the words right after its label."""
    for label in ("成文日期", "印发日期", "发布日期"):
        for line in lines:
            m = re.search(label + r"\s*[:：]?\s*(\S+)", line)
            if m and (found := issue_date(m.group(0))):
                return found
    return None
