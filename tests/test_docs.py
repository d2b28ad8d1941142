"""The README is the documentation: every command is in it and answers ``--help``; CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from scrapers.settings import base
from tracker.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: TyperGroup, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path, asked through the Click API (the root group lists lazily loaded modules)."""
    found = []
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, TyperGroup):
            found += _commands(command, path)
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_there_are_commands() -> None:
    assert ("analyze",) in COMMANDS and ("sources", "detect") in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(command: tuple[str, ...]) -> None:
    assert f"alpr-tracker {' '.join(command)}" in README


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(.+?)\n```", README, re.S)
    test_command = next(c for c in commands if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command.strip() in [line.strip() for line in ci]


def test_every_alpr_setting_is_documented_in_the_settings_module() -> None:
    source = (ROOT / "scrapers" / "settings" / "base.py").read_text(encoding="utf-8")
    for name in (n for n in dir(base) if n.startswith("ALPR_")):
        assert re.search(rf"#: .*\n(#.*\n)*{name} =", source), f"{name} has no #: comment"
