"""The supervision workflow: 签收, 退回, 改派, 延期, 办结/销号 and 退办, from the command line, with every
refusal leaving the database as it was, and what the steps change everywhere they are read:
lights, overdue, status, the bulletin, show, log, the calendar, the dump — each as of a day.

The 2016 plan (issued 2016-05-13, every task due 2016-11-30): 2016/1 is led by 监督司 alone,
2016/3 by 质量司, 2016/4 by 科技司, 2016/5 jointly by 标准委, 质量司 and 科技司.
"""

from __future__ import annotations

import json

import pytest
from conftest import is_pg, rows, state


@pytest.fixture
def review(cli, plan2016):
    """The 2016 plan asking for 销号 and for 签收 within 3 days of its issue."""
    plan2016.write_text(plan2016.read_text(encoding="utf-8").replace(
        "  lead: []\n", "  lead: []\n  review: true\n  ack_within: 3\n", 1), encoding="utf-8")
    result = cli("import", str(plan2016))
    assert result.exit_code == 0, result.stderr
    return cli


def ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def task(cli, ref, day):
    return as_json(cli("show", ref, "-f", "json", "--as-of", day))


def listed(cli, day, *args):
    return {t["ref"]: t for t in as_json(cli("tasks", "--plan", "2016", "-f", "json", "--as-of", day, *args))}


def test_a_whole_cycle_from_the_command_line(review):
    cli = review
    ok(cli, "ack", "2016/3", "--as-of", "2016-05-15")
    ok(cli, "extend", "2016/3", "--to", "2016-12-31", "--reason", "试点延后", "--as-of", "2016-10-01")
    assert [r["ref"] for r in as_json(cli("requests", "-f", "json", "--as-of", "2016-10-01"))] == ["2016/3"]
    ok(cli, "approve", "2016/3", "--as-of", "2016-10-08")
    assert as_json(cli("requests", "-f", "json", "--as-of", "2016-10-08")) == []
    out = ok(cli, "update", "2016/3", "--status", "done", "--date", "2016-12-10", "--as-of", "2016-12-10")
    claimed = task(cli, "2016/3", "2016-12-10")
    assert (claimed["stage"], claimed["status"], claimed["light"]) == ("claimed", "done", "green")
    assert out.stdout.endswith("; 待销号: it awaits the office's qtrack close\n")
    ok(cli, "reopen", "2016/3", "--reason", "佐证不足", "--as-of", "2016-12-12")
    reopened = task(cli, "2016/3", "2016-12-12")
    assert (reopened["stage"], reopened["status"]) == ("acked", "doing")
    ok(cli, "update", "2016/3", "--status", "done", "--as-of", "2016-12-20")
    assert task(cli, "2016/3", "2016-12-20")["stage"] == "claimed"
    ok(cli, "close", "2016/3", "--note", "材料齐全", "--as-of", "2016-12-22")
    closed = task(cli, "2016/3", "2016-12-22")
    assert (closed["stage"], closed["claimed"], closed["closed"]) == ("closed", "2016-12-20", "2016-12-22")
    assert (closed["due"], closed["original_due"]) == ("2016-12-31", "2016-11-30")
    assert [(s["action"], s["role"], s["by"]) for s in closed["steps"]] == [
        ("ack", "department", "质量司"), ("extend", "department", "质量司"), ("approve", "office", "督查室"),
        ("reopen", "office", "督查室"), ("close", "office", "督查室")]
    log = as_json(cli("log", "--plan", "2016", "-f", "json", "--as-of", "2016-12-31"))
    assert [(e["action"], e["role"]) for e in reversed(log) if e["kind"] == "task"] == [
        ("ack", "department"), ("extend", "department"), ("approve", "office"), ("update", "department"),
        ("reopen", "office"), ("update", "department"), ("close", "office")]
    assert "[督办] 退办 佐证不足 (2016-12-12)" in [e["what"] for e in log]


def test_the_office_name_comes_from_the_option_else_the_environment(review, monkeypatch, db):
    ok(review, "extend", "2016/3", "--to", "2016-12-31", "--reason", "r", "--as-of", "2016-10-01")
    monkeypatch.setenv("QTRACK_OFFICE", "市政府督查室")
    ok(review, "reject", "2016/3", "--reason", "理由不充分", "--as-of", "2016-10-02")
    ok(review, "extend", "2016/3", "--to", "2016-12-15", "--reason", "r", "--as-of", "2016-10-03")
    ok(review, "approve", "2016/3", "--office", "质量司办公室", "--as-of", "2016-10-04")
    assert rows(db, "SELECT action, by, role FROM task_step ORDER BY id") == [
        ("extend", "质量司", "department"), ("reject", "市政府督查室", "office"),
        ("extend", "质量司", "department"), ("approve", "质量司办公室", "office")]
    assert task(review, "2016/3", "2016-10-04")["due"] == "2016-12-15"


