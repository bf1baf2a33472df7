"""Realistic synthetic plan files for the benchmark, deterministic from a seed.

    python bench/generate.py plan --tasks 10000 --seed 1 -o bench/out/plan-10k.yaml
    python bench/generate.py history --db bench/out/10k.db --seed 1 --as-of 2025-07-01

`plan` writes one plan file (format version 1, as DESIGN.md fixes it): sections of about 40
main tasks, a third of them with 1–4 sub-tasks, Chinese titles and texts, 2–10 departments a
task (one or two leads, the rest support) drawn from ~120 bodies, due dates over three years,
one numeric target per 25 tasks (>=, <=, between) and one recurring duty per 2,000 tasks.

`history` then records what an office would have recorded by the as-of date: updates on about
60% of the tasks (1–4 each, dated in order, done / doing / blocked / dropped), measurements of
half the targets and reports on most duty occurrences. It writes them in one transaction with
executemany — the same rows, columns and signature (`by`, `command`) as qtrack/updates.py
writes one at a time; calling that per row would cost a commit per update.

Strings are written as JSON double-quoted scalars (a subset of YAML), so the file is produced
in seconds without PyYAML and without any escaping doubts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys
from pathlib import Path

PLACES = ["省", "市", "区", "县"]
BODIES = ["发展改革委", "工业和信息化厅", "财政厅", "科技厅", "商务厅", "市场监管局", "农业农村厅", "住房城乡建设厅",
          "交通运输厅", "生态环境厅", "教育厅", "人力资源社会保障厅", "卫生健康委", "文化和旅游厅", "自然资源厅",
          "应急管理厅", "统计局", "税务局", "海关", "质监局", "知识产权局", "林业和草原局", "水利厅", "民政厅",
          "司法厅", "公安厅", "国资委", "金融监管局", "广电局", "体育局"]
VERBS = ["推进", "加强", "完善", "开展", "实施", "健全", "深化", "提升", "强化", "建立", "落实", "培育", "优化", "扩大"]
OBJECTS = ["质量安全监管", "标准化建设", "品牌培育", "计量基础设施", "检验检测能力", "认证认可体系", "质量诚信体系",
           "消费品质量提升", "产业集群质量", "服务业质量监测", "企业质量管理", "质量技术帮扶", "工程质量治理",
           "农产品质量追溯", "特种设备安全", "知识产权保护", "质量人才培养", "质量信息平台", "缺陷产品召回",
           "重点产品抽查", "出口商品质量", "地理标志保护", "首席质量官制度", "质量奖励制度", "质量统计分析"]
SCOPES = ["专项行动", "示范工程", "试点工作", "长效机制", "工作体系", "重点任务", "三年行动", "整治行动"]
CLAUSES = ["以问题为导向", "坚持统筹推进", "突出重点领域", "强化部门协同", "加大财政投入", "完善考核评价",
           "健全工作机制", "注重宣传引导", "推动社会共治", "鼓励企业参与", "加强督促检查", "及时总结推广"]
UNITS = [("%", 80, 99), ("个", 10, 200), ("家", 20, 500), ("项", 5, 100), ("亿元", 10, 900)]
EVERY = ["month", "quarter", "half-year", "year"]
NUMERALS = "一二三四五六七八九十"

PLAN_START, PLAN_END = dt.date(2024, 1, 1), dt.date(2026, 12, 31)


def departments() -> list[str]:
    """About 120 distinct bodies: 省/市/区/县 prefixes on the common bureaus."""
    return [p + b for p in PLACES for b in BODIES]


def chinese_number(n: int) -> str:
    """1–99 the way a document numbers its headings (一, 十二, 二十三)."""
    tens, ones = divmod(n, 10)
    return ((NUMERALS[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (NUMERALS[ones - 1] if ones else "")) or "零"


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _title(rng: random.Random) -> str:
    return rng.choice(VERBS) + rng.choice(OBJECTS) + rng.choice(SCOPES)


def _text(rng: random.Random, title: str) -> str:
    clauses = "，".join(rng.sample(CLAUSES, rng.randint(2, 5)))
    return f"{title}。{clauses}，{rng.choice(VERBS)}{rng.choice(OBJECTS)}，确保取得实效。"


def _due(rng: random.Random) -> dt.date:
    return PLAN_START + dt.timedelta(days=rng.randint(60, (PLAN_END - PLAN_START).days))


def _task(out: list[str], rng: random.Random, pool: list[str], code: str, label: str, indent: str,
          due: dt.date | None) -> None:
    title = _title(rng)
    names = rng.sample(pool, rng.randint(2, 10))
    leads = rng.choice((1, 1, 1, 2))
    out.append(f"{indent}- code: {q(code)}")
    out.append(f"{indent}  label: {q(label)}")
    out.append(f"{indent}  title: {q(title)}")
    out.append(f"{indent}  text: {q(_text(rng, title))}")
    out.append(f"{indent}  lead: [{', '.join(q(n) for n in names[:leads])}]")
    out.append(f"{indent}  support: [{', '.join(q(n) for n in names[leads:])}]")
    if due:
        out.append(f"{indent}  due: {due.isoformat()}")


def plan_file(tasks: int, seed: int, plan_id: str) -> tuple[str, int]:
    """The YAML text of a plan with `tasks` tasks (sub-tasks included); returns (text, tasks)."""
    rng = random.Random(seed)
    pool = departments()
    out = ["# Synthetic plan for qtrack's benchmark: python bench/generate.py plan "
           f"--tasks {tasks} --seed {seed}", "qtrack: 1", "plan:", f"  id: {q(plan_id)}",
           f"  title: {q(f'质量提升三年行动计划(基准测试, {tasks}项任务)')}", f"  issuer: {q('省人民政府办公厅')}",
           f"  doc_no: {q(f'基办发[2024]{seed}号')}", "  issued: 2024-01-15", f"  start: {PLAN_START}",
           f"  end: {PLAN_END}", f"  due: {PLAN_END}", "  lead: []", "phases:"]
    for name, start, end in (("部署启动阶段", "2024-01-01", "2024-06-30"), ("全面实施阶段", "2024-07-01", "2026-06-30"),
                             ("总结评估阶段", "2026-07-01", "2026-12-31")):
        out += [f"  - name: {q(name)}", f"    start: {start}", f"    end: {end}"]
    out.append("sections:")
    codes: list[str] = []
    count, section = 0, 0
    while count < tasks:
        section += 1
        out += [f"  - code: {q(str(section))}", f"    label: {q(chinese_number(section % 100 or 100) + '、')}",
                f"    title: {q(rng.choice(VERBS) + rng.choice(OBJECTS))}", "    tasks:"]
        for main in range(1, 41):
            if count >= tasks:
                break
            code = f"{section}.{main}"
            due = _due(rng) if rng.random() < 0.95 else None  # a few name no date: the plan's end applies
            _task(out, rng, pool, code, f"({chinese_number(main)})", "      ", due)
            codes.append(code)
            count += 1
            subs = min(rng.choice((0, 0, 1, 2, 3, 4)), tasks - count)
            if subs:
                out.append("        tasks:")
            for sub in range(1, subs + 1):
                sub_due = min(due or PLAN_END, _due(rng))
                _task(out, rng, pool, f"{code}.{sub}", f"{sub}.", "          ", sub_due)
                codes.append(f"{code}.{sub}")
                count += 1
    out.append("targets:")
    for i in range(1, max(1, tasks // 25) + 1):
        unit, low, high = rng.choice(UNITS)
        op = rng.choice((">=", ">=", ">=", "<=", "between"))
        value = rng.randint(low, high)
        shown = f"[{value}, {value + rng.randint(5, 50)}]" if op == "between" else str(value)
        out.append(f"  - {{code: {q(f'T{i}')}, title: {q(rng.choice(OBJECTS) + '指标')}, op: {q(op)}, "
                   f"value: {shown}, unit: {q(unit)}, due: {_due(rng)}, task: {q(rng.choice(codes))}}}")
    out.append("duties:")
    for i in range(1, max(1, tasks // 2000) + 1):
        leads = ", ".join(q(n) for n in rng.sample(pool, 1))
        out.append(f"  - {{code: {q(f'D{i}')}, title: {q(rng.choice(OBJECTS) + '工作情况报告')}, "
                   f"every: {rng.choice(EVERY)}, lead: [{leads}], start: {PLAN_START}, end: {PLAN_END}}}")
    return "\n".join(out) + "\n", count


def history(db: Path, seed: int, as_of: dt.date) -> dict[str, int]:
    """Record a plausible history of updates, measurements and duty reports up to `as_of`."""
    rng = random.Random(seed * 7919 + 1)
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    updates, measurements, reports = [], [], []
    for (task_id,) in conn.execute("SELECT id FROM task ORDER BY id"):
        if rng.random() >= 0.6:
            continue
        day, progress = PLAN_START, 0
        for _ in range(rng.randint(1, 4)):
            day = min(as_of, day + dt.timedelta(days=rng.randint(10, 200)))
            progress = min(100, progress + rng.randint(5, 40))
            status = "done" if progress == 100 else rng.choice(("doing", "doing", "doing", "blocked", "dropped"))
            if status == "done" or status == "dropped":
                progress = 100 if status == "done" else None
            updates.append((task_id, day.isoformat(), now, rng.choice(("张伟", "王芳", "李娜", "督查室")), status,
                            progress, f"{rng.choice(CLAUSES)}，{rng.choice(VERBS)}{rng.choice(OBJECTS)}", "update"))
            if status in ("done", "dropped"):
                break
    for (target_id, value) in conn.execute("SELECT id, value FROM target ORDER BY id"):
        if rng.random() < 0.5:
            measurements.append((target_id, as_of.isoformat(), now, "统计局", value * rng.uniform(0.7, 1.3), None,
                                 "measure"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from qtrack import periods

    for duty_id, every, start, end in conn.execute('SELECT id, every, start, "end" FROM duty ORDER BY id').fetchall():
        for occ in periods.occurrences(every, dt.date.fromisoformat(start), dt.date.fromisoformat(end), None):
            if occ.due <= as_of and rng.random() < 0.8:
                reports.append((duty_id, occ.period, occ.due.isoformat(), now, "督查室", "done", None, "update"))
    conn.executemany("INSERT INTO task_update (task_id, date, recorded_at, by, status, progress, note, command) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", updates)
    conn.executemany("INSERT INTO measurement (target_id, date, recorded_at, by, value, note, command) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", measurements)
    conn.executemany("INSERT INTO duty_report (duty_id, period, date, recorded_at, by, status, note, command) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", reports)
    conn.execute("COMMIT")
    conn.close()
    return {"updates": len(updates), "measurements": len(measurements), "duty_reports": len(reports)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("plan", help="write a synthetic plan file")
    p.add_argument("--tasks", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--id", default=None, help="plan id [default: bench-<tasks>]")
    p.add_argument("-o", "--output", type=Path, required=True)
    h = sub.add_parser("history", help="record a history of updates in an imported database")
    h.add_argument("--db", type=Path, required=True)
    h.add_argument("--seed", type=int, default=1)
    h.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2025, 7, 1))
    args = parser.parse_args(argv)
    if args.step == "plan":
        text, count = plan_file(args.tasks, args.seed, args.id or f"bench-{args.tasks}")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"{args.output}: {count} tasks, {len(text.encode()) / 1e6:.1f} MB")
    else:
        print(json.dumps(history(args.db, args.seed, args.as_of)))


if __name__ == "__main__":
    main()
