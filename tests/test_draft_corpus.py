"""The development corpus: every real document drafts into a plan the loader accepts, and every one
has a hand-written truth file that cites its source (bench/draft_quality.py scores the drafts)."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT

from qtrack.draft import draft
from qtrack.planfile import parse_plan

CORPUS = ROOT / "tests" / "data" / "corpus"
DOCUMENTS = sorted(CORPUS.glob("*.txt"))


def test_the_corpus_holds_at_least_fifteen_documents_each_with_its_truth():
    assert len(DOCUMENTS) >= 15
    assert sorted(p.stem for p in (CORPUS / "truth").glob("*.yaml")) == [p.stem for p in DOCUMENTS]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_each_document_drafts_a_plan_the_loader_accepts(path):
    out = draft(path.read_bytes(), path.name, "c")
    plan = parse_plan(out, path.name, default_id="c")
    truth = yaml.safe_load((CORPUS / "truth" / f"{path.stem}.yaml").read_text(encoding="utf-8"))
    assert truth["source"].startswith("http") and truth["source"] in (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert plan.tasks and len(truth["tasks"]) >= 1
