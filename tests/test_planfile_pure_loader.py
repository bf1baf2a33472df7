"""Plan files read through PyYAML's own parser, as where the installed PyYAML has no libyaml: the
same specs, and every problem at the same file:line in the same words, as through libyaml's."""

from __future__ import annotations

import pytest
import yaml

from qtrack.errors import PlanFileError
from qtrack.planfile import load, parse_plan, tree

from tests.test_planfile import GOOD

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])

BAD = {  # a file's text → the one problem it must be refused with
    'qtrack: 1\nplan: {title: t}\nsections:\n  - code: "1"\n    title: s\n    tasks:\n'
    '      - {code: "1", title: a, lead: [质量司, 质量司]}\n':
        "p.yaml:7: 质量司 is named twice in the lead of task 1",
    # A name below its list's first line is reported at its own line, not the list's.
    'qtrack: 1\nplan: {title: t}\nsections:\n  - code: "1"\n    title: s\n    tasks:\n'
    '      - code: "1"\n        title: a\n        lead:\n          - 质量司\n          - 质量司\n':
        "p.yaml:11: 质量司 is named twice in the lead of task 1",
    'qtrack: 1\nplan: {title: t}\nsections:\n  - code: "1"\n    title: s\n    tasks:\n'
    '      - {code: "1", title: a, lead: [质量司,\n          质量司]}\n':
        "p.yaml:8: 质量司 is named twice in the lead of task 1",
    'qtrack: 1\nplan: {title: t}\nsections:\n  - code: "1"\n    title: s\n    tasks:\n'
    '      - {code: 1.10, title: a}\n':
        'p.yaml:7: task code 1.10 must be quoted ("1.10"): unquoted it is a number',
    'qtrack: 1\nplan: {title: "t\x07"}\n':
        "p.yaml:2: character U+0007 is not allowed in YAML text (a control character)",
    'qtrack: 1\nplan: {title: t}\nsections:\n  - code: "1"\n    title: s\n    titel: x\n':
        "p.yaml:6: unknown key 'titel' in a section (did you mean 'title'?)",
}


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request, monkeypatch):
    """The reader as it is where only this loader exists (load.py picks its input by the loader)."""
    monkeypatch.setattr(tree, "Loader", request.param)
    monkeypatch.setattr(load, "Loader", request.param)
    return request.param


def test_a_good_plan_reads_the_same_through_either_parser(loader, monkeypatch):
    spec = parse_plan(GOOD.encode() if loader is not yaml.SafeLoader else GOOD, "p.yaml", default_id="p")
    monkeypatch.setattr(tree, "Loader", yaml.SafeLoader)
    assert spec == parse_plan(GOOD, "p.yaml", default_id="p")
    assert [t.code for t in spec.tasks] == ["1", "2", "2.1", "2.2"]
    assert spec.tasks[3].lead == ["计量司"]


@pytest.mark.parametrize("text", BAD)
def test_each_problem_keeps_its_line_and_words_through_either_parser(loader, tmp_path, text):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError) as caught:
        load.load_plan_file(path)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [BAD[text]]
