"""Dates in the text: deadlines ("2011年底前", "4月底前", "到2015年", "力争用2年时间"),
phases ("启动阶段(2010年4月-2011年3月)") and the issue date ("2016年5月13日", "二○一一年三月十八日")."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from qtrack.draft.headings import DIGITS, cn_number
from qtrack.i18n import _

# Recurring dates ("每年12月底前") set a duty's day, not a deadline.
_NOT_RECURRING = r"(?<!每年)(?<!每)"
DEADLINE_RES = (
    ("year_end", re.compile(_NOT_RECURRING + r"(\d{4})\s*年\s*(?:底|末|年底|年末)(?:前|以前|之前)?")),
    ("month_end", re.compile(_NOT_RECURRING + r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:底|末|份)?(?:前|以前|之前)")),
    ("by_year", re.compile(r"(?:到|至|截至|截止|力争到|在)\s*(\d{4})\s*年(?!\s*\d{1,2}\s*月)")),
    ("bare_month", re.compile(r"(?<![\d年每])(?<!每年)(\d{1,2})\s*月\s*(?:底|末)(?:前|以前|之前)")),
    ("half_year", re.compile(_NOT_RECURRING + r"(\d{4})\s*年\s*(上|下)半年")),
    ("quarter", re.compile(_NOT_RECURRING + r"(\d{4})\s*年\s*(?:第)?([一二三四1-4])季度")),
    ("this_year", re.compile(_NOT_RECURRING + r"(?<![\d一二三四五六七八九十两几数多])(?:年内|年底前|年底|年末前)(?!\d)")),
    ("within_years", re.compile(r"(?:力争|争取|计划)?用\s*(\d|[一二三四五两])\s*年(?:左右)?(?:时间|内)")),
    # "2012年起5年内": the span's first year is written; "5年内" alone counts from `since` or the issue date.
    ("years_from", re.compile(r"(\d{4})\s*年起\s*(\d|[一二三四五六七八九十两])\s*年内")),
    ("years_within", re.compile(r"(?<![\d用起])(?<!连续)(\d|[一二三四五六七八九十两])\s*年内")),
)
# A time limit that is no date: "完成时限：长期坚持", "（持续推进）" — ongoing work, never overdue.
ONGOING_RE = re.compile(r"(?:(?:完成|办结)?时限(?:要求)?|完成时间|时间节点|时间安排)\s*[:：]\s*(?P<a>长期坚持|持续推进|长期推进|持续开展|"
                        r"常态化推进|长期|持续|常态化)|[(（](?P<b>长期坚持|持续推进|长期推进|持续开展|常态化推进)[)）]")
# The year a document says its "N年内" start from, when it says so once ("2012年起5年内").
SINCE_RE = re.compile(r"(\d{4})\s*年起\s*(?:\d|[一二三四五六七八九十两])\s*年内")
PHASE_RE = re.compile(
    r"([\u4e00-\u9fff]{2,10}阶段)\s*[(（:：]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*[-—–~～至到]+\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月)?[)）]?")
ISSUED_RES = (
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(rf"([○O{''.join(DIGITS)}]{{4}})年([十{''.join(DIGITS)}]{{1,3}})月([十{''.join(DIGITS)}]{{1,3}})日"),
    re.compile(r"(?:发布日期|成文日期|印发日期)\s*[:：]?\s*(\d{4})-(\d{1,2})-(\d{1,2})"),
)


@dataclass
class Deadline:
    date: dt.date
    words: str  # as written
    derived: str | None = None  # why, when the date is not written whole in the text


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def ongoing(text: str) -> str | None:
    """The words of a time limit that says the work goes on ("长期坚持"), if the text has one."""
    m = ONGOING_RE.search(text)
    return (m.group("a") or m.group("b")) if m else None


def since_year(text: str) -> int | None:
    """The first year of the document's "N年内", where it writes one ("2012年起5年内")."""
    m = SINCE_RE.search(text)
    return int(m.group(1)) if m else None


def deadlines(text: str, year: int | None, issued: dt.date | None, since: int | None = None) -> list[Deadline]:
    """Every deadline a passage states, in the order written."""
    return [d for _, d in dated(text, year, issued, since)]