# Each refused step, after the steps before it; the database must be exactly as it was.
REFUSALS = [
    ([], ("extend", "2016/3", "--to", "2017-01-31", "--reason", "r", "--as-of", "2016-12-05"),
     "was due on 2016-11-30: an extension is asked for on or before the due date"),
    ([], ("extend", "2016/3", "--to", "2016-11-01", "--reason", "r", "--as-of", "2016-10-01"),
     "an extension must be to a later date"),
    ([], ("extend", "2016/3", "--to", "9999-12-31", "--reason", "r", "--as-of", "2016-10-01"), "is after 2100"),
    ([("extend", "2016/3", "--to", "2016-12-31", "--reason", "r", "--as-of", "2016-06-01")],
     ("approve", "2016/3", "--to", "2101-01-01", "--as-of", "2016-06-02"), "is after 2100"),
    ([], ("close", "2016/3", "--as-of", "2016-10-01"), "nobody has claimed it done"),
    ([], ("reopen", "2016/3", "--reason", "r", "--as-of", "2016-10-01"), "nobody has claimed it done"),
    ([], ("ack", "2016/4", "--by", "认监委", "--as-of", "2016-10-01"), "认监委 is not a lead of 2016/4"),
    ([], ("ack", "2016/5", "--as-of", "2016-10-01"), "has several leads (标准委、质量司、科技司): say which"),
    ([], ("approve", "2016/3", "--as-of", "2016-10-01"), "no request for extension pending: nothing to approve"),
    ([], ("reject", "2016/3", "--reason", "r", "--as-of", "2016-10-01"), "nothing to reject"),
    ([], ("decline", "2016/3", "--reason", " ", "--as-of", "2016-10-01"), "a decline needs a reason"),
    ([], ("ack", "2016/3", "--date", "2016-05-01", "--as-of", "2016-10-01"), "handed over on 2016-05-13"),
    ([], ("ack", "2016/3", "--date", "2016-10-02", "--as-of", "2016-10-01"), "cannot be recorded ahead"),
    ([], ("assign", "2016/3", "--lead", "质量斯", "--reason", "r", "--as-of", "2016-10-01"), "质量司"),
    ([("ack", "2016/3", "--as-of", "2016-06-01")], ("ack", "2016/3", "--as-of", "2016-06-02"),
     "already acknowledged on 2016-06-01"),
    ([("ack", "2016/3", "--as-of", "2016-06-01")], ("ack", "2016/1", "--date", "2016-05-20", "--as-of", "2016-06-02"),
     None),  # another task's steps are its own: this one is taken (the control of the next case)
    ([("ack", "2016/3", "--as-of", "2016-06-01")],
     ("decline", "2016/3", "--reason", "r", "--date", "2016-05-20", "--as-of", "2016-06-02"),
     "has a step dated 2016-06-01: a later one cannot be dated 2016-05-20"),
    ([("decline", "2016/3", "--reason", "非本部门职责", "--as-of", "2016-06-01")], ("ack", "2016/3", "--as-of", "2016-06-02"),
     "awaits the office's qtrack assign"),
    ([("extend", "2016/3", "--to", "2016-12-31", "--reason", "r", "--as-of", "2016-06-01")],
     ("extend", "2016/3", "--to", "2017-01-31", "--reason", "r", "--as-of", "2016-06-02"), "already has a request"),
    ([("extend", "2016/3", "--to", "2016-12-31", "--reason", "r", "--as-of", "2016-06-01")],
     ("approve", "2016/3", "--to", "2016-11-30", "--as-of", "2016-06-02"), "must be to a later date"),
    ([("update", "2016/3", "--status", "done", "--as-of", "2016-06-01"), ("close", "2016/3", "--as-of", "2016-06-02")],
     ("close", "2016/3", "--as-of", "2016-06-03"), "already closed on 2016-06-02"),
    ([("update", "2016/3", "--status", "done", "--as-of", "2016-06-01")],
     ("extend", "2016/3", "--to", "2016-12-31", "--reason", "r", "--as-of", "2016-06-02"), "is done: there is nothing"),
    ([], ("ack", "2016/T1", "--as-of", "2016-10-01"), "is a target: the workflow's steps are taken on tasks"),
]


