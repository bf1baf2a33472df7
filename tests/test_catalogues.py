"""The message catalogues shipped in the package: each .mo is its .po compiled (a forgotten
`python tools/catalogue.py compile` fails here), every id the command line looks up is in
qtrack.po and translated, and each translation keeps its id's placeholders (a missing {name}
would fail at run time, in Chinese only)."""

from __future__ import annotations

import re
import sys
from string import Formatter

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import catalogue  # noqa: E402

CATALOGUES = sorted(catalogue.LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_the_command_lines_catalogue_is_there():
    assert catalogue.CLI_PO in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.name)
def test_each_shipped_mo_is_its_po_compiled(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.name} is missing: python tools/catalogue.py compile"
    assert mo.read_bytes() == catalogue.compiled(po), f"{mo.name} is stale: python tools/catalogue.py compile"


def _entries(po):
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        return [m for m in read_po(source) if m.id]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.name)
def test_each_translation_keeps_its_placeholders(po):
    wrong = []
    for m in _entries(po):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for string in strings:
            if string and _fields(string) != _fields(ids[-1]):
                wrong.append(f"{ids[0]!r} → {string!r}")
    assert not wrong, "\n".join(wrong)


def test_every_id_of_the_command_line_is_translated():
    from babel.messages.pofile import read_po

    with catalogue.CLI_PO.open("rb") as source:
        translated = {m.id if isinstance(m.id, str) else m.id[0]
                      for m in read_po(source) if m.id and (m.string if isinstance(m.string, str) else m.string[0])}
    wanted = [*catalogue.code_messages(), *catalogue.help_texts(), *catalogue.table_words()]
    missing = sorted({m if isinstance(m, str) else m[0] for m in wanted} - translated)
    assert not missing, "not in qtrack.po, or not translated (python tools/catalogue.py update, then translate):\n" + \
        "\n".join(map(repr, missing))


def test_the_chinese_uses_full_width_punctuation_after_chinese():
    """`错误：` not `错误:` — a colon or comma straight after a Chinese character is the half-width one by mistake."""
    wrong = [m.string for po in CATALOGUES for m in _entries(po) if isinstance(m.string, str)
             and re.search(r"[\u4e00-\u9fff][,;:?!]\s", m.string)]
    assert not wrong, "\n".join(wrong)