def dated(text: str, year: int | None, issued: dt.date | None,
          since: int | None = None) -> list[tuple[int, Deadline]]:
    """Every deadline a passage states with where it stands, in the order written. "N年内" counts
    from `since` (the year the document says such spans start), else from the issue date."""
    if "年" not in text and "月" not in text:
        return []  # every form names a year or a month
    found: list[tuple[int, Deadline]] = []
    for kind, pattern in DEADLINE_RES:
        for m in pattern.finditer(text):
            words = m.group(0)
            try:
                if kind == "year_end" or kind == "by_year":
                    found.append((m.start(), Deadline(dt.date(int(m.group(1)), 12, 31), words)))
                elif kind == "month_end":
                    found.append((m.start(), Deadline(month_end(int(m.group(1)), int(m.group(2))), words)))
                elif kind == "half_year":
                    found.append((m.start(), Deadline(month_end(int(m.group(1)), 6 if m.group(2) == "上" else 12), words)))
                elif kind == "quarter":
                    quarter = int(m.group(2)) if m.group(2).isdigit() else cn_number(m.group(2))
                    found.append((m.start(), Deadline(month_end(int(m.group(1)), quarter * 3), words)))
                elif kind == "this_year" and year:
                    found.append((m.start(), Deadline(dt.date(year, 12, 31), words, _("the year {year} is "
                                                                                      "the plan's").format(
                                                                                        year=year))))
                elif kind == "bare_month" and year:
                    found.append((m.start(), Deadline(month_end(year, int(m.group(1))), words,
                                                      _("the year {year} is the plan's").format(
                                                          year=year))))
                elif kind == "within_years" and issued:
                    n = _count(m.group(1))
                    due = _add_years(issued, n)
                    found.append((m.start(), Deadline(due, words, _("{n} years from the issue date {issued}").format(
                                                                      n=n, issued=issued))))
                elif kind == "years_from":
                    found.append((m.start(), Deadline(dt.date(int(m.group(1)) + _count(m.group(2)) - 1, 12, 31), words)))
                elif kind == "years_within" and (since or issued):
                    found.append((m.start(), _years_within(_count(m.group(1)), words, since, issued)))
            except ValueError:
                continue  # "2011年13月底前": not a date
    return sorted(found, key=lambda pair: pair[0])


def _count(words: str) -> int:
    return int(words) if words.isdigit() else cn_number(words)


def _years_within(n: int, words: str, since: int | None, issued: dt.date | None) -> Deadline:
    if since:
        return Deadline(dt.date(since + n - 1, 12, 31), words,
                        f"{n} years counted from {since}, where the document says they start")
    assert issued is not None
    return Deadline(_add_years(issued, n), words, f"{n} years from the issue date {issued}")


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Phase:
    name: str
    start: dt.date
    end: dt.date
    words: str


def phases(text: str) -> list[Phase]:
    out: list[Phase] = []
    for m in PHASE_RE.finditer(text):
        name, y1, m1, y2, m2 = m.groups()
        try:
            start = dt.date(int(y1), int(m1), 1)
            end = month_end(int(y2 or y1), int(m2 or m1))
        except ValueError:
            continue
        name = re.sub(r"^(第[一二三四五六七八九十]+|一是|二是|三是)", "", name)
        if start <= end and all(p.name != name for p in out):
            out.append(Phase(name, start, end, m.group(0)))
    return out


def issue_date(text: str) -> tuple[dt.date, str] | None:
    """The date the document was issued: the last full date of its header (a signature)."""
    for pattern in ISSUED_RES:
        for m in reversed(list(pattern.finditer(text))):
            try:
                y, mo, d = (int(g) if g.isdigit() else _cn_digits(g) for g in m.groups())
                return dt.date(y, mo, d), m.group(0)
            except (ValueError, KeyError):
                continue
    return None


def _cn_digits(text: str) -> int:
    """二○一一 → 2011 (digit by digit); 十八 → 18."""
    text = text.replace("○", "〇").replace("O", "〇")
    if len(text) == 4 and "十" not in text:
        return int("".join(str(DIGITS[ch]) for ch in text))
    return cn_number(text)
