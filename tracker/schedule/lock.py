"""A lock per job in the database's own terms, so two schedulers never run the same job at once.

PostgreSQL: a session advisory lock, held by a dedicated connection for the whole run; schedulers on
different machines sharing the server exclude each other, and a crashed holder's lock dies with its
connection. SQLite: an exclusive ``flock`` on a file beside the database (an SQLite file is only ever
shared by processes of one machine); a crashed holder's lock dies with its process.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.engine import database_url, make_engine


def _key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(f"alpr-tracker:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def job_lock(db: str | None, name: str) -> Iterator[bool]:
    """Try to take the lock of job ``name``: yields True when held (released on exit), False when taken."""
    url = database_url(db)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = f"{parsed.database or 'memory'}.{name}.job-lock"
        with open(path, "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            held = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": _key(name)}).scalar())
            connection.commit()
            try:
                yield held
            finally:
                if held:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _key(name)})
                    connection.commit()
    finally:
        engine.dispose()
