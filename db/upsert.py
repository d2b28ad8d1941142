"""One idempotent write, keyed on a model's natural key, that reports what it did.

A single ``INSERT ... ON CONFLICT (natural key) DO UPDATE SET ... WHERE <a value differs> RETURNING``
(both SQLite >= 3.35 and PostgreSQL run it) writes a row only when something changed, and its RETURNING
tells the three outcomes apart: no row back means the stored row already had these values; a row
whose ``updated_at`` is still NULL was just inserted; any other row was changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Base
from db.types import utcnow

State = Literal["created", "changed", "unchanged"]
ModelT = TypeVar("ModelT", bound=Base)

_INSERTS: dict[str, Callable[..., postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def upsert(session: Session, model: type[ModelT], values: Mapping[str, Any]) -> tuple[ModelT, State]:
    """Insert ``values`` or update the row with the same natural key; return the row and what happened.

    Only the columns present in ``values`` are written (and compared): leaving a column out keeps the
    stored value. Columns in ``model.insert_only`` are written when the row is created, never after.
    """
    key = model.natural_key
    missing = [column for column in key if column not in values]
    if missing:
        raise ValueError(f"{model.__name__}: natural key column(s) {missing} missing")
    dialect = session.get_bind().dialect.name
    stmt = _INSERTS[dialect](model).values(**values)
    updatable = [column for column in values if column not in key and column not in model.insert_only]
    if updatable:
        table = model.__table__
        stmt = stmt.on_conflict_do_update(
            index_elements=list(key),
            set_={**{column: stmt.excluded[column] for column in updatable}, "updated_at": utcnow()},
            where=or_(*(table.c[column].is_distinct_from(stmt.excluded[column]) for column in updatable)),
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(key))
    row = session.scalars(stmt.returning(model), execution_options={"populate_existing": True}).one_or_none()
    if row is not None:
        return row, "created" if row.updated_at is None else "changed"
    stored = session.scalars(select(model).filter_by(**{column: values[column] for column in key})).one()
    return stored, "unchanged"
