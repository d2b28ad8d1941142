"""Shared fixtures: every database test runs twice, on a fresh SQLite file and on PostgreSQL.

PostgreSQL: one throwaway database per test session, created on the server at ``$ALPR_TRACKER_TEST_PG``
(default below) and dropped at the end; each test gets a freshly emptied schema in it. A server that is
down makes the PostgreSQL tests fail, not skip: set ``ALPR_TRACKER_SKIP_PG=1`` to skip them on purpose.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from db.engine import database_url, make_engine, session_factory
from db.migrate import upgrade
from db.repository import Repository

PG_ADMIN_URL = os.environ.get("ALPR_TRACKER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped when the session ends."""
    if os.environ.get("ALPR_TRACKER_SKIP_PG") == "1":
        pytest.skip("ALPR_TRACKER_SKIP_PG=1")
    admin_url = database_url(PG_ADMIN_URL)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    name = f"alpr_test_{secrets.token_hex(4)}"
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except OperationalError as error:
        admin.dispose()
        pytest.fail(f"PostgreSQL at {PG_ADMIN_URL} is down (ALPR_TRACKER_SKIP_PG=1 skips): {error}", pytrace=False)
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database, no tables at all: where the migrations start from."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/alpr-tracker.sqlite"
    url: str = request.getfixturevalue("pg_database")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    return url


@pytest.fixture
def db_url(blank_db_url: str) -> str:
    """A database migrated to the current schema, with no rows."""
    upgrade(blank_db_url)
    return blank_db_url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on :func:`db_url`, disposed afterwards so that no connection outlives the test."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on :func:`engine`."""
    with session_factory(engine)() as session:
        yield session


@pytest.fixture
def repo(session: Session) -> Repository:
    """A :class:`db.repository.Repository` on :func:`session`."""
    return Repository(session)
