"""Listings are paged: a table shows a screenful and says how many more; --limit 0 shows all;
JSON and CSV give every row unless --limit is given, and stream them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import PLANS

from qtrack.cli import options
from qtrack.output import write_json_rows
from qtrack.store import queries

AS_OF = "2017-01-01"  # every bundled plan has late tasks by then, and 2016/D1 missed meetings


@pytest.fixture
def everything(cli):
    result = cli("import", str(PLANS))
    assert result.exit_code == 0, result.stderr

    def run(*args: str):
        result = cli(*args, "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return run


def refs(text: str) -> list[str]:
    return [row["ref"] for row in json.loads(text)]


def table_rows(text: str) -> int:
    return sum(line.count("● ") for line in text.splitlines())


def test_a_table_off_a_terminal_shows_twenty_rows_and_says_how_many_more(everything):
    late = refs(everything("overdue", "-f", "json"))
    assert len(late) > 100  # JSON is not paged by default
    out = everything("overdue")
    assert table_rows(out) == options.FALLBACK_PAGE
    assert out.rstrip().endswith(f"… {len(late) - 20} more (use --limit 0 for all)")


def test_limit_n_and_limit_0(everything):
    every = refs(everything("tasks", "-f", "json"))
    out = everything("tasks", "--limit", "7")
    assert table_rows(out) == 7 and f"… {len(every) - 7} more" in out
    assert f"{len(every)} tasks as of {AS_OF}" in out  # the caption counts every match, not the page
    whole = everything("tasks", "--limit", "0")
    assert table_rows(whole) == len(every) and "more (use" not in whole
    assert refs(everything("tasks", "-f", "json", "--limit", "3")) == every[:3]
    assert "more" not in everything("tasks", "-f", "json", "--limit", "3")  # JSON stays JSON


@pytest.mark.parametrize("limit", [1, 5, 12, 40, 150])
def test_an_overdue_page_is_the_head_of_the_whole_list(everything, limit):
    """Late tasks come paged from SQL and missed duty occurrences are merged in: the page must
    be exactly the first rows of the full, worst-first list, occurrences in their places."""
    whole = json.loads(everything("overdue", "-f", "json", "--limit", "0"))
    assert any(r["kind"] == "duty" for r in whole[:150]) and any(r["kind"] == "task" for r in whole[:150])
    assert [r["days_late"] for r in whole] == sorted((r["days_late"] for r in whole), reverse=True)
    assert json.loads(everything("overdue", "-f", "json", "--limit", str(limit))) == whole[:limit]


def test_status_of_a_department_counts_all_its_tasks_when_paged(everything):
    rows = json.loads(everything("status", "--dept", "质量司", "-f", "json"))
    lead = sum(r["role"] == "lead" for r in rows)
    red = sum(r["light"] == "red" for r in rows)
    amber = sum(r["light"] == "amber" for r in rows)
    out = everything("status", "--dept", "质量司", "--limit", "2")
    assert table_rows(out) == 2
    assert f"leads {lead}, supports {len(rows) - lead}; {red} red, {amber} amber" in out
    assert f"… {len(rows) - 2} more" in out
    # The page is sorted on its keys before any state is computed: the head of the whole list,
    # lead tasks first, each role in document order, with the state the whole list gives them.
    assert [r["role"] for r in rows] == sorted(r["role"] for r in rows)
    for limit in (1, 3, lead, lead + 1):
        assert json.loads(everything("status", "--dept", "质量司", "-f", "json", "--limit", str(limit))) == rows[:limit]


def test_targets_and_depts_page_too(everything):
    every = json.loads(everything("targets", "-f", "json"))
    met = sum(t["state"] == "met" for t in every)
    out = everything("targets", "--limit", "2")
    assert f"达标 {met} ·" in out and f"… {len(every) - 2} more" in out
    assert refs(everything("targets", "-f", "json", "--limit", "2")) == [t["ref"] for t in every[:2]]
    depts = json.loads(everything("depts", "-f", "json"))
    out = everything("depts", "--limit", "3")
    assert f"… {len(depts) - 3} more" in out
    assert [d["department"] for d in json.loads(everything("depts", "-f", "json", "--limit", "3"))] == \
        [d["department"] for d in depts[:3]]


def test_csv_header_is_known_before_the_rows(everything):
    rows = list(csv.DictReader(io.StringIO(everything("tasks", "--dept", "质量司", "-f", "csv"))))
    assert list(rows[0]) == queries.task_keys(role=True)
    assert len(rows) == len(json.loads(everything("tasks", "--dept", "质量司", "-f", "json")))
    header = everything("tasks", "--all", "-f", "csv", "--limit", "1").splitlines()[0]
    assert header.split(",") == queries.task_keys(retired=True)


def test_task_keys_are_the_keys_of_the_rows(everything):
    for args, keys in ((("tasks",), queries.task_keys()), (("tasks", "--dept", "质量司"), queries.task_keys(role=True))):
        for row in json.loads(everything(*args, "-f", "json")):
            assert list(row) == keys


def test_a_negative_limit_is_refused(loaded):
    result = loaded("tasks", "--limit", "-1")
    assert result.exit_code == 1
    assert result.stderr == "error: --limit -1: give a number of rows, or 0 for all\n"


@pytest.mark.parametrize("rows", [[], [{"ref": "2016/1", "lead": ["质量司"]}],
                                  [{"a": 1, "b": {"c": [1, 2]}}, {"a": "第二\n行"}, {}]])
def test_streamed_json_is_the_text_json_dump_gives(rows):
    out = io.StringIO()
    write_json_rows(iter(rows), out)
    assert out.getvalue() == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def test_a_terminal_gets_a_screenful(monkeypatch):
    import shutil
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a: __import__("os").terminal_size((100, 50)))
    assert options.page_size(None, "table") == 50 - options.TABLE_FRAME
    assert options.page_size(None, "json") is None
    assert options.page_size(0, "table") is None
    assert options.page_size(9, "csv") == 9


def test_the_late_count_leaves_out_closed_tasks_and_keeps_reopened_ones(everything, cli):
    """The count of late tasks is taken apart from the page (tasks ever closed are checked, the
    rest are late by their date): it must agree with the rows, whatever the history."""
    for ref, steps in (("2016/1", ["done"]), ("2016/2", ["dropped"]), ("2016/3", ["done", "doing"]),
                       ("gansu-2011/1", ["blocked"])):
        for i, step in enumerate(steps):
            result = cli("update", ref, "--status", step, "--date", f"2016-12-0{i + 1}", "--as-of", AS_OF)
            assert result.exit_code == 0, result.stderr
    late = [r for r in json.loads(everything("overdue", "-f", "json")) if r["kind"] == "task"]
    refs_late = {r["ref"] for r in late}
    assert "2016/1" not in refs_late and "2016/2" not in refs_late
    assert {"2016/3", "gansu-2011/1"} <= refs_late
    assert f"{len(late)} tasks late," in everything("overdue")
    assert f"{sum(r['plan'] == '2016' for r in late)} tasks late," in everything("overdue", "--plan", "2016")


EXTENDED = """\
qtrack: 1
plan: {id: x, title: 延期排序, issued: 2016-01-01}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 甲, lead: [甲司], due: 2016-03-01}
      - {code: "2", title: 乙, lead: [甲司], due: 2016-04-01}
      - {code: "3", title: 丙, lead: [甲司], due: 2016-05-01}
      - {code: "4", title: 丁, lead: [甲司], due: 2016-06-01}
      - {code: "5", title: 戊, lead: [甲司], due: 2016-02-01}
