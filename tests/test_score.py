"""考核评分: the rules file, the events each kind finds, the score recomputed by hand, the ranking
and its ties, --period and --as-of, and the score in the ledger and the bulletin."""

from __future__ import annotations

import os

import datetime as dt

import pytest
from conftest import state
from openpyxl import load_workbook
from score_helpers import as_json, load

from qtrack.scoring import rules as rules_file, scorer
from qtrack.scoring.events import KINDS, Event

RULES = """\
base = 100
[on_time]
points = 3
[late]
points = -2
every_days = 30
points_every_days = -1
cap = 100
[missed_duty]
points = -1
cap = 2
"""


@pytest.fixture
def scored(cli, tmp_path):
    load(cli, tmp_path)
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")

    def score(*args):
        return as_json(cli("score", "--rules", str(rules), "-f", "json", *args))

    return score


def test_a_score_is_recomputed_by_hand_from_its_events(scored):
    doc = scored("--as-of", "2016-06-30")
    jia = next(d for d in doc["departments"] if d["department"] == "甲司")
    # By hand, from the history: task 1 done on time (+3); task 2 closed 15 days late (-2, no full
    # 30 days); task 3 open 61 days late (-2, and -1 for each of 2 full 30 days); the report duty
    # missed in March, April and May (3 × -1 = -3, capped at -2). 甲司 supports task 5: nothing.
    assert jia["score"] == 100 + 3 + (-2) + (-2 - 1 * 2) + max(-2, 3 * -1) == 95
    assert jia["lost"] == 8
    assert {(e["rule"], e["ref"], e["date"], e["days_late"], e["points"]) for e in jia["events"]} == {
        ("on_time", "t/1", "2016-02-20", None, 3), ("late", "t/2", "2016-04-01", 15, -2),
        ("late", "t/3", "2016-05-01", 61, -4), ("missed_duty", "t/D1@2016-03", "2016-04-01", 91, -1),
        ("missed_duty", "t/D1@2016-04", "2016-05-01", 61, -1), ("missed_duty", "t/D1@2016-05", "2016-06-01", 30, -1)}
    # The breakdown adds up to the score, each category held within its cap.
    by_rule = {b["rule"]: b for b in jia["breakdown"]}
    assert (by_rule["missed_duty"]["points"], by_rule["missed_duty"]["counted"]) == (-3, -2)
    assert jia["base"] + sum(b["counted"] for b in jia["breakdown"]) == jia["score"]
    yi = next(d for d in doc["departments"] if d["department"] == "乙司")
    # 乙司: task 4 dropped 40 days late (-2 - 1), task 5 done on its due day (+3).
    assert (yi["score"], yi["rank"], jia["rank"]) == (100 - 3 + 3, 1, 2)


def test_the_score_as_of_a_day_ignores_everything_dated_after_it(cli, scored):
    before = scored("--as-of", "2016-06-30")
    assert cli("update", "t/3", "--status", "done", "--date", "2016-07-01", "--as-of", "2016-12-31").exit_code == 0
    assert scored("--as-of", "2016-06-30") == before
    later = next(d for d in scored("--as-of", "2016-07-31")["departments"] if d["department"] == "甲司")
    # Task 3 now closed 62 days late (-4 still); the June report is missed by the end of July (-1, but capped).
    assert later["score"] == 95


def test_a_period_counts_only_the_events_dated_in_it(scored):
    doc = scored("--period", "2016-Q2", "--as-of", "2016-06-30")
    assert (doc["from"], doc["to"]) == ("2016-04-01", "2016-06-30")
    jia = next(d for d in doc["departments"] if d["department"] == "甲司")
    # Q2 holds task 2's and 3's lateness (dated 04-01 and 05-01) and the misses dated 04-01, 05-01
    # and 06-01; task 1's close (02-20) is Q1's.
    assert {e["ref"] for e in jia["events"]} == {"t/2", "t/3", "t/D1@2016-03", "t/D1@2016-04", "t/D1@2016-05"}
    assert jia["score"] == 100 - 2 - 4 - 2
    q1 = scored("--from", "2016-01-01", "--to", "2016-03-31", "--as-of", "2016-06-30")
    assert next(d for d in q1["departments"] if d["department"] == "甲司")["score"] == 103
    # A window that reaches past the as-of date ends at it.
    assert scored("--period", "2016", "--as-of", "2016-06-30")["to"] == "2016-06-30"


