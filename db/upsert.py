"""One idempotent write, keyed on a model's natural key, that reports what it did.

A single ``INSERT ... ON CONFLICT (natural key) DO UPDATE SET ... WHERE <a value differs> RETURNING``
(both SQLite >= 3.35 and PostgreSQL run it) writes a row only when something changed, and its RETURNING
tells the three outcomes apart: no row back means the stored row already had these values; a row
whose ``updated_at`` is still NULL was just inserted; any other row was changed.

:func:`upsert_batch` stores many rows of one model in a constant number of statements (a document's items
and findings: one per item each was 70% of a crawl's CPU): the caller reads the stored rows once, changed
ones are updated through the session, and the new ones go in one multi-row insert.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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


def upsert_batch(session: Session, model: type[ModelT], rows: Sequence[Mapping[str, Any]],
                 stored: Mapping[tuple, ModelT]) -> list[tuple[ModelT, State]]:
    """:func:`upsert` of each of ``rows``, given the rows already stored for them (by natural-key tuple).

    ``stored`` must come from this transaction, read under whatever the caller holds that owns these rows
    (a document's items with the document). A row missing from it is inserted with ``ON CONFLICT DO UPDATE``,
    so a row another writer created meanwhile is taken over, never duplicated. Returns ``(row, state)`` in
    the order of ``rows``.
    """
    key = model.natural_key
    results: list[tuple[ModelT, State] | None] = []
    new: list[tuple[int, Mapping[str, Any]]] = []
    for position, values in enumerate(rows):
        row = stored.get(tuple(values[column] for column in key))
        if row is None:
            new.append((position, values))
            results.append(None)
            continue
        changed = {column: value for column, value in values.items()
                   if column not in key and column not in model.insert_only and getattr(row, column) != value}
        for column, value in changed.items():
            setattr(row, column, value)
        if changed:
            row.updated_at = utcnow()
        results.append((row, "changed" if changed else "unchanged"))
    if new:
        columns = list(new[0][1])
        if any(list(values) != columns for _, values in new):
            raise ValueError(f"{model.__name__}: every row of a batch must give the same columns")
        stmt = _INSERTS[session.get_bind().dialect.name](model)
        updatable = [column for column in columns if column not in key and column not in model.insert_only]
        # Every conflicting row is updated (a key column onto itself if nothing else), so each one comes back.
        written = updatable or list(key[:1])
        stmt = stmt.on_conflict_do_update(index_elements=list(key),
                                          set_={column: stmt.excluded[column] for column in written})
        inserted = session.scalars(stmt.returning(model, sort_by_parameter_order=True), [dict(v) for _, v in new],
                                   execution_options={"populate_existing": True}).all()
        for (position, _), row in zip(new, inserted, strict=True):
            results[position] = (row, "created")
    return [result for result in results if result is not None]
