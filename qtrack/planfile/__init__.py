"""Plan files, format version 1: YAML in, a validated PlanSpec out (no database here).

The loader walks a YAML node tree rather than the plain `safe_load` result, because only the
nodes know their line numbers and only they show a key written twice (PyYAML keeps the last
one silently). The parts, in the order a file passes through them:
spec (the types) ← tree (a safe YAML reader) → values (checked scalars) → validate (the rules).

The types are imported eagerly; the reader, which costs PyYAML's import, only when asked for.
"""

from __future__ import annotations

from qtrack.planfile.spec import (EVERY, FORMAT_VERSION, OPS, DepartmentSpec, DutySpec, PhaseSpec,  # noqa: F401
                                  PlanSpec, SectionSpec, TargetSpec, TaskSpec)


def __getattr__(name: str):
    if name in ("load_plan_file", "parse_plan"):
        from qtrack.planfile import load

        return getattr(load, name)
    raise AttributeError(f"module 'qtrack.planfile' has no attribute {name!r}")
