"""A listing's table to a pipe or a file is written by qtrack/plain_table.py, not Rich's console:
it must be Rich's table byte for byte, or leave the table to Rich."""

from __future__ import annotations

import io
import random

import pytest

from rich.cells import cell_len

from qtrack import output, plain_table
from qtrack.output import Column, Output, Styled

# What cells are made of: Chinese (two cells each), words and spaces, line breaks, the characters
# of references and dates, and what Rich would change (an emoji code, a tab, an ideographic space).
PIECES = ["质量", "品牌", "培育", "部门", "司", "2016/D1@2016-05", "2016-12-31", "a", "word", "longerword",
          "x" * 30, " ", "  ", "\n", "、", "（", "）", "●", "—", "…", "-", "1", "99%", "é", "e\u0301", "[bold]", ":"]
RARE = [":smile:", "\t", "\u3000", "\x1b[31m", "\u2028"]


def random_text(rnd: random.Random, most: int) -> str:
    return "".join(rnd.choice(RARE if rnd.random() < 0.01 else PIECES) for _ in range(rnd.randint(0, most)))


def random_listing(rnd: random.Random) -> Output:
    columns = [Column(f"k{i}", random_text(rnd, 2) or rnd.choice(["", "灯", "任务"]),
                      rnd.choice(["left", "right"]), no_wrap=rnd.random() < 0.3,
                      min_width=rnd.choice([None, None, 4, 10]))
               for i in range(rnd.randint(1, 7))]
    rows = [{c.key: rnd.choice([None, random_text(rnd, 6), Styled(random_text(rnd, 2), "bold red")])
             for c in columns} for _ in range(rnd.randint(0, 6))]
    return Output(rows, columns, title=rnd.choice([None, random_text(rnd, 12)]),
                  caption=rnd.choice([None, random_text(rnd, 12)]), more=rnd.choice([0, 0, 3]),
                  note=rnd.choice([None, None, random_text(rnd, 4)]), empty=random_text(rnd, 3) or "no tasks")


def drawn(out: Output) -> str:
    stream = io.StringIO()
    output.render(out, "table", stream)
    return stream.getvalue()


@pytest.fixture
def not_a_terminal(monkeypatch):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_random_tables_are_rich_s_byte_for_byte(not_a_terminal):
    rnd = random.Random(19)
    plain = 0
    for n in range(600):
        width = rnd.choice([30, 60, 80, 80, 100, 160])
        not_a_terminal.setenv("COLUMNS", str(width))
        out = random_listing(rnd)
        mine = drawn(out)
        rows = list(out.rows)
        plain += plain_table.text(io.StringIO(), rows, out.columns, title=out.title, caption=out.caption,
                                  said=[]) is not None and bool(rows)
        with not_a_terminal.context() as rich_only:
            rich_only.setattr(plain_table, "text", lambda *args, **kwargs: None)
            assert mine == drawn(out), (n, width, out)
    assert plain > 200  # most of them drawn without Rich: the comparison is not of Rich with itself


def test_random_views_of_tables_and_lines_are_rich_s_byte_for_byte(not_a_terminal):
    """A view (status's scoreboard, score's ranking): tables, empty ones too, and lines between
    them, then the note."""
    rnd = random.Random(9)
    plain = lines = empty = 0
    for n in range(300):
        width = rnd.choice([30, 60, 80, 100, 160])
        not_a_terminal.setenv("COLUMNS", str(width))
        view = [random_listing(rnd) if rnd.random() < 0.7 else random_text(rnd, 30) for _ in range(rnd.randint(1, 4))]
        for piece in view:
            if isinstance(piece, Output):
                piece.rows = list(piece.rows)  # drawn twice
        out = Output([], view=lambda: view, note=rnd.choice([None, random_text(rnd, 6)]))
        mine = drawn(out)
        if plain_table.pieces(io.StringIO(), view, note=out.note) is not None:
            plain += 1
            lines += any(isinstance(p, str) for p in view)
            empty += any(isinstance(p, Output) and not p.rows for p in view)
        with not_a_terminal.context() as rich_only:
            rich_only.setattr(plain_table, "pieces", lambda *args, **kwargs: None)
            assert mine == drawn(out), (n, width, view)
    assert plain > 50 and lines > 20 and empty > 5, (plain, lines, empty)  # not Rich compared with itself


def test_a_header_rich_would_widen_is_left_to_rich(not_a_terminal):
    """A control character in a no_wrap column's header: Rich measures it as cleaned (\\x1b)."""
    out = Output([{"k": "a"}], [Column("k", "灯\x1b", no_wrap=True), Column("j", "任务")])
    assert plain_table.text(io.StringIO(), list(out.rows), out.columns, title=None, caption=None, said=[]) is None
    assert "灯\\x1b" in drawn(out)


def test_a_terminal_still_gets_rich_s_colours(not_a_terminal):
    not_a_terminal.setenv("FORCE_COLOR", "1")
    out = Output([{"light": "red", "ref": "2016/1"}], [Column("light", "灯", show=output.light, no_wrap=True),
                                                       Column("ref", "任务", no_wrap=True)])
    assert "\x1b[" in drawn(out) and "● 红" in drawn(out)
    assert plain_table.width(io.StringIO()) is None


def test_the_width_is_rich_s(not_a_terminal):
    from qtrack.output import console

    for columns in ("57", "0", "", "x"):
        not_a_terminal.setenv("COLUMNS", columns)
        stream = io.StringIO()
        assert plain_table.width(stream) == console(stream).width, columns


@pytest.mark.parametrize("width", [80, 100])
def test_a_number_is_never_broken_across_lines_where_headers_can_fold(not_a_terminal, width):
    """status's plans at 100,000 tasks: ten columns whose whole headers do not fit 80 cells. Each
    count stays whole on its line and the headers fold to make room (Rich alone split 100000
    into 1000 and 00)."""
    not_a_terminal.setenv("COLUMNS", str(width))
    headers = ["任务", "完成", "红", "黄", "已到期", "达成率", "指标达标", "未达标", "漏报"]
    columns = [Column("plan", "计划", no_wrap=True)] + [Column(f"n{i}", h, "right") for i, h in enumerate(headers)]
    figures = [(100000, 2988, 44591, 19753, 46557, "4%", 961, 1032, 61), (1000, 29, 445, 197, 465, "3%", 9, 10, 0)]
    rows = [{"plan": f"bench-{row[0]}", **{f"n{i}": n for i, n in enumerate(row)}} for row in figures]
    shown = drawn(Output(rows, columns))
    lines = shown.splitlines()
    assert all(cell_len(line) <= width for line in lines)
    for row in rows:
        for i in range(len(headers)):
            assert any(f" {row[f'n{i}']} " in line for line in lines), row[f"n{i}"]
