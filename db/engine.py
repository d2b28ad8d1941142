"""Where the database is and how to connect to it (DESIGN section 3: ``--db URL`` / ``ALPR_TRACKER_DB``)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

ENV_VAR = "ALPR_TRACKER_DB"
DEFAULT_URL = "sqlite:///alpr-tracker.sqlite"
_BACKENDS = ("sqlite", "postgresql")
_GIVE = "give a file path (alpr.sqlite), sqlite:///PATH or postgresql://HOST/NAME"
#: Milliseconds a SQLite writer waits for another one (the crawler, the scheduler) before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000


class DatabaseUrlError(ValueError):
    """A ``--db`` value that names no database this tool can open; the message says what to give instead."""


def database_url(explicit: str | None = None) -> str:
    """The database URL: ``explicit``, else ``$ALPR_TRACKER_DB``, else an SQLite file in the working directory.

    A value without ``://`` is a file path (``--db demo.sqlite``): an SQLite database there. Plain
    ``postgresql://`` (and Heroku-style ``postgres://``) URLs get the psycopg 3 driver, which is the one we
    install; SQLAlchemy would otherwise look for psycopg2. Anything else raises :class:`DatabaseUrlError`.
    """
    raw = (explicit or os.environ.get(ENV_VAR) or DEFAULT_URL).strip()
    if "://" not in raw:
        raw = f"sqlite:///{Path(raw).expanduser().absolute()}"
    try:
        url = make_url(raw)
    except ArgumentError:
        raise DatabaseUrlError(f"{raw!r} is not a database URL: {_GIVE}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in _BACKENDS:
        raise DatabaseUrlError(f"{url.drivername!r} databases are not supported: {_GIVE}")
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        folder = Path(url.database).expanduser().absolute().parent
        if not folder.is_dir():
            raise DatabaseUrlError(f"the folder {folder} does not exist: create it, or give another database path")
    return url.render_as_string(hide_password=False)


def make_engine(url: str | None = None) -> Engine:
    """An engine for :func:`database_url` ``(url)``; SQLite connections get WAL, a busy timeout and foreign keys.

    JSON is serialized with sorted keys so that equal values are equal text on SQLite, which the upserts'
    change detection relies on.
    """
    engine = create_engine(database_url(url), json_serializer=partial(json.dumps, sort_keys=True, ensure_ascii=False))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """WAL lets readers run during a crawl's writes; SQLite leaves foreign keys off unless asked."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: a commit survives a crash; one fsync per checkpoint
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


@contextmanager
def transaction(url: str | None = None) -> Iterator[Session]:
    """A session in one transaction on its own engine: committed if the block succeeds, then disposed.

    For a stage that runs once and alone (linking, alerting, a CLI command): no pool outlives it.
    """
    engine = make_engine(url)
    try:
        with session_factory(engine).begin() as session:
            yield session
    finally:
        engine.dispose()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (the CLI prints them after the transaction)."""
    return sessionmaker(engine, expire_on_commit=False)
