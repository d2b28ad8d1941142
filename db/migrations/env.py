"""Alembic environment for alpr-tracker, used by :mod:`db.migrate` and by the ``alembic`` command.

The database URL comes from the Alembic config (set by :func:`db.migrate.alembic_config`), else from
``$ALPR_TRACKER_DB`` or the default SQLite file, exactly as for the application (:func:`db.engine.database_url`).
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

from db.engine import database_url, make_engine
from db.models import Base
from db.search import FTS_TABLE, TSVECTOR_COLUMN

#: APScheduler's job store table (tracker.schedule.runner.JOBS_TABLE; db must not import tracker).
SCHEDULER_TABLE = "apscheduler_jobs"


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Hide the full-text search objects, which migrations create but the models do not declare.

    Without this, autogenerate would offer to drop ``items_fts`` (and its shadow tables) on SQLite and the
    ``search_vector`` column and its index on PostgreSQL. APScheduler's job table belongs to APScheduler,
    which creates it in the application database (:mod:`tracker.schedule.runner`).
    """
    if type_ == "table":
        return name not in (FTS_TABLE, SCHEDULER_TABLE) and not (name or "").startswith(f"{FTS_TABLE}_")
    if type_ == "column":
        return name != TSVECTOR_COLUMN
    if type_ == "index":
        return TSVECTOR_COLUMN not in {column.name for column in obj.columns}
    return True


def _configure(**kwargs: Any) -> None:
    context.configure(target_metadata=Base.metadata, include_object=include_object, **kwargs)


def _migrate(connection: Connection) -> None:
    """Run the migrations; on SQLite with foreign keys off, as batch mode's table copies require.

    Batch mode rebuilds a table by copy, drop and rename: with foreign keys on, the drop would cascade to
    the rows that reference it (a rebuilt ``items`` would lose every finding). The connection comes from
    an engine of its own, disposed afterwards, so the setting never reaches the application.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    _configure(connection=connection, render_as_batch=sqlite)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Online: on a connection from :func:`db.engine.make_engine`; offline (``--sql``): print the SQL."""
    url = database_url(context.config.get_main_option("sqlalchemy.url"))
    if context.is_offline_mode():
        _configure(url=url, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _migrate(connection)
            connection.commit()
    finally:
        engine.dispose()


main()
