"""Lists that are not tasks (a heading announcing products or sectors), and tasks with no lead body."""

from __future__ import annotations

import pytest
from draft_helpers import doc, drafted


def check_count(out: str) -> int:
    return sum("check: " in line.partition("  # ")[2] for line in out.splitlines())


def test_a_list_of_sectors_a_heading_announces_is_its_notes_not_tasks():
    out, plan = drafted(doc("一、重点任务", "（一）实施以下重点工程：", "1.实施品牌培育工程。（市质监局牵头，市工信委配合）",
                            "2.实施标准化工程。（市质监局负责）", "（二）重点发展以下产业：", "1.装备制造业。",
                            "2.电子信息产业。", "3.生物医药产业。"))
    assert [t.title for t in plan.tasks] == ["实施品牌培育工程", "实施标准化工程"]
    listed = next(s for s in plan.sections if s.title.startswith("重点发展"))
    assert "装备制造业" in listed.notes and "生物医药产业" in listed.notes
    assert "重点发展以下产业：  # check: its items read as a list of names" in out


@pytest.mark.parametrize("item", [
    "2.电子信息产业。（市经信委负责）",  # a note: someone must do it
    "2.发展电子信息产业。",  # a verb of work
    "2.电子信息产业产值达到500亿元。",  # a figure
    "2.质量检测中心。",  # a thing to build: a project, not a sector
])
def test_a_list_with_any_item_that_reads_as_work_stays_tasks(item):
    _, plan = drafted(doc("一、重点任务", "（一）重点发展以下产业：", "1.装备制造业。", item))
    assert len(plan.tasks) == 2


def test_names_under_a_heading_that_announces_nothing_stay_tasks():
    _, plan = drafted(doc("一、重点产业", "1.装备制造业。", "2.电子信息产业。"))
    assert [t.title for t in plan.tasks] == ["装备制造业", "电子信息产业"]


def test_a_list_under_a_task_is_its_text_not_sub_tasks():
    out, plan = drafted(doc("一、重点任务", "1.推进产业升级。（市发改委负责）", "2.培育以下新兴产业：",
                            "（1）新材料。", "（2）节能环保。"))
    assert [t.code for t in plan.tasks] == ["1", "2"]
    second = plan.tasks[1]
    assert "（1）新材料" in second.text and "（2）节能环保" in second.text
    assert "check: the items below it read as a list of names" in out


def test_every_task_without_a_lead_body_is_marked_and_counted_at_the_top():
    out, plan = drafted(doc("一、重点任务", "1.甲工作。（市局负责）", "（1）甲的一部分。", "2.乙工作。", "3.丙工作。",
                            title="2017年某市质量工作要点"))
    unled = [line for line in out.splitlines() if "no lead body" in line]
    assert [line.split("title: ")[1].split("  #")[0] for line in unled] == ["乙工作", "丙工作"]  # 1.1 inherits 甲's
    assert out.splitlines()[1].startswith(f"# {check_count(out)} `# check:` comments")
    assert check_count(out) >= 2
