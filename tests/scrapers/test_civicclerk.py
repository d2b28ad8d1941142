"""CivicClerk: the real recorded ``/v1/Events`` answers parsed in-process field by field, and real crawls.

Recordings (``../shared/fixtures/civicclerk``, read in place): South Fulton GA, 16 events of one category
("City Council") with three different event names, the first with an agenda and a packet; Tulsa County OK,
three events (trimmed by its recorder: no ``categoryName``), with Agenda, Agenda Packet, Minutes and Other
files. A third real answer is kept in ``files/civicclerk`` (City Bureau's tests, MIT; see its README):
Clarkston GA, 15 events with Agenda, Agenda Packet and Minutes files, events not yet given an agenda
(``agendaId`` 0), and a real ``@odata.nextLink`` with a ``$skiptoken``. Each is parsed once per module on a
fixed day ("scheduled" and "held" depend on it); expected values come from the JSON itself (``json.load``),
independently of the spider.

What no recording shows (item attachments, scans without text, error answers) is crawled from the
hand-made fictional tenant in ``files/civicclerk`` (see its README).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from freezegun import freeze_time
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Meeting
from scrapers.items import MeetingItem, SourceStatusItem
from scrapers.links import Link
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.civicclerk import (
    CivicClerkSpider,
    events_query,
    file_kind,
    has_text,
    item_attachments,
    parse_start,
    portal_url,
)
from tests.scrapers.conftest import FIXTURES, wall_clock

CIVICCLERK = FIXTURES / "civicclerk"
SOUTH_FULTON_API = "https://southfultonga.api.civicclerk.com/v1"
TULSA_API = "https://tulsacook.api.civicclerk.com/v1"


def parse(path: Path, api: str, today: str) -> list:
    """Everything the spider yields for one recorded events page, as of ``today``."""
    source = {"id": "civicclerk:test", "name": "Test", "state": "GA", "platform": "civicclerk", "url": api}
    spider = CivicClerkSpider.from_crawler(get_crawler(CivicClerkSpider), sources=[source], since="2000-01-01",
                                           until="2030-12-31")
    url = f"{api}/Events?{events_query(spider.since, spider.until)}"
    response = TextResponse(url, body=path.read_bytes(), encoding="utf-8",
                            headers={"Content-Type": "application/json"},
                            request=Request(url, meta={"source": source["id"]}))
    with freeze_time(today):
        return list(spider.parse_events(response))


def meetings_of(items: list) -> dict[str, MeetingItem]:
    return {item.external_id: item for item in items if isinstance(item, MeetingItem)}


def requests_of(items: list) -> list[Request]:
    return [item for item in items if isinstance(item, Request)]


def events(name: str) -> list[dict[str, Any]]:
    return json.loads((CIVICCLERK / name).read_text(encoding="utf-8"))["value"]


SF_ITEMS = parse(CIVICCLERK / "south-fulton-ga-events.json", SOUTH_FULTON_API, "2026-04-20")
SF = meetings_of(SF_ITEMS)
TULSA_ITEMS = parse(CIVICCLERK / "tulsa-county-ok-events.json", TULSA_API, "2026-01-01")
TULSA = meetings_of(TULSA_ITEMS)


def stream(api: str, file_id: int, plain_text: bool = False) -> str:
    return f"{api}/Meetings/GetMeetingFileStream(fileId={file_id},plainText={str(plain_text).lower()})"


# --- South Fulton (real) ----------------------------------------------------------------------------------

def test_south_fulton_every_event_is_one_meeting() -> None:
    assert len(SF) == 16 == len(events("south-fulton-ga-events.json"))


def test_south_fulton_16_of_16_meetings_keep_their_event_name_not_the_category() -> None:
    recorded = {str(e["id"]): e["eventName"] for e in events("south-fulton-ga-events.json")}
    assert {key: m.body for key, m in SF.items()} == recorded
    assert Counter(m.body for m in SF.values()) == {"Alcohol License and Zoning Public Hearings": 6,
                                                    "City Council Work Session": 5,
                                                    "City Council Regular Meeting": 5}
    assert {e["categoryName"] for e in events("south-fulton-ga-events.json")} == {"City Council"}


def test_south_fulton_first_event_with_its_agenda_and_packet() -> None:
    assert SF["1744"] == MeetingItem(
        source="civicclerk:test", external_id="1744", body="Alcohol License and Zoning Public Hearings",
        start=dt.datetime(2026, 4, 15, 17, 0), status="held",
        url="https://southfultonga.portal.civicclerk.com/event/1744/files",
        links=[Link(title="Zoning Public Hearing Agenda 4.15.2026", href=stream(SOUTH_FULTON_API, 2261), kind="agenda"),
               Link(title="Zoning Public Hearing Packet 4.15.2026", href=stream(SOUTH_FULTON_API, 2262), kind="packet")])


def test_south_fulton_starts_are_local_wall_clock_times_despite_the_z() -> None:
    assert SF["1745"].start == dt.datetime(2026, 4, 28, 16, 0)
    assert SF["1747"].start == dt.datetime(2026, 4, 28, 19, 0)
    assert max(m.start for m in SF.values()) == dt.datetime(2026, 7, 28, 19, 0)


def test_south_fulton_statuses_as_of_the_day_after_the_first_event() -> None:
    assert Counter(m.status for m in SF.values()) == {"held": 1, "scheduled": 15}


def test_south_fulton_only_the_first_event_has_files() -> None:
    assert [key for key, m in SF.items() if m.links] == ["1744"]


def test_south_fulton_requests_file_texts_and_every_agendas_items() -> None:
    requests = requests_of(SF_ITEMS)
    texts = [(r.url, r.meta["document"]["kind"], r.meta["document"]["title"]) for r in requests if "document" in r.meta]
    assert texts == [
        (stream(SOUTH_FULTON_API, 2261, True), "agenda",
         "Alcohol License and Zoning Public Hearings 2026-04-15: Zoning Public Hearing Agenda 4.15.2026"),
        (stream(SOUTH_FULTON_API, 2262, True), "packet",
         "Alcohol License and Zoning Public Hearings 2026-04-15: Zoning Public Hearing Packet 4.15.2026")]
    agendas = [r.url for r in requests if "document" not in r.meta]
    assert agendas == [f"{SOUTH_FULTON_API}/Meetings/{e['agendaId']}" for e in events("south-fulton-ga-events.json")]


def test_south_fulton_has_no_next_page() -> None:
    assert not [r for r in requests_of(SF_ITEMS) if "/Events" in r.url]


# --- Tulsa County (real) ----------------------------------------------------------------------------------

def test_tulsa_names_without_a_category() -> None:
    assert {key: m.body for key, m in TULSA.items()} == {
        "2182": "Board of County Commissioners", "2312": "Board of County Commissioners Special Meeting",
        "2400": "Board of County Commissioners"}


def test_tulsa_every_file_has_its_kind() -> None:
    assert TULSA["2182"].links == [Link(title="Agenda", href=stream(TULSA_API, 9404), kind="agenda"),
                                   Link(title="Agenda Packet", href=stream(TULSA_API, 9405), kind="packet"),
                                   Link(title="Other", href=stream(TULSA_API, 9420), kind="other")]
    assert [link.kind for link in TULSA["2312"].links] == ["agenda", "packet", "minutes"]
    assert TULSA["2400"].links == []


def test_tulsa_starts_and_statuses() -> None:
    assert {key: (m.start, m.status) for key, m in TULSA.items()} == {
        "2182": (dt.datetime(2025, 12, 8, 9, 30), "held"), "2312": (dt.datetime(2025, 7, 16, 10, 0), "held"),
        "2400": (dt.datetime(2026, 3, 2, 9, 30), "scheduled")}


def test_tulsa_events_without_an_agenda_id_ask_for_no_item_list() -> None:
    assert all("document" in r.meta for r in requests_of(TULSA_ITEMS))
    assert len(requests_of(TULSA_ITEMS)) == 6


# --- Clarkston GA (real, City Bureau) -------------------------------------------------------------------

CLARKSTON_API = "https://clarkstonga.api.civicclerk.com/v1"
CLARKSTON_FILE = Path(__file__).parent / "files" / "civicclerk" / "clarkston-ga-events.json"
CLARKSTON_ITEMS = parse(CLARKSTON_FILE, CLARKSTON_API, "2026-07-01")
CLARKSTON = meetings_of(CLARKSTON_ITEMS)
CLARKSTON_EVENTS = json.loads(CLARKSTON_FILE.read_text(encoding="utf-8"))["value"]


def test_clarkston_every_event_is_one_meeting_with_its_event_name() -> None:
    assert [(key, m.body) for key, m in CLARKSTON.items()] == [
        (str(event["id"]), event["eventName"]) for event in CLARKSTON_EVENTS]
    assert len(CLARKSTON) == 15


def test_clarkston_starts_are_local_wall_clock_times() -> None:
    assert CLARKSTON["2464"].start == dt.datetime(2026, 6, 16, 10, 0)  # its agenda: "June 16, 2026, 10:00AM"
    assert CLARKSTON["2465"].start == dt.datetime(2026, 6, 16, 18, 30)  # "June 16, 2026, 6:30 PM"
    assert {m.start.time() for key, m in CLARKSTON.items() if key not in ("2464", "2465", "2466")} == {
        dt.time(19, 0)}


def test_clarkston_statuses_as_of_july_first() -> None:
    assert [m.status for m in CLARKSTON.values()] == ["held"] * 8 + ["scheduled"] * 7


def test_clarkston_agenda_packet_and_minutes_with_their_kinds() -> None:
    assert CLARKSTON["1116"].links == [
        Link(title="June 2, 2026 - City Council Meeting Agenda", href=stream(CLARKSTON_API, 3560), kind="agenda"),
        Link(title="June 2, 2026 - City Council Meeting Packet with Agenda - Final", href=stream(CLARKSTON_API, 3571),
             kind="packet"),
        Link(title="June 2, 2026 - City Council Meeting Minutes", href=stream(CLARKSTON_API, 4607), kind="minutes")]
    published = Counter(f["type"] for event in CLARKSTON_EVENTS for f in event["publishedFiles"])
    kinds = Counter(link.kind for m in CLARKSTON.values() for link in m.links)
    assert published == {"Agenda": 9, "Agenda Packet": 9, "Minutes": 5}
    assert kinds == {"agenda": 9, "packet": 9, "minutes": 5}


def test_clarkston_item_lists_only_for_events_with_an_agenda() -> None:
    agendas = [r.url.rsplit("/", 1)[1] for r in requests_of(CLARKSTON_ITEMS) if "/Meetings/" in r.url
               and "GetMeetingFileStream" not in r.url]
    assert agendas == [str(e["agendaId"]) for e in CLARKSTON_EVENTS if e["agendaId"] > 0 and e["hasAgenda"]]
    assert len(agendas) == 12


def test_clarkston_the_next_page_is_followed() -> None:
    [following] = [r for r in requests_of(CLARKSTON_ITEMS) if "/Events" in r.url]
    assert following.url.startswith(f"{CLARKSTON_API}/Events?$filter=categoryId%20in%20%2826%29")
    assert following.url.endswith("$skiptoken=startDateTime-2026-10-06T19%3A00%3A00Z,eventName-%27City+Council+"
                                  "Meeting%27,id-2448")


def test_a_page_whose_events_none_can_be_dated_is_the_sources_error_not_silence(tmp_path: Path) -> None:
    """Clarkston's real page with ``startDateTime`` renamed, as an API change might."""
    renamed = tmp_path / "events.json"
    renamed.write_text(CLARKSTON_FILE.read_text(encoding="utf-8").replace('"startDateTime"', '"startsAt"'))
    [status] = parse(renamed, CLARKSTON_API, "2026-07-01")
    assert isinstance(status, SourceStatusItem) and not status.ok
    assert status.error.endswith(": 15 of 15 events have no id or no startDateTime the spider can read")