@pytest.mark.parametrize("before, refused, message", REFUSALS)
def test_a_refused_step_leaves_the_database_as_it_was(review, db, before, refused, message):
    for args in before:
        ok(review, *args)
    was = state(db)
    result = review(*refused)
    if message is None:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 1, result.stdout
    assert message in result.stderr and result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert state(db) == was


def test_close_on_a_plan_without_review_is_refused_its_done_closes_it(loaded, db):
    ok(loaded, "update", "2016/3", "--status", "done", "--as-of", "2016-06-01")
    assert task(loaded, "2016/3", "2016-06-01")["stage"] == "done"
    was = state(db)
    result = loaded("close", "2016/3", "--as-of", "2016-06-02")
    assert result.exit_code == 1 and "does not ask for 销号 (review: false)" in result.stderr
    assert state(db) == was


def test_lights_and_overdue_use_the_approved_date_and_on_time_the_original(review):
    cli = review
    ok(cli, "extend", "2016/3", "--to", "2016-12-31", "--reason", "r", "--as-of", "2016-11-01")
    late = {r["ref"] for r in as_json(cli("overdue", "--plan", "2016", "-f", "json", "--as-of", "2016-12-05"))}
    assert "2016/3" in late  # a request alone moves nothing
    ok(cli, "approve", "2016/3", "--as-of", "2016-11-02")
    late = {r["ref"] for r in as_json(cli("overdue", "--plan", "2016", "-f", "json", "--as-of", "2016-12-05"))}
    assert "2016/3" not in late and "2016/4" in late
    assert listed(cli, "2016-12-05")["2016/3"]["light"] != "red"
    assert listed(cli, "2017-01-02")["2016/3"]["light"] == "red"  # past the approved date too
    ok(cli, "update", "2016/3", "--status", "done", "--date", "2016-12-20", "--as-of", "2016-12-20")
    ok(cli, "close", "2016/3", "--as-of", "2016-12-21")
    ok(cli, "update", "2016/10", "--status", "done", "--date", "2016-11-20", "--as-of", "2016-11-20")
    ok(cli, "close", "2016/10", "--as-of", "2016-11-21")
    board = as_json(cli("status", "--plan", "2016", "-f", "json", "--as-of", "2016-12-31"))
    quality = next(d for d in board["departments"] if d["department"] == "质量司")
    # 质量司 leads 2016/3 (closed late against 2016-11-30), 2016/5 (jointly), 2016/6 and 2016/10 (on time).
    assert (quality["closed"], quality["owed"], quality["on_time"], quality["extended"]) == (2, 4, 1, 1)
    assert quality["on_time_rate"] == 0.25
    [plan] = board["plans"]
    assert (plan["closed"], plan["on_time"], plan["owed"], plan["extended"], plan["pending"]) == (2, 1, 10, 1, 0)


def test_claimed_awaits_closing_everywhere_it_is_counted(review, tmp_path):
    cli = review
    ok(cli, "update", "2016/3", "--status", "done", "--as-of", "2016-12-01")
    ok(cli, "update", "2016/4", "--status", "done", "--as-of", "2016-12-01")
    ok(cli, "close", "2016/4", "--as-of", "2016-12-02")
    [plan] = as_json(cli("status", "--plan", "2016", "-f", "json", "--as-of", "2016-12-05"))["plans"]
    assert (plan["claimed"], plan["closed"], plan["done"]) == (1, 1, 2)
    overdue = cli("overdue", "--plan", "2016", "--as-of", "2016-12-05")
    assert "1 claimed done await 销号 (待销号, not late)" in overdue.stdout
    assert "2016/3" not in {r["ref"] for r in as_json(cli("overdue", "-f", "json", "--as-of", "2016-12-05"))}
    ok(cli, "report", "--plan", "2016", "-o", str(tmp_path / "r.md"), "--as-of", "2016-12-05")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "- 待销号: **1**" in text and "- 已办结(销号): **1**" in text and "- 未签收: **8**" in text


