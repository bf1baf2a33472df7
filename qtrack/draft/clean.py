"""From raw bytes to the document's own lines: decoding, web-page debris, lines broken mid-word.

A policy document copied from a web page arrives wrapped in the page: menus and a breadcrumb
above, a footer, link lists and advertising below. The document proper starts at its title
(or, failing one, its first numbered heading) and ends where prose stops after its last heading.
"""

from __future__ import annotations

import re

from qtrack.draft.headings import HEADING_RE
from qtrack.draft.tables import unflatten
from qtrack.errors import QtrackError
from qtrack.i18n import _

CJK = re.compile(r"[\u4e00-\u9fff]")
# Marks of a web page rather than a document: navigation, accounts, counters, footers.
DEBRIS_RE = re.compile(
    r">>|>|首页|登录|用户名|密码|记住我|收藏|次点击|浏览次数|阅读次数|©|copyright|all rights|版权所有|"
    r"编辑[:：]|关键词[:：]|地址[:：]|邮政编码|电话[:：]|网站地图|友情链接|联系我们|联系方式|广告服务|"
    r"温馨提示|分享到|上一篇|下一篇|原文链接|本文链接|扫一扫|二维码|\bseo\b|•|·|\|",
    re.IGNORECASE,
)
# A document title ends with the kind of document it is (optionally a year in brackets).
TITLE_RE = re.compile(r"(通知|方案|计划|要点|意见|纲要|办法|规划|决定|规定|细则|措施|安排)([(（]\d{4}[)）])?$")
END_PUNCT = "。;；:：!！?？)）」”』】"
MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s+|^>\s+")
# A page's number in a PDF's text: "- 2 -", "— 12 —", "第 3 页", "第3页 共10页".
PAGE_NUMBER_RE = re.compile(r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)$")
# A note in a line of its own: "牵头单位:…", "责任单位:…", "部门分工:…".
LABEL_LINE_RE = re.compile(r"^[\u4e00-\u9fff、]{2,8}(?:单位|部门|处室|分工)[^:：]{0,20}[:：]")
# A field of a government site's header table (索引号, 发文机关, 成文日期, 标题, 发文字号…), flattened to a line.
CRAWLER_FIELD_RE = re.compile(r"^(?:索\s*引\s*号|主\s*题\s*分\s*类|发\s*文\s*机\s*关|成\s*文\s*日\s*期|标\s*题|"
                              r"发\s*文\s*字\s*号|发\s*布\s*日\s*期|主\s*题\s*词|发\s*布\s*机\s*构|来\s*源)\s*[:：]")
# A responsibility note alone on a line: it closes the paragraph above it (a PDF's margin may have
# broken the line just after that paragraph's 。).
NOTE_LINE_RE = re.compile(r"^[(（][^()（）]{0,200}(?:牵头|配合|负责|参与|参加|协办|责任单位|责任部门)[^()（）]{0,200}[)）][。；;]?$")
UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Lines of a header that stand alone however they end: a 文号, a date.
STANDALONE_RE = re.compile(r"^([\u4e00-\u9fff]{1,10}[〔\[【(（]\d{4}[〕\]】)）]\s*\d+\s*号|[\d年月日○〇一二三四五六七八九十\s]+日)$")


def decode(data: bytes, where: str) -> str:
    """Text from bytes: UTF-16 or UTF-8 with a BOM, UTF-8, else GB18030; binary data is refused."""
    if not data.strip():
        raise QtrackError(_("{where}: the file is empty").format(where=where))
    for bom, encoding in UTF16_BOMS:
        if data.startswith(bom):  # a UTF-16 text is full of NUL bytes: its BOM says so before the binary test
            try:
                return _readable(data[len(bom):].decode(encoding), where)
            except UnicodeDecodeError:
                raise QtrackError(_("{where}: starts with a UTF-16 byte-order mark but is not UTF-16 text").format(
                                      where=where)) from None
    if b"\x00" in data[:4096]:
        raise QtrackError(_("{where}: this is a binary file, not the text of a document").format(
                              where=where))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _readable(text, where)
    raise QtrackError(_("{where}: not readable as UTF-8 or GB18030 text").format(where=where))


def _readable(text: str, where: str) -> str:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls * 50 > len(text):  # GB18030 decodes almost any bytes: judge what came out
        raise QtrackError(_("{where}: this is a binary file, not the text of a document").format(
                              where=where))
    return text


def _unmark(line: str) -> str:
    """A line without its indentation (spaces, U+2003, U+3000) and Markdown marks (## heading, **bold**)."""
    line = MARKDOWN_HEADING_RE.sub("", line.strip().replace("\u3000", " ").strip())
    return line.replace("**", "").replace("__", "").strip()


def is_debris(line: str) -> bool:
    return bool(DEBRIS_RE.search(line)) or not CJK.search(line)


def is_title(line: str) -> bool:
    return 4 <= len(line) <= 80 and "。" not in line and not is_debris(line) and bool(TITLE_RE.search(line))


def document_lines(text: str) -> list[str]:
    """The document's own lines, stripped, blank lines kept as paragraph breaks (as "")."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "")  # a page break may fall in a word
    lines = [_unmark(line) for line in text.split("\n")]
    lines = unflatten([line for line in lines if not PAGE_NUMBER_RE.match(line)])
    headings = [i for i, line in enumerate(lines) if HEADING_RE.match(line) and CJK.search(line)]
    if not headings:
        return []
    first, last = headings[0], headings[-1]
    titles = [i for i in range(first) if is_title(lines[i])]
    start = titles[0] if titles else _prose_start(lines, first)
    while start > 0 and CRAWLER_FIELD_RE.match(lines[start - 1]):
        start -= 1  # the header table's rows above its 标题 row: 发文机关, 成文日期…
    # The text runs on after its last heading to its last line of prose, up to the page's furniture.
    end = last + 1
    for i in range(last + 1, len(lines)):
        if lines[i] and DEBRIS_RE.search(lines[i]):
            break
        if lines[i] and _is_prose(lines[i]):
            end = i + 1
    return _rejoin(lines[start:end])


def _is_prose(line: str) -> bool:
    """A line of the document's body: Chinese, not page furniture, ending as a sentence does, or
    long enough to be a paragraph cut off where the text ends, or a labelled note line."""
    if DEBRIS_RE.search(line) or not CJK.search(line):
        return False
    return line[-1] in "。;；!！”」)）〕]" or len(line) >= 40 or bool(LABEL_LINE_RE.match(line))


def _prose_start(lines: list[str], first: int) -> int:
    start = first
    while start > 0 and (not lines[start - 1] or _is_prose(lines[start - 1])):
        start -= 1
    return start


def _rejoin(lines: list[str]) -> list[str]:
    """Lines broken mid-sentence are joined: a line that does not end a sentence, followed
    directly (no blank line) by one that does not start a heading, continues on it."""
    out: list[str] = []
    joinable = False
    for line in lines:
        if (out and joinable and line and not HEADING_RE.match(line) and not STANDALONE_RE.match(line)
                and not CRAWLER_FIELD_RE.match(line)) or (out and out[-1] and NOTE_LINE_RE.match(line)):
            out[-1] += line
        else:
            out.append(line)
        last = out[-1]
        # A heading line that holds only its title ends there; one that runs on into its body
        # text (a 。 after the title) may be broken like any paragraph.
        joinable = (len(last) > 20 and last[-1] not in END_PUNCT and not is_title(last)
                    and (not HEADING_RE.match(last) or "。" in last))
    while out and not out[-1]:
        out.pop()
    return out
