"""Column types that behave the same on SQLite and PostgreSQL.

SQLite has no time zones and no binary JSON; PostgreSQL's plain ``json`` type has no equality
operator. The upserts compare old and new values in SQL (``IS DISTINCT FROM``), so every stored value
must have one canonical form on both engines: these types give it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

#: JSON everywhere, ``jsonb`` on PostgreSQL so that values can be compared (``json`` cannot).
JSONType = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC, always read back aware (UTC).

    Naive datetimes are refused: a meeting time without a zone is a bug in the caller, and silently
    guessing one would shift every SQLite timestamp by the server's offset.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Normalize to UTC; SQLite stores the naive UTC wall time (it would drop the offset anyway)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime whatever the engine gave back."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC: the one clock every timestamp column uses."""
    return datetime.now(UTC)
