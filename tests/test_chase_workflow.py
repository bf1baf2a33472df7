"""The chase and the supervision workflow: tasks not acknowledged (待签收) within the plan's
ack_within, and requests for extension awaiting the office's answer, on the notices — each as of
a day. The 2016 plan is issued 2016-05-13 and (the `review` fixture) asks for 签收 within 3 days;
2016/1 is led by 监督司 alone, 2016/3 by 质量司, 2016/5 jointly by 标准委, 质量司 and 科技司.
"""

from __future__ import annotations

import json

from conftest import rows
from test_workflow import review  # noqa: F401  (the fixture)


def ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


def owed(cli, as_of, *args) -> dict[str, list[tuple]]:
    """Department → its workflow items (what, task, due) on a dry run of the chase as of a day."""
    found = json.loads(ok(cli, "chase", "-f", "json", "--dry-run", "--as-of", as_of, *args).stdout)
    return {n["department"]: [(i["workflow"], i["ref"], i["due"]) for i in n["items"] if i["kind"] == "workflow"]
            for n in found}


def test_a_task_not_acknowledged_in_time_is_owed_by_each_of_its_leads(review):
    cli = review
    assert all(not items for items in owed(cli, "2016-05-16").values())  # 05-13 + 3 days: not yet gone by
    found = owed(cli, "2016-05-17")
    assert ("ack", "2016/1", "2016-05-16") in found["监督司"]
    assert all(("ack", "2016/5", "2016-05-16") in found[d] for d in ("标准委", "质量司", "科技司"))
    ok(cli, "ack", "2016/1", "--date", "2016-05-18", "--as-of", "2016-05-18")
    ok(cli, "decline", "2016/3", "--reason", "不属本司职责", "--date", "2016-05-18", "--as-of", "2016-05-18")
    assert "监督司" not in owed(cli, "2016-05-18")  # 2016/1 was all it owed
    assert ("ack", "2016/3", "2016-05-16") not in owed(cli, "2016-05-18")["质量司"]  # declined: no 签收 owed
    # as of the day before, the 签收 had not happened
    assert owed(cli, "2016-05-17")["监督司"] == [("ack", "2016/1", "2016-05-16")]


def test_an_extension_awaiting_the_office_rides_on_the_notice_of_the_department_that_asked(review, db):
    cli = review
    ok(cli, "ack", "2016/1", "--date", "2016-05-14", "--as-of", "2016-05-14")
    ok(cli, "extend", "2016/1", "--to", "2016-12-31", "--reason", "试点延后", "--date", "2016-05-19",
       "--as-of", "2016-05-19")
    ok(cli, "extend", "2016/5", "--by", "质量司", "--to", "2016-12-31", "--reason", "设备未到",
       "--date", "2016-05-19", "--as-of", "2016-05-19")
    found = owed(cli, "2016-05-20")
    # 监督司 owes nothing itself (2016/1 acknowledged): the office's answer owed makes no notice
    assert "监督司" not in found
    assert ("extension", "2016/5", "2016-12-31") in found["质量司"]  # it owes 签收 of 2016/5 and more
    assert all(i[0] != "extension" for i in found["标准委"])  # only the department that asked
    assert ("extension", "2016/5", "2016-12-31") not in owed(cli, "2016-05-18")["质量司"]  # not yet asked
    ok(cli, "approve", "2016/5", "--date", "2016-05-25", "--as-of", "2016-05-25")
    assert ("extension", "2016/5", "2016-12-31") in owed(cli, "2016-05-24")["质量司"]
    assert all(i[0] != "extension" for i in owed(cli, "2016-05-25")["质量司"])
    # a notice sent records its workflow items with the task they name, and the text says what is owed
    text = ok(cli, "chase", "--dept", "质量司", "--as-of", "2016-05-20", "--by", "督查室").stdout
    assert "待签收" in text and "延期申请待督查室答复" in text
    assert ("workflow", "2016/5") in rows(db, "SELECT i.kind, t.plan_id || '/' || t.code FROM chase_item i "
                                              "JOIN task t ON t.id = i.task_id")
