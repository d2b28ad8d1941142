"""The ``--db`` option and the repository every database command opens (migrated to the latest schema).

SQLAlchemy, Alembic and the models load when a command opens its database, not when a module defines
``--db``: every command module imports this one, and its ``--help`` must not wait for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy.exc import OperationalError

    from db.repository import Repository

DB_OPTION = typer.Option(None, "--db", envvar="ALPR_TRACKER_DB", show_envvar=True,
                         help="Database URL (default: SQLite file alpr-tracker.sqlite in the working directory).")


def ready_database(db: str | None) -> str:
    """The URL of ``db``, migrated to the latest schema; a bad value or an unreachable database is one line
    saying what to do (exit 2 for a value that names no database, 1 for one that cannot be opened)."""
    from sqlalchemy.exc import OperationalError

    from db.engine import DatabaseUrlError, database_url
    from db.migrate import upgrade

    try:
        url = database_url(db)
    except DatabaseUrlError as error:
        raise typer.BadParameter(str(error), param_hint="'--db'") from None
    try:
        upgrade(url)
    except OperationalError as error:
        typer.echo(f"error: {database_problem(url, error)}", err=True)
        raise typer.Exit(1) from None
    return url


def database_problem(url: str, error: OperationalError) -> str:
    """The database's own complaint in one line, with what to do for the usual ones."""
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    where = f"{parts.host or 'localhost'}:{parts.port or 5432}" if parts.get_backend_name() == "postgresql" else url
    first = str(error.orig or error).strip().splitlines()[0] if str(error.orig or error).strip() else type(error).__name__
    if parts.get_backend_name() == "postgresql" and "does not exist" in first and "database" in first:
        return f"PostgreSQL database {parts.database!r} does not exist on {where}: create it (createdb {parts.database}) or fix --db"
    if parts.get_backend_name() == "postgresql":
        return f"cannot open the PostgreSQL database on {where}: {first.removeprefix('connection failed: ')}"
    return f"cannot open the SQLite database {parts.database}: {first}"


@contextmanager
def repository(db: str | None) -> Iterator[Repository]:
    """A repository in one transaction on an up-to-date database; committed when the block succeeds."""
    from db.engine import transaction
    from db.repository import Repository

    with transaction(ready_database(db)) as session:
        yield Repository(session)
