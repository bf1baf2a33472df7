"""The benchmark's synthetic plans are valid, realistic and reproducible, and a large import
leaves the interpreter as it found it."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sqlite3
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

from qtrack.planfile import parse_plan  # noqa: E402


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    text, count = generate.plan_file(300, 3, "bench-300")
    assert count == 300
    assert generate.plan_file(300, 3, "bench-300")[0] == text
    assert generate.plan_file(300, 4, "bench-300")[0] != text


def test_a_generated_plan_is_a_valid_plan_file_with_the_shape_of_a_real_one():
    text, _ = generate.plan_file(500, 1, "bench-500")
    spec = parse_plan(text, "bench-500.yaml", default_id="x")
    assert len(spec.tasks) == 500 and spec.id == "bench-500"
    assert any(t.depth == 1 for t in spec.tasks) and any(t.depth == 0 for t in spec.tasks)
    assert all(2 <= len(t.lead) + len(t.support) <= 10 and t.lead for t in spec.tasks)
    assert all("\u4e00" <= t.title[0] <= "\u9fff" for t in spec.tasks)  # Chinese titles
    assert len(spec.sections) >= 3 and len(spec.phases) == 3  # ~40 main tasks and their sub-tasks a section
    assert len(spec.targets) == 20 and {t.op for t in spec.targets} >= {">=", "between"}
    assert spec.duties and all(d.lead for d in spec.duties)


@pytest.mark.sqlite_only  # the bench writes its history straight into the SQLite file
def test_history_records_updates_a_user_could_have_made(cli, db, tmp_path):
    text, _ = generate.plan_file(200, 2, "bench-200")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    counts = generate.history(db, 2, dt.date(2025, 7, 1))
    assert counts["updates"] > 100
    conn = sqlite3.connect(db)
    statuses = {r[0] for r in conn.execute("SELECT DISTINCT status FROM task_update")}
    assert statuses <= {"doing", "blocked", "done", "dropped"} and "done" in statuses
    assert conn.execute("SELECT MAX(date) FROM task_update").fetchone()[0] <= "2025-07-01"
    conn.close()
    late = json.loads(cli("overdue", "--as-of", "2025-07-01", "-f", "json").stdout)
    table = cli("overdue", "--as-of", "2025-07-01").stdout
    assert f"{sum(r['kind'] == 'task' for r in late)} tasks late" in table


@pytest.mark.parametrize("good", [True, False])
def test_import_gives_back_the_cycle_collector(cli, plan2016, good):
    if not good:
        plan2016.write_text(plan2016.read_text(encoding="utf-8").replace("qtrack: 1", "qtrack: 9"), encoding="utf-8")
    assert gc.isenabled()
    result = cli("import", str(plan2016))
    assert (result.exit_code == 0) is good
    assert gc.isenabled()
