"""`tasks --search`: case and width folded, the same on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

import pytest

TITLES = ["推进ＩＳＯ９００１质量管理体系认证", "iso 14001 环境管理", "ΟΔΟΣ 道路质量", "Ⅻ号文件落实",
          "完成率100%的_标准_项目", "质量强省"]


@pytest.fixture
def titled(cli, tmp_path):
    tasks = "\n".join(f'      - {{code: "{i}", title: "{t}", lead: [质量司]}}' for i, t in enumerate(TITLES, 1))
    plan = tmp_path / "s.yaml"
    plan.write_text(f"""qtrack: 1
plan: {{id: s, title: 检索测试, start: 2016-01-01, end: 2016-12-31}}
sections:
  - code: "1"
    title: 一
    tasks:
{tasks}
""", encoding="utf-8")
    result = cli("import", str(plan))
    assert result.exit_code == 0, result.stderr
    return cli


@pytest.mark.parametrize("text, codes", [
    ("iso", ["1", "2"]),  # full-width ＩＳＯ folds to iso; case is folded
    ("ISO９００１", ["1"]),
    ("ｉｓｏ 14001", ["2"]),
    ("οδος", ["3"]),  # Unicode case: the final sigma folds as Python folds it
    ("xii", ["4"]),  # Ⅻ is XII in NFKC
    ("100%", ["5"]), ("_标准_", ["5"]), ("%", ["5"]),  # % and _ match themselves
    ("质量", ["1", "3", "6"]),
    ("质量省", []),
])
def test_search_folds_case_and_width_alike_on_every_engine(titled, text, codes):
    result = titled("tasks", "--search", text, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [t["code"] for t in json.loads(result.stdout)] == codes
