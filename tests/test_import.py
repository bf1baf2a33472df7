"""`qtrack import`: validate everything, write in one transaction, keep history across re-imports."""

from __future__ import annotations

import json

from conftest import PLANS, absent, state
from conftest import (
    snapshot as dump,  # every row of every table: the "row-for-row unchanged" check
)


def test_first_import_then_same_file_again_reports_no_change(cli, plan2016, db):
    first = cli("import", str(plan2016))
    assert first.exit_code == 0
    assert first.stdout == f"2016 ({plan2016}): new plan: 10 tasks, 4 targets, 1 duty, 3 sections\n"
    before = dump(db)
    again = cli("import", str(plan2016))
    assert again.exit_code == 0
    assert again.stdout == (f"2016 ({plan2016}): no change (10 tasks, 4 targets, 1 duty): "
                            "same file as last imported, not read again (--force reads it)\n")
    assert dump(db) == before
    read = cli("import", str(plan2016), "--force")
    assert read.exit_code == 0
    assert read.stdout == f"2016 ({plan2016}): no change (10 tasks, 4 targets, 1 duty)\n"
    assert dump(db) == before


def test_folder_imports_every_bundled_plan(cli, db):
    result = cli("import", str(PLANS), "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = {r["plan"]: r for r in json.loads(result.stdout)}
    assert sorted(summary) == ["2014", "2016", "central-2017", "city-action", "gansu-2011"]
    assert len(summary["2014"]["tasks"]["added"]) == 33
    assert all(r["new"] for r in summary.values())


def test_reimport_of_edited_file_updates_retires_and_keeps_progress(loaded, plan2016, db):
    assert loaded("update", "2016/3", "--status", "doing", "--progress", "40", "--by", "李四",
                  "--date", "2016-06-01", "--as-of", "2016-06-02").exit_code == 0
    text = plan2016.read_text(encoding="utf-8")
    text = text.replace("title: 加强品牌建设", "title: 加强品牌建设工作")  # task 6 changed
    start = text.index('      - code: "9"')
    end = text.index('\n  - code: "4.3"', start) + 1  # task 9 removed: the next section starts here
    plan2016.write_text(text[:start] + text[end:], encoding="utf-8")

    result = loaded("import", str(plan2016))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (f"2016 ({plan2016}): updated: 1 task changed, 1 task retired; 8 tasks unchanged\n"
                             "  2016/6: title 加强品牌建设 → 加强品牌建设工作\n"
                             "  2016/9: retired\n"
                             "retired tasks keep their history; `qtrack tasks --all` lists them\n")
    show = json.loads(loaded("show", "2016/3", "--format", "json").stdout)
    assert (show["status"], show["progress"]) == ("doing", 40)
    assert [(u["by"], u["progress"]) for u in show["updates"]] == [("李四", 40)]
    listed = [t["ref"] for t in json.loads(loaded("tasks", "--plan", "2016", "-f", "json").stdout)]
    assert "2016/9" not in listed and len(listed) == 9
    every = json.loads(loaded("tasks", "--plan", "2016", "--all", "-f", "json").stdout)
    assert [t for t in every if t["ref"] == "2016/9"][0]["retired"] is True
    assert json.loads(loaded("show", "2016/6", "-f", "json").stdout)["title"] == "加强品牌建设工作"

    # Put task 9 back: it comes back from retirement, with the same row (and so its history).
    plan2016.write_text(text, encoding="utf-8")
    back = loaded("import", str(plan2016))
    assert back.stdout == f"2016 ({plan2016}): updated: 1 task changed; 9 tasks unchanged\n  2016/9: back in the file\n"


def test_dry_run_reports_and_writes_nothing(loaded, plan2016, db):
    before = dump(db)
    plan2016.write_text(plan2016.read_text(encoding="utf-8").replace("title: 加强品牌建设", "title: 新标题"),
                        encoding="utf-8")
    result = loaded("import", "--dry-run", str(plan2016))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"2016 ({plan2016}): updated: 1 task changed; 9 tasks unchanged",
                                          "  2016/6: title 加强品牌建设 → 新标题",
                                          "dry run: nothing written"]  # the summary first, then that it was not written
    assert dump(db) == before


