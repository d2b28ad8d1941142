"""iCalendar events read back by the ``icalendar`` parser: each has an end, its meeting's zone and the
VTIMEZONE that defines it; a meeting known only by its day is an all-day event."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from db.models import Alert, Contract, Jurisdiction
from tracker.digest import alert_view, ics_calendar
from tracker.digest.ics import MEETING_LENGTH
from tracker.digest.model import AlertView

CREATED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def vote(id: int, contract: Contract | None = None, **facts: object) -> AlertView:
    alert = Alert(id=id, kind="upcoming_vote", dedupe_key=f"upcoming_vote:test:{id}", created_at=CREATED,
                  facts=facts)
    alert.contract = contract
    return alert_view(alert)


def events(*views: AlertView) -> tuple[Calendar, dict[str, Event]]:
    calendar = Calendar.from_ical(ics_calendar("votes", views))
    return calendar, {str(event["LOCATION"]): event for event in calendar.walk("VEVENT")}


def zone_ids(calendar: Calendar) -> set[str]:
    return {str(component["TZID"]) for component in calendar.walk("VTIMEZONE")}


def test_a_timed_vote_has_its_meetings_zone_an_end_and_the_vtimezone_of_that_zone() -> None:
    # Knoxville is Eastern although Tennessee's default is Central: the fact written at flagging wins.
    knoxville = vote(1, jurisdiction="Knoxville", state="TN", meeting_start="2026-03-10T18:00:00-04:00",
                     timezone="America/New_York")
    # DST starts on 2026-03-08 in the US: a November meeting has the other offset, in the same zone.
    november = vote(2, jurisdiction="Memphis", state="TN", meeting_start="2026-11-10T17:30:00-06:00")
    calendar, by_place = events(knoxville, november)
    start, end = by_place["Knoxville, TN"].decoded("DTSTART"), by_place["Knoxville, TN"].decoded("DTEND")
    assert start == datetime(2026, 3, 10, 18, tzinfo=ZoneInfo("America/New_York"))
    assert str(start.tzinfo) == "America/New_York" and end - start == MEETING_LENGTH > timedelta(0)
    memphis = by_place["Memphis, TN"]
    assert memphis["DTSTART"].params["TZID"] == "America/Chicago"  # no zone fact: the state's zone
    assert memphis.decoded("DTSTART").utcoffset() == timedelta(hours=-6)
    assert memphis.decoded("DTEND") > memphis.decoded("DTSTART")
    event_zones = {event["DTSTART"].params["TZID"] for event in by_place.values()}
    assert zone_ids(calendar) == event_zones == {"America/New_York", "America/Chicago"}
    assert event_zones == {event["DTEND"].params["TZID"] for event in by_place.values()}
    assert not calendar.get_missing_tzids()


def test_the_contracts_jurisdiction_gives_the_zone_when_the_facts_do_not() -> None:
    el_paso = Jurisdiction(id="ocd-division/country:us/state:tx/place:el_paso", name="El Paso", state="TX",
                           timezone="America/Denver")
    contract = Contract(jurisdiction=el_paso, products=[])
    _, by_place = events(vote(3, contract, meeting_start="2026-05-05T09:00:00-06:00"))
    event = by_place["El Paso, TX"]
    assert event["DTSTART"].params["TZID"] == "America/Denver"
    assert event.decoded("DTSTART").hour == 9


def test_a_vote_known_by_its_day_is_an_all_day_event_without_a_zone() -> None:
    calendar, by_place = events(vote(4, jurisdiction="Oakland", state="CA", meeting_date="2026-03-03",
                                     timezone="America/Los_Angeles"))
    event = by_place["Oakland, CA"]
    assert event["DTSTART"].params["VALUE"] == "DATE" and event.decoded("DTSTART") == date(2026, 3, 3)
    assert event.decoded("DTEND") == date(2026, 3, 4)
    assert zone_ids(calendar) == set()


def test_a_place_of_unknown_zone_keeps_the_utc_instant() -> None:
    calendar, by_place = events(vote(5, meeting_start="2026-03-03T17:30:00-08:00"))
    event = by_place["Unknown place"]
    assert event.decoded("DTSTART") == datetime(2026, 3, 4, 1, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 3, 4, 3, 30, tzinfo=UTC)
    assert zone_ids(calendar) == set()


def test_the_same_votes_give_the_same_bytes() -> None:
    views = [vote(6, jurisdiction="A", state="CA", meeting_start="2026-03-03T17:30:00-08:00"),
             vote(7, jurisdiction="B", state="NY", meeting_start="2027-01-05T19:00:00-05:00")]
    assert ics_calendar("v", views) == ics_calendar("v", list(reversed(views)))
