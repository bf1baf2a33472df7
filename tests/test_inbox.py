"""The office's inbox (交办): `add` hands on items in no document as inbox/1, inbox/2, …, tracked like
any task, as of the day they were handed on; `export --format yaml --plan inbox` writes a plan file
that imports back changing nothing; plan files never change an inbox, `add` never a file's plan."""

from __future__ import annotations

import json

from conftest import rows, state
from typer.testing import CliRunner

from qtrack.cli import app

DAY = "2016-06-01"


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def refused(result, *words):
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert result.stderr.startswith("error: ") or "refused" in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def add(cli, title, *extra, date=DAY):
    return cli("add", "--title", title, "--lead", "监督司", "--due", "2016-09-30", "--date", date,
               "--by", "督查室", *extra, "--as-of", DAY)


def listed(cli, *extra):
    return json.loads(ok(cli("tasks", "--plan", "inbox", "-f", "json", *extra)).stdout)


def test_items_are_numbered_in_order_and_tracked_like_any_task(loaded, db):
    assert "added inbox/1" in ok(add(loaded, "开展电梯安全专项检查", "--support", "执法司", "--source", "领导批示",
                                     "--text", "张副局长批示:立即部署。", date="2016-05-20")).stdout
    assert "added inbox/2" in ok(add(loaded, "研究质量奖评审办法", "--source", "会议议定")).stdout
    tasks = listed(loaded, "--as-of", DAY)
    assert [(t["ref"], t["title"], t["lead"], t["support"], t["due"]) for t in tasks] == [
        ("inbox/1", "开展电梯安全专项检查", ["监督司"], ["执法司"], "2016-09-30"),
        ("inbox/2", "研究质量奖评审办法", ["监督司"], [], "2016-09-30")]
    shown = json.loads(ok(loaded("show", "inbox/1", "-f", "json", "--as-of", DAY)).stdout)
    assert shown["text"] == "张副局长批示:立即部署。" and shown["notes"] == "领导批示, 2016-05-20 交办 (督查室)"
    plans = json.loads(ok(loaded("plans", "-f", "json", "--as-of", DAY)).stdout)
    assert [(p["plan"], p["title"], p["tasks"]) for p in plans] == [("2016", "质量品牌提升行动计划(2016)", 10),
                                                                    ("inbox", "交办事项", 2)]
    ok(loaded("update", "inbox/1", "--progress", "40", "--as-of", DAY))
    late = json.loads(ok(loaded("overdue", "-f", "json", "--as-of", "2016-10-01")).stdout)
    assert {"inbox/1", "inbox/2"} <= {t["ref"] for t in late}
    assert rows(db, "SELECT by, command, kind, code, action FROM audit WHERE plan_id = 'inbox' ORDER BY id") == [
        ("督查室", "add", "plan", None, "added"), ("督查室", "add", "task", "2", "added")]


def test_an_item_handed_on_after_the_as_of_day_is_absent(loaded, db):
    ok(add(loaded, "甲", date="2016-05-20"))
    ok(add(loaded, "乙", date=DAY))
    assert [t["ref"] for t in listed(loaded, "--as-of", "2016-05-31")] == ["inbox/1"]
    plans = json.loads(ok(loaded("plans", "-f", "json", "--as-of", "2016-05-31")).stdout)
    assert [p["tasks"] for p in plans if p["plan"] == "inbox"] == [1]
    refused(loaded("show", "inbox/2", "--as-of", "2016-05-31"), "handed on on 2016-06-01")
    before = state(db)
    refused(loaded("update", "inbox/2", "--progress", "5", "--date", "2016-05-31", "--as-of", DAY), "before it existed")
    assert state(db) == before