def test_ties_share_a_rank_or_are_placed_by_points_lost():
    rules = rules_file.parse("[on_time]\npoints = 2\n[late]\npoints = -2\n", "r.toml")
    day = dt.date(2016, 5, 1)
    events = [Event("on_time", "丙司", "t/1", "一", day), Event("late", "丙司", "t/2", "二", day, 3)]
    ranked = scorer.rank(["丙司", "甲司", "乙司"], events, rules)
    assert [(r["department"], r["rank"], r["score"], r["lost"]) for r in ranked] == [
        ("乙司", 1, 100, 0), ("甲司", 1, 100, 0), ("丙司", 3, 100, 2)]
    assert ranked[0]["tie"] == "与丙司同分，按扣分排位（本部门扣 0 分，对方依次扣 2 分）；与甲司并列"
    assert ranked[2]["tie"] == "与乙司、甲司同分，按扣分排位（本部门扣 2 分，对方依次扣 0、0 分）"


def test_a_tie_of_many_names_three_and_counts_the_rest():
    """Forty departments on the base score and two below it: each note names three of the others
    and how many more, not forty names in each of forty rows; in Chinese, as the bulletin's."""
    rules = rules_file.parse("[late]\npoints = -2\n", "r.toml")
    day = dt.date(2016, 5, 1)
    names = [f"司{n:02d}" for n in range(40)]
    events = [Event("late", "乙司", "t/1", "一", day, 1), Event("late", "甲司", "t/2", "二", day, 1)]
    ranked = {r["department"]: r for r in scorer.rank(names + ["甲司", "乙司"], events, rules)}
    assert ranked["司00"]["tie"] == "与司01、司02、司03及另外 36 个部门并列"
    assert ranked["司39"]["tie"] == "与司00、司01、司02及另外 36 个部门并列"
    assert ranked["乙司"]["tie"] == "与甲司并列"
    five = {r["department"]: r for r in scorer.rank(names[:5], [], rules)}
    assert five["司00"]["tie"] == "与司01、司02、司03、司04并列"  # one more is named, not counted


def test_every_rule_category_has_an_event_kind():
    assert [k.key for k in KINDS] == list(rules_file.CATEGORIES)


def test_the_table_and_csv_show_the_ranking(cli, scored, tmp_path):
    result = cli("score", "--rules", str(tmp_path / "rules.toml"), "--as-of", "2016-06-30")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "起评分 100" in lines[0]
    rows = [line for line in lines if "司" in line and "│" in line]
    assert "乙司" in rows[0] and "100" in rows[0] and "甲司" in rows[1] and "95" in rows[1]
    csv = cli("score", "--rules", str(tmp_path / "rules.toml"), "--as-of", "2016-06-30", "-f", "csv")
    header, first, second = csv.stdout.splitlines()
    assert header == "rank,department,score,base,on_time,late,missed_duty,missed_report,extension,unanswered_chase,declined,lost,tie"
    assert second == "2,甲司,95,100,3,-6,-2,0,0,0,0,8,"


