"""Procurement records rendered as text the analysis engine reads (USAspending awards, Socrata contract rows).

A record is not a meeting document, but it goes through the same pipeline: its fields become short labeled
lines, with dates written the way agendas write them, so terms and amounts are read as in any agenda item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def long_date(value: Any) -> str | None:
    """``2024-03-15`` or ``2024-03-15T00:00:00.000`` as ``March 15, 2024``; None when it is not a date."""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return f"{day:%B} {day.day}, {day.year}"
