"""Facts of 质量品牌提升行动计划(2016) (sources/2016-quality-brand-action-plan.txt) as plans/2016.yaml must carry them."""
from datetime import date
from pathlib import Path

import pytest

from qtrack.planfile import load_plan_file

PLANS = Path(__file__).resolve().parent.parent / "plans"


@pytest.fixture(scope="module")
def spec():
    return load_plan_file(PLANS / "2016.yaml")


def test_plan_header(spec):
    assert spec.id == "2016"
    assert spec.title == "质量品牌提升行动计划(2016)"
    assert spec.issuer == "国家质检总局"
    assert spec.doc_no is None
    assert spec.issued == date(2016, 5, 13)
    assert (spec.start, spec.end) == (date(2016, 2, 1), date(2016, 12, 31))
    assert spec.due == date(2016, 11, 30)  # end of 组织实施阶段


def test_sections_and_tasks(spec):
    assert [(s.code, s.label, s.title) for s in spec.sections] == [
        ("4.1", "四(一)", "开展重点领域质量品牌提升行动"),
        ("4.2", "四(二)", "做好质量品牌提升支撑工作"),
        ("4.3", "四(三)", "强化质量品牌提升行动的统筹与研究"),
    ]
    assert [t.code for t in spec.tasks] == [str(n) for n in range(1, 11)]
    assert [t.section for t in spec.tasks] == ["4.1"] * 4 + ["4.2"] * 5 + ["4.3"]
    assert all(t.parent is None for t in spec.tasks)
    assert [t.label for t in spec.tasks] == [f"{n}." for n in range(1, 11)]
    # no task states a date of its own: all fall back on plan.due
    assert {t.due for t in spec.tasks} == {date(2016, 11, 30)}
    assert spec.task("4").title == "国家地理标志产品保护质量提升专项行动"
    assert spec.task("5").title == "发挥企业产品与服务标准自我声明和质量技术基础(NQI)平台支撑作用"
    assert spec.task("10").title == "加强统筹协调与研究"


@pytest.mark.parametrize("code, lead, support", [
    # "认监委、标准委,法规司…": mixed separators, every body separate
    ("1", ["监督司"], ["认监委", "标准委", "法规司", "质量司", "计量司", "检验司", "执法司", "科技司"]),
    ("2", ["检验司"], ["认监委", "动植司", "食品局", "国际司"]),
    ("3", ["质量司"], ["认监委", "标准委", "法规司", "计量司", "卫生司", "动植司", "特设局", "信息中心",
                      "中国标准化研究院", "全国组织机构代码中心", "中国物品编码中心", "中国防伪行业协会"]),
    ("5", ["标准委", "质量司", "科技司"], ["认监委", "计量司", "食品局", "检验司", "监督司", "执法司", "特设局"]),
    ("6", ["质量司"], ["认监委", "标准委", "动植司", "监督司", "执法司", "科技司", "标准院"]),
    ("8", ["办公厅", "法规司"], ["质量司", "通关司", "认监委", "动植司", "检验司", "食品局", "监督司", "执法司", "科技司"]),
    ("9", ["办公厅"], ["质量司", "检验司", "监督司", "执法司", "信息中心", "报刊社"]),
])
def test_departments(spec, code, lead, support):
    t = spec.task(code)
    assert (t.lead, t.support) == (lead, support)


def test_zhiliangsi_roles(spec):
    assert [t.code for t in spec.tasks if "质量司" in t.lead] == ["3", "5", "6", "10"]
    assert [t.code for t in spec.tasks if "质量司" in t.support] == ["1", "4", "7", "8", "9"]


def test_texts_whole(spec):
    assert spec.task("9").text == (
        "通过中央主流媒体、质检两报、新媒体等大力宣传质量品牌提升行动,跟踪报道各专项行动小组活动开展情况,取得的成效、经验,"
        "扩大质量提升和品牌建设的社会影响,引导群众关注质量,关注品牌,树立正确的消费观念和品牌意识,提振消费者对中国品牌的消费信心,"
        "为质量品牌提升行动创造良好社会舆论氛围。(牵头部门:办公厅,配合部门:质量司、检验司、监督司、执法司、信息中心、报刊社)")
    t1 = spec.task("1").text
    assert t1.startswith("加强消费品质量监督,以空气净化器、电饭煲")
    assert "监督企业持续有效运行管理体系, 强化质量管理基础" in t1  # carried as printed
    assert t1.endswith("(牵头部门:监督司,配合部门:认监委、标准委,法规司、质量司、计量司、检验司、执法司、科技司)")
    assert all("(牵头部门:" in t.text and t.text.endswith(")") for t in spec.tasks)


def test_targets(spec):
    got = [(g.code, g.op, g.value, g.unit, g.task, g.due) for g in spec.targets]
    assert got == [
        ("T1", ">=", 90, "%", "1", date(2016, 12, 31)),
        ("T2", ">=", 120, "个", "4", date(2016, 12, 31)),
        ("T3", ">=", 600, "家", "4", date(2016, 12, 31)),
        ("T4", ">=", 5, "家", "4", date(2016, 12, 31)),
    ]
    assert spec.targets[0].title == "10类重点消费品产品质量国家监督抽查合格率"
    assert all(g.baseline is None for g in spec.targets)


def test_phases_and_duty(spec):
    assert [(p.name, p.start, p.end) for p in spec.phases] == [
        ("研究部署阶段", date(2016, 2, 1), date(2016, 3, 31)),
        ("组织实施阶段", date(2016, 4, 1), date(2016, 11, 30)),
        ("总结提高阶段", date(2016, 12, 1), date(2016, 12, 31)),
    ]
    [d] = spec.duties
    assert (d.code, d.title, d.every, d.day) == ("D1", "领导小组全体会议或专题会议", "month", None)
    assert (d.lead, d.support) == (["质量司"], [])
    assert (d.start, d.end, d.task) == (date(2016, 3, 1), date(2016, 12, 31), None)
