"""The bulletin (督查通报): `qtrack report -o FILE.html|FILE.md`, checked by parsing what it writes
with the standard library (no browser needed): self-contained, one bar per department, the red
list worst first, the same figures as `qtrack status`."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from conftest import PLANS, rows

AS_OF = "2016-12-15"


class Page(HTMLParser):
    """Collects the tags, the chart's bars and the red list's first column of references."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.bars: list[str] = []
        self.figures: list[str] = []
        self.red: list[str] = []
        self._section = ""
        self._in = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        a = dict(attrs)
        if tag == "g" and a.get("class") == "bar":
            self.bars.append(a["data-department"])
        if tag == "b":
            self._in = "b"

    def handle_endtag(self, tag):
        if tag == "b":
            self._in = None

    def handle_data(self, data):
        if self.tags and self.tags[-1] == "h2":
            self._section = data
        if self._in == "b":
            if self._section.startswith("红灯任务"):
                self.red.append(data)
            elif self._section == "总体情况":
                self.figures.append(data)


@pytest.fixture
def everything(cli):
    """The five bundled plans with some progress, measurements and a met duty occurrence."""
    assert cli("import", str(PLANS)).exit_code == 0
    for args in (("update", "2016/2", "--status", "done", "--date", "2016-11-25"),
                 ("update", "2016/3", "--progress", "60", "--date", "2016-10-10"),
                 ("measure", "2016/T1", "92.5", "--date", "2016-12-10"),
                 ("update", "2016/D1@2016-03", "--status", "done", "--date", "2016-03-28")):
        assert cli(*args, "--as-of", AS_OF).exit_code == 0
    return cli


def leading_departments(db) -> list[str]:
    return sorted(r[0] for r in rows(
        db, "SELECT DISTINCT d.name FROM department d JOIN task_department td ON td.department_id = d.id "
            "JOIN task t ON t.id = td.task_id WHERE td.role = 'lead' AND NOT t.retired"))


def test_the_html_bulletin_is_self_contained_with_the_chart_and_the_red_list(everything, db, tmp_path):
    out = tmp_path / "bulletin.html"
    result = everything("report", "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out}: bulletin as of {AS_OF}: 123 tasks, 1 done, 89 red, 0 amber; recorded as made"
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    # self-contained: nothing fetched, nothing run
    assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)
    assert not any(name in ("src", "href") or (name or "").startswith("on") for name, _ in page.attrs)
    assert "http" not in html and "url(" not in html and "@import" not in html
    assert '<meta charset="utf-8">' in html and '<html lang="zh-CN">' in html
    assert "Noto Sans CJK SC" in html and "Microsoft YaHei" in html  # a font stack that carries Chinese
    assert "@page { size: A4" in html
    # the chart: one bar per department that leads a task
    assert page.tags.count("svg") >= 1 and sorted(page.bars) == leading_departments(db)
    # the red list, worst first: the same order as `qtrack overdue`, tasks only
    overdue = json.loads(everything("overdue", "--as-of", AS_OF, "-f", "json").stdout)
    assert page.red == [o["ref"] for o in overdue if o["kind"] == "task"]
    assert page.red[0] == "gansu-2011/B2" and page.red[-1] == "2016/10"
    # the headline agrees with `qtrack status`
    board = json.loads(everything("status", "--as-of", AS_OF, "-f", "json").stdout)["plans"]
    assert page.figures == [str(sum(p["tasks"] for p in board)), str(sum(p["done"] for p in board)),
                            str(sum(p["red"] for p in board)), str(sum(p["amber"] for p in board)),
                            "1/64", str(sum(p["duties_missed"] for p in board)),
                            *(str(sum(p[key] for p in board)) for key in ("unacked", "claimed", "closed")),
                            f'{sum(p["extended"] for p in board)}/{sum(p["pending"] for p in board)}',
                            f'{sum(p["on_time"] for p in board) / sum(p["owed"] for p in board):.0%}']


