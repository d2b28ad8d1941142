"""Upcoming votes as an iCalendar file (RFC 5545): one VEVENT per ``upcoming_vote`` alert.

The ``icalendar`` library does the escaping (``,`` ``;`` ``\\`` and newlines in TEXT values) and the line
folding; UIDs and DTSTAMPs come from the alert, so regenerating the file from the database gives the same
events and a calendar client updates them in place instead of adding copies.

An event is placed in its meeting's own zone (``DTSTART;TZID=America/Chicago``, with the ``VTIMEZONE`` that
defines it, so a client shows the right hour on both sides of a DST change) and lasts ``MEETING_LENGTH``:
agendas state a start, never an end. A meeting known only by its day is an all-day event, not midnight.
A place whose zone is unknown keeps the UTC instant.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from tracker.digest.model import AlertView, clean
from tracker.digest.render import render_alert_text
from tracker.registry.timezones import zone_for

PRODID = "-//alpr-tracker//upcoming ALPR votes//EN"
#: How long an event lasts: a typical council meeting, so that a calendar shows a block, not a point.
MEETING_LENGTH = timedelta(hours=2)
#: VTIMEZONE rules cover the events' years and one either side, not 1970-2038 (kilobytes per zone).
_RULES_MARGIN = timedelta(days=366)


def event_uid(view: AlertView) -> str:
    """A UID that depends only on the alert's dedupe key."""
    return hashlib.sha256(view.dedupe_key.encode("utf-8")).hexdigest()[:32] + "@alpr-tracker"


def _start(view: AlertView) -> datetime | date:
    """The meeting's day, or its start in the meeting's zone (the place's zone, else its state's)."""
    start = view.meeting_start
    assert start is not None  # votes() keeps only alerts with a date
    if not isinstance(start, datetime):
        return start
    zone = zone_for(view.state, None, view.zone)
    return start.astimezone(UTC if zone == ZoneInfo("UTC") else zone)


def _end(start: datetime | date) -> datetime | date:
    """DTEND: ``MEETING_LENGTH`` later, or the next day for an all-day event (DTEND is exclusive)."""
    return start + MEETING_LENGTH if isinstance(start, datetime) else start + timedelta(days=1)


def _day(start: datetime | date) -> date:
    return start.date() if isinstance(start, datetime) else start


def votes(views: Sequence[AlertView]) -> list[AlertView]:
    """The alerts that become events: upcoming votes with a known date, in date order."""
    dated = [v for v in views if v.kind == "upcoming_vote" and v.meeting_start is not None]

    def order(view: AlertView) -> tuple[str, str]:
        start = _start(view)
        return ((start.astimezone(UTC) if isinstance(start, datetime) else start).isoformat(),
                view.dedupe_key)

    return sorted(dated, key=order)


def _event(view: AlertView, start: datetime | date) -> Event:
    event = Event()
    event.add("uid", event_uid(view))
    event.add("dtstamp", view.created_at.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", _end(start))
    event.add("summary", view.headline)
    location = ", ".join(p for p in (view.body, view.place) if p)
    event.add("location", location)
    event.add("description", render_alert_text(view))
    if view.document_url:
        event.add("url", view.document_url)
    return event


def ics_calendar(name: str, views: Sequence[AlertView]) -> bytes:
    """An iCalendar document with one event per upcoming vote among ``views``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", clean(name) or "alpr-tracker")
    events = votes(views)
    starts = [_start(view) for view in events]
    zones = {start.tzinfo.key: start.tzinfo for start in starts
             if isinstance(start, datetime) and isinstance(start.tzinfo, ZoneInfo)}
    if zones:  # before the events that name them, as clients that read in one pass expect
        days = [_day(start) for start in starts]
        first, last = min(days) - _RULES_MARGIN, max(days) + _RULES_MARGIN
        for key in sorted(zones):
            calendar.add_component(Timezone.from_tzinfo(zones[key], tzid=key, first_date=first, last_date=last))
    for view, start in zip(events, starts, strict=True):
        calendar.add_component(_event(view, start))
    return calendar.to_ical()
