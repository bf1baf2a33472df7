"""The README documents every command, and its quick start is the two commands CI runs."""

from __future__ import annotations

from conftest import ROOT
from typer.main import get_command

from qtrack.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_tour():
    for name in get_command(app).commands:
        assert f"$ qtrack {name}" in README, name


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    block = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = block.strip().splitlines()
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci
