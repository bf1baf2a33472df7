"""The plan-file loader: what it accepts, and every kind of problem it must report as file:line."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from qtrack.errors import PlanFileError
from qtrack.planfile import load_plan_file, parse_plan

GOOD = """\
qtrack: 1
plan:
  title: 测试计划
  lead: [质量司]
  start: 2016-02-01
  end: 2016-12-31
  due: 2016-11-30
departments:
  - {name: 质量司, full_name: 质检总局质量管理司, aliases: [总局质量司]}
phases:
  - {name: 组织实施阶段, start: 2016-04-01, end: 2016-11-30}
sections:
  - code: "1"
    label: 一、
    title: 第一部分
    tasks:
      - code: "1"
        title: 没有部门的任务
      - code: "2"
        title: 有子任务
        lead: [监督司]
        support: [认监委]
        due: 2016-06-30
        tasks:
          - {code: "2.1", title: 继承上级}
          - {code: "2.2", title: 自己的, lead: [计量司], due: 2016-05-31}
targets:
  - {code: T1, title: 合格率, op: ">=", value: 90, unit: "%", due: 2016-12-31, task: "2"}
  - {code: T2, title: 名牌, op: between, value: [80, 100], unit: 个}
duties:
  - {code: D1, title: 月度会议, every: month}
"""


def parse(text: str, name: str = "p.yaml"):
    return parse_plan(textwrap.dedent(text), name, default_id="p")


def problems(text: str) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        parse(text)
    return [str(p) for p in info.value.problems]


def test_good_file_loads_with_defaults_and_inheritance():
    spec = parse(GOOD)
    assert (spec.id, spec.title, spec.lead, spec.due) == ("p", "测试计划", ["质量司"], dt.date(2016, 11, 30))
    assert [t.code for t in spec.tasks] == ["1", "2", "2.1", "2.2"]
    # No department named: the plan's default lead; no date: the plan's due.
    assert (spec.task("1").lead, spec.task("1").support, spec.task("1").due) == (["质量司"], [], dt.date(2016, 11, 30))
    # A sub-task that names nobody inherits its main task's lead, support and due date.
    assert (spec.task("2.1").lead, spec.task("2.1").support, spec.task("2.1").due) == (
        ["监督司"], ["认监委"], dt.date(2016, 6, 30))
    assert (spec.task("2.2").lead, spec.task("2.2").support, spec.task("2.2").due) == (
        ["计量司"], [], dt.date(2016, 5, 31))
    assert (spec.task("2.1").parent, spec.task("2.1").depth, spec.task("2.1").section) == ("2", 1, "1")
    assert spec.targets[1].value == (80.0, 100.0)
    assert spec.duties[0].lead == ["质量司"] and spec.duties[0].start == dt.date(2016, 2, 1)
    assert spec.departments[0].aliases == ["总局质量司"]


def test_names_are_nfkc_normalised_and_trimmed():
    spec = parse(GOOD.replace("lead: [监督司]", "lead: [' 监督司 ', 'ＡＢＣ处']"))
    assert spec.task("2").lead == ["监督司", "ABC处"]


def test_plan_id_defaults_to_file_stem(tmp_path):
    path = tmp_path / "gansu-2011.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_plan_file(path).id == "gansu-2011"


def test_unknown_duplicate_key_and_impossible_date_each_reported_with_line():
    text = GOOD.replace("  due: 2016-11-30\n", "  due: 2016-13-45\n  titel: x\n").replace(
        "    label: 一、\n", "    label: 一、\n    label: 二、\n")
    assert problems(text) == [
        "p.yaml:7: plan due: 2016-13-45 is not a real date",
        "p.yaml:8: unknown key 'titel' in plan (did you mean 'title'?)",
        "p.yaml:16: duplicate key 'label' in a section (first given on line 15)",
    ]


@pytest.mark.parametrize("change, expected", [
    (('code: "2.2"', 'code: "2.1"'), "p.yaml:26: duplicate code '2.1': task 2.1 is already used on line 25"),
    (('task: "2"', 'task: "9"'), "p.yaml:28: target T1 points at task '9', which this plan does not have"),
    (("title: 继承上级", 'title: ""'), "p.yaml:25: the title of task 2.1 is empty"),
    (('op: ">="', 'op: "=>"'), "p.yaml:28: op '=>' of target T1 is not one of >=, >, <=, <, ==, between"),
    (("value: [80, 100]", "value: [100, 80]"), "p.yaml:29: target T2: low 100 is above high 80"),
    (("every: month", "every: week"), "p.yaml:31: every: 'week' of duty D1 is not one of month, quarter, half-year, year"),
    (('code: "2.2"', "code: 2.2"), 'p.yaml:26: task code 2.2 must be quoted ("2.2"): unquoted it is a number'),
    (("lead: [监督司]", "lead: 监督司"), "p.yaml:21: the lead of task 2 must be a list, not a single value"),
    (("support: [认监委]", "support: [认监委, 监督司]"), "p.yaml:22: 监督司 is both lead and support of task 2"),
    (("due: 2016-06-30", "due: 2016-02-30"), "p.yaml:23: the due date of task 2: 2016-02-30 is not a real date"),
    (("due: 2016-06-30", "due: '2016-6-31'"), "p.yaml:23: the due date of task 2: 2016-6-31 is not a real date"),
    (("value: 90", "value: 九十"), "p.yaml:28: the value of target T1 must be a number, not the text '九十'"),
    (("qtrack: 1", "qtrack: 2"), "p.yaml:1: format version 2 is not one this qtrack reads (it reads qtrack: 1)"),
    (("qtrack: 1", "qtrack: 1.0"), "p.yaml:1: format version 1.0 is not one this qtrack reads (it reads qtrack: 1)"),
    (("qtrack: 1", "qtrack: true"), "p.yaml:1: format version True is not one this qtrack reads (it reads qtrack: 1)"),
    (("start: 2016-04-01", "start: 2016-12-01"), "p.yaml:11: phase end 2016-11-30 is before its start 2016-12-01"),
])
def test_each_problem_named_at_its_line(change, expected):
    assert problems(GOOD.replace(*change)) == [expected]


def test_all_problems_of_a_file_are_reported_at_once():
    text = GOOD.replace("every: month", "every: week").replace('task: "2"', 'task: "9"').replace(
        "title: 继承上级", 'title: ""')
    assert len(problems(text)) == 3


def test_unsafe_yaml_tag_is_refused_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = GOOD + f"  - !!python/object/apply:os.system ['touch {marker}']\n"
    found = problems(text)
    assert found == ["p.yaml:32: a duty: tag !!python/object/apply:os.system is not allowed "
                     "(plan files hold plain data)"]
    assert not marker.exists()


@pytest.mark.parametrize("text, expected", [
    ("", "p.yaml:1: the file is empty"),
    ("qtrack: 1\nplan: [a\n", "p.yaml:3: not valid YAML: did not find expected ',' or ']'"),
    ("- a\n- b\n", "p.yaml:1: the plan file must be a mapping (key: value), not a list"),
    ("qtrack: 1\n", "p.yaml:1: the plan file has no 'plan'"),
])
def test_malformed_files(text, expected):
    assert problems(text) == [expected]


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("qtrack: 1\nplan:\n  title: 质量\n".encode("gbk"))
    with pytest.raises(PlanFileError) as info:
        load_plan_file(path)
    assert str(info.value) == f"{path}:3: not UTF-8 text (it looks like GBK-encoded Chinese); save it as UTF-8"
