"""The draft writer's scalars: every string reads back through YAML as the same string, and the
draft says at its top how many values it marks for review."""

from __future__ import annotations

import pytest
import yaml
from draft_helpers import doc, drafted
from hypothesis import given, settings
from hypothesis import strategies as st

from qtrack.draft.writer import names, scalar


def read_back(value: str) -> object:
    return yaml.safe_load(f"key: {value}\n")["key"]


@pytest.mark.parametrize("text", [
    "TRUE", "FALSE", "YES", "NO", "ON", "OFF", "True", "yes", "y", "N", "Off", "null", "NULL", "~", "",
    "0x1F", "0o17", "017", "0b101", "1_000", "1e3", "+12", "-3.5", ".5", ".inf", "-.INF", ".NaN", "1:20:30",
    "2024-01-01", "2024-1-1 10:00", "=", "<<",
    "a\x7fb", "\x80", "\x85中", "\x9f", "\ufffe", "\uffff", "甲\u2028乙", "\u2029", "\ud800", "\t缩进", " 前后 ",
    "- 列表", "? 问", "#注释", "a: b", "a #b", "[1]", "{x}", "'单'", '"双"', "&锚", "*别", "!标签", "%指令", "@", "`",
])
def test_strings_yaml_would_misread_are_quoted_and_read_back_unchanged(text):
    assert read_back(scalar(text)) == text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=30))
def test_every_string_survives_scalar_then_safe_load(text):
    assert read_back(scalar(text)) == text
    assert yaml.safe_load(f"key: {names([text, text + '、'])}\n")["key"] == [text, text + "、"]


def test_plain_chinese_stays_plain():
    assert scalar("省质监局") == "省质监局"
    assert scalar("开展质量提升行动") == "开展质量提升行动"


def test_the_draft_says_at_its_top_how_many_values_it_marks_for_review():
    out, _ = drafted(doc("一、主要任务", "1.甲。做事(市质监局负责)。再做事(市卫生局负责)。", "2.乙。做事。",
                         title="2024年质量工作要点"))
    count = sum("check: " in line.partition("  # ")[2] for line in out.splitlines())
    assert count >= 3  # the two notes merged; the start and end derived from the title
    assert out.splitlines()[1] == (f"# {count} `# check:` comments below: each marks a value the reader was unsure "
                                   "of; review them before importing.")
