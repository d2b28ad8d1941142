"""Legistar Web API: a real recorded ``events`` answer parsed in-process, one field per test.

Recording (``../shared/fixtures/legistar/mecklenburg-nc-events.json``, read in place): two events of
Mecklenburg County NC as the API answered them (its recorder kept 10 fields of each), with agendas on
``legistar1.granicus.com`` and a "REVISED AGENDA" comment. The page is parsed once per module, as of a day
between the two meetings (one held, one upcoming).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from freezegun import freeze_time
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from scrapers.items import MeetingItem, SourceStatusItem
from scrapers.links import Link
from scrapers.middlewares.source_domains import SourceDomainsMiddleware
from scrapers.spiders.legistar import LegistarSpider
from tests.scrapers.conftest import FIXTURES

RECORDING = FIXTURES / "legistar" / "mecklenburg-nc-events.json"
API = "https://webapi.legistar.com/v1/mecklenburg"
SOURCE = {"id": "legistar:mecklenburg", "name": "Mecklenburg County", "state": "NC", "platform": "legistar",
          "url": API}
BOC_AGENDA = ("https://legistar1.granicus.com/Mecklenburg/meetings/2026/4/"
              "1895_A_Board_of_Commissioners_26-04-07_Meeting_Agenda.pdf")


def _parse(body: bytes = RECORDING.read_bytes()) -> tuple[LegistarSpider, list]:
    spider = LegistarSpider.from_crawler(get_crawler(LegistarSpider), sources=[SOURCE], since="2025-01-01",
                                         until="2026-12-31")
    url = f"{API}/events?$top=1000"
    response = TextResponse(url, body=body, encoding="utf-8",
                            request=Request(url, meta={"source": SOURCE["id"], "events_skip": 0}))
    with freeze_time("2026-03-01"):
        return spider, list(spider.parse_events(response))


SPIDER, ITEMS = _parse()
MEETINGS = {item.external_id: item for item in ITEMS if isinstance(item, MeetingItem)}
REQUESTS = [item for item in ITEMS if isinstance(item, Request)]


def test_every_event_is_a_meeting() -> None:
    assert sorted(MEETINGS) == ["1802", "1895"]


def test_meeting_names_are_the_event_bodies() -> None:
    assert {k: m.body for k, m in MEETINGS.items()} == {"1802": "Budget Public Policy",
                                                        "1895": "Board of Commissioners"}


def test_start_is_the_event_date_at_its_published_time() -> None:
    assert MEETINGS["1802"].start == dt.datetime(2025, 1, 14, 14, 30)
    assert MEETINGS["1895"].start == dt.datetime(2026, 4, 7, 17, 0)


def test_status_follows_the_date_and_a_revised_agenda_is_not_a_cancellation() -> None:
    assert (MEETINGS["1802"].status, MEETINGS["1895"].status) == ("held", "scheduled")


def test_the_meeting_page_is_the_insite_detail() -> None:
    assert MEETINGS["1895"].url.startswith("https://mecklenburg.legistar.com/MeetingDetail.aspx?LEGID=1895")


def test_each_agenda_link_is_typed_agenda() -> None:
    assert MEETINGS["1895"].links == [Link(title="Agenda", href=BOC_AGENDA, kind="agenda")]


def test_agendas_are_requested_and_items_followed_for_each_event() -> None:
    urls = [request.url for request in REQUESTS]
    assert BOC_AGENDA in urls
    assert f"{API}/events/1895/eventitems?AgendaNote=1&MinutesNote=1&Attachments=1" in urls
    assert f"{API}/events/1802/eventitems?AgendaNote=1&MinutesNote=1&Attachments=1" in urls


def test_the_agenda_host_is_within_the_source() -> None:
    [agenda] = [request for request in REQUESTS if request.url == BOC_AGENDA]
    assert SourceDomainsMiddleware(type("Crawler", (), {"spider": SPIDER})()).process_request(agenda) is None


@pytest.mark.parametrize("event_id", ["1802", "1895"])
def test_no_minutes_link_where_the_event_has_none(event_id: str) -> None:
    assert all(link.kind != "minutes" for link in MEETINGS[event_id].links)


def test_the_recording_is_read_without_an_error() -> None:
    assert not [item for item in ITEMS if isinstance(item, SourceStatusItem)]


def test_an_event_without_a_readable_date_is_the_sources_warning_and_the_others_are_read() -> None:
    """The real answer with one event's ``EventDate`` emptied (no recording has such a row)."""
    events = json.loads(RECORDING.read_text(encoding="utf-8"))
    events[0]["EventDate"] = None
    _, items = _parse(json.dumps(events).encode())
    [status] = [item for item in items if isinstance(item, SourceStatusItem)]
    assert status.ok is True and status.warning.startswith(
        f"{API}/events?$top=1000: 1 of 2 events have no EventId or no readable EventDate (first: "
        '{"EventId": 1802, "EventBodyName": "Budget Public Policy", "EventDate": null')
    assert [item.external_id for item in items if isinstance(item, MeetingItem)] == ["1895"]
