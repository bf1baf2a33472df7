"""A 催办单 rendered: plain text short enough for an SMS or IM message, Markdown and HTML for print,
JSON for scripts. The renderers never query; everything from the database is text to them, escaped
for the format as the bulletin escapes it (qtrack/bulletin.py), so a title can never become markup.
"""

from __future__ import annotations

from html import escape

from qtrack.bulletin import FONTS, _date_zh, _md, _md_table
from qtrack.chase.escalation import TITLE, WORD  # noqa: F401  (TITLE: the CLI names a level by it)
from qtrack.output import clean, dumps

FORMATS = ("txt", "md", "html", "json")
SECTIONS = {"late": "逾期未完成任务", "soon": "即将到期任务", "report": "漏报进展", "duty": "定期工作未完成",
            "workflow": "待签收/待答复"}
WORKFLOW = {"ack": "待签收", "extension": "延期申请待督查室答复"}  # chase/workflow.py's two kinds
SMS_ITEMS = 5  # refs listed per kind in the short text; the rest are counted
SMS_TITLE = 16  # cells of a title in the short text


def cut(value: str, cells: int) -> str:
    """`value` in at most `cells` terminal cells, an ellipsis marking a cut (a Chinese character is two)."""
    from rich.cells import cell_len, set_cell_size

    return value if cell_len(value) <= cells else set_cell_size(value, cells - 1) + "…"


def number_text(year: int, number: int) -> str:
    return f"催办〔{year}〕第{number}号"


