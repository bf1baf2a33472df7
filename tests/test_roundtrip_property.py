"""Property tests: for any valid plan Hypothesis can make, the way in and out loses nothing.

plan data → YAML → loader gives back exactly the data; → import → the database holds exactly
it; → export → restore → export gives the same bytes; importing the same file again changes
nothing and logs nothing. On both engines: on the server, two databases serve every example,
emptied between examples (a new database per example would cost more than the example).
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import raw
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qtrack import dump
from qtrack import store as database
from qtrack.importer import import_plans
from qtrack.planfile import EVERY, OPS, load_plan_file

EXAMPLES = 60
SERVER_EXAMPLES = 20  # an example costs about a second on the server (its schema made twice): 20 keep it modest

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
words = st.text(alphabet=st.one_of(cjk, st.sampled_from("ABCxyz0123456789、（）%—“”《》")), min_size=1, max_size=24)
# NFKC-stable, no spaces: names are compared after the loader normalises them.
names = st.text(alphabet=cjk, min_size=2, max_size=8)
dates = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def plans(draw) -> dict:
    pool = draw(st.lists(names, min_size=2, max_size=12, unique=True))
    codes = iter(f"{i}" for i in range(1, 10_000))

    def people() -> tuple[list[str], list[str]]:
        chosen = draw(st.lists(st.sampled_from(pool), max_size=6, unique=True))
        split = draw(st.integers(0, len(chosen)))
        return chosen[:split], chosen[split:]

    def task(depth: int) -> dict:
        lead, support = people()
        out = {"code": next(codes), "label": draw(st.none() | st.sampled_from(["1.", "(一)", "（2）", "3、"])),
               "title": draw(words), "text": draw(st.none() | words), "lead": lead, "support": support,
               "due": draw(dates), "notes": draw(st.none() | words)}
        if depth < 2:
            out["tasks"] = [task(depth + 1) for _ in range(draw(st.integers(0, 2)))]
        return out

    sections = [{"code": f"S{i}", "label": draw(st.none() | st.sampled_from(["一、", "二、"])), "title": draw(words),
                 "tasks": [task(0) for _ in range(draw(st.integers(0, 4)))]} for i in range(draw(st.integers(1, 4)))]
    all_tasks = [t["code"] for s in sections for t in _walk(s["tasks"])]
    targets = []
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(OPS))
        low = draw(st.integers(0, 1000))
        value = [low, low + draw(st.integers(0, 100))] if op == "between" else draw(
            st.integers(0, 1000) | st.floats(0, 1e6, allow_nan=False).map(lambda f: round(f, 3)))
        targets.append({"code": f"T{next(codes)}", "title": draw(words), "op": op, "value": value,
                        "unit": draw(st.none() | st.sampled_from(["%", "个", "家", "千瓦时"])), "due": draw(dates),
                        "task": draw(st.none() | st.sampled_from(all_tasks)) if all_tasks else None})
    duties = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(dates)
        duties.append({"code": f"D{next(codes)}", "title": draw(words), "every": draw(st.sampled_from(EVERY)),
                       "lead": people()[0] or [pool[0]], "start": start,
                       "end": start + dt.timedelta(days=draw(st.integers(0, 800)))})
    return {"qtrack": 1, "plan": {"id": "prop", "title": draw(words), "issued": draw(st.none() | dates)},
            "sections": sections, "targets": targets, "duties": duties}


def _walk(tasks: list[dict]):
    for t in tasks:
        yield t
        yield from _walk(t.get("tasks", []))


def db_tasks(conn: database.Store) -> dict[str, tuple]:
    out = {}
    for r in conn.execute("SELECT id, code, label, title, text, due, notes FROM task"):
        links = conn.execute("SELECT d.name, l.role FROM task_department l JOIN department d ON d.id = l.department_id "
                             "WHERE l.task_id = ? ORDER BY l.seq", (r[0],)).fetchall()
        out[r[1]] = (r[2], r[3], r[4], r[5], r[6], [n for n, role in links if role == "lead"],
                     [n for n, role in links if role == "support"])
    return out


@pytest.fixture
def empty(engine, new_db, tmp_path):
    """empty(0) and empty(1): where to put an example's two databases, each one empty: new file
    names on SQLite; on the server the same two databases each time, their schema dropped."""
    if engine == "sqlite":
        count = itertools.count()
        return lambda i: tmp_path / f"{i}-{next(count)}.db"
    urls = [new_db(), new_db()]

    def emptied(i: int) -> str:
        conn = raw(urls[i])
        conn.cursor().execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        conn.close()
        return urls[i]

    return emptied


def test_a_plan_goes_in_and_out_unchanged(engine, empty):
    @settings(max_examples=EXAMPLES if engine == "sqlite" else SERVER_EXAMPLES, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(plans())
    def each(plan):
        goes_in_and_out(plan, empty)

    each()


def goes_in_and_out(plan: dict, empty) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "prop.yaml"
        path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")

        spec = load_plan_file(path)
        expected = {t["code"]: (t["label"], t["title"], t["text"], t["due"].isoformat(), t["notes"],
                                t["lead"], t["support"]) for s in plan["sections"] for t in _walk(s["tasks"])}
        assert {t.code: (t.label, t.title, t.text, t.due.isoformat(), t.notes, t.lead, t.support)
                for t in spec.tasks} == expected
        assert [(t.code, t.op, t.value if t.op != "between" else list(t.value), t.unit, t.task)
                for t in spec.targets] == [(t["code"], t["op"], t["value"], t["unit"], t["task"])
                                           for t in plan["targets"]]
        assert [(d.code, d.every, d.lead, d.start, d.end) for d in spec.duties] == [
            (d["code"], d["every"], d["lead"], d["start"], d["end"]) for d in plan["duties"]]

        conn = database.open_store(empty(0), create=True)
        copy = None
        try:
            import_plans(conn, [spec])
            assert db_tasks(conn) == expected

            again = import_plans(conn, [load_plan_file(path)])[0]
            assert not again.changed
            assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 1  # the first import only

            dump.write(dump.dump(conn), root / "a.json")
            copy = database.open_store(empty(1), create=True)
            dump.restore(copy, dump.read(root / "a.json"), path=root / "a.json")
            dump.write(dump.dump(copy), root / "b.json")
            assert (root / "b.json").read_bytes() == (root / "a.json").read_bytes()
        finally:
            conn.close()
            if copy is not None:
                copy.close()
