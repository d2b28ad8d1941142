"""``alpr-tracker --help`` starts without Scrapy, SQLAlchemy models or PDF code, and still lists everything.

The command list is read from each command module's source (tracker/cli/__init__.py); these tests keep that
reading equal to what the modules really register, so the fast listing can never drift from the commands.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from tracker.cli import COMMAND_MODULES, app, load_module_commands, module_listing

#: Libraries a listing has no use for, each costing a large part of a second to import.
HEAVY = ("scrapy", "twisted", "sqlalchemy.orm", "pypdfium2")


@pytest.mark.parametrize("arguments", [["--help"], ["--version"], []])
def test_the_root_command_imports_no_heavy_library(arguments: list[str]) -> None:
    """In a fresh interpreter: import the CLI, render the root help (or the version) and look at sys.modules."""
    script = textwrap.dedent(f"""
        import json, sys
        from typer.testing import CliRunner
        from tracker.cli import app
        result = CliRunner().invoke(app, {arguments!r})
        print(json.dumps([result.exit_code, result.output, [m for m in {HEAVY!r} if m in sys.modules]]))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    exit_code, output, imported = json.loads(done.stdout)
    assert imported == []
    assert exit_code in (0, 2) and "alpr-tracker" in output  # no arguments: the help, as a usage error (2)


def test_a_command_that_runs_imports_its_libraries(tmp_path) -> None:
    """The check above can fail: running a database command in the same way does bring SQLAlchemy's ORM in."""
    arguments = ["documents", "--db", f"sqlite:///{tmp_path}/startup.sqlite", "--format", "json"]
    script = textwrap.dedent(f"""
        import json, sys
        from typer.testing import CliRunner
        from tracker.cli import app
        result = CliRunner().invoke(app, {arguments!r})
        print(json.dumps([result.exit_code, [m for m in {HEAVY!r} if m in sys.modules]]))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    exit_code, imported = json.loads(done.stdout)
    assert exit_code == 0 and "sqlalchemy.orm" in imported


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_the_source_listing_equals_what_the_module_registers(module: str) -> None:
    listed = module_listing(module)
    assert listed is not None, f"tracker/cli/{module}.py: register() is not readable without importing it " \
                               "(see the rule in tracker/cli/__init__.py); --help would import it"
    real = load_module_commands(module)
    assert {name: command.help for name, command in real.items()} == listed


def test_help_lists_every_command_and_a_command_help_lists_its_options() -> None:
    runner = CliRunner()
    root = runner.invoke(app, ["--help"], terminal_width=200)
    assert root.exit_code == 0, root.output
    names = [name for module in COMMAND_MODULES for name in load_module_commands(module)]
    assert len(names) >= len(COMMAND_MODULES)
    for name in names:
        assert f" {name} " in root.output
    crawl = runner.invoke(app, ["crawl", "--help"], terminal_width=200)
    assert crawl.exit_code == 0, crawl.output
    assert "--registry" in crawl.output and "--db" in crawl.output


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output
