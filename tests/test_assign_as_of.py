"""改派 and --as-of: as of a day, a task belongs to the departments it had on that day — the plan
file's, or those of the last `assign` dated on or before it — in every listing by department, the
ledger, the calendar and show.

The 2016 plan (every task due 2016-11-30): 2016/3 is led by 质量司, supported by twelve others (not
执法司, 国际司 or 监督司).
"""

from __future__ import annotations

import json

import pytest

from conftest import rows
from openpyxl import load_workbook

from qtrack import ledger


def ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


def refs(cli, command: str, dept: str, day: str) -> set[str]:
    out = json.loads(ok(cli, command, "--plan", "2016", "--dept", dept, "-f", "json", "--as-of", day).stdout)
    return {t["ref"] for t in (out if isinstance(out, list) else out["tasks"])}


def lead_of(cli, ref: str, day: str) -> list[str]:
    return json.loads(ok(cli, "show", ref, "-f", "json", "--as-of", day).stdout)["lead"]


def test_as_of_a_day_before_the_reassignment_the_task_has_its_old_departments(loaded, tmp_path):
    cli = loaded
    ok(cli, "assign", "2016/3", "--lead", "执法司", "--support", "监督司", "--reason", "职责调整", "--as-of", "2016-10-01")
    ok(cli, "assign", "2016/3", "--lead", "国际司", "--reason", "再调整", "--as-of", "2016-10-20")
    for day, lead in (("2016-09-30", "质量司"), ("2016-10-01", "执法司"), ("2016-10-19", "执法司"),
                      ("2016-10-20", "国际司"), ("2016-12-01", "国际司")):
        assert lead_of(cli, "2016/3", day) == [lead], day
        for dept in ("质量司", "执法司", "国际司"):
            assert ("2016/3" in refs(cli, "tasks", dept, day)) == (dept == lead), (day, dept)
    assert "2016/3" in refs(cli, "tasks", "监督司", "2016-10-05")  # a supporter of the first 改派 only
    assert "2016/3" not in refs(cli, "tasks", "监督司", "2016-09-30") | refs(cli, "tasks", "监督司", "2016-10-20")
    # overdue: red by 2016-12-01, and as of then it is 国际司's, not 质量司's
    assert "2016/3" in refs(cli, "overdue", "国际司", "2016-12-01")
    assert "2016/3" not in refs(cli, "overdue", "质量司", "2016-12-01")
    listed = json.loads(ok(cli, "tasks", "--plan", "2016", "-f", "json", "--as-of", "2016-09-30").stdout)
    assert [t["lead"] for t in listed if t["ref"] == "2016/3"] == [["质量司"]]


def test_status_and_the_ledger_by_department_count_the_departments_of_the_day(loaded, tmp_path):
    cli = loaded
    ok(cli, "assign", "2016/3", "--lead", "科技司", "--reason", "职责调整", "--as-of", "2016-10-01")

    def lead_count(dept: str, day: str) -> int:
        out = json.loads(ok(cli, "status", "--plan", "2016", "-f", "json", "--as-of", day).stdout)
        return next(d["lead"] for d in out["departments"] if d["department"] == dept)

    assert (lead_count("质量司", "2016-09-30"), lead_count("科技司", "2016-09-30")) == (
        lead_count("质量司", "2016-10-01") + 1, lead_count("科技司", "2016-10-01") - 1)
    for day, present in (("2016-09-30", True), ("2016-10-01", False)):
        path = tmp_path / f"{day}.xlsx"
        ok(cli, "export", "-o", str(path), "--dept", "质量司", "--as-of", day)
        ws = load_workbook(path)["2016"]
        column = [c.value for c in ws[ledger.HEADER_ROW]].index(ledger.REF_HEADER) + 1
        shown = {ws.cell(n, column).value for n in range(ledger.HEADER_ROW + 1, ws.max_row + 1)}
        assert ("2016/3" in shown) == present, day