"""


@pytest.mark.parametrize("dept", [[], ["--dept", "甲司"]])
def test_an_overdue_page_orders_by_the_date_in_force_as_of_the_day(cli, tmp_path, dept):
    """The late page walks the plan's dates down an index and merges in the extended tasks: x/1,
    extended to 04-15, sits between 02-01 and 05-01; x/2, extended past the day, is not late; x/3's
    extension, approved on 08-01, moves it behind x/4 only from that day."""
    plan = tmp_path / "x.yaml"
    plan.write_text(EXTENDED, encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    steps = [("extend", "x/1", "--to", "2016-04-15", "--reason", "r", "--date", "2016-02-10"),
             ("approve", "x/1", "--date", "2016-02-20"),
             ("extend", "x/2", "--to", "2016-12-31", "--reason", "r", "--date", "2016-03-10"),
             ("approve", "x/2", "--date", "2016-03-20"),
             ("extend", "x/3", "--to", "2016-06-15", "--reason", "r", "--date", "2016-04-20"),
             ("approve", "x/3", "--date", "2016-08-01")]
    for args in steps:
        result = cli(*args, "--as-of", "2016-12-31")
        assert result.exit_code == 0, result.stderr
    for day, order in (("2016-07-01", ["x/5", "x/1", "x/3", "x/4"]), ("2016-08-02", ["x/5", "x/1", "x/4", "x/3"])):
        for limit in range(1, 6):
            result = cli("overdue", *dept, "-f", "json", "--limit", str(limit), "--as-of", day)
            assert result.exit_code == 0, result.stderr
            assert refs(result.stdout) == order[:limit]
        table = cli("overdue", *dept, "--limit", "2", "--as-of", day).stdout
        assert "4 tasks late," in table and "… 2 more" in table


COUNTED = """\
qtrack: 1
plan: {id: y, title: 计数, issued: 2016-01-01}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 甲, lead: [甲司], due: 2016-03-01}
      - {code: "2", title: 乙, lead: [甲司], due: 2016-03-01}
      - {code: "3", title: 丙, lead: [甲司], due: 2016-03-01}
      - {code: "4", title: 丁, lead: [甲司], due: 2016-03-01}
      - {code: "5", title: 戊, lead: [甲司], due: 2016-03-01}
      - {code: "6", title: 己, lead: [甲司], due: 2016-03-01}
