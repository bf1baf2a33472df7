"""`qtrack score`: the 考核 ranking of departments by the office's rules, with its breakdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qtrack.i18n import _

from qtrack.cli.options import AsOfOpt, DbOpt, FormatOpt, PlanOpt, open_db

app = typer.Typer()


@app.command("score")
def score(
    plan: PlanOpt = None,
    period: Annotated[Optional[str], typer.Option(
        "--period", metavar="PERIOD", help="Score one period: 2016-Q3, 2016-H1, 2016-07 or 2016.")] = None,
    start: Annotated[Optional[str], typer.Option("--from", metavar="DATE", help="Score events from DATE on.")] = None,
    end: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="Score events up to DATE (at most the as-of date).")] = None,
    rules: Annotated[Optional[Path], typer.Option(
        "--rules", metavar="FILE", help="The 考核 rules (TOML) \\[default: the rules shipped with qtrack].")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = "table",
    as_of: AsOfOpt = None,
) -> None:
    """The 考核 ranking: each department's score (起评分 plus or minus the points of its events:
    tasks closed on time, late tasks, missed duties, …) with the breakdown by rule, best first;
    ties are broken by fewer points lost, then shared."""
    from qtrack import dates
    from qtrack.cli.listing import plan_filter
    from qtrack.output import Output, render
    from qtrack.scoring import board, rules as rules_file, window

    today = dates.today(as_of)
    span = window.resolve(as_of=today, period=period,
                          start=dates.parse_date(start, what="--from") if start else None,
                          end=dates.parse_date(end, what="--to") if end else None)
    scoring_rules = rules_file.load(rules)
    conn = open_db(db)
    document = board.ranking(conn, window=span, plan=plan_filter(conn, plan), rules=scoring_rules)
    render(Output((board.flat(r) for r in document["departments"]), document=document,
                  view=lambda: _view(document)), fmt)


def _view(document: dict):
    from qtrack.i18n import language
    from qtrack.output import Column, Output
    from qtrack.scoring import rules as rules_file
    from qtrack.scoring import scorer
    from qtrack.scoring.events import KINDS

    def signed(value, row):
        return "" if not value else f"{value:+g}"

    rows = document["departments"]
    columns = [Column("rank", "名次", "right"), Column("department", "部门", min_width=10),
               Column("score", "得分", "right", lambda v, r: f"{v:g}")]
    shown = [k for k in KINDS if any(b["events"] for r in rows for b in r["breakdown"] if b["rule"] == k.key)]
    columns += [Column(k.key, k.label, "right", signed) for k in shown]
    columns.append(Column("tie", "并列说明"))
    flat = [{**{b["rule"]: b["counted"] for b in r["breakdown"]}, **r} for r in rows]
    title = f"考核 {document['period']}" + (f" · {document['plan']}" if document["plan"] else "") + \
        f" (起评分 {document['base']:g})"
    if not rows:
        return _("{title}: no department leads a task or a duty").format(title=title)
    # JSON's tie_rule is the English one (the same in both languages); the table says it in the interface's
    tie = scorer.TIE_RULE_ZH if language() == "zh" else document["tie_rule"]
    return [Output(flat, columns, title=title, caption=_("rules: {rules}; {tie}").format(
        rules=rules_file.shown(document["rules"]), tie=tie))]
