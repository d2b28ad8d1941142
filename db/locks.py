"""Named locks in the database's own terms, shared by every process that uses the same database.

PostgreSQL: a session advisory lock held by a dedicated connection; processes on different machines
sharing the server exclude each other, and a crashed holder's lock dies with its connection. SQLite: an
exclusive ``flock`` on a file beside the database (an SQLite file is only ever shared by processes of one
machine); a crashed holder's lock dies with its process. Used for schema migrations (waiting) and
scheduled jobs (not waiting: a job another scheduler runs is skipped).
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
def database_lock(db: str | None, name: str, wait: bool = True) -> Iterator[bool]:
    """Hold the lock ``name`` of database ``db``: yields True when held (released on exit); with
    ``wait=False``, yields False at once when another holder has it."""
    url = database_url(db)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":  # one process only: nothing to exclude
            yield True
            return
        with open(f"{parsed.database}.{name}.lock", "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
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
            function = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
            result = connection.execute(text(f"SELECT {function}(:key)"), {"key": _key(name)}).scalar()
            held = wait or bool(result)
            connection.commit()
            try:
                yield held
            finally:
                if held:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _key(name)})
                    connection.commit()
    finally:
        engine.dispose()
