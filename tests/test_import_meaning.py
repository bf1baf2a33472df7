"""Import keeps what users mean: a renumbered task (`was:`) keeps its row and history, a department
name a typo away from a known one is flagged (refused with --strict), and the summary names
what changed."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PLANS, absent, rows, snapshot

AS_OF = "2016-12-15"


def renumber(path: Path, old: str, new: str, *, was: str | None = None) -> None:
    """Give task `old` the code `new` (and `was: old`, unless told otherwise), with its targets."""
    text = path.read_text(encoding="utf-8")
    line = f'      - code: "{old}"\n'
    assert text.count(line) == 1
    was_line = "" if was == "" else f'        was: "{was or old}"\n'
    text = text.replace(line, f'      - code: "{new}"\n{was_line}').replace(f'    task: "{old}"\n', f'    task: "{new}"\n')
    path.write_text(text, encoding="utf-8")


def history(cli, ref: str) -> list[tuple]:
    result = cli("show", ref, "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return [(u["date"], u["progress"], u["note"]) for u in json.loads(result.stdout)["updates"]]


def test_a_renumbered_task_keeps_its_row_history_and_targets(loaded, plan2016, db):
    assert loaded("update", "2016/4", "--progress", "30", "--note", "地标", "--date", "2016-10-01",
                  "--as-of", AS_OF).exit_code == 0
    [(row_id,)] = rows(db, "SELECT id FROM task WHERE plan_id = '2016' AND code = '4'")
    renumber(plan2016, "4", "4b")
    result = loaded("import", str(plan2016))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (f"2016 ({plan2016}): updated: 1 task renumbered; 9 tasks unchanged\n"
                             "  2016/4b: renumbered 4 → 4b\n")
    assert history(loaded, "2016/4b") == [("2016-10-01", 30, "地标")]
    assert rows(db, "SELECT id FROM task WHERE plan_id = '2016' AND code = '4b'") == [(row_id,)]
    assert rows(db, "SELECT count(*) FROM task WHERE plan_id = '2016' AND code = '4'") == [(0,)]
    targets = json.loads(loaded("targets", "--plan", "2016", "--as-of", AS_OF, "-f", "json").stdout)
    assert [t["task"] for t in targets if t["code"] in ("T2", "T3", "T4")] == ["2016/4b"] * 3
    log = json.loads(loaded("log", "--plan", "2016", "-f", "json").stdout)
    assert (log[0]["ref"], log[0]["action"], log[0]["detail"]) == ("2016/4b", "renumbered", "4 → 4b")
    # The file keeps its `was`: importing it again changes nothing.
    before = snapshot(db)
    again = loaded("import", str(plan2016))
    assert again.stdout == f"2016 ({plan2016}): no change (10 tasks, 4 targets, 1 duty)\n"
    assert snapshot(db) == before


def test_codes_may_shift_along_and_swap(loaded, plan2016, db):
    for ref, note in (("2016/4", "四"), ("2016/5", "五"), ("2016/9", "九"), ("2016/10", "十")):
        assert loaded("update", ref, "--note", note, "--date", "2016-10-01", "--as-of", AS_OF).exit_code == 0
    renumber(plan2016, "10", "11")   # 10 → 11 and 9 → 10: a shift along
    renumber(plan2016, "9", "10")
    renumber(plan2016, "4", "x", was="")  # 4 ↔ 5: a swap
    renumber(plan2016, "5", "4", was="5")
    renumber(plan2016, "x", "5", was="4")
    result = loaded("import", str(plan2016))
    assert result.exit_code == 0, result.stderr
    assert "4 tasks renumbered" in result.stdout
    assert {ref: history(loaded, ref)[0][2] for ref in ("2016/4", "2016/5", "2016/10", "2016/11")} == {
        "2016/4": "五", "2016/5": "四", "2016/10": "九", "2016/11": "十"}
    before = snapshot(db)
    assert "no change" in loaded("import", str(plan2016)).stdout  # made once, not again
    assert snapshot(db) == before


def test_a_new_database_takes_a_file_with_was_as_it_is(cli, plan2016):
    renumber(plan2016, "4", "4b")
    result = cli("import", str(plan2016))
    assert result.exit_code == 0 and "new plan: 10 tasks" in result.stdout


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_was_that_names_no_task_is_refused(loaded, plan2016, db):
    renumber(plan2016, "4", "4b", was="44")
    before = snapshot(db)
    result = loaded("import", str(plan2016))
    assert result.exit_code == 1
    line = line_of(plan2016, '      - code: "4b"')
    assert result.stderr.splitlines() == [
        f"{plan2016}:{line}: task 4b: was '44' names no task of plan 2016 in the database",
        "error: refused: 1 problem in 1 file; nothing was written"]
    assert snapshot(db) == before


def test_a_renumbering_onto_a_code_that_stays_is_refused(loaded, plan2016, db):
    text = plan2016.read_text(encoding="utf-8")
    plan2016.write_text(text.replace('      - code: "5"\n', '      - code: "5"\n        was: "4"\n'), encoding="utf-8")
    before = snapshot(db)
    result = loaded("import", str(plan2016))
    assert result.exit_code == 1
    assert "task 5: was '4', but plan 2016 already has a task 5 that no task of the file takes over" in result.stderr
    assert snapshot(db) == before


def test_two_tasks_claiming_one_former_code_or_a_task_its_own(cli, plan2016, db):
    renumber(plan2016, "4", "4b")
    renumber(plan2016, "5", "5b", was="4")
    renumber(plan2016, "6", "6", was="6")
    result = cli("import", str(plan2016))
    assert result.exit_code == 1 and absent(db)
    line = {code: line_of(plan2016, f'      - code: "{code}"') for code in ("4b", "5b", "6")}
    assert result.stderr.splitlines()[:2] == [
        f"{plan2016}:{line['5b']}: task 5b: was '4' is claimed by task 4b on line {line['4b']} too; "
        "one task takes over a former code",
        f"{plan2016}:{line['6']}: task 6: was '6' is its own code; give the code it had before"]


# --- department names a typo away from one the database knows ---------------------------------

def misspell(path: Path) -> int:
    """Write 质量斯 for 质量司 in task 9's support list; return the task's line."""
    text = path.read_text(encoding="utf-8")
    old = "        support: [质量司, 检验司, 监督司, 执法司, 信息中心, 报刊社]\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old.replace("质量司", "质量斯")), encoding="utf-8")
    return line_of(path, '      - code: "9"')


WARNING = ("warning: department 质量斯 is new, one edit from 质量司 already in the database; "
           "if it is the same body, write its name (or declare 质量斯 as an alias)")


def test_a_near_miss_of_a_known_department_is_a_warning(loaded, plan2016, db):
    line = misspell(plan2016)
    result = loaded("import", str(plan2016))
    assert result.exit_code == 0
    assert result.stderr == f"{plan2016}:{line}: {WARNING}\n"
    assert "  2016/9: support 质量司、检验司、监督司、执法司、信息中心、报刊社 → 质量斯、检验司" in result.stdout


def test_strict_refuses_a_near_miss_and_writes_nothing(loaded, plan2016, db):
    line = misspell(plan2016)
    before = snapshot(db)
    result = loaded("import", "--strict", str(plan2016))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"{plan2016}:{line}: {WARNING} (--strict)",
                                          "error: refused: 1 problem in 1 file; nothing was written"]
    assert snapshot(db) == before


def test_a_name_far_from_every_known_one_or_a_declared_alias_is_no_warning(loaded, plan2016):
    text = plan2016.read_text(encoding="utf-8")
    text = text.replace("support: [质量司, 检验司, 监督司, 执法司, 信息中心, 报刊社]",
                        "support: [质量司, 检验司, 监督司, 执法司, 信息中心, 报刊社, 国家旅游局]")
    plan2016.write_text(text, encoding="utf-8")
    result = loaded("import", "--strict", str(plan2016))
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_fresh_database_warns_of_nothing_in_the_bundled_plans(cli):
    """质量司 and 计量司 are one edit apart and both real: only names new beside known ones are flagged."""
    result = cli("import", "--strict", str(PLANS))
    assert (result.exit_code, result.stderr) == (0, "")


# --- the summary ----------------------------------------------------------------------------

def test_the_summary_names_each_change_in_the_singular_where_it_is_one(loaded, plan2016):
    text = plan2016.read_text(encoding="utf-8")  # task 5 takes the plan's due date; give it its own
    plan2016.write_text(text.replace('      - code: "5"\n', '      - code: "5"\n        due: 2016-12-31\n'),
                        encoding="utf-8")
    result = loaded("import", str(plan2016))
    assert result.stdout == (f"2016 ({plan2016}): updated: 1 task changed; 9 tasks unchanged\n"
                             "  2016/5: due 2016-11-30 → 2016-12-31\n")
    dry = loaded("import", "--dry-run", "-f", "json", str(plan2016))
    [row] = json.loads(dry.stdout)
    assert row["dry_run"] is True and row["changed"] is False


def test_a_long_list_of_changes_is_cut_with_a_pointer_to_the_log(loaded, plan2016, monkeypatch):
    monkeypatch.setattr("qtrack.cli.plan_cmds.MOST_DETAILS", 3)
    text = plan2016.read_text(encoding="utf-8")
    plan2016.write_text(text.replace("due: 2016-11-30", "due: 2016-11-29"), encoding="utf-8")
    lines = loaded("import", str(plan2016)).stdout.splitlines()
    assert lines[1:] == ["  2016/1: due 2016-11-30 → 2016-11-29", "  2016/2: due 2016-11-30 → 2016-11-29",
                         "  … 8 more (qtrack log --plan 2016 lists every change)"]
