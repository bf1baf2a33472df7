"""plans/central-2017.yaml against its source: 中共中央、国务院关于开展质量提升行动的指导意见, items 二十–三十 only."""

from pathlib import Path

import pytest
from conftest import SOURCES

from qtrack.planfile import load_plan_file

PLANS = Path(__file__).resolve().parent.parent / "plans"
SOURCE = SOURCES / "2017-quality-improvement-guidelines-partial.txt"
GARBLED_20 = "??构抑柿炕∩枋┬窦坝τ檬痉痘亟ㄉ?"
GARBLED_23 = "引导、?;?。"


@pytest.fixture(scope="module")
def spec():
    return load_plan_file(PLANS / "central-2017.yaml")


@pytest.fixture(scope="module")
def source():
    return SOURCE.read_text(encoding="utf-8")


def test_plan(spec):
    assert spec.id == "central-2017"
    assert spec.title == "中共中央、国务院关于开展质量提升行动的指导意见"
    assert spec.doc_no is None and spec.issued is None and spec.due is None
    assert "(二十)" in spec.notes and "(三十)" in spec.notes
    assert spec.targets == [] and spec.duties == [] and spec.phases == []


def test_sections_and_tasks(spec):
    assert [(s.code, s.label, s.title) for s in spec.sections] == [
        ("4", "四、", "(标题缺失)"),  # heading lost; only its place before 五、 is known
        ("5", "五、", "改革完善质量发展政策和制度"),
        ("6", "六、", "切实加强组织领导"),
    ]
    assert spec.sections[0].notes
    assert [t.code for t in spec.tasks] == [str(i) for i in range(20, 31)]
    assert [t.section for t in spec.tasks] == ["4"] * 3 + ["5"] * 4 + ["6"] * 4
    assert all(t.parent is None for t in spec.tasks)
    assert [t.label for t in spec.tasks][::5] == ["(二十)", "(二十五)", "(三十)"]
    assert spec.task("29").title == "狠抓督察考核"


def test_no_departments_no_dates(spec):
    assert all(t.lead == [] and t.support == [] and t.due is None for t in spec.tasks)


def test_texts_are_the_sources_bytes(spec, source):
    for t in spec.tasks:
        assert f"{t.label}{t.title}\n{t.text}\n" in source, t.code
    assert spec.task("24").text.count("\n") == 1  # two paragraphs, both kept
    assert "各地区各部门要认真落实本意见精神" not in spec.task("30").text


@pytest.mark.parametrize("code, run", [("20", GARBLED_20), ("23", GARBLED_23)])
def test_garbled_passages_carried_and_flagged(spec, source, code, run):
    assert run in source  # the run is the source's own
    t = spec.task(code)
    assert run in t.text and t.text.encode("utf-8") in source.encode("utf-8")
    assert "GARBLED" in t.notes and run.strip("引导、。") in t.notes
    others = [x for x in spec.tasks if x.code not in ("20", "23")]
    assert not any("GARBLED" in (x.notes or "") for x in others)