def _by_kind(notice: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for item in notice["items"]:
        out.setdefault(item["kind"], []).append(item)
    return out


def _why(notice: dict) -> str:
    """What the level means, in a sentence (none for an ordinary notice)."""
    if notice["level"] == "blue":
        return ""
    worst = max(i["unanswered"] for i in notice["items"] if i["kind"] != "workflow")
    return f"本单为{TITLE[notice['level']]}：所列事项经催办{worst}次仍未报送进展。"


def _detail(item: dict) -> str:
    """The figure a line carries: days late or left, and how often it was chased before."""
    parts = []
    if item["days_late"] is not None:
        parts.append(f"逾期{item['days_late']}天")
    elif item["days_left"] is not None:
        parts.append(f"剩{item['days_left']}天")
    if item.get("chased"):
        parts.append(f"已催{item['chased']}次")
    return "，".join(parts)


def text(notice: dict) -> str:
    """The short form: one line per kind of thing owed, at most SMS_ITEMS references each."""
    lines = [f"{notice['no']}（{TITLE[notice['level']]}）",
             f"{clean(notice['department'])}：截至{_date_zh(notice['date'])}，请抓紧办理并报送进展。"]
    for kind, items in _by_kind(notice).items():
        shown = []
        for item in items[:SMS_ITEMS]:
            title = "" if kind in ("report", "duty") else " " + cut(clean(item["title"]), SMS_TITLE)
            if kind == "workflow":
                title += f" {WORKFLOW[item['workflow']]}"
            detail = _detail(item)
            shown.append(f"{clean(item['ref'])}{title}" + (f"（{detail}）" if detail else ""))
        more = f"等{len(items)}项" if len(items) > SMS_ITEMS else f"{len(items)}项"
        lines.append(f"{SECTIONS[kind]}{more}：" + "；".join(shown))
    if _why(notice):
        lines.append(_why(notice))
    lines.append(f"经办：{clean(notice['by'])} {notice['date']}")
    return "\n".join(lines) + "\n"


def _rows(kind: str, items: list[dict]) -> tuple[list[str], list[list]]:
    if kind in ("report", "duty"):
        head = ["序号", "报送" if kind == "report" else "定期工作", "名称", "应报日期", "逾期", "已催办", "督办"]
        return head, [[n, i["ref"], i["title"], i["due"], f"{i['days_late']}天", f"{i['chased']}次", WORD[i["level"]]]
                      for n, i in enumerate(items, start=1)]
    if kind == "workflow":
        return ["序号", "任务", "名称", "事项", "期限"], [[n, i["ref"], i["title"], WORKFLOW[i["workflow"]], i["due"] or "—"]
                                                        for n, i in enumerate(items, start=1)]
    days = "逾期" if kind == "late" else "剩余"
    return ["序号", "任务", "标题", "完成时限", days, "已催办", "督办"], [
        [n, i["ref"], i["title"], i["due"], f"{i['days_late'] if kind == 'late' else i['days_left']}天",
         f"{i['chased']}次", WORD[i["level"]]] for n, i in enumerate(items, start=1)]


def markdown(notice: dict) -> str:
    parts = [f"# {TITLE[notice['level']]}\n", f"**{notice['no']}**　{_date_zh(notice['date'])}\n",
             f"**{_md(notice['department'])}**：\n",
             f"截至{_date_zh(notice['date'])}，你单位牵头的下列事项尚未办结或未按期报送进展，请抓紧办理，及时报送。"
             + _why(notice) + "\n"]
    for kind, items in _by_kind(notice).items():
        head, rows = _rows(kind, items)
        parts.append(f"## {SECTIONS[kind]}（{len(items)}项）\n\n" + _md_table(head, rows, ""))
    parts.append(f"经办人：{_md(notice['by'])}\n")
    return "\n".join(parts)


CSS = f"""body {{ font-family: {FONTS}; max-width: 46em; margin: 2em auto; color: #222; }}
.notice {{ page-break-after: always; }} .notice:last-child {{ page-break-after: auto; }}
h1 {{ text-align: center; letter-spacing: .3em; }} h1.yellow {{ color: #b8860b; }} h1.red {{ color: #c62828; }}
.no {{ text-align: center; }} table {{ border-collapse: collapse; width: 100%; margin: .5em 0 1em; }}
th, td {{ border: 1px solid #999; padding: .25em .4em; font-size: 10.5pt; }} .late {{ color: #c62828; }}
.by {{ text-align: right; margin-top: 2em; }}"""


def _html_notice(notice: dict) -> str:
    e = escape
    sections = []
    for kind, items in _by_kind(notice).items():
        head, rows = _rows(kind, items)
        cells = "".join("<tr>" + "".join(f"<td>{e(clean(str(c)))}</td>" for c in row) + "</tr>" for row in rows)
        sections.append(f"<h2>{e(SECTIONS[kind])}（{len(items)}项）</h2><table><tr>"
                        + "".join(f"<th>{e(h)}</th>" for h in head) + f"</tr>{cells}</table>")
    return (f'<section class="notice" data-department="{e(notice["department"])}">'
            f'<h1 class="{notice["level"]}">{e(TITLE[notice["level"]])}</h1>'
            f'<p class="no">{e(notice["no"])}　{e(_date_zh(notice["date"]))}</p>'
            f'<p><b>{e(clean(notice["department"]))}</b>：</p>'
            f'<p>截至{e(_date_zh(notice["date"]))}，你单位牵头的下列事项尚未办结或未按期报送进展，请抓紧办理，及时报送。'
            f'{e(_why(notice))}</p>{"".join(sections)}<p class="by">经办人：{e(clean(notice["by"]))}</p></section>')


def html(notices: list[dict]) -> str:
    """One self-contained page: every notice on a page of its own when printed."""
    title = notices[0]["no"] if len(notices) == 1 else f"催办单 {notices[0]['date']}"
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(_html_notice(n) for n in notices)
            + "\n</body>\n</html>\n")


def public(notice: dict) -> dict:
    """A notice as JSON carries it: without the database's ids."""
    hidden = ("department_id", "task_id", "duty_id")
    return {**{k: v for k, v in notice.items() if k not in hidden},
            "items": [{k: v for k, v in i.items() if k not in hidden} for i in notice["items"]]}


def render(notices: list[dict], fmt: str) -> str:
    """Every notice in one text, as stdout takes them (and a file takes one)."""
    if fmt == "json":
        return dumps([public(n) for n in notices], indent=2) + "\n"
    if fmt == "html":
        return html(notices)
    one = text if fmt == "txt" else markdown
    return "\n".join(one(n) for n in notices)
