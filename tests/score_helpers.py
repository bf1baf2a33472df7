"""A small plan with a known history, shared by the tests of scores and of the trend.

Five tasks, two lead departments (甲司, 乙司), a monthly report duty of 甲司 and a target with a
path. The history (recorded by `history`) is the one the tests count by hand:

  1 甲司 due 02-29  done 02-20                  on time
  2 甲司 due 03-31  done 04-15                  late, closed 15 days late
  3 甲司 due 04-30  open                        late (61 days as of 06-30)
  4 乙司 due 03-31  doing 03-01, dropped 05-10  late, closed 40 days late
  5 乙司 due 05-31  done 05-31 (甲司 supports)  on time
  D1 甲司 monthly 2016-01 … 2016-06: met 01 and 02; 03, 04, 05 missed as of 06-30; 06 not yet late
  T1 ≥ 90% by 2016-12-31, path {2016-03-31: 80, 2016-06-30: 85}; measured 78 on 03-31, 86 on 06-30
"""

from __future__ import annotations

import json
from pathlib import Path

PLAN = """\
qtrack: 1
plan: {id: t, title: 试验计划, start: 2016-01-01, end: 2016-06-30}
sections:
  - code: "1"
    title: 一
    tasks:
      - {code: "1", title: 甲一, lead: [甲司], due: 2016-02-29}
      - {code: "2", title: 甲二, lead: [甲司], due: 2016-03-31}
      - {code: "3", title: 甲三, lead: [甲司], due: 2016-04-30}
      - {code: "4", title: 乙一, lead: [乙司], due: 2016-03-31}
      - {code: "5", title: 乙二, lead: [乙司], support: [甲司], due: 2016-05-31}
targets:
  - {code: T1, title: 合格率, op: ">=", value: 90, unit: "%", due: 2016-12-31, task: "1",
     path: {2016-03-31: 80, 2016-06-30: 85}}
duties:
  - {code: D1, title: 月报, every: month, lead: [甲司], start: 2016-01-01, end: 2016-06-30}
"""

HISTORY = [("update", "t/1", "--status", "done", "--date", "2016-02-20"),
           ("update", "t/2", "--status", "done", "--date", "2016-04-15"),
           ("update", "t/4", "--status", "doing", "--date", "2016-03-01"),
           ("update", "t/4", "--status", "dropped", "--date", "2016-05-10"),
           ("update", "t/5", "--status", "done", "--date", "2016-05-31"),
           ("update", "t/D1@2016-01", "--status", "done", "--date", "2016-01-25"),
           ("update", "t/D1@2016-02", "--status", "done", "--date", "2016-02-20"),
           ("measure", "t/T1", "78", "--date", "2016-03-31"),
           ("measure", "t/T1", "86", "--date", "2016-06-30")]


def load(cli, tmp_path: Path) -> Path:
    """Import the plan and record its history; the plan file's path."""
    path = tmp_path / "t.yaml"
    path.write_text(PLAN, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    for args in HISTORY:
        result = cli(*args, "--as-of", "2016-12-31")
        assert result.exit_code == 0, result.stderr
    return path


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
