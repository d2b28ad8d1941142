"""db.engine: which database, and how connections are set up."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.engine import ENV_VAR, database_url, make_engine, session_factory
from db.models import Jurisdiction, Source


def test_explicit_url_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.sqlite")
    assert database_url("sqlite:///explicit.sqlite") == "sqlite:///explicit.sqlite"


def test_environment_is_used_without_an_explicit_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.sqlite")
    assert database_url(None) == "sqlite:///from-env.sqlite"


def test_default_is_an_sqlite_file_in_the_working_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert database_url() == "sqlite:///alpr-tracker.sqlite"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p%40ss@db.example/alpr", "postgresql+psycopg://u:p%40ss@db.example/alpr"),
        ("postgres://u@db.example:5433/alpr", "postgresql+psycopg://u@db.example:5433/alpr"),
        ("postgresql+psycopg://u@db.example/alpr", "postgresql+psycopg://u@db.example/alpr"),
    ],
)
def test_postgresql_urls_get_the_psycopg_3_driver(given: str, expected: str) -> None:
    assert database_url(given) == expected


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/pragmas.sqlite")
    with engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    engine.dispose()
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}


def test_foreign_keys_are_enforced(session: Session) -> None:
    session.add(Source(jurisdiction_id="ocd-division/country:us/state:zz/place:nowhere", platform="x", url="y"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_objects_stay_loaded_after_commit(engine: Engine) -> None:
    with session_factory(engine).begin() as session:
        jurisdiction = Jurisdiction.example()
        session.add(jurisdiction)
    assert not inspect(jurisdiction).expired_attributes
    assert jurisdiction.name == "Oakland"
