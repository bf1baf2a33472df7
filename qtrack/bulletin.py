"""The supervision bulletin (督查通报) as of a date: one set of figures, rendered as a
self-contained HTML page (for the screen and A4 print) or as Markdown (for pasting).

gather() asks qtrack/store/queries.py; the renderers never query. The HTML carries its own styles
and draws its charts as inline SVG, so it needs no network, no script and no other file: it can
be mailed, archived and printed as it is. SVG rather than CSS backgrounds because browsers
leave backgrounds out when printing, and the bars are the point.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import TYPE_CHECKING

from qtrack.lights import LightRule
from qtrack.output import clean
from qtrack.status import CHINESE as STATUS_CHINESE
from qtrack.store import queries
from qtrack.store import refs as stored_refs

if TYPE_CHECKING:
    from qtrack.store import Store

# Fonts that carry Chinese on Windows, macOS, Linux and Android, then the generic fallback.
FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
         '"WenQuanYi Micro Hei", "Noto Sans SC", SimSun, sans-serif')
# The chart's segments, in the order they stack: (key, label, colour).
SEGMENTS = [("done", "已完成", "#2e7d32"), ("on_track", "正常推进", "#9ccc65"), ("amber", "黄灯", "#f9a825"),
            ("red", "红灯", "#c62828")]
STATE_CHINESE = {"met": "达标", "not-met": "未达标", "no-data": "无数据"}
RED_MOST = 200  # red tasks listed, worst first; the rest are counted ("另有 N 项"), as a printed page can hold


def gather(conn: Store, *, as_of: dt.date, plan: str | None = None, dept_id: int | None = None,
           dept_name: str | None = None, rule: LightRule | None = None, since: dt.date | None = None,
           rules=None) -> dict:
    """Everything the bulletin shows, as plain data. `since`: the day "since the last bulletin"
    starts from (None: no earlier bulletin); `rules`: the 考核 rules of the ranking."""
    from qtrack.scoring import board as scores, course, trend
    from qtrack.scoring.scorer import TIE_RULE_ZH

    day = as_of.isoformat()  # the store's rule: dates as ISO text
    # The headline is counted in SQL, with the scoreboard; the red list is the worst RED_MOST, of
    # the headline's red. Only the "since" comparison reads every task, as of both days.
    counts, whole = queries.scoreboard_totals(conn, as_of=day, rule=rule, plan=plan, dept_id=dept_id)
    red = queries.task_page(conn, as_of=day, rule=rule, plan=plan, dept_id=dept_id, late_only=True, limit=RED_MOST,
                            lead_first=False, known_total=whole["red"])  # worst first, ties in document order
    rows = queries.tasks(conn, as_of=day, rule=rule, plan=plan, dept_id=dept_id) if since else None
    targets = course.with_course(conn, queries.targets(conn, as_of=day, plan=plan, dept_id=dept_id), as_of=as_of)
    before = queries.tasks(conn, as_of=since.isoformat(), rule=rule, plan=plan, dept_id=dept_id) if since else None
    ranking = scores.ranking(conn, window=scores.whole(as_of), plan=plan, rules=rules)
    occurrences = queries.duty_occurrences(conn, as_of=day, plan=plan, dept_id=dept_id)
    board = [d for d in counts["departments"] if d["lead"] and (dept_name is None or d["department"] == dept_name)]
    # The workflow's counts over the bulletin's scope: one department's, or every plan's.
    scope_rows = board if dept_name else counts["plans"]
    owed, on_time = (sum(r[key] for r in scope_rows) for key in ("owed", "on_time"))
    scope = stored_refs.plan_title(conn, plan) if plan else "全部计划"
    return {
        "as_of": as_of.isoformat(),
        "scope": scope + (f" · {dept_name}" if dept_name else ""),
        "headline": {
            **{key: whole[key] for key in ("tasks", "done", "red", "amber", "unacked", "claimed", "closed")},
            "targets": len(targets), "targets_met": sum(t["state"] == "met" for t in targets),
            "duties_missed": sum(o["state"] == "missed" for o in occurrences),
            "extended": sum(r["extended"] for r in scope_rows), "pending": sum(r["pending"] for r in scope_rows),
            "on_time_rate": round(on_time / owed, 3) if owed else None,
        },
        "departments": [{"department": d["department"], "lead": d["lead"], "done": d["done"], "red": d["red"],
                         "amber": d["amber"], "on_track": d["lead"] - d["done"] - d["red"] - d["amber"]}
                        for d in board],
        "red": (listed := list(red.rows)), "red_more": red.total - len(listed),
        "targets": targets,
        "missed": sorted((o for o in occurrences if o["state"] == "missed"), key=lambda o: -o["days_late"]),
        "trend": trend.trend(conn, as_of=as_of, plan=plan, dept_id=dept_id),
        "since": {"date": since.isoformat() if since else None, **(trend.since(before, rows) if since else {})},
        "ranking": {"rules": ranking["rules"], "tie_rule": TIE_RULE_ZH, **scores.podium(ranking["departments"])},
    }


def _date_zh(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def _status(r: dict) -> str:
    return f"{STATUS_CHINESE[r['status']]} {r['progress']}%"


def _value(t: dict) -> str:
    return f"{t['latest']['value']:g}{t['unit'] or ''}"


def _latest(t: dict) -> str:
    return f"{_value(t)} ({t['latest']['date']})" if t["latest"] else "—"


def _latest_html(t: dict) -> str:
    return f'{escape(_value(t))}<span class="when">{t["latest"]["date"]}</span>' if t["latest"] else "—"


def _red_more(data: dict) -> str:
    """The line under a red list cut at RED_MOST: how many more, and where to see them all."""
    n = data["red_more"]
    return f"另有 {n} 项红灯任务未列出 (qtrack overdue --limit 0 列出全部)。" if n else ""


def _headline_items(h: dict) -> list[tuple[str, str, str]]:
    """(figure, label, css class) for the headline boxes and the Markdown list."""
    return [(str(h["tasks"]), "任务总数", ""), (str(h["done"]), "已完成", "done"), (str(h["red"]), "红灯(逾期)", "red"),
            (str(h["amber"]), "黄灯", "amber"), (f"{h['targets_met']}/{h['targets']}", "指标达标", ""),
            (str(h["duties_missed"]), "定期任务漏报", "red" if h["duties_missed"] else ""),
            (str(h["unacked"]), "未签收", "amber" if h["unacked"] else ""),
            (str(h["claimed"]), "待销号", ""), (str(h["closed"]), "已办结(销号)", "done"),
            (f"{h['extended']}/{h['pending']}", "延期(已批/待批)", ""),
            ("—" if h["on_time_rate"] is None else f"{h['on_time_rate']:.0%}", "按期办结率", "")]


# --- the department chart ---------------------------------------------------------------------

def chart_svg(departments: list[dict], *, width: int = 680, row: int = 24) -> str:
    """One horizontal stacked bar per department, over the tasks it leads, with a legend."""
    label_w, count_w, top = 190, 40, 30
    scale = (width - label_w - count_w) / max([d["lead"] for d in departments] or [1])
    height = top + row * len(departments) + 6
    parts = [f'<svg class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="各部门牵头任务情况" '
             f'font-family=\'{FONTS}\' font-size="13">']
    x = label_w
    for _, label, colour in SEGMENTS:  # the legend
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="17">{label}</text>')
        x += 90
    for i, d in enumerate(departments):
        y = top + i * row
        parts.append(f'<g class="bar" data-department="{escape(d["department"])}">'
                     f'<text x="{label_w - 8}" y="{y + row - 9}" text-anchor="end">{escape(_short(d["department"]))}</text>')
        x = float(label_w)
        for key, label, colour in SEGMENTS:
            if d[key]:
                w = d[key] * scale
                parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{colour}">'
                             f'<title>{escape(d["department"])} {label} {d[key]}</title></rect>')
                x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + row - 9}" fill="#444">{d["lead"]}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _short(name: str, most: int = 13) -> str:
    """A department name that fits the chart's label column (the full name is in each bar's title)."""
    return name if len(name) <= most else name[:most - 1] + "…"


def _progress_html(share: float | None, *, width: int = 70, height: int = 11) -> str:
    """A progress bar and the share; a dash where there is nothing to measure progress by."""
    if share is None:
        return "—"
    colour = "#2e7d32" if share == 1 else "#1565c0"
    return (f'<svg class="progress" width="{width}" height="{height}">'
            f'<rect width="{width}" height="{height}" fill="#e0e0e0"/>'
            f'<rect width="{round(width * share, 1)}" height="{height}" fill="{colour}"/></svg> {share:.0%}')


# --- the letterhead (版头) from the config: 期号, 机关名称, 签发人; 抄送 at the foot ---------------

def _issue(head: dict) -> str:
    return f"{head['year']}年第{head['issue']}期"


def _head_html(head: dict | None) -> str:
    if not head:
        return ""
    signer = f'<span>签发人：{escape(head["signer"])}</span>' if head["signer"] else "<span></span>"
    return (f'<p class="issue">{_issue(head)}</p>\n'
            f'<p class="masthead"><span>{escape(head["agency"] or "")}</span>{signer}</p>\n')


def _cc_html(head: dict | None) -> str:
    return f'<p class="cc">抄送：{escape("、".join(head["cc"]))}。</p>\n' if head and head["cc"] else ""


def _head_md(head: dict | None) -> str:
    if not head:
        return ""
    parts = [_md(head["agency"])] if head["agency"] else []
    parts += [f"签发人：{_md(head['signer'])}"] if head["signer"] else []
    return f"{_issue(head)}\n\n" + (" · ".join(parts) + "\n\n" if parts else "")


def _cc_md(head: dict | None) -> str:
    return f"\n抄送：{_md('、'.join(head['cc']))}。\n" if head and head["cc"] else ""


# --- HTML -------------------------------------------------------------------------------------

CSS = f"""
@page {{ size: A4; margin: 15mm 14mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {FONTS}; color: #222; margin: 0 auto; max-width: 182mm; padding: 8mm 0; font-size: 14px;
       line-height: 1.5; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
h1 {{ text-align: center; color: #b71c1c; font-size: 28px; letter-spacing: 0.3em; margin: 0; }}
.sub {{ text-align: center; color: #555; margin: 4px 0 12px; padding-bottom: 10px; border-bottom: 2px solid #b71c1c; }}
h2 {{ font-size: 17px; border-left: 4px solid #b71c1c; padding-left: 8px; margin: 22px 0 8px; break-after: avoid; }}
.figures {{ display: flex; gap: 8px; }}
.figure {{ flex: 1; border: 1px solid #ccc; border-radius: 4px; text-align: center; padding: 6px 2px; }}
.figure b {{ display: block; font-size: 24px; }}
.figure.red b {{ color: #c62828; }} .figure.amber b {{ color: #e65100; }} .figure.done b {{ color: #2e7d32; }}
table {{ width: 100%; border-collapse: collapse; font-size: 13px; }}
th, td {{ border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; text-align: left; }}
th {{ background: #f0f0f0; white-space: nowrap; }}
tr {{ break-inside: avoid; }}
td.num {{ text-align: right; white-space: nowrap; }}
td.ref, td.date {{ white-space: nowrap; }}
.late {{ color: #c62828; font-weight: bold; }}
.none {{ color: #777; }}
.when {{ display: block; color: #777; font-size: 12px; }}
h3 {{ font-size: 15px; margin: 12px 0 6px; }}
figure.target {{ display: inline-block; margin: 6px 10px 6px 0; break-inside: avoid; }}
figure.target figcaption {{ font-size: 12px; color: #555; max-width: 330px; }}
.issue {{ text-align: center; margin: 4px 0 0; }}
.masthead {{ display: flex; justify-content: space-between; margin: 6px 0 0; }}
.cc {{ margin-top: 20px; padding-top: 6px; border-top: 1px solid #999; }}
footer {{ margin-top: 20px; color: #777; font-size: 12px; text-align: right; }}
@media print {{ table {{ font-size: 10pt; }} .when, footer {{ font-size: 9.5pt; }} }}  /* no printed text under 9 pt */
"""


def _table(headers: list[str], rows: list[list[tuple[str, str]]], empty: str, widths: list[str]) -> str:
    """A table whose cells are (already escaped HTML, css class), its columns this wide ("" for the rest)."""
    if not rows:
        return f'<p class="none">{escape(empty)}</p>'
    head = "".join(f'<th style="width: {w}">{escape(h)}</th>' if w else f"<th>{escape(h)}</th>"
                   for h, w in zip(headers, widths))
    body = "".join("<tr>" + "".join(f'<td class="{c}">{v}</td>' if c else f"<td>{v}</td>" for v, c in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: dict) -> str:
    e = escape
    h = data["headline"]
    figures = "".join(f'<div class="figure {c}"><b>{e(v)}</b>{e(label)}</div>' for v, label, c in _headline_items(h))
    red = _table(["序号", "任务", "牵头单位", "完成时限", "逾期", "状态"], [
        [(str(i), "num"), (f'<b>{e(r["ref"])}</b> {e(r["title"])}', ""), (e("、".join(r["lead"]) or "—"), ""),
         (e(r["due"]), "date"), (f'<span class="late">{r["days_late"]}天</span>', "num"), (e(_status(r)), "ref")]
        for i, r in enumerate(data["red"], start=1)], "没有逾期任务。", ["5%", "", "19%", "12%", "8%", "11%"])
    if data["red_more"]:
        red += f'<p class="none">{e(_red_more(data))}</p>'
    targets = _table(["指标", "名称", "目标", "最新", "进度", "状态", "进程"], [
        [(e(t["ref"]), "ref"), (e(t["title"]), ""), (e(t["goal"]), ""), (_latest_html(t), ""),
         (_progress_html(t["progress"]), "ref"), (e(STATE_CHINESE[t["state"]]), "ref"), (e(_course(t)), "ref")]
        for t in data["targets"]], "没有量化指标。", ["13%", "", "12%", "15%", "16%", "8%", "10%"])
    targets += _target_charts(data["targets"])
    missed = _table(["定期任务", "名称", "牵头单位", "应完成", "逾期"], [
        [(e(o["ref"]), "ref"), (e(o["title"]), ""), (e("、".join(o["lead"]) or "—"), ""), (e(o["due"]), "date"),
         (f'<span class="late">{o["days_late"]}天</span>', "num")] for o in data["missed"]], "没有漏报。",
        ["19%", "", "19%", "12%", "8%"])
    chart = chart_svg(data["departments"]) if data["departments"] else '<p class="none">没有牵头任务。</p>'
    movement = _movement_html(data)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>督查通报 {e(data["scope"])} {e(data["as_of"])}</title>
<style>{CSS}</style>
</head>
<body>
<h1>督查通报</h1>
{_head_html(data.get("letterhead"))}<p class="sub">{e(data["scope"])} · 截至{e(_date_zh(data["as_of"]))}</p>
<section><h2>总体情况</h2><div class="figures">{figures}</div></section>
<section><h2>各部门牵头任务情况</h2>
{chart}
</section>
<section><h2>红灯任务 (逾期未完成, 按逾期天数排序)</h2>{red}</section>
<section><h2>量化指标进展</h2>{targets}</section>
<section><h2>定期任务漏报</h2>{missed}</section>
{movement}
{_cc_html(data.get("letterhead"))}<footer>qtrack · 数据截至 {e(data["as_of"])}</footer>
</body>
</html>
"""


# --- Markdown ---------------------------------------------------------------------------------

# Every value is text, never Markdown nor HTML: a title "[点此](javascript:…)" or "<svg onload=…>"
# must not become a link or a tag in whatever renders the bulletin. The Markdown punctuation that
# marks up inline text is backslash-escaped (CommonMark allows it before any ASCII punctuation), <, > and & are written
# as entities, and what starts a block at the start of a line (# heading, - list, 1. list) is escaped.
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")  # no link or image without "[": "(" and "!" may stay
_MD_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)](\s|$)))")


def _md(text, *, line_start: bool = False) -> str:
    """A value as Markdown text that shows exactly as written, on one line (a table cell, or
    the start of a line when `line_start`)."""
    text = clean(" ".join(str(text).splitlines()))
    text = escape(_MD_PUNCTUATION.sub(r"\\\1", text), quote=False)
    if not line_start:
        return text
    # "\#" and "\-" escape the mark itself; a number's list mark is the "." or ")" after it: "1\."
    return _MD_BLOCK_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit()
                                                       else "\\" + m.group(2)), text)


def _md_table(headers: list[str], rows: list[list], empty: str) -> str:
    if not rows:
        return empty + "\n"
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _bar(share: float | None, width: int = 10) -> str:
    if share is None:
        return "—"
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled) + f" {share:.0%}"


def render_markdown(data: dict) -> str:
    figures = "\n".join(f"- {label}: **{v}**" for v, label, _ in _headline_items(data["headline"]))
    depts = _md_table(["部门", "牵头任务"] + [label for _, label, _ in SEGMENTS], [
        [d["department"], d["lead"]] + [d[key] for key, _, _ in SEGMENTS] for d in data["departments"]], "没有牵头任务。")
    red = _md_table(["序号", "任务", "标题", "牵头单位", "完成时限", "逾期", "状态"], [
        [i, r["ref"], r["title"], "、".join(r["lead"]), r["due"], f"{r['days_late']}天", _status(r)]
        for i, r in enumerate(data["red"], start=1)], "没有逾期任务。")
    if data["red_more"]:
        red += f"\n{_md(_red_more(data), line_start=True)}\n"
    targets = _md_table(["指标", "名称", "目标", "最新", "进度", "状态", "进程"], [
        [t["ref"], t["title"], t["goal"], _latest(t), _bar(t["progress"]), STATE_CHINESE[t["state"]], _course(t)]
        for t in data["targets"]], "没有量化指标。")
    missed = _md_table(["定期任务", "名称", "牵头单位", "应完成", "逾期"], [
        [o["ref"], o["title"], "、".join(o["lead"]), o["due"], f"{o['days_late']}天"] for o in data["missed"]],
        "没有漏报。")
    return (f"# 督查通报\n\n{_head_md(data.get('letterhead'))}{_md(data['scope'], line_start=True)} · 截至{_date_zh(data['as_of'])}\n\n## 总体情况\n\n{figures}\n\n"
            f"## 各部门牵头任务情况\n\n{depts}\n## 红灯任务 (逾期未完成, 按逾期天数排序)\n\n{red}\n"
            f"## 量化指标进展\n\n{targets}\n## 定期任务漏报\n\n{missed}\n{_movement_markdown(data)}"
            f"{_cc_md(data.get('letterhead'))}")


# --- movement: the trend, since the last bulletin, the 考核 ranking --------------------------

COURSE_CHINESE = {"met": "达标", "not-met": "未达标", "on-trajectory": "按进度", "behind": "滞后", "no-data": "无数据"}
SINCE = [("done", "新完成"), ("late", "新逾期"), ("closed", "红灯销号 (逾期后已完成或取消)")]
PODIUM = [("red", "红榜 (前三名)"), ("black", "黑榜 (后三名)")]


def _course(t: dict) -> str:
    """A target's course, with the value its path expected and where the forecast reaches."""
    extra = [f"应达 {t['expected']:g}"] if t["expected"] is not None else []
    extra += [f"预测 {t['forecast']:g}"] if t["forecast"] is not None else []
    return COURSE_CHINESE[t["course"]] + (f" ({', '.join(extra)})" if extra else "")


def _since_title(data: dict) -> str:
    when = data["since"]["date"]
    return f"上期以来 (自{_date_zh(when)}起)" if when else "上期以来"


def _since_rows(rows: list[dict]) -> list[list]:
    return [[r["ref"], r["title"], "、".join(r["lead"]), r["due"] or "—", _status(r)] for r in rows]


def _target_charts(targets: list[dict]) -> str:
    from qtrack.trend_charts import target_svg

    drawn = [t for t in targets if t["path"] or len(t["measurements"]) >= 2]
    return "".join(f'<figure class="target"><figcaption>{escape(t["ref"])} {escape(t["title"])}: '
                   f"测量值 (实线) 与进度路径 (虚线){'、预测 (点线)' if t['forecast'] is not None else ''}</figcaption>"
                   f"{target_svg(t)}</figure>" for t in drawn)


def _ranking_rows(rows: list[dict]) -> list[list]:
    return [[r["rank"], r["department"], f"{r['score']:g}", f"{r['lost']:g}", r["tie"] or ""] for r in rows]


def _movement_html(data: dict) -> str:
    from qtrack.trend_charts import trend_svg

    e = escape
    trend = trend_svg(data["trend"]) if data["trend"] else '<p class="none">没有可统计的月份。</p>'
    since = ''.join(f"<h3>{e(label)}</h3>" + _table(["任务", "标题", "牵头单位", "完成时限", "状态"], [
        [(e(c), "") for c in row] for row in _since_rows(data["since"][key])], "无。", ["12%", "", "19%", "12%", "11%"])
        for key, label in SINCE) if data["since"]["date"] else '<p class="none">没有上期通报的记录 (用 --since 指定日期)。</p>'
    ranking = "".join(f"<h3>{e(label)}</h3>" + _table(["名次", "部门", "得分", "扣分", "说明"], [
        [(e(str(c)), "num" if i in (0, 2, 3) else "") for i, c in enumerate(row)] for row in _ranking_rows(rows)],
        "无。", ["8%", "24%", "10%", "10%", ""]) for key, label in PODIUM for rows in [data["ranking"][key]])
    return (f"<section><h2>完成率与红灯任务 (逐月)</h2>{trend}</section>\n"
            f"<section><h2>{e(_since_title(data))}</h2>{since}</section>\n"
            f"<section><h2>考核排名</h2>{ranking}<p class=\"none\">{e(data['ranking']['tie_rule'])}</p></section>")


def _movement_markdown(data: dict) -> str:
    trend = _md_table(["月份", "任务", "已完成", "完成率", "红灯"], [
        [p["month"], p["tasks"], p["done"], "—" if p["rate"] is None else f"{p['rate']:.0%}", p["red"]]
        for p in data["trend"]], "没有可统计的月份。")
    if data["since"]["date"]:
        since = "".join(f"### {label}\n\n" + _md_table(["任务", "标题", "牵头单位", "完成时限", "状态"],
                                                      _since_rows(data["since"][key]), "无。") + "\n"
                        for key, label in SINCE)
    else:
        since = "没有上期通报的记录 (用 --since 指定日期)。\n\n"
    ranking = "".join(f"### {label}\n\n" + _md_table(["名次", "部门", "得分", "扣分", "说明"],
                                                    _ranking_rows(data["ranking"][key]), "无。") + "\n"
                      for key, label in PODIUM)
    return (f"## 完成率与红灯任务 (逐月)\n\n{trend}\n## {_since_title(data)}\n\n{since}## 考核排名\n\n{ranking}"
            f"{_md(data['ranking']['tie_rule'], line_start=True)}\n")
