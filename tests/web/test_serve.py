"""``alpr-tracker serve`` registers on a Typer app and hands the app on its database to uvicorn."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tracker.cli import serve


def test_serve_runs_uvicorn_with_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    ran: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: ran.update(app=app, **options))
    cli = typer.Typer()
    serve.register(cli)
    cli.command("unused")(lambda: None)  # two commands, so that "serve" is a subcommand as in alpr-tracker
    result = CliRunner().invoke(cli, ["serve", "--port", "8123", "--db", f"sqlite:///{tmp_path}/x.sqlite"])
    assert result.exit_code == 0, result.output
    assert ran["port"] == 8123 and ran["host"] == "127.0.0.1" and ran["app"].title == "alpr-tracker"