def test_every_step_counts_only_from_its_date(review):
    cli = review
    ok(cli, "ack", "2016/3", "--date", "2016-06-01", "--as-of", "2016-06-01")
    ok(cli, "extend", "2016/3", "--to", "2016-12-31", "--reason", "r", "--as-of", "2016-06-10")
    ok(cli, "approve", "2016/3", "--as-of", "2016-06-12")
    ok(cli, "update", "2016/3", "--status", "done", "--as-of", "2016-07-01")
    ok(cli, "close", "2016/3", "--as-of", "2016-07-05")
    stages = {day: task(cli, "2016/3", day) for day in ("2016-05-31", "2016-06-11", "2016-06-12", "2016-07-04")}
    assert stages["2016-05-31"]["stage"] == "unacked" and stages["2016-05-31"]["steps"] == []
    assert (stages["2016-06-11"]["due"], stages["2016-06-11"]["pending"]["due"]) == ("2016-11-30", "2016-12-31")
    assert (stages["2016-06-12"]["due"], stages["2016-06-12"]["pending"]) == ("2016-12-31", None)
    assert stages["2016-07-04"]["stage"] == "claimed"
    assert "2016/3" in listed(cli, "2016-05-31", "--unacked") and "2016/3" not in listed(cli, "2016-06-01", "--unacked")
    assert [r["ref"] for r in as_json(cli("requests", "-f", "json", "--as-of", "2016-06-11"))] == ["2016/3"]
    assert {e["action"] for e in as_json(cli("log", "-f", "json", "--as-of", "2016-06-11"))} >= {"ack", "extend"}
    assert "approve" not in {e["action"] for e in as_json(cli("log", "-f", "json", "--as-of", "2016-06-11"))}


def test_late_acknowledgement_is_counted_against_ack_within(review):
    cli = review
    ok(cli, "ack", "2016/3", "--date", "2016-05-16", "--as-of", "2016-05-20")  # issued 05-13, 3 days: on time
    result = ok(cli, "ack", "2016/1", "--date", "2016-05-20", "--as-of", "2016-05-20")
    assert "(4 days late)" in result.stdout
    assert task(cli, "2016/1", "2016-05-20")["ack_late"] == 4 and task(cli, "2016/3", "2016-05-20")["ack_late"] == 0
    board = as_json(cli("status", "--plan", "2016", "-f", "json", "--as-of", "2016-05-16"))
    assert board["plans"][0]["ack_late"] == 0  # as of 05-16 the three days have not yet run out
    board = as_json(cli("status", "--plan", "2016", "-f", "json", "--as-of", "2016-05-20"))
    depts = {d["department"]: d for d in board["departments"]}
    assert (depts["监督司"]["ack_late"], depts["监督司"]["unacked"]) == (1, 0)
    assert depts["科技司"]["ack_late"] == 2 and depts["质量司"]["ack_late"] == 3  # 2016/4, 5; 2016/5, 6, 10, not 3
    assert board["plans"][0]["ack_late"] == 9 - 1 + 1  # every task but 2016/3


def test_decline_then_assign_overrides_the_plan_file_until_it_changes(review, plan2016, db):
    cli = review
    ok(cli, "decline", "2016/4", "--reason", "非本部门职责", "--as-of", "2016-06-01")
    assert listed(cli, "2016-06-01")["2016/4"]["stage"] == "declined"
    ok(cli, "assign", "2016/4", "--lead", "质量司", "--support", "科技司", "--reason", "职能调整", "--as-of", "2016-06-03")
    shown = task(cli, "2016/4", "2016-06-03")
    assert (shown["lead"], shown["support"], shown["stage"]) == (["质量司"], ["科技司"], "unacked")
    assert shown["overrides"]["lead"] == ["科技司"]
    assert shown["steps"][-1]["departments"] == {"lead": ["质量司"], "support": ["科技司"]}
    assert as_json(cli("log", "-f", "json", "--as-of", "2016-06-03"))[0]["what"] == \
        "[督办] 改派 牵头 质量司 配合 科技司 职能调整 (2016-06-03)"
    assert "2016/4" in {t["ref"] for t in as_json(cli("tasks", "--dept", "质量司", "--role", "lead", "-f", "json"))}
    ok(cli, "ack", "2016/4", "--by", "质量司", "--as-of", "2016-06-04")
    # The same file again: nothing changes, the override stays.
    again = ok(cli, "import", str(plan2016))
    assert "no change" in again.stdout
    assert task(cli, "2016/4", "2016-06-04")["lead"] == ["质量司"]
    # The file edited elsewhere in the task: the override stays.
    text = plan2016.read_text(encoding="utf-8")
    plan2016.write_text(text.replace("title: 国家地理标志产品保护质量提升专项行动", "title: 地理标志产品保护质量提升专项行动"),
                        encoding="utf-8")
    ok(cli, "import", str(plan2016))
    kept = task(cli, "2016/4", "2016-06-04")
    assert (kept["title"], kept["lead"]) == ("地理标志产品保护质量提升专项行动", ["质量司"])
    # The file changes that task's departments: the file wins, the override is gone.
    plan2016.write_text(plan2016.read_text(encoding="utf-8").replace("        lead: [科技司]\n", "        lead: [检验司]\n", 1),
                        encoding="utf-8")
    ok(cli, "import", str(plan2016))
    now = task(cli, "2016/4", "2016-06-04")
    assert (now["lead"], now["overrides"]) == (["检验司"], None)


