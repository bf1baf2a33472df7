"""The document's outline: numbered headings as a tree, and which of them are sections and tasks.

Heading forms rank 一、 > (一) > 1. > (1). Which rank holds the tasks is read from the document:
under a task-bearing top section, a level whose every heading is a bare title with headings
below it is a further level of sections (2016: 四、 → (一) → 1.); the first level that carries
text of its own holds the tasks, and anything numbered below a task is a sub-task.
Top sections that state principles, aims or arrangements (指导思想, 工作原则, 目标, 进度安排…)
are preamble, not task lists, unless their items name who is responsible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qtrack.draft.headings import Heading, heading
from qtrack.draft.lists import fold_lists
from qtrack.draft.notes import find_notes

PREAMBLE_RE = re.compile(
    r"(指导思想|总体思路|基本思路|(基本|工作|主要)?原则|(总体|主要|年度|工作|发展|总|具体|行动)?目标(任务)?|总体要求|"
    r"工作要求|(职责|任务)分工|进度安排|时间安排|(实施|工作|推进)步骤|步骤安排|保障措施|组织实施|实施范围|"
    r"适用范围|组织保障|工作机制|组织领导|(指导思想|总体要求)(和|与|、|及)(基本原则|工作原则|主要目标|目标任务|总体目标))"
)


@dataclass
class Node:
    head: Heading
    title: str
    body: list[str] = field(default_factory=list)  # paragraphs of its own text
    children: list[Node] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # a list of names it announces (lists.py), as written
    start: int = 0  # where its heading line starts in the document's lines joined by newlines

    @property
    def text(self) -> str:
        return "\n".join(p for p in self.body if p)

    def own_and_below(self) -> str:
        return "\n".join([self.text] + [c.title + "。" + c.own_and_below() for c in self.children])


@dataclass
class Outline:
    header: list[str]  # the lines before the first heading
    roots: list[Node]  # headings of the outermost rank used, and any stray higher-rank ones before them


def outline(lines: list[str]) -> Outline:
    header: list[str] = []
    roots: list[Node] = []
    stack: list[Node] = []
    offset = 0
    last_item = 0  # the last 1. 2. … number: "11.5G…" after 10. is item 11
    ended = True  # whether the line before closed a sentence: if not, "2.5亿元…" continues it
    for line in lines:
        head = heading(line, last_item + 1 if ended else None) if line else None
        if head and head.rank == 2:
            last_item = head.number
        ended = not line or line[-1] not in ",，、:："
        start, offset = offset, offset + len(line) + 1
        if head and head.rest:
            title, _, body = head.rest.partition("。")
            node = Node(head, title.strip(), [body.strip()] if body.strip() else [], start=start)
            while stack and stack[-1].head.rank >= head.rank:
                stack.pop()
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        elif stack:
            if line:
                stack[-1].body.append(line)
        elif line:
            header.append(line)
    for root in roots:
        _paragraph_items(root)
        fold_lists(root)
    return Outline(header, roots)


def _paragraph_items(node: Node) -> None:
    """Unnumbered paragraphs under a heading that each close with their own responsibility note are
    each a task: they become the heading's items (without a label), the other paragraphs its text."""
    for child in node.children:
        _paragraph_items(child)
    if node.children or len(node.body) < 2:
        return
    noted = [p for p in node.body if any(start >= 4 for start, _, _ in find_notes(p))]  # words, then a note
    if len(noted) < 2:
        return
    node.body = [p for p in node.body if p not in noted]
    for n, paragraph in enumerate(noted, 1):
        title = re.split(r"[。；;，,]", paragraph, maxsplit=1)[0][:30]
        node.children.append(Node(Heading(9, n, "", paragraph), title, [paragraph], start=node.start))


def is_preamble(node: Node) -> bool:
    """A top section of principles, aims or arrangements, whose items name nobody responsible: its
    title says so, or every heading in it does ("…的指导思想、基本原则和总体目标" → (一)指导思想 …)."""
    headings = [c.title for c in node.children]
    if not (_is_preamble_title(node.title) or headings and all(map(_is_preamble_title, headings))):
        return False
    return not find_notes(node.own_and_below())


def _is_preamble_title(title: str) -> bool:
    return bool(PREAMBLE_RE.fullmatch(re.sub(r"[。.,，\s]", "", title)))


def is_section_level(nodes: list[Node]) -> bool:
    """Headings that are bare titles, or only introduce the items below them ("…，实施如下重点项目："),
    each with headings below it (or a list of names folded into it): a level of sections."""
    return bool(nodes) and all((n.children or n.listed) and (not n.text or introduces_list(n)) for n in nodes)


def introduces_list(node: Node) -> bool:
    """A heading whose own text ends by announcing the items below it, and names nobody responsible."""
    return node.text.rstrip().endswith((":", "：")) and not find_notes(f"{node.title}\n{node.text}")