def test_the_chart_draws_each_department_in_proportion(everything, tmp_path):
    from qtrack import bulletin

    svg = bulletin.chart_svg([{"department": "甲", "lead": 4, "done": 1, "on_track": 1, "amber": 0, "red": 2},
                              {"department": "乙" * 20, "lead": 2, "done": 0, "on_track": 0, "amber": 2, "red": 0}])
    rects = [part.split('"') for part in svg.split("<rect ")[1:]]
    widths = [float(p[p.index(" width=") + 1]) for p in rects if ' width=' in p and "<title>" in "".join(p)]
    assert widths[0] == widths[1] == widths[2] / 2  # done 1, on track 1, red 2 of 甲
    assert widths[3] == widths[2]  # 乙's two amber: as long as 甲's two red
    assert "乙" * 12 + "…" in svg and "<title>" + "乙" * 20 + " 黄灯 2</title>" in svg


def test_the_markdown_bulletin_carries_the_same_content(everything, tmp_path):
    html, md = tmp_path / "b.html", tmp_path / "b.md"
    for out in (html, md):
        assert everything("report", "--plan", "2016", "--as-of", AS_OF, "-o", str(out)).exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# 督查通报\n\n质量品牌提升行动计划(2016) · 截至2016年12月15日\n")
    assert "- 红灯(逾期): **9**" in text and "- 指标达标: **1/4**" in text and "- 定期任务漏报: **8**" in text
    assert "| 检验司 | 1 | 1 | 0 | 0 | 0 |" in text  # departments: lead, done, on track, amber, red
    assert "| 2016/T1 | 10类重点消费品产品质量国家监督抽查合格率 | ≥ 90% | 92.5% (2016-12-10) | ██████████ 100% | 达标 |" in text
    assert "| 2016/D1@2016-04 | 领导小组全体会议或专题会议 | 质量司 | 2016-04-30 | 229天 |" in text
    red = [line.split(" | ")[1] for line in text.split("## 红灯任务")[1].split("##")[0].splitlines()
           if line.startswith("| ") and line[2].isdigit()]
    page = Page()
    page.feed(html.read_text(encoding="utf-8"))
    assert red == page.red == ["2016/1", "2016/3", "2016/4", "2016/5", "2016/6", "2016/7", "2016/8", "2016/9",
                               "2016/10"]


def test_a_department_bulletin(everything, tmp_path):
    out = tmp_path / "b.html"
    assert everything("report", "--dept", "监督司", "--as-of", AS_OF, "-o", str(out)).exit_code == 0
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert page.bars == ["监督司"]  # the chart counts what it leads; the red list is all it is named on
    overdue = json.loads(everything("overdue", "--dept", "监督司", "--as-of", AS_OF, "-f", "json").stdout)
    assert page.red == [o["ref"] for o in overdue if o["kind"] == "task"] and "2016/1" in page.red


def test_report_refuses_an_unknown_kind_of_file(everything, tmp_path):
    result = everything("report", "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 1 and result.stderr == "error: -o b.pdf: write the bulletin to FILE.html or FILE.md\n"
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize("dept", [None, "监督司"])
def test_a_long_red_list_shows_the_worst_and_counts_the_rest(everything, tmp_path, monkeypatch, dept):
    from qtrack import bulletin

    monkeypatch.setattr(bulletin, "RED_MOST", 3)
    scope = ["--dept", dept] if dept else []
    listed = json.loads(everything("tasks", *scope, "--as-of", AS_OF, "--limit", "0", "-f", "json").stdout)
    red = sum(t["light"] == "red" for t in listed)
    assert red > 3
    html, md = tmp_path / "b.html", tmp_path / "b.md"
    for out in (html, md):
        result = everything("report", *scope, "--as-of", AS_OF, "-o", str(out), "--no-record")
        assert result.exit_code == 0, result.stderr
        done, amber = (sum(t[k] == v for t in listed) for k, v in (("status", "done"), ("light", "amber")))
        assert f"{len(listed)} tasks, {done} done, {red} red, {amber} amber" in result.stdout  # the headline counts all
    overdue = json.loads(everything("overdue", *scope, "--as-of", AS_OF, "--limit", "0", "-f", "json").stdout)
    page = Page()
    page.feed(html.read_text(encoding="utf-8"))
    assert page.red == [o["ref"] for o in overdue if o["kind"] == "task"][:3]
    more = f"另有 {red - 3} 项红灯任务未列出 (qtrack overdue --limit 0 列出全部)。"
    assert more in html.read_text(encoding="utf-8") and f"\n{more}\n" in md.read_text(encoding="utf-8")