# --- hand-made fictional tenant: what no recording shows -----------------------------------------------------

FILES = Path(__file__).parent / "files" / "civicclerk"  # hand-made: see the module docstring
HOST = "mapleridgemn.api.civicclerk.com"
API = f"https://{HOST}/v1"
#: The events of March 2026, as the API documents its OData query (written out, not built by the spider).
EVENTS = (f"{API}/Events?$filter=startDateTime ge 2026-03-01T00:00:00Z and startDateTime lt 2026-04-01T00:00:00Z"
          "&$orderby=startDateTime")
MARCH = ("--since", "2026-03-01", "--until", "2026-03-31")


def text_of(file_id: int) -> str:
    return f"{API}/Meetings/GetMeetingFileStream(fileId={file_id},plainText=true)"


def pdf_of(file_id: int) -> str:
    return f"{API}/Meetings/GetMeetingFileStream(fileId={file_id},plainText=false)"


def attachment(attachment_id: int) -> str:
    return f"{API}/Meetings/GetAttachmentFile(fileId={attachment_id})"


def api(url: str, body: bytes, status: int = 200, content_type: str = "application/json; charset=utf-8",
        match_query: bool = True) -> Exchange:
    return Exchange(url=url, body=body, status=status, headers={"Content-Type": content_type}, match_query=match_query)


