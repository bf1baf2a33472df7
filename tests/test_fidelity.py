"""Every bundled plan against the document it was made from (tests/data/sources/, verbatim).

These are the checks a reviewer would make by hand: the document's own words, its labels, its
departments and its numbers, all present where the plan file says they are.
"""

from __future__ import annotations

import re

import pytest
from conftest import PLANS, SOURCES

from qtrack.names import normalize
from qtrack.planfile import load_plan_file

SOURCE_OF = {
    "2014": "2014-quality-work-points.txt",
    "2016": "2016-quality-brand-action-plan.txt",
    "gansu-2011": "2011-gansu-quality-revitalization-scheme.txt",
    "city-action": "city-quality-outline-action-plan.txt",
    "central-2017": "2017-quality-improvement-guidelines-partial.txt",
}
# The labels of each document's task levels, at the start of a paragraph.
LABELS = {
    "2014": r"(\d+)\.",
    "2016": r"(\d+)\.",
    "gansu-2011": r"\(([一二三四五六七八九十]+)\)|(\d+)\.",
    "city-action": r"\(([一二三四五六七八九十]+)\)",
    "central-2017": r"\(([二三][十][一二三四五六七八九]?|三十)\)",
}


def squash(text: str) -> str:
    """Compare words, not layout: NFKC, and no white space at all (Chinese uses none)."""
    return re.sub(r"\s+", "", normalize(text))


@pytest.fixture(scope="module", params=sorted(SOURCE_OF))
def pair(request):
    spec = load_plan_file(PLANS / f"{request.param}.yaml")
    return spec, (SOURCES / SOURCE_OF[request.param]).read_text(encoding="utf-8")


def test_every_task_text_is_the_documents_own_words(pair):
    spec, source = pair
    body = squash(source)
    for task in spec.tasks:
        assert squash(task.title) in body, task.code
        if task.text:
            assert squash(task.text) in body, task.code


def test_every_task_label_of_the_document_is_in_the_plan(pair):
    spec, source = pair
    paragraphs = [normalize(p).strip() for p in source.splitlines()]
    pattern = re.compile(LABELS[spec.id])
    labelled = {squash(t.label or "") + squash(t.title) for t in spec.tasks}
    for paragraph in paragraphs:
        match = pattern.match(paragraph)
        if not match:
            continue
        heading = squash(paragraph[:match.end()]) + squash(paragraph[match.end():])
        # A numbered paragraph of the document is either a task of the plan or a known non-task
        # (phases, the 保障措施 without dated obligations, principles).
        if any(heading.startswith(item) for item in labelled):
            continue
        assert not _is_task_level(spec.id, paragraph), f"{spec.id}: not in the plan: {paragraph[:40]}"


def _is_task_level(plan: str, paragraph: str) -> bool:
    """Numbered paragraphs that the plans deliberately do not carry as tasks."""
    skipped = {
        "2016": ("(一)坚持", "(二)坚持", "(三)坚持", "(四)坚持"),
        "gansu-2011": ("(一)启动阶段", "(二)实施阶段", "(三)总结阶段", "(一)加强组织领导", "(四)保障经费投入",
                       "(五)加大宣传引导"),
    }.get(plan, ())
    return not paragraph.startswith(skipped)


def test_every_department_is_named_in_its_tasks_note(pair):
    spec, _ = pair
    by_code = {t.code: t for t in spec.tasks}
    for task in spec.tasks:
        named = set(task.lead) | set(task.support)
        if not named or (task.lead == spec.lead and not task.support):
            continue  # the plan's default lead (2014: 质量司's own work) is named by no note
        # The note is in the task's own words, or its main task's when it inherits them.
        words = squash(task.text or "")
        if task.parent:
            words += squash(by_code[task.parent].text or "")
        aliases = {a: d.name for d in spec.departments for a in d.aliases}
        for name in named:
            spellings = {name} | {a for a, canonical in aliases.items() if canonical == name}
            assert any(squash(s) in words or squash(s) in squash(task.title) for s in spellings), (task.code, name)


def test_every_target_value_is_in_its_tasks_words(pair):
    """In the task's own words; or, for goals a document states apart from its tasks (2016's 三
    年度目标), in a paragraph of the document that also names the target."""
    spec, source = pair
    by_code = {t.code: t for t in spec.tasks}
    paragraphs = [squash(p) for p in source.splitlines() if p.strip()]
    for target in spec.targets:
        task = by_code.get(target.task)
        words = squash(task.text or "") if task else ""
        if task and task.parent:
            words += squash(by_code[task.parent].text or "")
        values = target.value if isinstance(target.value, tuple) else (target.value,)
        for value in values:
            number = f"{value:g}"
            assert number in words or any(
                number in p and squash(target.title)[:4] in p for p in paragraphs), (target.code, value)


def test_the_bundled_library_through_the_cli(cli):
    import json

    assert cli("import", str(PLANS)).exit_code == 0
    assert all("no change" in line for line in cli("import", str(PLANS)).stdout.splitlines())

    def refs(*args):
        result = cli(*args, "-f", "json")
        assert result.exit_code == 0, result.stderr
        return [r["ref"] for r in json.loads(result.stdout) if r.get("kind", "task") == "task"]

    counts = {plan: len(refs("tasks", "--plan", plan)) for plan in SOURCE_OF}
    assert counts == {"2014": 33, "2016": 10, "gansu-2011": 47, "city-action": 22, "central-2017": 11}
    gansu = json.loads(cli("tasks", "--plan", "gansu-2011", "-f", "json").stdout)
    assert len([t for t in gansu if "." not in t["code"] and not t["code"].startswith("B")]) == 14
    assert refs("tasks", "--plan", "city-action", "--dept", "市质监局", "--role", "lead") == [
        f"city-action/{i}" for i in range(1, 22)]
    assert len(refs("overdue", "--plan", "2014", "--as-of", "2015-01-15")) == 33
    assert refs("overdue", "--plan", "2014", "--as-of", "2014-06-30") == []
    assert refs("overdue", "--plan", "city-action", "--as-of", "2099-01-01") == []  # no year, no due date