def test_export_json_and_restore_carry_the_steps_and_ics_the_approved_date(review, tmp_path, new_db):
    cli = review
    ok(cli, "extend", "2016/3", "--to", "2016-12-31", "--reason", "r", "--as-of", "2016-10-01")
    ok(cli, "approve", "2016/3", "--to", "2016-12-20", "--as-of", "2016-10-02")
    ok(cli, "update", "2016/3", "--status", "done", "--as-of", "2016-12-01")
    ok(cli, "close", "2016/3", "--as-of", "2016-12-02")
    dump = tmp_path / "all.json"
    ok(cli, "export", "--format", "json", "-o", str(dump))
    ics = tmp_path / "2016.ics"
    ok(cli, "export", "-f", "ics", "-o", str(ics), "--plan", "2016", "--as-of", "2016-10-05")
    assert "DTSTART;VALUE=DATE:20161220" in ics.read_text()  # 2016/3's approved date, the only one that day
    from typer.testing import CliRunner

    from qtrack.cli import app

    other = new_db("restored.db")
    result = CliRunner().invoke(app, ["restore", str(dump), "--db", str(other)])
    assert result.exit_code == 0, result.stderr
    again = CliRunner().invoke(app, ["show", "2016/3", "-f", "json", "--as-of", "2016-12-05", "--db", str(other)])
    assert json.loads(again.stdout) == task(cli, "2016/3", "2016-12-05")


def test_steps_are_history_the_database_keeps_append_only(review, db):
    from test_migrations import refuses

    ok(review, "ack", "2016/3", "--as-of", "2016-06-01")
    refuses(db, "UPDATE task_step SET date = '2016-01-01'")
    refuses(db, "DELETE FROM task_step")


def test_a_closed_task_reopened_and_claimed_again_needs_closing_again(review):
    cli = review
    for args in (("update", "2016/3", "--status", "done"), ("close", "2016/3"), ("reopen", "2016/3", "--reason", "复查不合格")):
        ok(cli, *args, "--as-of", "2016-06-01")
    assert task(cli, "2016/3", "2016-06-01")["status"] == "doing"
    ok(cli, "update", "2016/3", "--status", "done", "--as-of", "2016-06-01")  # the same day as the first 销号
    again = task(cli, "2016/3", "2016-06-01")
    assert (again["stage"], again["closed"]) == ("claimed", None)
    ok(cli, "close", "2016/3", "--as-of", "2016-06-02")
    assert task(cli, "2016/3", "2016-06-02")["closed"] == "2016-06-02"


def test_extend_and_close_keep_their_evidence_and_a_bad_file_refuses_the_step(review, db, tmp_path, monkeypatch):
    cli = review
    if is_pg(db):  # a server database keeps its evidence in the folder the office configures
        monkeypatch.setenv("QTRACK_EVIDENCE", str(tmp_path / "evidence"))
    letter = tmp_path / "延期申请.pdf"
    letter.write_bytes(b"%PDF-1.4 request")
    ok(cli, "extend", "2016/3", "--to", "2016-12-31", "--reason", "试点延后", "-e", str(letter), "--as-of", "2016-10-01")
    ok(cli, "approve", "2016/3", "--as-of", "2016-10-02")
    ok(cli, "update", "2016/3", "--status", "done", "--as-of", "2016-11-01")
    before = state(db)
    refused = cli("close", "2016/3", "-e", str(tmp_path / "missing.pdf"), "--as-of", "2016-11-02")
    assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
    assert state(db) == before  # neither the 销号 nor any evidence
    report = tmp_path / "验收报告.docx"
    report.write_bytes(b"PK report")
    ok(cli, "close", "2016/3", "-e", str(report), "--as-of", "2016-11-02")
    shown = task(cli, "2016/3", "2016-11-05")
    assert {(e["name"], e["size"]) for e in shown["evidence"]} == {("延期申请.pdf", 16), ("验收报告.docx", 9)}
    assert [e["name"] for e in task(cli, "2016/3", "2016-10-15")["evidence"]] == ["延期申请.pdf"]  # as of then
