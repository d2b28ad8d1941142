"""Bring a database to the current schema with Alembic, configured in code: no alembic.ini needed.

The migration scripts ship inside the ``db`` package (``db/migrations``), so an installed copy finds them
wherever it lives; ``db/alembic.ini`` is only for developers writing the next migration.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from db.engine import database_url, make_engine
from db.locks import database_lock

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for the database at :func:`db.engine.database_url` ``(url)``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    # Alembic's config is a ConfigParser: a literal "%" (as in an encoded password) must be doubled.
    config.set_main_option("sqlalchemy.url", database_url(url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Migrate the database up to ``revision``; existing data is kept, an up-to-date database is untouched.

    Safe when several processes start at once (two crawl workers, a crawl beside the scheduler): they take
    turns, and the later ones find the schema current.
    """
    url = database_url(url)
    with database_lock(url, "migrate"), warnings.catch_warnings():
        # SQLite cannot add a CHECK constraint to an existing table, and alembic says so on every run; the
        # constraint only guards values the models already restrict, so the notice is noise to a user.
        warnings.filterwarnings("ignore", message="Skipping unsupported ALTER", category=UserWarning)
        command.upgrade(alembic_config(url), revision)


def current(url: str | None = None) -> str | None:
    """The database's schema revision, or None if it has never been migrated."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
