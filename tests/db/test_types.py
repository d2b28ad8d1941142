"""db.types: timestamps keep their instant and come back aware, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from db.models import Meeting
from db.types import utcnow

PACIFIC = timezone(timedelta(hours=-8))


def test_a_zoned_time_comes_back_as_the_same_instant_in_utc(session: Session) -> None:
    meeting = Meeting.example()
    meeting.start = datetime(2026, 3, 3, 17, 30, tzinfo=PACIFIC)
    session.add(meeting)
    session.commit()
    session.expire_all()
    start = session.scalars(select(Meeting.start)).one()
    assert start == datetime(2026, 3, 4, 1, 30, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)


def test_a_naive_time_is_refused(session: Session) -> None:
    meeting = Meeting.example()
    meeting.start = datetime(2026, 3, 3, 17, 30)
    session.add(meeting)
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_utcnow_is_aware_and_in_utc() -> None:
    assert utcnow().utcoffset() == timedelta(0)
