"""`depts` and `plans` count open, done and late tasks, and the scoreboard its departments' links,
without computing any task's state (issue 19): their counts must be those of the task listing
itself, by the one rule of lights.py, over a history with every kind of record that moves them —
closing, dropping and reopening, an approved extension, a 改派, an item handed on later — as of
days before, between and after them.
"""

from __future__ import annotations

import json

import pytest

DAYS = ["2016-04-01", "2016-09-30", "2016-10-15", "2016-12-05", "2016-12-15", "2017-03-01", "2017-06-01"]


def ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


def as_json(cli, *args):
    return json.loads(ok(cli, *args, "-f", "json").stdout)


@pytest.fixture
def history(loaded):
    cli = loaded
    for args in (("update", "2016/6", "--status", "done", "--date", "2016-09-30"),
                 ("update", "2016/7", "--status", "dropped", "--date", "2016-10-10"),
                 ("update", "2016/8", "--status", "done", "--date", "2016-10-01"),
                 ("update", "2016/9", "--progress", "60", "--date", "2016-10-01")):
        ok(cli, *args, "--as-of", "2016-12-20")
    ok(cli, "reopen", "2016/8", "--reason", "佐证不足", "--as-of", "2016-12-10")
    ok(cli, "extend", "2016/3", "--to", "2017-03-31", "--reason", "试点延后", "--as-of", "2016-10-01")
    ok(cli, "approve", "2016/3", "--as-of", "2016-10-08")
    ok(cli, "assign", "2016/4", "--lead", "执法司", "--support", "监督司", "--reason", "职责调整", "--as-of", "2016-10-12")
    ok(cli, "add", "--title", "领导批示事项", "--lead", "监督司", "--support", "质量司", "--due", "2016-12-01",
       "--date", "2016-11-01", "--by", "督查室", "--as-of", "2016-11-01")
    return cli


def by_listing(cli, day: str, plan: str | None = None) -> dict[str, dict]:
    """Each department's load counted from `tasks` (the live tasks, with their departments of the day)."""
    scope = ["--plan", plan] if plan else []
    load: dict[str, dict] = {}
    for t in as_json(cli, "tasks", "--limit", "0", "--as-of", day, *scope):
        closed = t["status"] in ("done", "dropped")
        for role in ("lead", "support"):
            for name in t[role]:
                d = load.setdefault(name, dict.fromkeys(("lead", "support", "open", "done", "overdue",
                                                         "overdue_lead"), 0))
                d[role] += 1
                d["open"] += not closed
                d["done"] += t["status"] == "done"
                d["overdue"] += t["light"] == "red"
                d["overdue_lead"] += t["light"] == "red" and role == "lead"
    return load


@pytest.mark.parametrize("day", DAYS)
def test_depts_counts_what_the_task_listing_shows(history, day):
    for plan in (None, "2016", "inbox"):
        listed = by_listing(history, day, plan)
        scope = ["--plan", plan] if plan else []
        counted = {d["department"]: {k: d[k] for k in ("lead", "support", "open", "done", "overdue", "overdue_lead")}
                   for d in as_json(history, "depts", "--limit", "0", "--as-of", day, *scope)}
        assert {name: d for name, d in counted.items() if any(d.values())} == listed, (day, plan)


@pytest.mark.parametrize("day", DAYS)
def test_the_scoreboard_counts_the_links_of_the_tasks_the_listing_shows(history, day):
    """status counts each department's links without any task's state: all of them, less those of
    the tasks not live (an item handed on after the day, another plan's)."""
    for plan in (None, "2016", "inbox"):
        scope = ["--plan", plan] if plan else []
        listed = {name: (d["lead"], d["support"]) for name, d in by_listing(history, day, plan).items()}
        board = as_json(history, "status", "--as-of", day, *scope)["departments"]
        assert {d["department"]: (d["lead"], d["support"]) for d in board} == listed, (day, plan)


@pytest.mark.parametrize("day", DAYS)
def test_plans_counts_what_the_task_listing_shows(history, day):
    tasks = as_json(history, "tasks", "--limit", "0", "--as-of", day)
    for p in as_json(history, "plans", "--as-of", day):
        mine = [t for t in tasks if t["plan"] == p["plan"]]
        assert (p["tasks"], p["done"], p["overdue"]) == (
            len(mine), sum(t["status"] == "done" for t in mine), sum(t["light"] == "red" for t in mine)), (day, p)


def test_the_history_moves_the_counts(history):
    """The records above change what is counted (else the comparison would prove little)."""
    before, after = by_listing(history, "2016-09-30"), by_listing(history, "2016-12-15")
    assert after["质量司"]["done"] == 1 and after["执法司"]["lead"] == before["执法司"]["lead"] + 1
    assert after["监督司"]["lead"] == before["监督司"]["lead"] + 1
    late = {t["ref"] for t in as_json(history, "tasks", "--limit", "0", "--as-of", "2016-12-15") if t["light"] == "red"}
    assert "2016/3" not in late and "2016/8" in late and "inbox/1" in late
