"""Draft a small text of a test's own and read the result back through the project's loader."""

from __future__ import annotations

from qtrack.draft import draft
from qtrack.planfile import PlanSpec, parse_plan


def drafted(text: str, plan_id: str = "t") -> tuple[str, PlanSpec]:
    out = draft(text.encode("utf-8"), "t.txt", plan_id)
    return out, parse_plan(out, "t.yaml", default_id=plan_id)


def doc(*body: str, title: str = "某省质量提升工作方案") -> str:
    """A minimal document: a title and the given lines."""
    return "\n".join([title, "", *body]) + "\n"
