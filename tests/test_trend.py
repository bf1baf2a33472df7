"""The trend: month-by-month 完成率 and red tasks counted by hand, "since the last bulletin" and
the record of bulletins made, and targets against their trajectories — all as of a day."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import rows, state
from score_helpers import PLAN, as_json, load

from qtrack import bulletin
from qtrack.scoring import course, trend
from qtrack.store import open_store

# By hand from the history in score_helpers (tasks, done, red, 完成率 = done / tasks not dropped):
HAND = [("2016-01", 5, 0, 0, 0.0),    # nothing done, nothing due before Jan 31
        ("2016-02", 5, 1, 0, 0.2),    # task 1 done 02-20; nothing due before Feb 29 but task 1's own day
        ("2016-03", 5, 1, 0, 0.2),    # tasks 2 and 4 are due on Mar 31 itself: not late yet
        ("2016-04", 5, 2, 1, 0.4),    # task 2 done 04-15; task 4 (due 03-31, doing) red
        ("2016-05", 5, 3, 1, 0.75),   # task 5 done 05-31, task 4 dropped 05-10 (3 of 4); task 3 red
        ("2016-06", 5, 3, 1, 0.75)]


def points(result_or_list):
    return [(p["month"], p["tasks"], p["done"], p["red"], p["rate"]) for p in result_or_list]


def test_the_trend_of_a_plan_with_a_known_history_equals_hand_counts(cli, db, tmp_path):
    load(cli, tmp_path)
    store = open_store(db)
    try:
        assert points(trend.trend(store, as_of=dt.date(2016, 6, 30), plan="t")) == HAND
        # As of a day, nothing after it counts: the trend stops there and its last point is that day's.
        assert points(trend.trend(store, as_of=dt.date(2016, 4, 20), plan="t")) == HAND[:3] + [("2016-04", 5, 2, 1, 0.4)]
        assert points(trend.trend(store, as_of=dt.date(2016, 4, 10), plan="t"))[-1] == ("2016-04", 5, 1, 2, 0.2)  # task 2 too, done only on 04-15
    finally:
        store.close()


def test_the_trend_as_of_a_day_ignores_later_records(cli, db, tmp_path):
    load(cli, tmp_path)
    assert cli("update", "t/3", "--status", "done", "--date", "2016-07-05", "--as-of", "2016-12-31").exit_code == 0
    store = open_store(db)
    try:
        assert points(trend.trend(store, as_of=dt.date(2016, 6, 30), plan="t")) == HAND
        assert points(trend.trend(store, as_of=dt.date(2016, 7, 31), plan="t"))[-1] == ("2016-07", 5, 4, 0, 1.0)
    finally:
        store.close()


def test_month_ends_cut_the_last_month_to_the_day():
    assert trend.month_ends(dt.date(2015, 11, 15), dt.date(2016, 2, 10)) == [
        dt.date(2015, 11, 30), dt.date(2015, 12, 31), dt.date(2016, 1, 31), dt.date(2016, 2, 10)]


def test_since_the_last_bulletin_lists_newly_done_late_and_closed(cli, db, tmp_path):
    load(cli, tmp_path)
    store = open_store(db)
    try:
        data = bulletin.gather(store, as_of=dt.date(2016, 5, 31), plan="t", since=dt.date(2016, 4, 30))
    finally:
        store.close()
    since = {key: [r["ref"] for r in data["since"][key]] for key in ("done", "late", "closed")}
    # As of 04-30: 1 and 2 done, 4 red. As of 05-31: 5 done too, 3 red (due 04-30), 4 dropped.
    assert since == {"done": ["t/5"], "late": ["t/3"], "closed": ["t/4"]}


def test_the_bulletin_starts_since_the_last_one_recorded_and_records_itself(cli, db, tmp_path):
    load(cli, tmp_path)
    first, second = tmp_path / "b1.md", tmp_path / "b2.md"
    made = cli("report", "--plan", "t", "-o", str(first), "--as-of", "2016-04-30", "--by", "督查室")
    assert made.exit_code == 0 and made.stdout.rstrip().endswith("recorded as made")
    assert "没有上期通报的记录" in first.read_text(encoding="utf-8")
    assert cli("report", "--plan", "t", "-o", str(second), "--as-of", "2016-05-31").exit_code == 0
    text = second.read_text(encoding="utf-8")
    assert "## 上期以来 (自2016年4月30日起)" in text
    assert "### 新完成\n\n| 任务 | 标题 | 牵头单位 | 完成时限 | 状态 |\n|---|---|---|---|---|\n| t/5 | 乙二 |" in text
    assert rows(db, "SELECT as_of, scope, by FROM bulletin ORDER BY id") == [
        ("2016-04-30", "plan=t", "督查室"), ("2016-05-31", "plan=t", rows(db, "SELECT by FROM bulletin")[1][0])]
    # Made again for a past day: the same bulletin, and nothing recorded (it would change history).
    before = state(db)
    for path, day in ((first, "2016-04-30"), (second, "2016-05-31")):
        again = tmp_path / f"again-{day}.md"
        result = cli("report", "--plan", "t", "-o", str(again), "--as-of", day)
        assert result.exit_code == 0 and "not recorded (a bulletin of this scope as of 2016-05-31" in result.stdout
        assert again.read_bytes() == path.read_bytes()
    assert state(db) == before
    # Another scope has its own history; --no-record records nothing.
    assert cli("report", "-o", str(tmp_path / "all.md"), "--as-of", "2016-06-30", "--no-record").exit_code == 0
    assert cli("report", "-o", str(tmp_path / "dept.md"), "--dept", "甲司", "--as-of", "2016-06-30").exit_code == 0
    assert [r[0] for r in rows(db, "SELECT scope FROM bulletin ORDER BY id")] == ["plan=t", "plan=t", "dept=甲司"]


def test_since_given_must_come_before_the_as_of_date(cli, db, tmp_path):
    load(cli, tmp_path)
    before = state(db)
    result = cli("report", "-o", str(tmp_path / "b.md"), "--as-of", "2016-05-31", "--since", "2016-05-31")
    assert result.exit_code == 1 and "is not before the as-of date" in result.stderr
    assert not (tmp_path / "b.md").exists() and state(db) == before
    result = cli("report", "-o", str(tmp_path / "b.md"), "--as-of", "2016-05-31", "--since", "2016-03-31")
    assert result.exit_code == 0 and "## 上期以来 (自2016年3月31日起)" in (tmp_path / "b.md").read_text(encoding="utf-8")


def test_the_html_bulletin_draws_the_trend_and_each_target_against_its_path(cli, tmp_path):
    load(cli, tmp_path)
    out = tmp_path / "b.html"
    assert cli("report", "-o", str(out), "--plan", "t", "--as-of", "2016-06-30").exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert [m.split('"')[0] for m in html.split('class="month" data-month="')[1:]] == [p[0] for p in HAND]
    assert html.count("<title>2016-04 红灯 1 完成率 40%</title>") == 1
    chart = html.split('class="target-path"')[1].split("</svg>")[0]
    assert 'class="path"' in chart and 'class="measured"' in chart and 'class="forecast"' in chart
    assert "<title>2016-06-30 86</title>" in chart


# --- targets against their trajectory ----------------------------------------------------------

def target(course_of: str, cli, as_of: str) -> dict:
    [t] = as_json(cli("targets", "--plan", "t", "--as-of", as_of, "-f", "json"))
    return t


def test_targets_show_the_course_and_the_forecast(cli, tmp_path):
    load(cli, tmp_path)
    t = target("on", cli, "2016-06-30")
    # The path expects 85 on 06-30; 86 is measured. The line through (03-31, 78) and (06-30, 86)
    # rises 8 in 91 days; 184 days on, at the due date 12-31: 86 + 8 × 184 / 91.
    assert (t["course"], t["expected"], t["forecast"]) == ("on-trajectory", 85, round(86 + 8 * 184 / 91, 2))
    t = target("behind", cli, "2016-05-15")
    assert (t["course"], t["expected"], t["forecast"]) == ("behind", 80, None)  # 78 against 80; one measurement
    assert target("none", cli, "2016-03-30")["course"] == "no-data"
    assert target("late", cli, "2017-01-10")["course"] == "not-met"
    assert cli("measure", "t/T1", "91", "--date", "2016-09-30", "--as-of", "2016-12-31").exit_code == 0
    assert target("met", cli, "2016-09-30")["course"] == "met"
    table = cli("targets", "--plan", "t", "--as-of", "2016-06-30")
    assert "按进度" in table.stdout and "102.18" in table.stdout


def test_the_course_between_path_points_is_on_the_straight_line():
    path = [(dt.date(2016, 1, 1), 10.0), (dt.date(2016, 1, 11), 20.0)]
    assert course.expected(path, dt.date(2016, 1, 6)) == 15
    assert course.expected(path, dt.date(2015, 12, 31)) is None
    assert course.expected(path, dt.date(2016, 3, 1)) == 20
    ceiling = {"op": "<=", "value": 620, "due": "2016-12-31", "baseline": 700}
    falling = [(dt.date(2016, 6, 30), 660.0)]
    measured = [(dt.date(2016, 6, 30), 650.0)]
    assert course.course(ceiling, falling, measured, as_of=dt.date(2016, 7, 1))["course"] == "on-trajectory"
    assert course.course(ceiling, falling, [(dt.date(2016, 6, 30), 670.0)], as_of=dt.date(2016, 7, 1))["course"] == "behind"
    # Without a path, the forecast judges: rising 2 a month from 80 reaches 90 by the due date or not.
    rising = {"op": ">=", "value": 90, "due": "2016-12-31", "baseline": None}
    quick = [(dt.date(2016, 1, 1), 80.0), (dt.date(2016, 4, 1), 86.0)]
    slow = [(dt.date(2016, 1, 1), 80.0), (dt.date(2016, 7, 1), 82.0)]
    assert course.course(rising, [], quick, as_of=dt.date(2016, 4, 2))["course"] == "on-trajectory"
    assert course.course(rising, [], slow, as_of=dt.date(2016, 7, 2))["course"] == "behind"


@pytest.mark.parametrize("path, line, words", [
    ("[80, 85]", 14, "must be a mapping of dates to values"),
    ("{2016-02-30: 80}", 14, "a date in the path of target T1"),
    ("{2016-03-31: lots}", 14, "must be a number"),
    ("{2017-03-31: 80}", 14, "after the target's due date 2016-12-31"),
])
def test_a_bad_path_is_refused_with_its_line(cli, db, tmp_path, path, line, words):
    bad = tmp_path / "t.yaml"
    bad.write_text(PLAN.replace("path: {2016-03-31: 80, 2016-06-30: 85}", f"path: {path}"), encoding="utf-8")
    before = state(db)
    result = cli("import", str(bad))
    assert result.exit_code == 1
    assert any(l.startswith(f"{bad}:{line}: ") and words in l for l in result.stderr.splitlines()), result.stderr
    assert state(db) == before


def test_a_plan_file_without_paths_stores_what_it_stored_before(cli, db, tmp_path):
    load(cli, tmp_path)
    assert rows(db, "SELECT path FROM target") == [('[["2016-03-31", 80.0], ["2016-06-30", 85.0]]',)]
    plain = tmp_path / "t.yaml"
    plain.write_text(PLAN.replace(",\n     path: {2016-03-31: 80, 2016-06-30: 85}", ""), encoding="utf-8")
    result = cli("import", str(plain))
    assert result.exit_code == 0 and "changed" in result.stdout
    assert rows(db, "SELECT path FROM target") == [(None,)]


@pytest.mark.parametrize("statement", ["UPDATE bulletin SET as_of = '2016-01-01'", "DELETE FROM bulletin"])
def test_the_record_of_bulletins_is_append_only(cli, db, tmp_path, statement):
    from test_migrations import refuses

    load(cli, tmp_path)
    assert cli("report", "-o", str(tmp_path / "b.md"), "--as-of", "2016-05-31").exit_code == 0
    refuses(db, statement)
