"""考核 with the reporting cycles, the chase record and the workflow's extensions: `missed_report`
and `unanswered_chase` recomputed by hand from the history, and `late` measured against the due
date an approved extension put in force — each as of a day.

The plan (monthly reports due on the 5th of the month after, from 2016-01-01):

  s/1 甲司 due 03-31  reported 01-20 (January's), done 03-20 (03-31: on time); owes January and
                      February (it closed in March): February missed (due 03-05)
  s/2 甲司 due 06-30  reported 03-01 (February's); January (due 02-05) and March (due 04-05) missed
  s/3 乙司 due 12-31  no cycle (report_every: null)

Chases to 甲司: №1 02-10 (asks s/2@2016-01), answered by the 03-01 update; №2 03-10 and №3 03-15
(both ask s/1@2016-02): №2 unanswered before №3, №3 answered by s/1's close on 03-20; №4 04-10
(asks s/2@2016-03): not answered by 04-30 — the note 乙司 signed on 04-15 is not 甲司's.
"""

from __future__ import annotations

import pytest
from score_helpers import as_json

PLAN = """\
qtrack: 1
plan: {id: s, title: 考核试验, issued: 2016-01-01, start: 2016-01-01, end: 2016-12-31, report_every: month, report_day: 5}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 甲一, lead: [甲司], due: 2016-03-31}
      - {code: "2", title: 甲二, lead: [甲司], due: 2016-06-30}
      - {code: "3", title: 乙一, lead: [乙司], due: 2016-12-31, report_every: null}
"""

RULES = """\
base = 100
[on_time]
points = 3
[late]
points = -2
every_days = 30
points_every_days = -1
[missed_report]
points = -2
cap = 5
[extension]
points = -1
[unanswered_chase]
points = -3
cap = 10
"""

HISTORY = [("update", "s/1", "--note", "一月进展", "--date", "2016-01-20"),
           ("chase", "--dept", "甲司", "--as-of", "2016-02-10"),
           ("update", "s/2", "--note", "二月进展", "--date", "2016-03-01"),
           ("chase", "--dept", "甲司", "--as-of", "2016-03-10"),
           ("chase", "--dept", "甲司", "--as-of", "2016-03-15"),
           ("update", "s/1", "--status", "done", "--date", "2016-03-20"),
           ("chase", "--dept", "甲司", "--as-of", "2016-04-10"),
           ("update", "s/2", "--note", "配合意见", "--by", "乙司", "--date", "2016-04-15")]


