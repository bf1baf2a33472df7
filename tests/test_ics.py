"""The calendar: `qtrack export --format ics`, parsed back with the icalendar library."""

from __future__ import annotations

import datetime as dt

from conftest import PLANS, rows
from icalendar import Calendar

from qtrack import periods


def events(path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    found = cal.walk("VEVENT")
    uids = [str(e["UID"]) for e in found]
    assert len(uids) == len(set(uids))  # stable and unique
    return dict(zip(uids, found))


def owed(db, plan: str | None = None) -> tuple[set[str], set[str]]:
    """What the calendar must hold, counted straight from the tables: dated live tasks, and every
    occurrence of every live duty."""
    tasks = {f"{p}/{c}" for p, c in rows(
        db, "SELECT plan_id, code FROM task WHERE due IS NOT NULL AND NOT retired AND (? IS NULL OR plan_id = ?)",
        (plan, plan))}
    occurrences = {f"{p}/{c}@{o.period}" for p, c, every, start, end, day in rows(
        db, 'SELECT plan_id, code, every, start, "end", day FROM duty WHERE NOT retired AND (? IS NULL OR plan_id = ?)',
        (plan, plan))
        for o in periods.occurrences(every, dt.date.fromisoformat(start), dt.date.fromisoformat(end), day)}
    return tasks, occurrences


def test_one_all_day_event_per_dated_task_and_duty_occurrence(cli, db, tmp_path):
    assert cli("import", str(PLANS)).exit_code == 0
    out = tmp_path / "due.ics"
    result = cli("export", "-o", str(out))  # the format from the suffix
    tasks, occurrences = owed(db)
    assert result.stdout.strip() == f"wrote {out}: {len(tasks)} task deadlines, {len(occurrences)} duty occurrences"
    found = events(out)
    assert set(found) == {f"{ref}@qtrack" for ref in tasks | occurrences}
    assert len(tasks) == 90 and "2016/D1@2016-03" in occurrences and "city-action/1" not in tasks  # no year: no date
    task = found["2016/3@qtrack"]
    assert task["SUMMARY"] == "2016/3 开展服务业质量提升专项行动"
    assert task.decoded("DTSTART") == dt.date(2016, 11, 30)  # a date, not a datetime: all day
    assert task.decoded("DTEND") == dt.date(2016, 12, 1)
    assert task["DESCRIPTION"].startswith("牵头: 质量司\n配合: 认监委")
    meeting = found["2016/D1@2016-03@qtrack"]
    assert meeting["SUMMARY"] == "2016/D1@2016-03 领导小组全体会议或专题会议"
    assert meeting.decoded("DTSTART") == dt.date(2016, 3, 31) and meeting["DESCRIPTION"].startswith("牵头: 质量司")
    assert found["gansu-2011/D1@2011-Q2@qtrack"].decoded("DTSTART") == dt.date(2011, 6, 30)  # quarterly


def test_re_exporting_keeps_the_uids_and_filters_narrow_it(cli, db, tmp_path):
    assert cli("import", str(PLANS)).exit_code == 0
    first, second, mine = tmp_path / "a.ics", tmp_path / "b.ics", tmp_path / "c.ics"
    assert cli("export", "-f", "ics", "-o", str(first), "--plan", "2016").exit_code == 0
    assert cli("update", "2016/3", "--status", "doing", "--as-of", "2016-06-01").exit_code == 0
    assert cli("export", "-f", "ics", "-o", str(second), "--plan", "2016").exit_code == 0
    a, b = events(first), events(second)
    assert set(a) == set(b) and len(a) == 10 + 10  # ten tasks, D1 monthly from March to December
    assert "状态: 进行中" in b["2016/3@qtrack"]["DESCRIPTION"]
    assert cli("export", "-f", "ics", "-o", str(mine), "--dept", "省质监局").exit_code == 0
    assert all(uid.startswith("gansu-2011/") for uid in events(mine))


def test_text_the_format_reserves_is_escaped_and_long_lines_fold_between_characters(loaded, plan2016, tmp_path):
    """The calendar is written by qtrack itself: a title with `\\ ; ,`, a department name with a
    comma and a long Chinese description come back whole through icalendar, every line within 75
    octets, CRLF throughout, no character's bytes split by a fold."""
    title = "开展;消费品,质量\\提升" + "专项行动" * 12  # a summary far over 75 octets
    text = plan2016.read_text(encoding="utf-8")
    plan2016.write_text(text.replace("title: 开展消费品质量提升专项行动", f"title: '{title}'")
                        .replace("lead: [监督司]", "lead: ['监督司,一处']", 1), encoding="utf-8")
    assert loaded("import", str(plan2016)).exit_code == 0
    out = tmp_path / "due.ics"
    assert loaded("export", "-o", str(out), "--as-of", "2016-06-01").exit_code == 0
    raw = out.read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF, and only CRLF
    assert max(len(line) for line in lines) <= 75 and any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode("utf-8")  # a fold never splits a character
    event = events(out)["2016/1@qtrack"]
    assert str(event["SUMMARY"]) == f"2016/1 {title}"
    assert str(event["DESCRIPTION"]).startswith("牵头: 监督司,一处\n配合: 认监委、标准委")
    assert str(event["DESCRIPTION"]).endswith("\n状态: 未开始\n质量品牌提升行动计划(2016)")


def test_one_plan_or_one_department_keeps_each_event_s_own_departments(cli, db, tmp_path):
    """Filtered by a department, an event still names all its task's departments, not only that one."""
    assert cli("import", str(PLANS)).exit_code == 0
    out = tmp_path / "mine.ics"
    assert cli("export", "-f", "ics", "-o", str(out), "--dept", "认监委").exit_code == 0
    found = events(out)
    assert "2016/1@qtrack" in found and "2014/1@qtrack" not in found
    assert str(found["2016/1@qtrack"]["DESCRIPTION"]).startswith("牵头: 监督司\n配合: 认监委、标准委、法规司、质量司")
