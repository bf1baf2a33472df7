"""Writes the hostile-input corpus in tests/data/hostile (and the BOM file beside it); run it
after adding a case, then add the case's expected line and message to tests/test_hostile.py."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = '''qtrack: 1
plan:
  id: hostile
  title: 测试计划
  start: 2016-01-01
  end: 2016-12-31
departments:
  - {name: 质量司, full_name: 质检总局质量管理司, aliases: [总局质量司]}
phases:
  - {name: 实施阶段, start: 2016-01-01, end: 2016-12-31}
sections:
  - code: "1"
    label: 一、
    title: 总体任务
    tasks:
      - code: "1"
        label: "1."
        title: 提升质量
        lead: [质量司]
        support: [标准司]
        due: 2016-11-30
targets:
  - {code: T1, title: 合格率, op: ">=", value: 90, unit: "%", due: 2016-12-31, task: "1"}
duties:
  - {code: D1, title: 月度会议, every: month, lead: [质量司], start: 2016-01-01, end: 2016-12-31}
'''
def sub(old, new, count=1):
    assert old in BASE, old
    return BASE.replace(old, new, count)

cases = {
 "not-yaml": "qtrack: 1\nplan: {title: x\n  : ] [\n",
 "tab-indented": BASE.replace("  title: 测试计划", "\ttitle: 测试计划"),
 "empty": "",
 "only-comments": "# 一个空的计划文件\n\n# nothing here\n",
 "list-at-top": "- qtrack: 1\n- plan: {title: x}\n",
 "scalar-at-top": "质量品牌提升行动计划\n",
 "two-documents": BASE + "---\n" + BASE,
 "duplicate-top-key": BASE + "plan:\n  title: again\n",
 "duplicate-task-key": sub("        title: 提升质量\n", "        title: 提升质量\n        title: 提高质量\n"),
 "unknown-top-key": BASE + "tasks: []\n",
 "unknown-plan-key": sub("  title: 测试计划\n", "  title: 测试计划\n  titel: 测试\n"),
 "unknown-department-key": sub("aliases: [总局质量司]}", "alias: [总局质量司]}"),
 "unknown-phase-key": sub("{name: 实施阶段,", "{name: 实施阶段, stage: 1,"),
 "unknown-section-key": sub("    title: 总体任务\n", "    title: 总体任务\n    lead: [质量司]\n"),
 "unknown-task-key": sub("        due: 2016-11-30\n", "        deadline: 2016-11-30\n"),
 "unknown-target-key": sub("unit: \"%\",", "units: \"%\","),
 "unknown-duty-key": sub("every: month,", "every: month, owner: 质量司,"),
 "task-progress-negative": sub("        due: 2016-11-30\n", "        due: 2016-11-30\n        progress: -5\n"),
 "task-progress-over-100": sub("        due: 2016-11-30\n", "        due: 2016-11-30\n        progress: 150\n"),
 "version-not-number": sub("qtrack: 1\n", "qtrack: one\n"),
 "version-2": sub("qtrack: 1\n", "qtrack: 2\n"),
 "plan-is-a-list": "qtrack: 1\nplan: [测试计划, 2016]\n",
 "sections-is-a-mapping": sub("sections:\n", "sections: {a: 1}\nx:\n"),
 "title-is-a-list": sub("        title: 提升质量\n", "        title: [提升, 质量]\n"),
 "lead-is-text": sub("        lead: [质量司]\n", "        lead: 质量司\n"),
 "due-is-boolean": sub("        due: 2016-11-30\n", "        due: yes\n"),
 "value-is-text": sub("value: 90,", "value: ninety,"),
 "code-is-a-float": sub('      - code: "1"\n', "      - code: 1.1\n"),
 "title-empty": sub("        title: 提升质量\n", '        title: ""\n'),
 "task-without-title": sub("        title: 提升质量\n", ""),
 "impossible-date": sub("        due: 2016-11-30\n", "        due: 2016-02-30\n"),
 "impossible-month": sub("        due: 2016-11-30\n", "        due: 2016-13-01\n"),
 "ambiguous-date": sub("        due: 2016-11-30\n", "        due: 03/04/2016\n"),
 "date-with-time": sub("        due: 2016-11-30\n", "        due: 2016-11-30 17:00:00\n"),
 "plan-ends-before-start": sub("  end: 2016-12-31\n", "  end: 2015-12-31\n"),
 "phase-ends-before-start": sub("{name: 实施阶段, start: 2016-01-01, end: 2016-12-31}", "{name: 实施阶段, start: 2016-06-01, end: 2016-01-31}"),
 "unknown-op": sub('op: ">="', 'op: "≈"'),
 "range-min-above-max": sub('op: ">=", value: 90,', 'op: between, value: [100, 80],'),
 "range-one-value": sub('op: ">=", value: 90,', 'op: between, value: [80],'),
 "dangling-task-reference": sub('task: "1"}', 'task: "99"}'),
 "reference-to-a-target": BASE.replace("end: 2016-12-31}\n", "end: 2016-12-31, task: T1}\n").replace("start: 2016-01-01, end: 2016-12-31, task: T1}\nsections", "start: 2016-01-01, end: 2016-12-31}\nsections"),
 "circular-alias": sub('''      - code: "1"
        label: "1."''', '''      - &task
        code: "1"
        label: "1."
        tasks: [*task]'''),
 "billion-laughs": BASE + "".join(
     ["x0: &a0 [\"哈哈哈哈哈哈哈哈\"]\n"] + [f"x{i}: &a{i} [{', '.join([f'*a{i-1}'] * 10)}]\n" for i in range(1, 10)]),
 "unknown-period": sub("every: month,", "every: weekly,"),
 "duty-day-out-of-range": sub("every: month,", "every: month, day: 32,"),
 "duty-day-negative": sub("every: month,", "every: month, day: -1,"),
 "duplicate-code": sub("targets:\n", "      - {code: \"1\", title: 重复, lead: [质量司]}\ntargets:\n"),
 "lead-is-also-support": sub("        support: [标准司]\n", "        support: [标准司, 质量司]\n"),
 "plan-id-with-slash": sub("  id: hostile\n", "  id: a/b\n"),
 "very-long-title": sub("        title: 提升质量\n", "        title: " + "质量" * 15000 + "\n"),
 "very-long-code": sub('      - code: "1"\n', '      - code: "' + "x" * 200 + '"\n'),
 "deeply-nested-tasks": sub("        due: 2016-11-30\n", "        due: 2016-11-30\n" + "".join(
     " " * (8 + 4 * i) + "tasks:\n" + " " * (10 + 4 * i) + f"- code: \"1.{i}\"\n" + " " * (12 + 4 * i) + f"title: 第{i}层\n"
     for i in range(8))),
 "python-object-tag": sub("        title: 提升质量\n", "        title: !!python/object:os.system {}\n"),
 "python-apply-tag": BASE.replace("duties:\n", "duties:\n  - !!python/object/apply:os.system ['touch /tmp/qtrack-pwned']\n"),
 "escape-sequence-in-title": sub("        title: 提升质量\n", '        title: "\\e[2J\\e[31m提升质量\\e[0m"\n'),
 "python-name-tag": sub("        title: 提升质量\n", "        title: !!python/name:os.system\n"),
 # Explicit tags PyYAML's constructors answer with a bare ValueError, KeyError or IndexError.
 "tag-int-not-a-number": sub('      - code: "1"\n', "      - code: !!int abc\n"),
 "tag-float-empty": sub("value: 90,", 'value: !!float "",'),
 "tag-bool-maybe": sub("        title: 提升质量\n", "        title: !!bool maybe\n"),
 "tag-binary": sub("        title: 提升质量\n", "        title: !!binary 5o+Q5Y2H6LSo6YeP\n"),
 "tag-timestamp-with-time": sub("        due: 2016-11-30\n", "        due: !!timestamp 2016-11-30T10:00:00Z\n"),
 "tag-int-30-digits": sub("value: 90,", "value: !!int 123456789012345678901234567890,"),
 "tag-set": sub("        support: [标准司]\n", "        support: !!set {标准司: null}\n"),
 "number-4000-digits": sub("value: 90,", "value: " + "9" * 4000 + ","),
 "value-nan": sub("value: 90,", "value: .nan,"),
 "value-inf": sub("value: 90,", "value: .inf,"),
 "baseline-minus-inf": sub("value: 90,", "value: 90, baseline: -.inf,"),
 "range-bound-nan": sub('op: ">=", value: 90,', "op: between, value: [.NaN, 100],"),
 "value-1e400": sub("value: 90,", "value: !!float 1e400,"),
 "duty-day-nan": sub("every: month,", "every: month, day: .nan,"),
 "duty-day-inf": sub("every: month,", "every: month, day: .inf,"),
 "value-octal": sub("value: 90,", "value: 010,"),
 # Codes YAML 1.1 reads as numbers other than what is written.
 "code-leading-zero": sub('      - code: "1"\n', "      - code: 07\n"),
 "code-octal": sub('      - code: "1"\n', "      - code: 010\n"),
 "code-sexagesimal": sub('      - code: "1"\n', "      - code: 1:30\n"),
 "code-hex": sub('      - code: "1"\n', "      - code: 0x1F\n"),
 "code-underscore": sub('      - code: "1"\n', "      - code: 1_000\n"),
 "code-boolean": sub("{code: D1,", "{code: yes,"),
 # Look-alike codes and names: NFKC folds full-width forms; invisible characters are refused.
 "code-full-width-duplicate": sub("targets:\n", "      - {code: \"１\", title: 重复, lead: [质量司]}\ntargets:\n"),
 "code-zero-width-space": sub("targets:\n", "      - {code: \"1\\u200b\", title: 重复, lead: [质量司]}\ntargets:\n"),
 "code-bidi-override": sub("{code: T1,", '{code: "T\\u202e1",'),
 "plan-id-bom-inside": sub("  id: hostile\n", '  id: "host\\ufeffile"\n'),
 "department-zero-width": sub("        lead: [质量司]\n", "        lead: [\"质量\\u200b司\"]\n"),
 "department-name-isolate": sub("{name: 质量司,", '{name: "\\u2066质量司\\u2069",'),
 "alias-zero-width-joiner": sub("aliases: [总局质量司]", 'aliases: ["总局\\u200d质量司"]'),
 "department-full-width-twice": sub("        lead: [质量司]\n", "        lead: [质量司, ＱＡ, QA]\n"),
 # Plan ids every output must carry (an xlsx sheet name, a spreadsheet cell).
 "plan-id-colon": sub("  id: hostile\n", "  id: \"a:b\"\n"),
 "plan-id-star": sub("  id: hostile\n", "  id: \"a*b\"\n"),
 "plan-id-question": sub("  id: hostile\n", "  id: \"a?b\"\n"),
 "plan-id-brackets": sub("  id: hostile\n", "  id: \"[a]\"\n"),
 "plan-id-backslash": sub("  id: hostile\n", "  id: 'a\\b'\n"),
 "plan-id-formula": sub("  id: hostile\n", "  id: \"=HYPERLINK(1)\"\n"),
 "plan-id-plus": sub("  id: hostile\n", "  id: \"+2016\"\n"),
 "plan-id-minus": sub("  id: hostile\n", "  id: \"-2016\"\n"),
 "plan-id-at": sub("  id: hostile\n", "  id: \"@2016\"\n"),
 # Dates a plan cannot mean: refused, not carried into a 100,000-occurrence duty.
 "due-year-9999": sub("        due: 2016-11-30\n", "        due: 9999-12-31\n"),
 "due-year-0001": sub("        due: 2016-11-30\n", "        due: 0001-01-01\n"),
 "plan-start-year-0001": sub("  start: 2016-01-01\n", "  start: \"0001-01-01\"\n"),
 "issued-year-9999": sub("  end: 2016-12-31\n", "  end: 2016-12-31\n  issued: 9999-01-01\n"),
 "duty-from-0001-to-9999": sub("lead: [质量司], start: 2016-01-01, end: 2016-12-31}", "lead: [质量司], start: 0001-01-01, end: 9999-12-31}"),
 "target-due-year-9999": sub("due: 2016-12-31, task:", "due: 9999-12-31, task:"),
 "tab-indented-task": sub("        lead: [质量司]\n", "\t\tlead: [质量司]\n"),
}
binary = {
 "gbk-encoded": BASE.encode("gbk"),
 "utf16-encoded": BASE.encode("utf-16"),
 "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
 "nul-in-text": BASE.replace("提升质量", "提升\x00质量").encode(),
}
out = HERE / "hostile"
for name, text in cases.items():
    (out / f"{name}.yaml").write_text(text, encoding="utf-8")
for name, data in binary.items():
    (out / f"{name}.yaml").write_bytes(data)
(HERE / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + BASE.encode())
