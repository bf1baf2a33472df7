"""The ledger's sheets and columns: what the office shows, what a department fills in, and the
hidden reference that ties a row to its task, target or duty occurrence."""

from __future__ import annotations

from qtrack.ledger.layout import Column

HEADER_ROW = 2  # row 1 is the sheet's title
FIRST_ROW = HEADER_ROW + 1
REF_HEADER = "任务引用(勿改)"
SUMMARY, TARGETS, DUTIES, ASSESSMENT = "部门汇总", "指标", "定期工作", "考核"
RESERVED = (SUMMARY, TARGETS, DUTIES, ASSESSMENT, "History")  # no plan sheet takes these names

NEW_STATUS, NEW_PROGRESS, NEW_VALUE, NEW_STATE = "新状态", "新进度", "新测量值", "完成情况"
NOTE, BY, DATE = "进展情况", "填报人", "填报日期"

_FILL_TAIL = [Column(NOTE, 26, "fill", True), Column(BY, 9, "fill", True), Column(DATE, 12, "fill-date", True),
              Column(REF_HEADER, 0)]

PLAN = [Column("序号", 6, "center"), Column("任务", 40), Column("牵头单位", 13), Column("配合单位", 20),
        Column("完成时限", 12, "date"), Column("状态", 7, "center"), Column("进度", 6, "percent"),
        Column("最新进展", 24), Column("红黄绿灯", 6, "center"),
        Column(NEW_STATUS, 8, "fill", True), Column(NEW_PROGRESS, 7, "fill", True), *_FILL_TAIL]

TARGET = [Column("编号", 17), Column("指标", 40), Column("目标", 13), Column("基数", 8, "number"),
          Column("最新值", 16), Column("达成", 8, "center"), Column("完成时限", 12, "date"), Column("牵头单位", 14),
          Column(NEW_VALUE, 10, "fill", True), *_FILL_TAIL]

DUTY = [Column("编号", 17), Column("定期工作", 40), Column("周期", 8, "center"), Column("期次", 9, "center"),
        Column("应完成", 12, "date"), Column("情况", 8, "center"), Column("完成日期", 12, "date"),
        Column("牵头单位", 14), Column(NEW_STATE, 10, "fill", True), *_FILL_TAIL]

SCORE = [Column("部门", 22), Column("牵头任务", 9, "number"), Column("配合任务", 9, "number"),
         Column("已完成", 8, "number"), Column("红灯", 7, "number"), Column("黄灯", 7, "number"),
         Column("已到期", 8, "number"), Column("达成率", 8, "ratio")]

# 考核: rank, department, score, then one column per rule (scoring/events.py KINDS), points lost, ties.
ASSESS = [Column("名次", 6, "number"), Column("部门", 22), Column("得分", 8, "number")]
ASSESS_TAIL = [Column("扣分", 8, "number"), Column("并列说明", 30)]

EVERY = {"month": "每月", "quarter": "每季度", "half-year": "每半年", "year": "每年"}
# What a department writes in 完成情况, and the occurrence status it records.
OCCURRENCE_WORDS = {"已完成": "done", "未完成": "todo", "免除": "dropped"}
FILL_HEADERS = {c.header for c in PLAN + TARGET + DUTY if c.fill}

# 报送周期 (qtrack/cycles.py): a plan sheet whose plan has tasks owing progress reports also shows the
# periods each task owes and has not reported as of the ledger's day (漏报, or 待报 while not yet
# due), and takes the period a row reports on (报送期次: optional; checked against the row's date by
# the rule of `update`). To fit the paper, 任务 and 最新进展 are narrower on such a sheet.
REPORTS, REPORTED = "应报期次", "报送期次"
CYCLE = [Column(REPORTS, 14), Column(REPORTED, 9, "fill", True)]
OPTIONAL_FILLS = {REPORTED}  # a returned ledger may lack it (its plan has no cycle, or an older ledger)
FILL_HEADERS |= {c.header for c in CYCLE if c.fill}


def plan_columns(cycle: bool) -> list[Column]:
    """The columns of a plan sheet: PLAN, and with `cycle` the CYCLE columns before the note."""
    if not cycle:
        return PLAN
    narrow = {"任务": 30, "最新进展": 17}
    out = [Column(c.header, narrow.get(c.header, c.width), c.style, c.fill) for c in PLAN]
    at = [c.header for c in out].index(NOTE)
    return out[:at] + CYCLE + out[at:]