@pytest.mark.parametrize("text, line, words", [
    ("base = 100\n[late]\npoints = -2\ncap = -5\n", 4, "late.cap must be 0 or more"),
    ("[late]\npoints = \"two\"\n", 2, "late.points must be a number"),
    ("[on_time]\npoints = 1\nevery_days = 30\n", 3, "unknown key 'every_days' in [on_time]"),
    ("base = 100\n\n[lates]\npoints = 1\n", 3, "unknown key 'lates'"),
    ("base = true\n", 1, "base must be a number"),
    ("[late]\nevery_days = 0\n", 2, "late.every_days must be a whole number of days, 1 or more"),
    ("[late]\npoints = -2\n[late]\n", 3, "not TOML"),
])
def test_a_bad_rules_file_is_one_line_naming_its_line(cli, db, tmp_path, text, line, words):
    load(cli, tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    before = state(db)
    result = cli("score", "--rules", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}:{line}: ") and words in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "unexpected" not in result.stderr
    assert state(db) == before


def test_every_problem_of_a_rules_file_is_listed():
    with pytest.raises(rules_file.RulesError) as caught:
        rules_file.parse("base = 'x'\n[late]\ncap = -1\nfoo = 2\n", "r.toml")
    assert [str(p) for p in caught.value.problems] == [
        "r.toml:1: base must be a number, not text 'x'",
        "r.toml:3: late.cap must be 0 or more, not -1 (a cap bounds the category's total either way)",
        "r.toml:4: unknown key 'foo' in [late]; it takes points, cap, every_days, points_every_days"]


@pytest.mark.parametrize("args, words", [
    (("--period", "2016-Q5"), "is not a period"),
    (("--period", "2016-Q2", "--from", "2016-04-01"), "not both"),
    (("--from", "2016-05-01", "--to", "2016-04-01"), "is after --to"),
    (("--from", "2017-01-01", "--as-of", "2016-06-30"), "after the as-of date"),
    (("--rules", "/nonexistent/rules.toml"), "/nonexistent/rules.toml: cannot read"),
    (("--rules", "/dev/zero"), "/dev/zero: is not a regular file"),  # read to the end, it would fill memory
    (("--rules", "{tmp}/fifo"), "fifo: is not a regular file"),  # opened for reading, it would wait forever
    (("--rules", "{tmp}"), "is a folder"),
])
def test_bad_options_are_one_line(cli, db, tmp_path, args, words):
    load(cli, tmp_path)
    os.mkfifo(tmp_path / "fifo")
    args = [a.format(tmp=tmp_path) for a in args]
    result = cli("score", *args)
    assert result.exit_code == 1 and words in result.stderr and len(result.stderr.splitlines()) == 1


def test_the_default_rules_are_shipped_and_valid():
    rules = rules_file.load()
    assert rules.base == 100 and set(rules.categories) == set(rules_file.CATEGORIES)
    assert rules.rule("late").points_for(65) == -2 + 2 * -1


def test_the_ledger_has_a_scoring_sheet(cli, scored, tmp_path):
    out = tmp_path / "ledger.xlsx"
    result = cli("export", "-o", str(out), "--as-of", "2016-06-30", "--rules", str(tmp_path / "rules.toml"))
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(out)["考核"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == ("名次", "部门", "得分", "按期办结")
    assert [r[:6] for r in rows[1:]] == [(1, "乙司", 100, 3, -3, 0), (2, "甲司", 95, 3, -6, -2)]


def test_the_bulletin_carries_the_red_and_black_lists(cli, scored, tmp_path):
    out = tmp_path / "b.md"
    result = cli("report", "-o", str(out), "--as-of", "2016-06-30", "--rules", str(tmp_path / "rules.toml"))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    red = text.split("### 红榜 (前三名)")[1].split("###")[0]
    black = text.split("### 黑榜 (后三名)")[1].split("##")[0]
    assert "| 1 | 乙司 | 100 | 3 |" in red and "| 2 | 甲司 | 95 | 8 |" in red
    assert "无。" in black  # two departments: both on the 红榜, none left for the 黑榜


def test_an_approved_extension_and_a_decline_score_against_the_department_that_asked(cli, tmp_path):
    load(cli, tmp_path)
    for args in (("extend", "t/5", "--to", "2016-06-15", "--reason", "设备未到", "--date", "2016-05-01"),
                 ("approve", "t/5", "--date", "2016-05-03"),
                 ("decline", "t/3", "--reason", "不属本司职责", "--date", "2016-01-10")):
        result = cli(*args, "--as-of", "2016-12-01")
        assert result.exit_code == 0, result.stderr
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES + "[extension]\npoints = -1\n[declined]\npoints = -4\n", encoding="utf-8")

    def events(as_of):
        doc = as_json(cli("score", "--rules", str(rules), "-f", "json", "--as-of", as_of))
        return {(d["department"], e["rule"], e["ref"], e["date"], e["points"]) for d in doc["departments"]
                for e in d["events"] if e["rule"] in ("extension", "declined")}

    assert events("2016-06-30") == {("乙司", "extension", "t/5", "2016-05-03", -1),
                                    ("甲司", "declined", "t/3", "2016-01-10", -4)}
    assert events("2016-05-02") == {("甲司", "declined", "t/3", "2016-01-10", -4)}  # asked, not yet approved


def test_each_joint_lead_is_scored_for_the_task_whole_and_histories_stay_with_their_tasks(cli, tmp_path):
    # Joint leads each owe a task whole; the closing histories are read table by table and walked
    # beside the tasks, so a task with no update between two with several must keep none of theirs.
    plan = tmp_path / "j.yaml"
    plan.write_text("""\
qtrack: 1
plan: {id: j, title: 联合牵头, start: 2016-01-01, end: 2016-12-31}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 一, lead: [甲司, 乙司, 丙司], due: 2016-03-31}
      - {code: "2", title: 二, lead: [乙司], due: 2016-02-29}
      - {code: "3", title: 三, lead: [丙司, 甲司], due: 2016-04-30}
""", encoding="utf-8")
    assert cli("import", str(plan)).exit_code == 0
    for args in (("j/1", "--status", "doing", "--date", "2016-03-01"), ("j/1", "--status", "done", "--date", "2016-03-20"),
                 ("j/3", "--status", "doing", "--date", "2016-02-01"), ("j/3", "--status", "done", "--date", "2016-05-10")):
        assert cli("update", *args, "--as-of", "2016-12-31").exit_code == 0
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    doc = as_json(cli("score", "--rules", str(rules), "-f", "json", "--as-of", "2016-06-30"))
    events = {(d["department"], e["rule"], e["ref"], e["date"]) for d in doc["departments"] for e in d["events"]}
    assert events == {(name, "on_time", "j/1", "2016-03-20") for name in ("甲司", "乙司", "丙司")} | {
        ("乙司", "late", "j/2", "2016-03-01"),  # never updated: late from the day after its due date
        *((name, "late", "j/3", "2016-05-01") for name in ("丙司", "甲司"))}