def test_a_task_with_no_departments_had_none_before_its_assignment(cli, plan2016):
    plan2016.write_text(plan2016.read_text(encoding="utf-8").replace(
        "lead: [质量司]", "lead: []", 1), encoding="utf-8")
    ok(cli, "import", str(plan2016))
    ref = next(t["ref"] for t in json.loads(ok(cli, "tasks", "--plan", "2016", "-f", "json", "--as-of", "2016-06-01").stdout)
               if not t["lead"])
    ok(cli, "assign", ref, "--lead", "质量司", "--reason", "明确牵头", "--as-of", "2016-06-01")
    assert lead_of(cli, ref, "2016-05-31") == [] and lead_of(cli, ref, "2016-06-01") == ["质量司"]
    assert ref not in refs(cli, "tasks", "质量司", "2016-05-31") and ref in refs(cli, "tasks", "质量司", "2016-06-01")


def test_an_upgraded_database_knows_the_departments_before_its_assignments(loaded, db):
    """m009 fills task_link_past from the 改派 steps already recorded."""
    from qtrack.store import open_store

    cli = loaded
    ok(cli, "assign", "2016/3", "--lead", "科技司", "--reason", "a", "--as-of", "2016-10-01")
    ok(cli, "assign", "2016/3", "--lead", "标准委", "--reason", "b", "--as-of", "2016-10-20")
    kept = rows(db, "SELECT step_id, seq, task_id, department_id, role, ended FROM task_link_past ORDER BY step_id, seq")
    store = open_store(db)
    with store.transaction():  # back to a database of before m009 (its table and its record)
        store.execute("DROP TABLE task_link_past")
        store.execute("DELETE FROM migration WHERE name = 'm009_wfledger'")
    store.close()
    assert lead_of(cli, "2016/3", "2016-09-30") == ["质量司"]  # the upgrade ran as the command opened it
    assert rows(db, "SELECT step_id, seq, task_id, department_id, role, ended FROM task_link_past "
                    "ORDER BY step_id, seq") == kept and len({r[0] for r in kept}) == 2
    assert lead_of(cli, "2016/3", "2016-10-19") == ["科技司"]


def test_the_score_and_the_log_by_department_take_the_leads_of_the_day(loaded):
    """As of a day before an 改派, the score ranks the departments that led then, and `log --dept`
    shows the old lead's record of the task, not the new lead's (2016's tasks name no 国际司)."""
    cli = loaded
    ok(cli, "update", "2016/3", "--progress", "10", "--note", "推进", "--date", "2016-09-01", "--as-of", "2016-09-01")
    ok(cli, "assign", "2016/3", "--lead", "国际司", "--reason", "职责调整", "--as-of", "2016-10-01")

    def ranked(day: str) -> list[str]:
        out = json.loads(ok(cli, "score", "--plan", "2016", "-f", "json", "--as-of", day).stdout)
        return [d["department"] for d in out["departments"]]

    def logged(dept: str, day: str) -> set[str]:
        return {e["ref"] for e in json.loads(ok(cli, "log", "--dept", dept, "-f", "json", "--as-of", day).stdout)}

    assert "国际司" not in ranked("2016-09-30") and "国际司" in ranked("2016-10-01")
    assert "2016/3" in logged("质量司", "2016-09-30") and "2016/3" not in logged("国际司", "2016-09-30")
    assert "2016/3" in logged("国际司", "2016-10-01") and "2016/3" not in logged("质量司", "2016-10-01")


NO_LEAD = """\
qtrack: 1
plan: {title: 无牵头任务, start: 2020-01-01, end: 2020-12-31, issued: 2020-01-01, ack_within: 5}
departments:
  - {name: 甲处}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 未定牵头, due: 2020-12-31}
"""


@pytest.mark.parametrize("day, stage", [("2020-03-31", None), ("2020-04-01", "unacked"), ("2020-04-02", "unacked")])
def test_a_task_given_its_first_lead_by_reassignment_awaits_签收_only_from_that_day(cli, tmp_path, day, stage):
    """Before the 改派 nobody led it, so nobody owed its 签收: as of then it is no one's to acknowledge
    (the stage the listings, the ledger and the 催办单's 待签收 all read)."""
    plan = tmp_path / "n.yaml"
    plan.write_text(NO_LEAD, encoding="utf-8")
    ok(cli, "import", str(plan))
    ok(cli, "assign", "n/1", "--lead", "甲处", "--reason", "明确牵头", "--as-of", "2020-04-01")
    [task] = json.loads(ok(cli, "tasks", "--plan", "n", "-f", "json", "--as-of", day).stdout)
    assert task["stage"] == stage