"""


def test_plans_counts_each_tasks_latest_status_and_date_in_force_as_of_the_day(cli, tmp_path):
    """`plans` finds the closed tasks from the updates' side: same-day corrections (y/1 done, then
    doing; y/2 doing, then dropped), a back-dated update before a drop and one after the day (y/3),
    a done dated after the day (y/4), an extension past the day (y/5) and one approved after it (y/6)."""
    plan = tmp_path / "y.yaml"
    plan.write_text(COUNTED, encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    for args in (("update", "y/1", "--status", "done", "--date", "2016-04-01"),
                 ("update", "y/1", "--status", "doing", "--date", "2016-04-01"),
                 ("update", "y/2", "--status", "doing", "--date", "2016-04-01"),
                 ("update", "y/2", "--status", "dropped", "--date", "2016-04-01"),
                 ("update", "y/3", "--status", "dropped", "--date", "2016-04-02"),
                 ("update", "y/3", "--status", "doing", "--date", "2016-04-01"),
                 ("update", "y/3", "--status", "doing", "--date", "2016-06-15"),
                 ("update", "y/4", "--status", "done", "--date", "2016-06-01"),
                 ("extend", "y/5", "--to", "2016-12-31", "--reason", "r", "--date", "2016-02-01"),
                 ("approve", "y/5", "--date", "2016-02-02"),
                 ("extend", "y/6", "--to", "2016-12-31", "--reason", "r", "--date", "2016-02-01"),
                 ("approve", "y/6", "--date", "2016-06-01")):
        result = cli(*args, "--as-of", "2016-12-31")
        assert result.exit_code == 0, result.stderr
    # late: y/1 always, y/3 once taken up again, y/4 until done, y/6 until its extension is approved
    for day, done, late, live in (("2016-05-01", 0, 3, 4), ("2016-07-01", 1, 2, 5)):
        [row] = json.loads(cli("plans", "-f", "json", "--as-of", day).stdout)
        listed = json.loads(cli("tasks", "-f", "json", "--as-of", day).stdout)
        assert (row["tasks"], row["done"], row["overdue"]) == (6, done, late)
        assert row["done"] == sum(t["status"] == "done" for t in listed)
        assert row["overdue"] == sum(t["light"] == "red" for t in listed)
        assert row["done_share"] == round(done / live, 3)  # dropped ones left out