def test_the_exported_inbox_imports_back_changing_nothing_and_into_another_database(loaded, db, new_db, tmp_path):
    ok(add(loaded, "开展电梯安全专项检查", "--support", "执法司", "--source", "领导批示", "--text", "第一行\n第二行"))
    ok(add(loaded, "研究: 质量奖 # 办法", "--source", "会议议定"))
    ok(loaded("update", "inbox/1", "--progress", "40", "--note", "已部署", "--as-of", DAY))
    out = tmp_path / "inbox.yaml"
    assert "plan inbox, 2 items" in ok(loaded("export", "--format", "yaml", "--plan", "inbox", "-o", str(out))).stdout
    before = state(db)
    assert "no change" in ok(loaded("import", str(out))).stdout
    assert state(db) == before  # nothing duplicated, no update lost
    refused(loaded("export", "--format", "yaml", "--plan", "inbox", "-o", str(out)), "already exists")

    other = new_db("other.db")
    ok(CliRunner().invoke(app, ["import", str(out), "--db", str(other)]))
    mine = [(t["ref"], t["title"], t["lead"], t["support"], t["due"]) for t in listed(loaded, "--as-of", DAY)]
    theirs = json.loads(ok(CliRunner().invoke(app, ["tasks", "--plan", "inbox", "-f", "json", "--as-of", DAY,
                                                   "--db", str(other)])).stdout)
    assert [(t["ref"], t["title"], t["lead"], t["support"], t["due"]) for t in theirs] == mine
    text = rows(other, "SELECT text FROM task WHERE code = '1'")
    assert text == [("第一行\n第二行",)]
    # There it is a plan from a file: add refuses it.
    refused(CliRunner().invoke(app, ["add", "--title", "丙", "--lead", "监督司", "--due", "2016-09-30",
                                     "--as-of", DAY, "--db", str(other)]), "its tasks come from its file")


def test_a_plan_file_that_would_change_the_inbox_is_refused(loaded, db, tmp_path):
    ok(add(loaded, "甲"))
    out = tmp_path / "inbox.yaml"
    ok(loaded("export", "--format", "yaml", "--plan", "inbox", "-o", str(out)))
    out.write_text(out.read_text(encoding="utf-8").replace("title: 甲", "title: 甲改"), encoding="utf-8")
    before = state(db)
    refused(loaded("import", str(out)), "is the office's inbox", "nothing was written")
    assert state(db) == before


def test_add_refuses_a_plan_from_a_file_and_bad_items_leaving_the_database_unchanged(loaded, db, tmp_path):
    ok(add(loaded, "甲"))
    before = state(db)
    refused(add(loaded, "乙", "--plan", "2016"), "plan 2016 came from", "its tasks come from its file")
    refused(loaded("add", "--title", "乙", "--lead", "监督斯", "--due", "2016-09-30", "--as-of", DAY), "监督斯")
    refused(loaded("add", "--title", "乙", "--lead", "监督司", "--due", "2016-05-01", "--as-of", DAY),
            "before the day the item is handed on")
    refused(loaded("add", "--title", "乙", "--lead", "监督司", "--due", "2016-09-30", "--date", "2016-06-02",
                   "--as-of", DAY), "ahead")
    refused(loaded("add", "--title", "乙", "--lead", "监督司", "--support", "监督司", "--due", "2016-09-30",
                   "--as-of", DAY), "both lead and support")
    assert loaded("add", "--title", "  ", "--lead", "监督司", "--due", "2016-09-30", "--as-of", DAY).exit_code == 2
    refused(loaded("export", "--format", "yaml", "--plan", "2016", "-o", str(tmp_path / "x.yaml")), "came from")
    assert state(db) == before
    assert not (tmp_path / "x.yaml").exists()


def test_a_file_plan_called_inbox_is_a_file_plan(cli, db, tmp_path):
    plan = tmp_path / "inbox.yaml"
    plan.write_text('qtrack: 1\nplan: {id: inbox, title: 某文件}\nsections:\n  - code: "1"\n    title: 一\n'
                    '    tasks:\n      - {code: "1", title: 任务, lead: [监督司], due: 2016-09-30}\n', encoding="utf-8")
    ok(cli("import", str(plan)))
    before = state(db)
    refused(cli("add", "--title", "乙", "--lead", "监督司", "--due", "2016-09-30", "--as-of", DAY),
            "plan inbox came from", "--plan ID")
    assert state(db) == before
    assert "added mine/1" in ok(cli("add", "--title", "乙", "--lead", "监督司", "--due", "2016-09-30",
                                    "--plan", "mine", "--as-of", DAY)).stdout
