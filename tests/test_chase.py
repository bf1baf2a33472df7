"""催办: numbered notices per department, escalation (三色督办单), the record, --exec, -o, --dry-run."""

from __future__ import annotations

import json

import pytest
from conftest import rows, state
from test_cycles import as_json, with_cycle


@pytest.fixture
def office(cli, plan2016):
    """The 2016 plan with a monthly report due on the 5th; 2016/1 (led by 监督司) gets a title to escape."""
    with_cycle(plan2016)
    text = plan2016.read_text(encoding="utf-8")
    plan2016.write_text(text.replace("title: 开展消费品质量提升专项行动", "title: 开展<b>消费品</b>质量提升&专项行动", 1),
                        encoding="utf-8")
    assert cli("import", str(plan2016)).exit_code == 0
    return cli


def chase(cli, *args, ok: bool = True):
    result = cli("chase", *args)
    if ok:
        assert result.exit_code == 0, result.stderr
    return result


def notices(cli, *args) -> list[dict]:
    return json.loads(chase(cli, "-f", "json", *args).stdout)


def chases(db) -> list[tuple]:
    return rows(db, "SELECT c.year, c.number, c.date, d.name, c.level, c.by FROM chase c "
                    "JOIN department d ON d.id = c.department_id ORDER BY c.year, c.number")


def test_one_numbered_notice_per_department_that_owes_anything(office, db):
    found = notices(office, "--as-of", "2016-06-10", "--by", "督查室")
    assert [(n["no"], n["department"], n["level"]) for n in found] == [
        ("催办〔2016〕第1号", "办公厅", "blue"), ("催办〔2016〕第2号", "执法司", "blue"),
        ("催办〔2016〕第3号", "标准委", "blue"), ("催办〔2016〕第4号", "检验司", "blue"),
        ("催办〔2016〕第5号", "法规司", "blue"), ("催办〔2016〕第6号", "监督司", "blue"),
        ("催办〔2016〕第7号", "科技司", "blue"), ("催办〔2016〕第8号", "质量司", "blue")]
    [jd] = [n for n in found if n["department"] == "监督司"]
    assert [(i["kind"], i["ref"], i["due"], i["days_late"], i["chased"]) for i in jd["items"]] == [
        ("report", "2016/1@2016-04", "2016-05-05", 36, 0), ("report", "2016/1@2016-05", "2016-06-05", 5, 0)]
    [zl] = [n for n in found if n["department"] == "质量司"]
    assert [i["ref"] for i in zl["items"] if i["kind"] == "duty"] == ["2016/D1@2016-03", "2016/D1@2016-04",
                                                                      "2016/D1@2016-05"]
    assert chases(db) == [(2016, n, "2016-06-10", d, "blue", "督查室") for n, d in enumerate(
        ["办公厅", "执法司", "标准委", "检验司", "法规司", "监督司", "科技司", "质量司"], start=1)]
    # the counter goes on from the last number of the year
    assert [n["no"] for n in notices(office, "--as-of", "2016-06-11", "--dept", "监督司")] == ["催办〔2016〕第9号"]


def test_red_and_amber_tasks_are_listed_with_days_and_times_chased(office):
    found = notices(office, "--as-of", "2016-11-20", "--dept", "监督司", "--warn-days", "15")
    assert [(i["kind"], i["ref"], i["days_left"]) for i in found[0]["items"] if i["kind"] == "soon"] == [
        ("soon", "2016/1", 10)]
    found = notices(office, "--as-of", "2016-12-10", "--dept", "监督司")
    late = [i for i in found[0]["items"] if i["kind"] == "late"]
    assert [(i["ref"], i["days_late"], i["chased"]) for i in late] == [("2016/1", 10, 1)]  # chased on 11-20


def test_a_department_chased_without_answering_is_escalated_yellow_then_red(office, db):
    levels = [notices(office, "--as-of", day, "--dept", "监督司")[0]["level"]
              for day in ("2016-06-10", "2016-06-11", "2016-06-12", "2016-06-13")]
    assert levels == ["blue", "yellow", "red", "red"]
    text = chase(office, "--as-of", "2016-06-14", "--dept", "监督司").stdout
    assert "红色督办单" in text and "经催办4次仍未报送进展" in text
    # an answer from the lead department: the next chase is blue again
    assert office("update", "2016/1", "--note", "已报", "--by", "监督司", "--date", "2016-06-15",
                  "--as-of", "2016-06-15").exit_code == 0
    [again] = notices(office, "--as-of", "2016-06-16", "--dept", "监督司")
    assert again["level"] == "blue" and {i["chased"] for i in again["items"]} == {5}
    assert [c[4] for c in chases(db)] == ["blue", "yellow", "red", "red", "red", "blue"]


