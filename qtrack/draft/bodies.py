"""Body names: a list of names in a note split into the bodies it names, by a lexicon of how
Chinese bodies are named rather than by punctuation alone.

A separator inside a name's own brackets never splits it (各省(区、市)人民政府); a run of
administrative levels joins the name it qualifies (各市(州)、县(市、区)人民政府 and 各区、县级市 are
one body each); "等…", "及有关单位" tails and names that say only "the departments concerned"
are dropped; officials (分管副省长) are people, not bodies.
"""

from __future__ import annotations

import re

SEPARATORS = "、,，;；"
OPEN, CLOSE = "(（〔[【", ")）〕]】"
# The last character of a body's name: 府 局 委 厅 办 部 … (a lexicon of what bodies are called).
BODY_END = set("府局委厅办部司院会心室处所站行社队团组位门署关校馆台")
# One administrative level, alone or with its alternatives in brackets: 各市(州), 县(市、区), 县级市.
ADMIN_LEVEL = r"(?:省|市|州|县|区|乡|镇|旗|盟|县级市|自治区|自治州|自治县|直辖市|计划单列市)"
ADMIN_RE = re.compile(rf"^各?(?:有关|相关)?{ADMIN_LEVEL}(?:[(（]{ADMIN_LEVEL}(?:[、,，]{ADMIN_LEVEL})*[)）])?$")
# Names that say only "the bodies concerned": dropped whole.
# A role word inside a name ("各项目牵头单位": each item's lead) refers to bodies named elsewhere.
GENERIC_RE = re.compile(r"^(?:各|有关|相关|其他|其它)*(?:部门|单位|地区|地方|方面|机构|处室|地)$|(?:有关|相关)(?:部门|单位|处室|机构)"
                        r"|(?:牵头|配合|责任|参与|协办)(?:单位|部门)$")
# Tails that add no body: "…等", "…等有关部门", "…及有关单位".
TAIL_RE = re.compile(r"等.*$|(?:及|以及|和)[^、,，]*?(?:有关|相关|其他|其它|各)(?:部门|单位|地区|方面)$|(?:及|以及|和)各地$")
# People, not bodies: 分管副省长, 协管副秘书长, 市长.
PERSON_RE = re.compile(r"(?:省长|市长|县长|区长|秘书长|书记|主任|同志|领导)$")
# Words of a role that may trail a name in a verb-form note: never part of the name.
ROLE_TAIL_RE = re.compile(r"(?:按职责分工|按职责|分别|共同|负责落实|负责|牵头|配合|参与|参加|协助|落实)+$")


def ends_as_body(name: str) -> bool:
    """Whether a name ends as a body's does (its own bracketed part aside: 省发展改革委（省能源局）)."""
    core = re.sub(r"[(（][^()（）]*[)）]$", "", name.strip())
    return bool(core) and (core[-1] in BODY_END or bool(TAIL_RE.search(core)))


def _pieces(text: str) -> list[tuple[str, str]]:
    """(separator before, piece) for each piece between separators outside brackets."""
    pieces, depth, current, before = [], 0, "", ""
    for ch in text:
        depth += ch in OPEN
        depth -= ch in CLOSE and depth > 0
        if ch in SEPARATORS and depth == 0:
            pieces.append((before, current))
            current, before = "", ch
        else:
            current += ch
    return pieces + [(before, current)]


def split_names(text: str) -> list[str]:
    """The bodies a list names, in order, each once; generic names and tails dropped."""
    joined: list[str] = []
    level = False  # whether the last piece was an administrative level only
    for before, piece in _pieces(text):
        piece = piece.strip(" :：。.")
        if not piece:
            continue
        if joined and level and before == "、":
            joined[-1] += "、" + piece  # 各市(州)、县(市、区)人民政府: the levels qualify the name after them
        else:
            joined.append(piece)
        level = bool(ADMIN_RE.match(piece))
    out: list[str] = []
    for name in joined:
        name = ROLE_TAIL_RE.sub("", TAIL_RE.sub("", name)).strip(" :：。.")
        if len(name) > 1 and not GENERIC_RE.search(name) and not PERSON_RE.search(name) and name not in out:
            out.append(name)
    return out
