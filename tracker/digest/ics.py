"""Upcoming votes as an iCalendar file (RFC 5545): one VEVENT per ``upcoming_vote`` alert.

The ``icalendar`` library does the escaping (``,`` ``;`` ``\\`` and newlines in TEXT values) and the line
folding; UIDs and DTSTAMPs come from the alert, so regenerating the file from the database gives the same
events and a calendar client updates them in place instead of adding copies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime, timezone

from icalendar import Calendar, Event

from tracker.digest.model import AlertView, clean
from tracker.digest.render import render_alert_text

PRODID = "-//alpr-tracker//upcoming ALPR votes//EN"


def event_uid(view: AlertView) -> str:
    """A UID that depends only on the alert's dedupe key."""
    return hashlib.sha256(view.dedupe_key.encode("utf-8")).hexdigest()[:32] + "@alpr-tracker"


def _start(view: AlertView) -> datetime | date:
    start = view.meeting_start
    assert start is not None  # votes() keeps only alerts with a date
    return start.astimezone(timezone.utc) if isinstance(start, datetime) else start


def votes(views: Sequence[AlertView]) -> list[AlertView]:
    """The alerts that become events: upcoming votes with a known date, in date order."""
    dated = [v for v in views if v.kind == "upcoming_vote" and v.meeting_start is not None]

    def order(view: AlertView) -> tuple[str, str]:
        return (_start(view).isoformat(), view.dedupe_key)

    return sorted(dated, key=order)


def _event(view: AlertView) -> Event:
    event = Event()
    event.add("uid", event_uid(view))
    event.add("dtstamp", view.created_at.astimezone(timezone.utc))
    event.add("dtstart", _start(view))
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
    for view in votes(views):
        calendar.add_component(_event(view))
    return calendar.to_ical()