def text(file_id: int, name: str) -> Exchange:
    return page(text_of(file_id), FILES / name, content_type="text/plain; charset=utf-8")


def maple_ridge() -> list[Exchange]:
    return [
        page(EVENTS, FILES / "events-page-1.json"),
        page(EVENTS + "&$skip=2", FILES / "events-page-2.json"),
        page(f"{API}/Meetings/455", FILES / "meeting-455.json"),
        text(3101, "agenda-3101.txt"), text(3102, "packet-3102.txt"), text(3108, "minutes-3108.txt"),
        text(3121, "notice-3121.txt"),
        api(text_of(3110), b"\r\n\f\r\n", content_type="text/plain; charset=utf-8"),  # a scan: no text layer
        page(pdf_of(3110), FIXTURES / "agendas" / "burbank-ca-council-agenda.pdf"),
        page(attachment(8841), FILES / "staff-report-8841.pdf"),
    ]


def entry(site, host: str = HOST, slug: str = "mapleridgemn") -> dict[str, Any]:
    return {"id": f"civicclerk:{slug}", "name": slug, "state": "MN", "platform": "civicclerk",
            "url": site.base(host) + "/v1"}


def requested(site, path_part: str) -> list[str]:
    return [url for _, url, _ in site.requests if path_part in urlsplit(url).path]