def run(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def scored(cli, tmp_path):
    plan = tmp_path / "s.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    run(cli, "import", str(plan))
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    for args in HISTORY:
        run(cli, *args, *(() if args[0] == "chase" else ("--as-of", "2016-12-31")))

    def score(*args):
        return as_json(cli("score", "--rules", str(rules), "-f", "json", *args))

    return score


def department(doc, name):
    return next(d for d in doc["departments"] if d["department"] == name)


def test_missed_reports_and_unanswered_chases_are_recomputed_by_hand(scored):
    jia = department(scored("--as-of", "2016-04-30"), "甲司")
    # By hand: s/1 done on time (+3); three reports missed, s/1@2016-02, s/2@2016-01 and
    # s/2@2016-03 (3 × -2 = -6, capped at -5); chases №2 and №4 unanswered (2 × -3).
    assert jia["score"] == 100 + 3 + max(-5, 3 * -2) + 2 * -3 == 92
    assert {(e["rule"], e["ref"], e["date"], e["points"]) for e in jia["events"]} == {
        ("on_time", "s/1", "2016-03-20", 3),
        ("missed_report", "s/1@2016-02", "2016-03-06", -2), ("missed_report", "s/2@2016-01", "2016-02-06", -2),
        ("missed_report", "s/2@2016-03", "2016-04-06", -2),
        ("unanswered_chase", "催办〔2016〕第2号", "2016-03-10", -3),
        ("unanswered_chase", "催办〔2016〕第4号", "2016-04-10", -3)}
    by_rule = {b["rule"]: b for b in jia["breakdown"]}
    assert (by_rule["missed_report"]["points"], by_rule["missed_report"]["counted"]) == (-6, -5)
    assert (by_rule["unanswered_chase"]["events"], by_rule["unanswered_chase"]["counted"]) == (2, -6)
    assert jia["base"] + sum(b["counted"] for b in jia["breakdown"]) == jia["score"]
    assert department(scored("--as-of", "2016-04-30"), "乙司")["score"] == 100  # no cycle, never chased


def test_as_of_a_day_only_the_chases_and_answers_dated_by_it_count(scored):
    def unanswered(as_of, *more):
        return sorted(e["ref"] for e in department(scored("--as-of", as_of, *more), "甲司")["events"]
                      if e["rule"] == "unanswered_chase")

    assert unanswered("2016-03-10") == []  # №2 made that very day: not yet unanswered
    assert unanswered("2016-03-12") == ["催办〔2016〕第2号"]  # no answer, and №3 not made yet
    # as of 03-17, №3 stands unanswered (s/1's close of 03-20 has not happened yet)
    assert unanswered("2016-03-17") == ["催办〔2016〕第2号", "催办〔2016〕第3号"]
    assert unanswered("2016-04-09") == ["催办〔2016〕第2号"]
    assert unanswered("2016-04-30", "--period", "2016-04") == ["催办〔2016〕第4号"]
    # missed reports as of a day: March's report (due 04-05) is not missed on 04-05 itself
    reports = {e["ref"] for e in department(scored("--as-of", "2016-04-05"), "甲司")["events"]
               if e["rule"] == "missed_report"}
    assert reports == {"s/1@2016-02", "s/2@2016-01"}


def test_a_report_that_comes_in_makes_the_period_stop_being_missed(cli, scored):
    before = department(scored("--as-of", "2016-04-30"), "甲司")
    run(cli, "update", "s/2", "--note", "三月进展", "--date", "2016-04-05", "--as-of", "2016-12-31")
    after = department(scored("--as-of", "2016-04-30"), "甲司")
    missed = {e["ref"] for e in after["events"] if e["rule"] == "missed_report"}
    assert missed == {"s/1@2016-02", "s/2@2016-01"}
    # the same update answers chase №4 (it asks s/2@2016-03) — but it came before №4 was made, so №4 stands
    assert [e["ref"] for e in after["events"] if e["rule"] == "unanswered_chase"] == [
        e["ref"] for e in before["events"] if e["rule"] == "unanswered_chase"]


EXTENDED = """\
qtrack: 1
plan: {id: x, title: 延期试验, issued: 2016-01-01}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 按延期办结, lead: [甲司], due: 2016-03-31}
"""


@pytest.mark.parametrize("done, expected", [
    ("2016-04-20", {("extension", "x/1", "2016-04-05", None)}),  # within its extension: not late as well
    ("2016-05-10", {("extension", "x/1", "2016-04-05", None), ("late", "x/1", "2016-05-01", 10)}),  # after it: 10 days late
    ("2016-03-30", {("on_time", "x/1", "2016-03-30", None), ("extension", "x/1", "2016-04-05", None)}),
])
def test_a_task_done_within_its_approved_extension_is_not_also_late(cli, tmp_path, done, expected):
    plan = tmp_path / "x.yaml"
    plan.write_text(EXTENDED, encoding="utf-8")
    run(cli, "import", str(plan))
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    for args in (("extend", "x/1", "--to", "2016-04-30", "--reason", "设备未到", "--date", "2016-03-20"),
                 ("approve", "x/1", "--date", "2016-04-05"),
                 ("update", "x/1", "--status", "done", "--date", done)):
        run(cli, *args, "--as-of", "2016-12-31")

    def events(as_of):
        doc = as_json(cli("score", "--rules", str(rules), "-f", "json", "--as-of", as_of, "--plan", "x"))
        return {(e["rule"], e["ref"], e["date"], e["days_late"]) for e in department(doc, "甲司")["events"]
                if e["ref"] == "x/1"}

    assert events("2016-06-30") == expected
    if done > "2016-04-03":
        # as of 04-03 the extension was asked, not yet approved: the plan's date stands, and was missed
        assert events("2016-04-03") == {("late", "x/1", "2016-04-01", 3)}
