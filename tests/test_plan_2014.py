"""Facts of 2014年质量管理工作要点 (sources/2014-quality-work-points.txt) as plans/2014.yaml must carry them."""
from datetime import date
from pathlib import Path

import pytest

from qtrack.planfile import load_plan_file

PLANS = Path(__file__).resolve().parent.parent / "plans"

SECTIONS = [  # code, label, title, task codes (numbered through the whole document)
    ("1", "一、", "深入贯彻实施《质量发展纲要》", range(1, 6)),
    ("2", "二、", "扎实组织质量工作考核", range(6, 9)),
    ("3", "三、", "深化质量激励工作", range(9, 12)),
    ("4", "四、", "推动制造业质量升级", range(12, 15)),
    ("5", "五、", "加强质量诚信体系建设", range(15, 19)),
    ("6", "六、", "强化质量安全制度保障", range(19, 22)),
    ("7", "七、", "推进服务业质量体系建设", range(22, 25)),
    ("8", "八、", "加强质量统计分析", range(25, 27)),
    ("9", "九、", "夯实质量管理基础", range(27, 31)),
    ("10", "十、", "加强质量研究和国际交流", range(31, 34)),
]


@pytest.fixture(scope="module")
def spec():
    return load_plan_file(PLANS / "2014.yaml")


def test_plan_header(spec):
    assert spec.id == "2014"
    assert spec.title == "2014年质量管理工作要点"
    # not in the source: left null
    assert (spec.issuer, spec.doc_no, spec.issued) == (None, None, None)
    assert (spec.start, spec.end, spec.due) == (date(2014, 1, 1), date(2014, 12, 31), date(2014, 12, 31))
    assert "质量司" in spec.notes


def test_sections(spec):
    assert [(s.code, s.label, s.title) for s in spec.sections] == [s[:3] for s in SECTIONS]
    assert [t.code for t in spec.tasks] == [str(n) for n in range(1, 34)]
    assert [(t.code, t.section) for t in spec.tasks] == [
        (str(n), code) for code, _, _, codes in SECTIONS for n in codes]


def test_every_task_defaults(spec):
    for t in spec.tasks:
        assert t.lead == ["质量司"] and t.support == [], t.code
        assert t.due == date(2014, 12, 31), t.code
        assert t.parent is None and t.label == f"{t.code}.", t.code
    assert (spec.targets, spec.duties, spec.phases) == ([], [], [])


@pytest.mark.parametrize("code, title", [
    ("1", "编制质量发展纲要年度行动计划"),
    ("5", "精心组织第25届全国质量月活动"),
    ("15", "强化统一社会信用代码和质量信用信息平台建设"),
    ("26", "深化质量状况分析"),
    ("33", "开展国际质量交流合作"),
])
def test_titles(spec, code, title):
    assert spec.task(code).title == title


def test_texts_whole(spec):
    assert spec.task("8").text == "指导地方政府通过质量兴(强)省工作机制,将质量工作纳入对市、县等基层政府的绩效考核范围。"
    assert spec.task("28").text == (
        "组织有关高校完善质量管理工程本科专业设置规范。推动设立质量管理硕士专业学位。鼓励高等院校、科研机构设立质量科研机构。")
    assert spec.task("33").text.endswith("组织举办海峡两岸质量论坛、设备监理国际论坛等活动。")
