"""Contract test over every model: an ``example()``, a unique-constrained natural key, a lossless round trip.

The model list comes from the mapper registry, so a new model is checked without touching this file.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, PrimaryKeyConstraint, UniqueConstraint, insert, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.engine import session_factory
from db.models import Base, Finding

#: Typed Any: ``example()`` is a convention of each model, not an attribute of Base.
MODELS: list[Any] = sorted((mapper.class_ for mapper in Base.registry.mappers), key=lambda model: model.__name__)
by_name = pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)


def column_values(row: Base) -> dict[str, object]:
    """Every mapped column of ``row``, by attribute name."""
    return {attr.key: getattr(row, attr.key) for attr in inspect(type(row)).column_attrs}


def test_the_registry_holds_every_model_of_the_design() -> None:
    assert {model.__name__ for model in MODELS} == {
        "Alert", "Contract", "ContractEvent", "Delivery", "Document", "Finding", "Item", "Jurisdiction", "Meeting",
        "PortalSnapshot", "Source", "Subscription",
    }


@by_name
def test_example_is_a_new_unsaved_instance(model: Any) -> None:
    example = model.example()
    assert type(example) is model
    assert inspect(example).transient


@by_name
def test_natural_key_names_columns_under_a_unique_constraint(model: Any) -> None:
    table = Base.metadata.tables[model.__tablename__]
    assert model.natural_key and set(model.natural_key) <= set(table.columns.keys())
    unique_sets = {
        frozenset(column.name for column in constraint.columns)
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint)
    }
    assert frozenset(model.natural_key) in unique_sets


@by_name
def test_example_round_trips_through_the_database(model: Any, engine: Engine) -> None:
    example = model.example()
    with session_factory(engine).begin() as session:
        session.add(example)
    saved = column_values(example)
    with Session(engine) as session:
        key = {column: saved[column] for column in model.natural_key}
        loaded = session.scalars(select(model).filter_by(**key)).one()
        assert column_values(loaded) == saved


@by_name
def test_database_refuses_a_second_row_with_the_same_natural_key(model: Any, session: Session) -> None:
    example = model.example()
    session.add(example)
    session.flush()
    surrogate = set() if "id" in model.natural_key else {"id"}
    copy = {name: value for name, value in column_values(example).items() if name not in surrogate}
    with pytest.raises(IntegrityError) as refused:
        session.execute(insert(model).values(**copy))
    message = str(refused.value.orig)
    assert all(column in message for column in model.natural_key), message


def test_a_stored_finding_gives_back_the_analysis_with_its_evidence(session: Session) -> None:
    example = Finding.example()
    original = example.to_analysis()
    session.add(example)
    session.commit()
    session.expire_all()
    loaded = session.scalars(select(Finding)).one()
    assert loaded.to_analysis() == original
    assert loaded.to_analysis().amounts[0].evidence.text.startswith("5.1 Approve")