BAD = """\
qtrack: 1
plan:
  title: 坏计划
  colour: red
sections:
  - code: "1"
    title: 一
    title: 二
    tasks:
      - {code: "1", title: 任务, due: 2016-13-45}
"""


def test_bad_file_refused_whole_database_byte_for_byte_unchanged(loaded, db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    before = state(db)
    result = loaded("import", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:4: unknown key 'colour' in plan (allowed: id, title, issuer, doc_no, issued, start, end, source, "
        "lead, notes, due, ack_within, review, report_every, report_day)",
        f"{bad}:8: duplicate key 'title' in a section (first given on line 7)",
        f"{bad}:10: the due date of task 1: 2016-13-45 is not a real date",
        "error: refused: 3 problems in 1 file; nothing was written",
    ]
    assert state(db) == before
    assert "Traceback" not in result.stderr


def test_one_bad_file_among_good_ones_writes_none_of_them(cli, db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    result = cli("import", str(PLANS / "2014.yaml"), str(bad))
    assert result.exit_code == 1
    assert absent(db)  # validated before the database is even opened


def test_two_files_with_one_plan_id_are_refused(cli, db, tmp_path, plan2016):
    other = tmp_path / "copy.yaml"
    other.write_text(plan2016.read_text(encoding="utf-8").replace('id: "2016"', 'id: "2016"'), encoding="utf-8")
    text = other.read_text(encoding="utf-8")
    if 'id: "2016"' not in text:  # the bundled file may rely on the file stem
        text = text.replace("plan:\n", 'plan:\n  id: "2016"\n', 1)
        other.write_text(text, encoding="utf-8")
    result = cli("import", str(plan2016), str(other))
    assert result.exit_code == 1
    assert f"plan id '2016' is also the id of {plan2016}" in result.stderr


def test_missing_path_and_empty_folder(cli, tmp_path):
    assert cli("import", str(tmp_path / "nope.yaml")).stderr == f"error: {tmp_path / 'nope.yaml'}: no such file or folder\n"
    (tmp_path / "empty").mkdir()
    assert cli("import", str(tmp_path / "empty")).stderr == f"error: {tmp_path / 'empty'}: no *.yaml plan files in this folder\n"


def test_department_aliases_resolve_to_one_department(cli, tmp_path):
    plan = tmp_path / "a.yaml"
    plan.write_text("""\
qtrack: 1
plan: {title: 别名测试}
departments:
  - {name: 质量司, full_name: 质检总局质量管理司, aliases: [总局质量司]}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 甲, lead: [总局质量司]}
      - {code: "2", title: 乙, lead: [质量司], support: [监督司]}
""", encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    rows = json.loads(cli("tasks", "--dept", "总局质量司", "-f", "json").stdout)
    assert [(r["ref"], r["lead"], r["role"]) for r in rows] == [("a/1", ["质量司"], "lead"), ("a/2", ["质量司"], "lead")]
    depts = {d["department"]: d for d in json.loads(cli("depts", "-f", "json").stdout)}
    assert sorted(depts) == ["监督司", "质量司"]
    assert depts["质量司"]["aliases"] == ["总局质量司"] and depts["质量司"]["full_name"] == "质检总局质量管理司"


def test_depts_narrowed_to_a_plan_count_only_its_tasks(cli):
    assert cli("import", str(PLANS / "2014.yaml"), str(PLANS / "2016.yaml")).exit_code == 0
    both = {d["department"]: d for d in json.loads(cli("depts", "-f", "json").stdout)}
    only = {d["department"]: d for d in json.loads(cli("depts", "--plan", "2016", "-f", "json").stdout)}
    assert (both["质量司"]["lead"], only["质量司"]["lead"], only["质量司"]["support"]) == (37, 4, 5)