def test_an_update_by_another_department_is_no_answer(office):
    notices(office, "--as-of", "2016-06-10", "--dept", "监督司")
    office("update", "2016/1", "--note", "配合", "--by", "质量司", "--date", "2016-06-11", "--as-of", "2016-06-11")
    assert notices(office, "--as-of", "2016-06-12", "--dept", "监督司")[0]["level"] == "yellow"


def test_the_thresholds_are_options(office, db):
    args = ("--dept", "监督司", "--yellow-after", "2", "--red-after", "3", "--dry-run")
    notices(office, "--as-of", "2016-06-10", "--dept", "监督司")
    assert notices(office, "--as-of", "2016-06-11", *args)[0]["level"] == "blue"
    notices(office, "--as-of", "2016-06-11", "--dept", "监督司")
    assert notices(office, "--as-of", "2016-06-12", *args)[0]["level"] == "yellow"
    before = state(db)
    result = chase(office, "--yellow-after", "3", "--red-after", "2", "--as-of", "2016-06-12", ok=False)
    assert result.exit_code == 1 and result.stderr == "error: --yellow-after 3 is above --red-after 2: yellow comes first\n"
    assert state(db) == before


def test_as_of_a_day_chases_recorded_after_it_do_not_count(office):
    for day in ("2016-06-10", "2016-06-11"):
        notices(office, "--as-of", day, "--dept", "监督司")
    [then] = notices(office, "--as-of", "2016-06-10", "--dept", "监督司", "--dry-run")
    assert then["level"] == "yellow" and {i["chased"] for i in then["items"]} == {1}  # the one of 06-10 itself
    [before] = notices(office, "--as-of", "2016-06-09", "--dept", "监督司", "--dry-run")
    assert before["level"] == "blue" and {i["chased"] for i in before["items"]} == {0}
    depts = {d["department"]: d for d in as_json(office("status", "--as-of", "2016-06-10", "-f", "json"))["departments"]}
    assert (depts["监督司"]["chases"], depts["监督司"]["chases_yellow"]) == (1, 0)
    assert len(as_json(office("show", "2016/1", "--as-of", "2016-06-10", "-f", "json"))["chases"]) == 1


def test_every_chase_is_in_the_log_show_and_status(office):
    notices(office, "--as-of", "2016-06-10", "--dept", "监督司", "--by", "督查室")
    notices(office, "--as-of", "2016-06-11", "--dept", "监督司", "--by", "督查室")
    log = [e for e in as_json(office("log", "--as-of", "2016-06-30", "-f", "json")) if e["action"] == "chase"]
    assert [(e["date"], e["by"], e["status"]) for e in log] == [("2016-06-11", "督查室", "yellow")] * 2 + [
        ("2016-06-10", "督查室", "blue")] * 2  # newest first; one row for each thing a chase asked for
    assert {e["ref"] for e in log[:2]} == {e["ref"] for e in log[2:]} == {"2016/1@2016-04", "2016/1@2016-05"}
    assert log[0]["what"] == "催办〔2016〕第2号 监督司 黄色督办单 (2016-06-11)"
    shown = as_json(office("show", "2016/1", "--as-of", "2016-06-30", "-f", "json"))["chases"]
    assert [(c["no"], c["level"], [i["period"] for i in c["items"]]) for c in shown] == [
        ("催办〔2016〕第1号", "blue", ["2016-04", "2016-05"]), ("催办〔2016〕第2号", "yellow", ["2016-04", "2016-05"])]
    assert "催办〔2016〕第2号" in office("show", "2016/1", "--as-of", "2016-06-30").stdout
    depts = {d["department"]: d for d in as_json(office("status", "--as-of", "2016-06-30", "-f", "json"))["departments"]}
    assert (depts["监督司"]["chases"], depts["监督司"]["chases_yellow"], depts["质量司"]["chases"]) == (2, 1, 0)


def test_a_dry_run_records_nothing_and_takes_no_number(office, db):
    before = state(db)
    result = chase(office, "--as-of", "2016-06-10", "--dry-run")
    assert "催办〔2016〕第1号" in result.stdout and result.stderr == "dry run: 8 notices, nothing recorded\n"
    assert state(db) == before
    assert notices(office, "--as-of", "2016-06-10", "--dept", "监督司")[0]["no"] == "催办〔2016〕第1号"


