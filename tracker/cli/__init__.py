"""The ``alpr-tracker`` command: a Typer group; each module registers one group of commands.

Commands stay thin: they parse options, call a library function and print (README "Commands").
"""

from __future__ import annotations

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


@app.callback()
def root() -> None:
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