def stored(db_url: str) -> tuple[dict[str, tuple[str, str, dt.datetime, str | None]], dict[str, str]]:
    """Meetings (external id -> body, status, start, url) and documents (URL path -> their meeting's id)."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            meetings = {m.external_id: (m.body, m.status, wall_clock(m), m.url)
                        for m in session.scalars(select(Meeting))}
            rows = session.execute(select(Document.url, Meeting.external_id)
                                   .join(Meeting, Document.meeting_id == Meeting.id))
            return meetings, {urlsplit(url).path: meeting for url, meeting in rows}
    finally:
        engine.dispose()


def test_events_query_covers_the_window_in_time_order() -> None:
    assert events_query(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == (
        "$filter=startDateTime%20ge%202026-03-01T00:00:00Z%20and%20startDateTime%20lt%202026-04-01T00:00:00Z"
        "&$orderby=startDateTime")


def test_file_kinds_from_the_type_then_the_name_start_times_and_portal_pages() -> None:
    assert [file_kind(t) for t in ("Agenda", "Agenda Packet", "Minutes", "Amended Minutes", "Notice", None)] == [
        "agenda", "packet", "minutes", "minutes", "other", "other"]
    assert file_kind("Other", "Staff Report - Flock Safety") == "staff_report"  # the type names no kind
    assert file_kind("Agenda", "Agenda with attachments") == "agenda"  # the clerk's type wins
    assert parse_start("2026-03-10T18:00:00Z") == dt.datetime(2026, 3, 10, 18, 0)  # local time despite the Z
    assert parse_start("2026-03-10T18:00:00.000Z") == dt.datetime(2026, 3, 10, 18, 0)
    assert parse_start(None) is None
    assert portal_url(API, 1201) == "https://mapleridgemn.portal.civicclerk.com/event/1201/files"
    assert portal_url("http://127.0.0.1:8765/v1", 1201) is None


def test_published_attachments_of_nested_items_with_their_kinds_and_scans_without_text() -> None:
    items = json.loads((FILES / "meeting-455.json").read_text())["items"]
    assert list(item_attachments(items)) == [
        (8841, "Approve a three-year agreement with Flock Group Inc. for license plate reader cameras: "
               "Staff Report - Flock Safety Agreement", "staff_report"),
        (8852, "Award a contract to Valley Paving LLC for the 2026 street resurfacing program: Bid Tabulation",
         "procurement_notice"),
    ]
    assert not has_text(b"\r\n\f\r\n") and not has_text(b"Page 1 of 1")
    assert has_text(b"CITY COMMISSION AGENDA 4.a Approve")


def test_a_next_link_is_followed_as_a_listing_request() -> None:
    items = parse(FILES / "events-page-1.json", API, "2026-04-01")
    [following] = [r for r in requests_of(items) if "/Events" in r.url]
    assert following.url == EVENTS.replace(" ", "%20") + "&$skip=2"
    assert following.callback.__name__ == "parse_events" and following.meta["listing"] is True
    assert {key: m.body for key, m in meetings_of(items).items()} == {
        "1201": "City Commission Regular Meeting", "1204": "Planning Commission Meeting"}


@pytest.mark.parametrize("body", [b"<html><body>Service Unavailable</body></html>", b'{"value": null}', b"[]"])
def test_an_answer_that_is_no_events_page_is_the_sources_error(tmp_path: Path, body: bytes) -> None:
    (tmp_path / "answer.json").write_bytes(body)  # hand-made: not CivicClerk's answer
    [status] = parse(tmp_path / "answer.json", API, "2026-04-01")
    assert isinstance(status, SourceStatusItem) and status.ok is False
    assert status.error.endswith(": the answer is not CivicClerk's OData list of events")


@pytest.mark.slow
def test_paged_events_their_text_files_and_item_attachments_are_stored_with_the_alpr_finding(crawl) -> None:
    with replaying(maple_ridge()) as site:
        result = crawl([entry(site)], *MARCH)
    assert result.returncode == 0, result.stderr
    # Everything asked for was served, except what the recordings leave out on purpose.
    assert {urlsplit(url).path for url in site.unmatched if not url.endswith("/robots.txt")} == {
        "/v1/Meetings/458", "/v1/Meetings/GetAttachmentFile(fileId=8852)"}
    assert len(requested(site, "/v1/Events")) == 2  # the first page and its nextLink
    documents = {urlsplit(d["url"]).path: d for d in result.documents()}
    assert {path: (d["kind"], d["status"]) for path, d in documents.items()} == {
        urlsplit(text_of(3101)).path: ("agenda", "ok"), urlsplit(text_of(3102)).path: ("packet", "ok"),
        urlsplit(text_of(3108)).path: ("minutes", "ok"), urlsplit(text_of(3121)).path: ("other", "ok"),
        urlsplit(pdf_of(3110)).path: ("agenda", "ok"),  # the scan: its PDF, not its empty text
        urlsplit(attachment(8841)).path: ("staff_report", "ok"),
        urlsplit(attachment(8852)).path: ("procurement_notice", "fetch_error"),
    }
    agenda = documents[urlsplit(text_of(3101)).path]
    assert agenda["mime"].startswith("text/plain") and agenda["alpr_findings"] >= 1
    assert documents[urlsplit(attachment(8841)).path]["alpr_findings"] >= 1
    assert documents[urlsplit(pdf_of(3110)).path]["page_count"] > 1
    assert all(d["alpr_findings"] == 0 for path, d in documents.items()
               if path not in (urlsplit(text_of(3101)).path, urlsplit(attachment(8841)).path))
    assert "404" in documents[urlsplit(attachment(8852)).path]["error"]
    meetings, document_meetings = stored(result.db_url)
    assert meetings == {
        "1201": ("City Commission Regular Meeting", "held", dt.datetime(2026, 3, 10, 18, 0), None),
        "1204": ("Planning Commission Meeting", "held", dt.datetime(2026, 3, 12, 18, 30), None),
        "1209": ("City Commission Special Meeting - CANCELLED", "cancelled", dt.datetime(2026, 3, 24, 17, 0), None),
        "1212": ("Parks and Recreation Board", "held", dt.datetime(2026, 3, 26, 17, 30), None),
    }
    assert set(document_meetings.values()) == {"1201", "1204", "1212"}
    assert document_meetings[urlsplit(attachment(8841)).path] == "1201"
    [summary] = result.summary
    assert summary["status"] == "ok"  # an agenda without an item list (404) is no failure of the source


@pytest.mark.slow
def test_api_errors_are_the_sources_errors_and_others_go_on(crawl) -> None:
    error_page = (b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head>"
                  b"<body><h2>The site is down for maintenance.</h2></body></html>")
    exchanges = [
        page(EVENTS, FILES / "events-page-2.json"), text(3121, "notice-3121.txt"),
        api("https://downtown.api.civicclerk.com/v1/Events", status=500, match_query=False,
            body=b'{"error":{"code":"","message":"An error has occurred."}}'),
        api("https://oldtown.api.civicclerk.com/v1/Events", error_page, content_type="text/html; charset=utf-8",
            match_query=False),
    ]
    with replaying(exchanges) as site:
        entries = [entry(site), entry(site, "downtown.api.civicclerk.com", "downtown"),
                   entry(site, "oldtown.api.civicclerk.com", "oldtown")]
        result = crawl(entries, *MARCH)
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["civicclerk:mapleridgemn"]["status"] == "ok"
    assert by_source["civicclerk:mapleridgemn"]["documents"] == 1
    assert by_source["civicclerk:downtown"]["status"] == "error"
    assert "HTTP 500" in by_source["civicclerk:downtown"]["last_error"]
    assert len(requested(site, "/v1/Events")) == 1 + 2 + 1  # the 500 is retried once (RETRY_TIMES=1)
    assert by_source["civicclerk:oldtown"]["status"] == "error"
    assert "not CivicClerk's OData list of events" in by_source["civicclerk:oldtown"]["last_error"]


@pytest.mark.slow
def test_crawl_south_fulton_stores_16_meetings_by_their_event_names_in_eastern_time(crawl) -> None:
    """South Fulton's real answer on 127.0.0.1 for April - July 2026; its files and item lists are not
    recorded (404): the meetings are what this crawl checks."""
    host = "southfultonga.api.civicclerk.com"
    events_url = (f"https://{host}/v1/Events?$filter=startDateTime ge 2026-04-01T00:00:00Z and startDateTime lt "
                  "2026-08-01T00:00:00Z&$orderby=startDateTime")
    with replaying([page(events_url, CIVICCLERK / "south-fulton-ga-events.json")]) as site:
        source = {"id": "civicclerk:south-fulton-ga", "name": "South Fulton", "state": "GA",
                  "platform": "civicclerk", "url": site.base(host) + "/v1"}
        result = crawl([source], "--since", "2026-04-01", "--until", "2026-07-31")
    assert result.returncode == 0, result.stderr
    engine = make_engine(result.db_url)
    try:
        with session_factory(engine)() as session:
            meetings = {m.external_id: m for m in session.scalars(select(Meeting))}
            names = {key: m.body for key, m in meetings.items()}
            first = meetings["1744"]
            first_start, first_instant = wall_clock(first), first.start
    finally:
        engine.dispose()
    assert names == {str(e["id"]): e["eventName"] for e in events("south-fulton-ga-events.json")}
    assert first_start == dt.datetime(2026, 4, 15, 17, 0)
    assert first_instant == dt.datetime(2026, 4, 15, 21, 0, tzinfo=dt.UTC)  # 5 PM EDT, Georgia's zone
    documents = {urlsplit(d["url"]).path: (d["kind"], d["status"]) for d in result.documents()}
    assert documents == {"/v1/Meetings/GetMeetingFileStream(fileId=2261,plainText=true)": ("agenda", "fetch_error"),
                         "/v1/Meetings/GetMeetingFileStream(fileId=2262,plainText=true)": ("packet", "fetch_error")}
