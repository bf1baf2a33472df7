"""Re-importing a plan's own file unchanged: answered from the digest the last import recorded,
without reading the file; any other file, an edited one, --force, or a refused or rehearsed
import reads every file as before."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import rows
from conftest import snapshot as dump

SKIPPED = "same file as last imported, not read again (--force reads it)"


def summary(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return {r["plan"]: r for r in json.loads(result.stdout)}


@pytest.fixture
def unreadable(monkeypatch):
    """Reading any plan file fails the test: what is answered from the digest reads none."""
    import qtrack.planfile

    def refuse(path):
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(qtrack.planfile, "load_plan_file", refuse)


def test_an_unchanged_file_is_not_read_again_and_says_so(loaded, plan2016, db, unreadable):
    before = dump(db)
    again = loaded("import", str(plan2016))
    assert again.exit_code == 0, again.stderr
    assert again.stdout == f"2016 ({plan2016}): no change (10 tasks, 4 targets, 1 duty): {SKIPPED}\n"
    as_json = summary(loaded("import", str(plan2016), "-f", "json"))["2016"]
    assert as_json["skipped"] is True and as_json["changed"] is False
    assert [as_json[k]["unchanged"] for k in ("tasks", "targets", "duties")] == [10, 4, 1]
    assert dump(db) == before


def test_the_counts_of_a_skipped_file_leave_out_what_it_retired(loaded, plan2016):
    text = plan2016.read_text(encoding="utf-8")
    start = text.index('      - code: "9"')
    end = text.index('\n  - code: "4.3"', start) + 1  # task 9 removed
    plan2016.write_text(text[:start] + text[end:], encoding="utf-8")
    assert summary(loaded("import", str(plan2016), "-f", "json"))["2016"]["tasks"]["retired"] == ["9"]
    again = summary(loaded("import", str(plan2016), "-f", "json"))["2016"]
    assert again["skipped"] is True and again["tasks"]["unchanged"] == 9


def test_an_edited_file_is_read_and_its_change_made(loaded, plan2016, db):
    plan2016.write_text(plan2016.read_text(encoding="utf-8").replace(
        "title: 加强品牌建设", "title: 加强品牌建设工作"), encoding="utf-8")
    result = summary(loaded("import", str(plan2016), "-f", "json"))["2016"]
    assert result["skipped"] is False and result["tasks"]["changed"] == ["6"]
    assert rows(db, "SELECT title FROM task WHERE plan_id = '2016' AND code = '6'") == [("加强品牌建设工作",)]
    # …and that file, once imported, is the one skipped next time.
    assert summary(loaded("import", str(plan2016), "-f", "json"))["2016"]["skipped"] is True


def test_force_reads_an_unchanged_file(loaded, plan2016, db):
    before = dump(db)
    result = loaded("import", str(plan2016), "--force")
    assert result.stdout == f"2016 ({plan2016}): no change (10 tasks, 4 targets, 1 duty)\n"
    assert summary(loaded("import", str(plan2016), "--force", "-f", "json"))["2016"]["skipped"] is False
    assert dump(db) == before


def test_the_plans_earlier_file_is_read_after_another_file_was_imported_into_it(loaded, plan2016, tmp_path):
    other = tmp_path / "other" / "2016.yaml"  # the same plan id and name, other contents
    other.parent.mkdir()
    other.write_text(plan2016.read_text(encoding="utf-8").replace("title: 加强品牌建设", "title: 品牌建设"),
                     encoding="utf-8")
    assert summary(loaded("import", str(other), "-f", "json"))["2016"]["tasks"]["changed"] == ["6"]
    back = summary(loaded("import", str(plan2016), "-f", "json"))["2016"]
    assert back["skipped"] is False and back["tasks"]["changed"] == ["6"]


def test_the_same_bytes_under_another_name_are_read(loaded, plan2016, tmp_path):
    """The name is part of the digest: a file that names no plan id takes its name's."""
    text = plan2016.read_text(encoding="utf-8").replace('  id: "2016"\n', "")
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert summary(loaded("import", str(tmp_path / "a.yaml"), "-f", "json"))["a"]["new"] is True
    result = summary(loaded("import", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-f", "json"))
    assert (result["a"]["skipped"], result["b"]["skipped"], result["b"]["new"]) == (True, False, True)
    copy = tmp_path / "copy" / "2016.yaml"  # the same bytes and name elsewhere: the same file
    copy.parent.mkdir()
    shutil.copy(plan2016, copy)
    assert summary(loaded("import", str(copy), "-f", "json"))["2016"]["skipped"] is True


def test_a_rehearsed_or_refused_import_records_no_digest(cli, plan2016, db):
    assert summary(cli("import", str(plan2016), "--dry-run", "-f", "json"))["2016"]["new"] is True
    assert summary(cli("import", str(plan2016), "-f", "json"))["2016"]["new"] is True  # the dry run kept nothing
    near = plan2016.read_text(encoding="utf-8").replace("lead: [监督司]", "lead: [监督斯]", 1)
    plan2016.write_text(near, encoding="utf-8")
    assert cli("import", str(plan2016), "--strict").exit_code == 1
    result = summary(cli("import", str(plan2016), "-f", "json"))["2016"]
    assert result["skipped"] is False and result["tasks"]["changed"] == ["1"]


def test_a_dry_run_of_an_unchanged_file_skips_it_too(loaded, plan2016, unreadable):
    result = loaded("import", str(plan2016), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (f"2016 ({plan2016}): no change (10 tasks, 4 targets, 1 duty): {SKIPPED}\n"
                             "dry run: nothing written\n")


def test_results_keep_the_order_of_the_files(loaded, plan2016, tmp_path):
    first = tmp_path / "a-first.yaml"
    first.write_text(plan2016.read_text(encoding="utf-8").replace('id: "2016"', 'id: "x"'), encoding="utf-8")
    result = loaded("import", str(plan2016), str(first))
    assert result.exit_code == 0, result.stderr
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == ["2016", "x"]


def test_an_unchanged_file_given_twice_is_still_refused(loaded, plan2016, db):
    before = dump(db)
    result = loaded("import", str(plan2016), str(plan2016))
    assert result.exit_code == 1
    assert dump(db) == before


def test_an_unchanged_file_beside_another_file_of_its_plan_id_is_refused(loaded, plan2016, tmp_path, db):
    twin = tmp_path / "twin.yaml"
    twin.write_text(plan2016.read_text(encoding="utf-8").replace("title: 加强品牌建设", "title: 品牌"), encoding="utf-8")
    before = dump(db)
    result = loaded("import", str(plan2016), str(twin))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{twin}: plan id '2016' is also the id of {plan2016}\n")
    assert dump(db) == before