def test_exec_runs_once_per_department_and_a_failure_is_not_recorded(office, db, tmp_path):
    script = tmp_path / "send.sh"
    script.write_text('cat > "$QTRACK_NOTICE_NO-$QTRACK_DEPT.txt"\n[ "$QTRACK_DEPT" != 检验司 ] || exit 3\n'
                      'echo "sent $QTRACK_DEPT"\n', encoding="utf-8")
    result = office("chase", "--as-of", "2016-06-10", "--exec", f"cd {tmp_path} && sh {script}")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        "error: 检验司: not sent, not recorded (the command exited with status 3)"]
    assert "sent 监督司" in result.stdout
    recorded = chases(db)
    assert [(n, d) for _, n, _, d, _, _ in recorded] == [
        (1, "办公厅"), (2, "执法司"), (3, "标准委"), (4, "法规司"), (5, "监督司"), (6, "科技司"), (7, "质量司")]
    sent = (tmp_path / "催办〔2016〕第5号-监督司.txt").read_text(encoding="utf-8")
    assert sent.startswith("催办〔2016〕第5号（催办单）\n监督司：") and "2016/1@2016-04" in sent
    assert rows(db, "SELECT via FROM chase WHERE number = 5") == [(f"exec: cd {tmp_path} && sh {script}",)]
    # the failed one takes its number when it goes out
    assert notices(office, "--as-of", "2016-06-10", "--dept", "检验司")[0]["no"] == "催办〔2016〕第8号"


def test_output_writes_one_file_per_department_and_never_over_one(office, db, tmp_path):
    folder = tmp_path / "催办"
    result = chase(office, "--as-of", "2016-06-10", "--dept", "监督司", "-o", str(folder), "-f", "html")
    made = folder / "2016-001-监督司.html"
    html = made.read_text(encoding="utf-8")
    assert "开展&lt;b&gt;消费品&lt;/b&gt;质量提升&amp;专项行动" in html and "<b>消费品</b>" not in html
    assert "催办〔2016〕第1号" in html and result.stdout == ""
    # a file the next notice would take is there already: refused before anything is recorded
    (folder / "2016-002-监督司.html").write_text("mine", encoding="utf-8")
    before = state(db)
    result = chase(office, "--as-of", "2016-06-11", "--dept", "监督司", "-o", str(folder), "-f", "html", ok=False)
    assert result.exit_code == 1 and "2016-002-监督司.html already exists; add --force" in result.stderr
    assert state(db) == before and (folder / "2016-002-监督司.html").read_text(encoding="utf-8") == "mine"
    chase(office, "--as-of", "2016-06-11", "--dept", "监督司", "-o", str(folder), "-f", "html", "--force")
    assert "催办〔2016〕第2号" in (folder / "2016-002-监督司.html").read_text(encoding="utf-8")


def test_markdown_escapes_what_the_database_holds(office):
    text = chase(office, "--as-of", "2016-11-20", "--dept", "监督司", "-f", "md", "--dry-run").stdout
    assert "开展&lt;b&gt;消费品&lt;/b&gt;质量提升&amp;专项行动" in text and text.startswith("# 催办单\n")


def test_the_text_form_is_short(office):
    notices(office, "--as-of", "2016-11-01")  # everyone chased once: the next are yellow
    text = chase(office, "--as-of", "2016-11-20", "--dept", "质量司", "-f", "txt", "--dry-run").stdout
    lines = text.splitlines()
    assert lines[0] == "催办〔2016〕第9号（黄色督办单）"
    assert lines[1] == "质量司：截至2016年11月20日，请抓紧办理并报送进展。"
    assert lines[2].startswith("即将到期任务4项：") and lines[3].startswith("漏报进展等28项：")
    assert lines[3].count("@") == 5  # five references shown, the rest counted
    assert len(text) < 600


def test_refusals_leave_the_database_as_it_was(office, db):
    before = state(db)
    for args, message in ((("--dept", "监督"), "监督"), (("--plan", "2099"), "2099")):
        result = chase(office, "--as-of", "2016-06-10", *args, ok=False)
        assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.stderr
    result = chase(office, "--as-of", "2016-06-10", "-f", "pdf", ok=False)
    assert result.exit_code == 2 and "'pdf' is not one of txt, md, html, json" in result.stderr
    result = chase(office, "--as-of", "2099-01-01", ok=False)
    assert result.exit_code == 1 and "cannot be recorded ahead" in result.stderr
    assert state(db) == before


def test_nothing_owed_nothing_chased(loaded, db):
    before = state(db)
    result = loaded("chase", "--as-of", "2016-03-01")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == "nothing to chase as of 2016-03-01\n"
    assert state(db) == before
