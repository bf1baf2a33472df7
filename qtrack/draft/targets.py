"""Numeric targets (指标): "达到90%以上", "新增120个", "80-100个", "低于620千克标准煤", "降至12500千瓦时以下",
"下降12%以上", "提高10个百分点", "不少于50家", "超过300项" → op, value, unit and a title.

A number counts as a target when a word of comparison governs it (以上, 达到, 不少于, 低于, …), when
it is a range (80-100个), or when a verb of making something (新增, 培育, 建成, …) comes before it in
its clause. A number that only
qualifies a noun ("超50亿元的企业", "等5个规划") is not a target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = sorted(("微克/立方米", "毫克/立方米", "个百分点", "千克标准煤", "吨标准煤", "千瓦时", "万千瓦", "千瓦", "万吨", "千克",
                "个月", "公里", "平方米", "万平方米", "亿元", "万元", "元", "万人次", "人次", "万人", "万名", "场次", "万户", "万亩", "万个", "个工作日",
                "工作日", "%", "％", "‰", "个", "家", "项", "条", "户", "所", "座", "人", "名", "件", "批", "种", "台",
                "套", "处", "亩", "吨", "天", "小时", "万"), key=len, reverse=True)  # the longest first: 万元 before 万
# Possessive (++) and the look-behind keep a long run of digits linear: a match starts only where a
# run starts, and a run that is not followed by a unit is given up at once, not split every way.
NUMBER = r"(?<![\d.])(\d++(?:\.\d++)?+)"
UNIT = f"(?:{'|'.join(map(re.escape, UNITS))})"
DASH = r"\s*[-—–~～至到]\s*"
TARGET_RE = re.compile(
    rf"(?P<before>不少于|不低于|不超过|不高于|不多于|至少|超过|高于|多于|低于|少于|控制在|缩短至|缩短到|压缩至|压缩到|"
    rf"降至|降到|下降到|减少到|提高到|提升到|增至|增加到|达到|达|提高|提升|增长|增加|下降|降低|减少|超)?\s*"
    rf"{NUMBER}(?:(?P<unit1>{UNIT})?{DASH}{NUMBER})?\s*(?P<unit>{UNIT})"
    rf"(?P<after>以上|以下|以内|左右|内)?")
MAKING = re.compile(r"新增|新建|建成|建设|建立|培育|培养|创建|争创|创|完成|发布|实施|获得|形成|认定|打造|设置|布局|"
                    r"完善|引进|开发|评选|遴选|保护|核准|扶持|达到|选拔|资助|支持|培训|筹建|选派|发动|转化|创办|设立|服务")
DURATIONS = ("个月", "天", "小时", "工作日", "个工作日")
MAX_DIGITS = 15  # the longest number read as a quantity (a float holds 15 digits exactly)
BREAK = "，,;；。:：!！?？"
FILLER = re.compile(r"^(力争|确保|争取|全年|使|到\d{4}年(底)?|以上|同时|其中|并|和|及|、|\s)+")
CHANGE = ("提高", "提升", "增长", "增加", "下降", "降低", "减少")
# Words of comparison → op; the word after the number decides before the word before it.
AFTER_OPS = {"以下": "<=", "以内": "<=", "内": "<=", "左右": "=="}
BEFORE_OPS = {"低于": "<", "少于": "<", "超过": ">", "高于": ">", "多于": ">", "超": ">"} | dict.fromkeys(
    ("不超过", "不高于", "不多于", "控制在", "缩短至", "缩短到", "压缩至", "压缩到", "降至", "降到", "下降到", "减少到"), "<=")


@dataclass
class Target:
    title: str
    op: str
    value: float | tuple[float, float]
    unit: str
    words: str  # the clause as written, up to the number and its unit


def _op(before: str | None, after: str | None, high: str | None) -> str:
    if high:
        return "between"
    if after in AFTER_OPS:
        return AFTER_OPS[after]
    if after == "以上":  # 超过300项以上: at least
        return ">="
    return BEFORE_OPS.get(before or "", ">=")


def targets(text: str) -> list[Target]:
    out: list[Target] = []
    for m in TARGET_RE.finditer(text):
        before, after, unit = m.group("before"), m.group("after"), m.group("unit")
        clause_start = max(text.rfind(ch, 0, m.start()) for ch in BREAK) + 1
        clause = text[clause_start:m.start()]
        tail = text[m.end():m.end() + 1]
        if tail == "的" and before in (None, "超") and not after:
            continue  # "超50亿元的企业", "100%的": qualifies a noun
        if unit in DURATIONS and not before and after in ("内", "以内") and clause.rstrip().endswith(("在", "于")):
            continue  # "在3个月内完成": the time allowed for a measure, not a quantity to reach
        if clause.endswith("等") or re.search(r"\d$", clause):
            continue  # "等5个重点产业规划" counts what came before; "2011.5": not a quantity
        # A number opening its clause continues a list of counts in the same unit ("支持300名…，1000名…").
        continues = not clause.strip() and bool(out) and out[-1].unit == unit and clause_start > 0
        if not before and not after and not m.group(4) and not MAKING.search(clause) and not continues:
            continue
        low, high = m.group(2), m.group(4)
        if len(low) > MAX_DIGITS or high and len(high) > MAX_DIGITS:
            continue  # a run of digits, not a quantity anyone measures
        if m.group("unit1") and m.group("unit1") != unit:
            continue  # "5%—8个": two quantities, not a range
        value: float | tuple[float, float] = (float(low), float(high)) if high else float(low)
        if isinstance(value, tuple) and value[0] > value[1]:
            continue
        op = _op(before, after, high)
        unit = "%" if unit == "％" else unit
        out.append(Target(_title(text, clause_start, m), op, value, unit, text[clause_start:m.end()].strip()))
    return out


def _title(text: str, clause_start: int, m: re.Match) -> str:
    """What is measured: the clause's words before the number, else the noun after it."""
    left = text[clause_start:m.start()]
    left = left[left.rfind("、") + 1:] if re.search(r"以上、|以下、", text[clause_start:m.start() + 1]) else left
    title = FILLER.sub("", left).strip()
    change = next((c for c in CHANGE if m.group("before") == c), None)
    if len(title) < 4 or MAKING.fullmatch(title[-2:] or ""):
        end = len(text)
        for ch in BREAK + "、":
            at = text.find(ch, m.end())
            end = min(end, at) if at >= 0 else end
        noun = text[m.end():end].strip()
        title = (title + noun).strip()
    if change:
        title += f"{change}幅度"
    return title[:60] or m.group(0)
