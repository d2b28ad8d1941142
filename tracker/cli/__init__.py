"""The ``alpr-tracker`` command: a Typer group; each module registers one group of commands.

Commands stay thin: they parse options, call a library function and print (README "Commands").
"""

from __future__ import annotations

from importlib.metadata import version as package_version

import typer

from tracker.cli import (
    alerts, analyze, contracts, crawl, demo, digest, documents, portals, run, schedule, search, sources, subscriptions,
)

app = typer.Typer(
    name="alpr-tracker",
    help="Watch local government for automated license-plate reader (ALPR) contracts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(asked: bool) -> None:
    if asked:
        typer.echo(f"alpr-tracker {package_version('alpr-tracker')}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Watch local government for automated license-plate reader (ALPR) contracts.

    Database: --db on a command or ALPR_TRACKER_DB; default an SQLite file in the working directory.
    """


alerts.register(app)
analyze.register(app)
contracts.register(app)
crawl.register(app)
documents.register(app)
digest.register(app)
portals.register(app)
sources.register(app)
search.register(app)
schedule.register(app)
run.register(app)
demo.register(app)
subscriptions.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
