"""The ``--db`` option and the repository every database command opens (migrated to the latest schema)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from db.engine import database_url, transaction
from db.migrate import upgrade
from db.repository import Repository

DB_OPTION = typer.Option(None, "--db", envvar="ALPR_TRACKER_DB", show_envvar=True,
                         help="Database URL (default: SQLite file alpr-tracker.sqlite in the working directory).")


@contextmanager
def repository(db: str | None) -> Iterator[Repository]:
    """A repository in one transaction on an up-to-date database; committed when the block succeeds."""
    url = database_url(db)
    upgrade(url)
    with transaction(url) as session:
        yield Repository(session)
