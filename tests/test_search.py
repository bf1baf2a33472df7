"""`tasks --search`: case and width folded, the same on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qtrack.store.fold import fold

TITLES = ["推进ＩＳＯ９００１质量管理体系认证", "iso 14001 环境管理", "ΟΔΟΣ 道路质量", "Ⅻ号文件落实",
          "完成率100%的_标准_项目", "质量强省"]


@pytest.fixture
def titled(cli, tmp_path):
    tasks = "\n".join(f'      - {{code: "{i}", title: "{t}", lead: [质量司]}}' for i, t in enumerate(TITLES, 1))
    tasks += '\n      - {code: "7", title: 标点, text: "《（甲）：ＡＢＣ，》", lead: [质量司]}'  # full-width punctuation
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


@given(st.text(st.sampled_from("，；：（）！？　,;a Aあ质Σς\u0301\u0323\u3099ｶﾞﬁⅫ㈠ＩＳＯ９가\u1100\u1161\u11a8é")
               | st.characters(), max_size=12))
def test_fold_is_nfkc_then_lowercase_whatever_the_text(text):
    """fold() replaces full-width punctuation before trying the slow normalize: the same result as
    NFKC then lowercase, next to combining marks, compatibility characters and Hangul jamo alike."""
    assert fold(text) == unicodedata.normalize("NFKC", text).lower()


def test_search_finds_text_past_full_width_punctuation(titled):
    result = titled("tasks", "--search", "ＩＳＯ９００１质量管理体系认证", "-f", "json")
    assert [t["code"] for t in json.loads(result.stdout)] == ["1"]
    result = titled("tasks", "--search", "iso9001质量管理体系认证,", "-f", "json")
    assert json.loads(result.stdout) == []
    result = titled("tasks", "--search", "（甲）：abc,", "-f", "json")  # the text of 7: 《（甲）：ＡＢＣ，》
    assert [t["code"] for t in json.loads(result.stdout)] == ["7"]


@pytest.mark.parametrize("limit", ["1", "2", "3", "4", "0"])
def test_a_searched_page_counts_every_match(titled, limit):
    """A search counts its matches in the page's own pass (a window before the LIMIT): the footer
    and the caption must still count all three matches of 质量, whatever the page holds."""
    every = json.loads(titled("tasks", "--search", "质量", "-f", "json").stdout)
    assert [t["code"] for t in every] == ["1", "3", "6"]
    page = json.loads(titled("tasks", "--search", "质量", "-f", "json", "--limit", limit).stdout)
    assert page == (every[:int(limit)] if limit != "0" else every)
    table = titled("tasks", "--search", "质量", "--limit", limit).stdout
    assert "3 tasks as of" in table
    assert ("… 2 more" in table) == (limit == "1") and ("more (use" in table) == (limit in ("1", "2"))
