"""Lists that are not tasks: a heading that announces items ("重点发展以下产业：", "…如下") whose items
are all short names with no responsibility note and no verb of work ("装备制造业", "电子信息产业"),
i.e. products or sectors the heading's own work is about. They stay the heading's words. Names of
work ("…工程", "…项目", "…中心", "…活动") are not such names: each is something to build or hold.

An item with a note, a verb of work, a date, a figure or words of its own beyond a short name is a
task as before: the rule only ever takes out a whole list whose every item fails to read as work.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qtrack.draft.notes import find_notes

if TYPE_CHECKING:
    from qtrack.draft.outline import Node

# Verbs that open or carry a measure: any of them in an item makes it work to be done.
WORK_VERBS = (
    "实施", "开展", "推进", "推动", "加强", "加快", "加大", "建立", "建设", "完善", "健全", "培育", "发展",
    "提升", "提高", "落实", "组织", "制定", "出台", "深化", "促进", "强化", "支持", "鼓励", "引导", "打造",
    "创建", "实行", "规范", "开发", "扩大", "优化", "做好", "抓好", "构建", "引进", "培养", "整治", "治理",
    "完成", "保障", "确保", "争取", "力争", "举办", "召开", "编制", "修订", "研究", "探索", "启动", "设立",
    "申报", "认定", "开通", "改造", "新建", "扩建", "整合", "清理", "监督", "检查", "考核", "评估", "报送",
    "印发", "部署", "宣传", "培训", "服务", "保护", "防控", "排查", "推广", "示范", "试点", "改进", "深入",
)
WORK_RE = re.compile("|".join(WORK_VERBS))
# Names of work rather than of things: "品牌培育工程", "检测中心", "质量月活动" are each tracked.
WORK_NOUN_RE = re.compile(r"(工程|项目|行动|活动|计划|专项|工作|中心|平台|基地|园区|园|示范区|试验区|改革)[。.]?$")
FIGURE_RE = re.compile(r"\d")
# The heading's last words announce what follows: a colon, "如下", or "以下…" closing the heading.
ANNOUNCES_RE = re.compile(r"(?:[:：]|如下|以下[\u4e00-\u9fff]{0,10})[。.]?$")
MAX_NAME = 15  # characters: "电子信息产业" is a name, a sentence is not
MAX_WORDS = 30  # an item's own words after its name, if it has any ("装备制造业。含数控机床。")


def is_list(node: Node) -> bool:
    """Whether the items below a heading are a list of names it announces, not tasks."""
    items = node.children
    closing = (node.text or node.title).strip()
    return (len(items) >= 2 and bool(ANNOUNCES_RE.search(closing)) and not find_notes(f"{node.title}\n{node.text}")
            and all(_is_name(item) for item in items))


def _is_name(item: Node) -> bool:
    words = f"{item.title}{item.text}"
    return (not item.children and len(item.title) <= MAX_NAME and len(item.text) <= MAX_WORDS
            and not WORK_RE.search(words) and not WORK_NOUN_RE.search(item.title) and not FIGURE_RE.search(words)
            and not find_notes(words))


def fold_lists(node: Node) -> None:
    """Below this heading, every list of names becomes the words of the heading that announces it."""
    for child in node.children:
        fold_lists(child)
    if is_list(node):
        node.listed = [f"{item.head.label}{item.title}" + (f"。{item.text}" if item.text else "")
                       for item in node.children]
        node.children = []
