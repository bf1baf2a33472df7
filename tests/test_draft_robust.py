"""Whatever text comes in, draft either writes a file the loader accepts or refuses in one line."""

from __future__ import annotations

import random

import pytest
from conftest import SOURCES
from draft_helpers import doc, drafted

from qtrack.draft import draft
from qtrack.errors import QtrackError


def test_a_number_used_twice_gets_a_distinct_code_and_a_check():
    out, plan = drafted(doc("一、甲类", "1.甲项。做事。", "1.乙项。做事。", "2.丙项。做事。", "一、乙类", "3.丁项。做事。"))
    # Numbers repeat, so they are read as restarting per section: codes carry the section's.
    assert [s.code for s in plan.sections] == ["1", "1-2"]
    assert [t.code for t in plan.tasks] == ["1.1", "1.1-2", "1.2", "1-2.3"]
    assert "check: the document numbers a second item 1" in out


def test_a_body_named_lead_in_one_note_and_support_in_another_leads():
    _, plan = drafted(doc("一、主要任务", "(一)甲。做事(牵头单位:A局;配合单位:B局)。再做(牵头单位:B局)。"))
    assert (plan.tasks[0].lead, plan.tasks[0].support) == (["A局", "B局"], [])


def test_phases_out_of_order_still_give_a_plan_period():
    _, plan = drafted(doc("一、主要任务", "1.甲。做事。", "二、实施步骤", "(一)总结阶段(2016年12月)。总结。",
                          "(二)部署阶段(2016年2月至2016年3月)。部署。"))
    assert (str(plan.start), str(plan.end)) == ("2016-02-01", "2016-12-31")


@pytest.mark.parametrize("seed", range(40))
def test_slices_and_shuffles_of_the_sources_draft_or_refuse_in_one_line(seed):
    rng = random.Random(seed)
    lines = rng.choice(sorted(SOURCES.glob("*.txt"))).read_text(encoding="utf-8").splitlines()
    if seed % 2:
        start = rng.randrange(len(lines))
        lines = lines[start:rng.randrange(start, len(lines) + 1)]
    else:
        lines = rng.sample(lines, k=min(len(lines), rng.randrange(1, 40)))
    try:
        draft("\n".join(lines).encode(), "f.txt", "x")  # draft itself loads what it wrote
    except QtrackError as exc:
        assert "\n" not in str(exc) and "would not import" not in str(exc)
