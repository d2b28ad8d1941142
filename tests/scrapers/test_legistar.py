"""Legistar Web API: hand-made recorded-shape answers (see files/legistar/README.md) crawled by the real spider."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Meeting
from scrapers.middlewares.source_domains import SourceDomainsMiddleware
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.legistar import (
    LegistarSpider,
    agenda_text,
    event_status,
    follow_items,
    item_attachments,
    item_text,
    parse_start,
    without_token,
)
from tests.scrapers.conftest import FIXTURES, wall_clock
from tracker.analysis.engine import analyze_item
from tracker.contracts.identifiers import Identifier, agreement_key, find_identifiers
from tracker.text.items import split_items

FILES = Path(__file__).parent / "files" / "legistar"
API_HOST = "webapi.legistar.com"
API = f"https://{API_HOST}/v1/riverbend"
STORAGE = "https://legistar2.granicus.com/riverbend"
AGENDA_5501 = "5501_A_City_Council_26-03-10_Meeting_Agenda.pdf"
MINUTES_5501 = "5501_M_City_Council_26-03-10_Meeting_Minutes.pdf"
AGENDA_5502 = "5502_A_Public_Safety_Committee_26-03-03_Committee_Agenda.pdf"
ALPR_REPORT = "3b1f6c2e-8d4a-4f7e-9a51-2c6d0e8b7f14.pdf"
STREETS_REPORT = "9e2a4d71-5c3b-4a8f-b6d0-1f7e3c5a9b28.pdf"
ITEMS_QUERY = "AgendaNote=1&MinutesNote=1&Attachments=1"


def events_url(since: str, until: str, skip: int = 0, base: str = API) -> str:
    """An events page as the API documents its OData query (written out here, not built by the spider)."""
    return (f"{base}/events?$filter=EventDate ge datetime'{since}' and EventDate le datetime'{until}'"
            f"&$orderby=EventDate,EventId&$top=1000&$skip={skip}")


def api(url: str, body: bytes | list[Any], status: int = 200, match_query: bool = True) -> Exchange:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange(url=url, body=data, status=status, match_query=match_query,
                    headers={"Content-Type": "application/json; charset=utf-8"})


def events() -> list[dict[str, Any]]:
    return json.loads((FILES / "events-2026-03.json").read_text())


def riverbend_files(token: str = "") -> list[Exchange]:
    """Event items and every file of the March events (``token``: the query suffix of API requests)."""
    return [
        page(f"{API}/events/5501/eventitems?{ITEMS_QUERY}{token}", FILES / "eventitems-5501.json"),
        page(f"{API}/events/5502/eventitems?{ITEMS_QUERY}{token}", FILES / "eventitems-5502.json"),
        page(f"{API}/events/5503/eventitems?{ITEMS_QUERY}{token}", FILES / "eventitems-5503.json"),
        page(f"{STORAGE}/meetings/2026/3/{AGENDA_5501}", FILES / "agenda-5501.pdf"),
        page(f"{STORAGE}/meetings/2026/3/{MINUTES_5501}", FILES / "minutes-5501.pdf"),
        page(f"{STORAGE}/meetings/2026/3/{AGENDA_5502}", FIXTURES / "agendas" / "baldwin-park-ca-council-agenda.pdf"),
        page(f"{STORAGE}/attachments/{ALPR_REPORT}", FILES / "staff-report-26-0142.pdf"),
        page(f"{STORAGE}/attachments/{STREETS_REPORT}", FILES / "staff-report-26-0150.pdf"),
    ]


def entry(site, client: str = "riverbend", **options: Any) -> dict[str, Any]:
    return {"id": f"legistar:{client}", "name": client.title(), "state": "OR", "platform": "legistar",
            "url": site.base(API_HOST) + f"/v1/{client}", "options": options}


def requested(site, path_part: str) -> list[str]:
    """Original URLs of the requests the site received whose path contains ``path_part``."""
    return [url for _, url, _ in site.requests if path_part in urlsplit(url).path]


def unmatched(site) -> list[str]:
    return [url for url in site.unmatched if not url.endswith("/robots.txt")]


def stored(db_url: str) -> tuple[dict[str, tuple[str, str, dt.datetime | None]], dict[str, str | None]]:
    """Meetings (external id -> body, status, start) and documents (file name -> their meeting's id)."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            meetings = {m.external_id: (m.body, m.status, wall_clock(m) if m.start else None)
                        for m in session.scalars(select(Meeting))}
            rows = session.execute(select(Document.url, Meeting.external_id)
                                   .outerjoin(Meeting, Document.meeting_id == Meeting.id))
            documents = {url.rsplit("/", 1)[-1]: meeting for url, meeting in rows}
            return meetings, documents
    finally:
        engine.dispose()


def test_start_is_event_date_at_event_time() -> None:
    assert parse_start("2026-03-10T00:00:00", "6:30 PM") == dt.datetime(2026, 3, 10, 18, 30)
    assert parse_start("2026-03-10T00:00:00", "12:00 PM") == dt.datetime(2026, 3, 10, 12, 0)
    assert parse_start("2026-03-10T00:00:00", "12:15 a.m.") == dt.datetime(2026, 3, 10, 0, 15)
    assert parse_start("2026-03-10T00:00:00", "9:30AM") == dt.datetime(2026, 3, 10, 9, 30)
    assert parse_start("2026-03-10T00:00:00", "10 AM") == dt.datetime(2026, 3, 10, 10, 0)
    assert parse_start("2026-03-10T00:00:00", "Immediately following") == dt.datetime(2026, 3, 10)
    assert parse_start("2026-03-10T00:00:00", None) == dt.datetime(2026, 3, 10)
    assert parse_start(None, "6:30 PM") is None


def test_status_is_cancelled_only_when_legistar_says_so() -> None:
    today = dt.date(2026, 3, 15)
    assert event_status({"EventAgendaStatusName": "Cancelled"}, dt.date(2026, 3, 20), today) == "cancelled"
    assert event_status({"EventAgendaStatusName": "Final", "EventComment": "CANCELED due to weather"},
                        dt.date(2026, 3, 1), today) == "cancelled"
    assert event_status({"EventAgendaStatusName": "Final"}, dt.date(2026, 3, 1), today) == "held"
    assert event_status({"EventAgendaStatusName": "Draft"}, dt.date(2026, 3, 20), today) == "scheduled"


@pytest.mark.parametrize("location", [
    "Cancelled", "Teleconference CANCELLED - Study Session",
    "Long Beach Water Department\r\nVIA TELECONFERENCE CANCELLED DUE TO TECHNICAL DIFFICULTIES"])
def test_a_cancellation_written_where_the_place_would_be_is_a_cancellation(location: str) -> None:
    """Long Beach's clerks mark cancellations in the location (these are its calendar's real location texts,
    City Bureau-style rows in washabstract/city-scrapers-ca ``tests/files/long_beach.json``), not the status."""
    event = {"EventAgendaStatusName": "Final", "EventComment": None, "EventLocation": location}
    assert event_status(event, dt.date(2026, 3, 20), dt.date(2026, 3, 15)) == "cancelled"


def test_a_location_that_names_no_cancellation_leaves_the_status_to_the_date() -> None:
    event = {"EventAgendaStatusName": "Final", "EventLocation": "Teleconference Closed Session"}
    assert event_status(event, dt.date(2026, 3, 20), dt.date(2026, 3, 15)) == "scheduled"


def test_items_are_followed_when_new_upcoming_or_changed() -> None:
    today = dt.date(2026, 11, 29)
    old = {"EventLastModifiedUtc": "2026-03-12T17:04:21.437"}
    assert follow_items(old, dt.date(2026, 3, 10), None, today)
    assert not follow_items(old, dt.date(2026, 3, 10), "2026-11-28T06:00:00+00:00", today)
    assert follow_items(old, dt.date(2026, 12, 1), "2026-11-28T06:00:00+00:00", today)  # upcoming
    # Modified a few hours before the last success (inside the margin), in UTC whatever the stored zone.
    assert follow_items({"EventLastModifiedUtc": "2026-11-28T02:00:00"}, dt.date(2026, 3, 10),
                        "2026-11-28T06:00:00+00:00", today)
    assert follow_items({"EventLastModifiedUtc": "2026-11-27T12:00:00"}, dt.date(2026, 3, 10),
                        "2026-11-28T03:00:00-05:00", today)
    assert not follow_items({"EventLastModifiedUtc": "2026-11-27T05:00:00"}, dt.date(2026, 3, 10),
                            "2026-11-28T06:00:00", today)
    assert follow_items({"EventLastModifiedUtc": None}, dt.date(2026, 3, 10), "2026-11-28T06:00:00", today)


def test_attachments_are_titled_by_matter_and_name() -> None:
    items = json.loads((FILES / "eventitems-5501.json").read_text())
    found = [pair for item in items for pair in item_attachments(item, "City Council 2026-03-10")]
    assert found == [
        (f"{STORAGE}/attachments/{ALPR_REPORT}",
         "26-0142 Approve a Purchase Agreement for Public Safety Technology Services: Staff Report"),
        (f"{STORAGE}/attachments/{STREETS_REPORT}",
         "26-0150 Adopt the Fiscal Year 2026-27 Street Resurfacing Program: Staff Report"),
    ]
    no_matter = {"EventItemTitle": None, "EventItemMatterAttachments": [
        {"MatterAttachmentName": "Map", "MatterAttachmentHyperlink": "https://legistar2.granicus.com/r/a.pdf"},
        {"MatterAttachmentName": "Broken", "MatterAttachmentHyperlink": "attachments/relative.pdf"}, "junk"]}
    assert item_attachments(no_matter, "City Council 2026-03-10") == [
        ("https://legistar2.granicus.com/r/a.pdf", "City Council 2026-03-10: Map")]


def test_token_is_removed_from_urls_shown_in_errors() -> None:
    url = without_token(f"{API}/events?$top=1000&token=s3cret&$skip=0")
    assert "s3cret" not in url and parse_qs(urlsplit(url).query) == {"$top": ["1000"], "$skip": ["0"]}


def test_legistar_file_hosts_are_within_every_source_and_others_are_not() -> None:
    spider = LegistarSpider(sources=[{"id": "legistar:riverbend", "platform": "legistar", "url": API,
                                      "options": {"allowed_domains": ["riverbend.gov"]}}])
    middleware = SourceDomainsMiddleware(SimpleNamespace(spider=spider))
    for url in (f"{STORAGE}/attachments/{ALPR_REPORT}", "https://legistar.granicus.com/riverbend/a.pdf",
                "https://riverbend.legistar.com/View.ashx?M=A&ID=5501", "https://www.riverbend.gov/report.pdf",
                "https://metro.legistar1.com/metro/attachments/1b2c.pdf"):
        assert middleware.process_request(Request(url, meta={"source": "legistar:riverbend"})) is None
    for outside in ("https://elsewhere.example/a.pdf", "https://notlegistar1.com/a.pdf"):
        with pytest.raises(IgnoreRequest):
            middleware.process_request(Request(outside, meta={"source": "legistar:riverbend"}))


def test_events_agendas_minutes_and_item_attachments_are_stored_with_the_alpr_finding(crawl) -> None:
    exchanges = [api(events_url("2026-03-01", "2026-03-31"), events()), *riverbend_files()]
    with replaying(exchanges) as site:
        result = crawl([entry(site)], "--since", "2026-03-01", "--until", "2026-03-31")
    assert result.returncode == 0, result.stderr
    assert unmatched(site) == []
    documents = {d["url"].rsplit("/", 1)[-1]: d for d in result.documents() if "/eventitems" not in d["url"]}
    # Each event with titled items also stores their list as text: the held council's acted list as minutes,
    # the committee's as an agenda; these titles name no ALPR.
    item_lists = {urlsplit(d["url"]).path.split("/")[-2]: (d["kind"], d["status"], d["alpr_findings"])
                  for d in result.documents() if "/eventitems" in d["url"]}
    assert item_lists == {"5501": ("minutes", "ok", 0), "5502": ("agenda", "ok", 0)}
    assert {name: (d["kind"], d["status"]) for name, d in documents.items()} == {
        AGENDA_5501: ("agenda", "ok"), MINUTES_5501: ("minutes", "ok"), AGENDA_5502: ("agenda", "ok"),
        ALPR_REPORT: ("staff_report", "ok"), STREETS_REPORT: ("staff_report", "ok"),
    }
    # The agenda's title hides the purchase; its staff report names the vendor, the cameras and the amount.
    assert documents[ALPR_REPORT]["alpr_findings"] >= 1
    assert all(d["alpr_findings"] == 0 for name, d in documents.items() if name != ALPR_REPORT)
    meetings, stored_documents = stored(result.db_url)
    assert meetings == {
        "5501": ("City Council", "held", dt.datetime(2026, 3, 10, 18, 30)),
        "5502": ("Public Safety Committee", "held", dt.datetime(2026, 3, 3, 10, 0)),
        "5503": ("City Council", "cancelled", dt.datetime(2026, 3, 24, 18, 30)),
    }
    assert {name: stored_documents[name] for name in (AGENDA_5501, MINUTES_5501, AGENDA_5502, STREETS_REPORT)} == {
        AGENDA_5501: "5501", MINUTES_5501: "5501", AGENDA_5502: "5502", STREETS_REPORT: "5501"}
    # The staff report is attached at committee and at council: fetched and stored once.
    assert len(requested(site, ALPR_REPORT)) == 1 and stored_documents[ALPR_REPORT] in {"5501", "5502"}
    api_requests = [(url, headers) for _, url, headers in site.requests if urlsplit(url).netloc == API_HOST
                    and not url.endswith("/robots.txt")]
    assert len(api_requests) == 4 and all(h.get("Accept") == "application/json" for _, h in api_requests)
    [summary] = result.summary
    assert summary["status"] == "ok" and summary["documents"] == 7 and summary["alpr_items"] >= 1


def filler(n: int) -> dict[str, Any]:
    """Event ``n`` of a busy commission: fills a whole page of the API."""
    event = copy.deepcopy(events()[2])
    event.update({"EventId": 7000 + n, "EventBodyId": 305, "EventBodyName": "Parks and Recreation Commission",
                  "EventDate": f"2026-03-{1 + n % 31:02d}T00:00:00", "EventAgendaStatusName": "Final",
                  "EventComment": None})
    return event


def test_pages_are_read_until_a_short_one_and_bodies_and_token_apply(crawl) -> None:
    council, committee, cancelled = (event for event in sorted(events(), key=lambda e: e["EventId"]))
    first_page = [filler(n) for n in range(999)] + [council]
    token = "&token=s3cret"
    exchanges = [api(events_url("2026-03-01", "2026-03-31", 0) + token, first_page),
                 api(events_url("2026-03-01", "2026-03-31", 1000) + token, [committee, cancelled]),
                 *riverbend_files(token)]
    with replaying(exchanges) as site:
        source = entry(site, bodies=["city council", "PUBLIC SAFETY  committee"], token="s3cret")
        result = crawl([source], "--since", "2026-03-01", "--until", "2026-03-31")
    assert result.returncode == 0, result.stderr
    assert unmatched(site) == []  # no third page, and every API request carried the token
    pages = [parse_qs(urlsplit(url).query)["$skip"] for url in requested(site, "/riverbend/events")
             if "/eventitems" not in url]
    assert pages == [["0"], ["1000"]]
    assert not any("token" in url for url in requested(site, "/riverbend/meetings/") + requested(site, "/attachments/"))
    meetings, _ = stored(result.db_url)
    assert set(meetings) == {"5501", "5502", "5503"}  # not one of the commission's 999 events
    assert len(requested(site, "/eventitems")) == 3
    [summary] = result.summary
    assert summary["status"] == "ok" and summary["documents"] == 7  # 5 files and 2 item lists


def test_unknown_and_restricted_clients_are_the_sources_errors(crawl) -> None:
    unknown = api(f"https://{API_HOST}/v1/nowhere/events", status=500, match_query=False, body=json.dumps(
        {"Message": "LegistarConnectionString setting is not set up in InSite for client: nowhere"}).encode())
    restricted = api(f"https://{API_HOST}/v1/closed/events", b"", status=403, match_query=False)
    with replaying([unknown, restricted]) as site:
        result = crawl([entry(site, "nowhere"), entry(site, "closed", token="s3cret")],
                       "--since", "2026-03-01", "--until", "2026-03-31")
    by_source = {row["source"]: row for row in result.summary}
    nowhere, closed = by_source["legistar:nowhere"], by_source["legistar:closed"]
    assert nowhere["status"] == "error" and "HTTP 500: unknown Legistar client" in nowhere["last_error"]
    assert "LegistarConnectionString setting is not set up in InSite for client: nowhere" in nowhere["last_error"]
    assert len(requested(site, "/v1/nowhere/events")) == 2  # 500 is retried (RETRY_TIMES=1), then reported
    assert closed["status"] == "error"
    assert "HTTP 403: restricted client (the API is turned off for this client" in closed["last_error"]
    assert "s3cret" not in closed["last_error"] and all("token=s3cret" in url for url in requested(site, "/v1/closed/"))
    assert len(requested(site, "/v1/closed/events")) == 1
    assert result.documents() == []


def test_a_second_crawl_skips_the_items_of_unchanged_past_events(crawl) -> None:
    today = dt.date.today()
    until = (today + dt.timedelta(days=30)).isoformat()
    committee, council = (event for event in events() if event["EventId"] in (5501, 5502))
    upcoming = {**copy.deepcopy(council), "EventId": 5601, "EventDate": f"{today + dt.timedelta(days=7)}T00:00:00",
                "EventAgendaFile": None, "EventMinutesFile": None, "EventMinutesStatusName": "Not Started"}
    first = [committee, council, upcoming]
    edited = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")
    second = [committee, {**council, "EventLastModifiedUtc": edited}, upcoming]
    exchanges = [api(events_url("2026-03-01", until), first), api(events_url("2026-03-01", until), second),
                 api(f"{API}/events/5601/eventitems?{ITEMS_QUERY}", []), *riverbend_files()]
    with replaying(exchanges) as site:
        runs = [crawl([entry(site)], "--since", "2026-03-01", "--until", until) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[-1].stderr
    assert [run.summary[0]["status"] for run in runs] == ["ok", "ok"]
    assert len(requested(site, "/events")) - len(requested(site, "/eventitems")) == 2  # the events page, twice
    assert {event: len(requested(site, f"/events/{event}/eventitems")) for event in (5502, 5501, 5601)} == {
        5502: 1,  # past and unchanged since the first crawl: its items are not asked for again
        5501: 2,  # edited after the first crawl
        5601: 2,  # upcoming: always
    }
    meetings, _ = stored(runs[-1].db_url)
    assert meetings["5601"][1] == "scheduled" and meetings["5502"][1] == "held"
    assert len(runs[-1].documents(kind="staff_report")) == 2


@pytest.mark.parametrize("matter_file", ["2024-0123", "OR2024-0012", "RES-2024-15"])
def test_a_matter_file_is_the_action_number_the_linker_keys_on(matter_file: str) -> None:
    found = find_identifiers("Lease of Automated License Plate Reader Cameras", item_number=matter_file)
    assert found == {Identifier("file", "action", matter_file)}
    assert agreement_key(found, "fallback") == f"file:{matter_file}"


def test_an_agenda_number_is_not_a_matter_file() -> None:
    assert find_identifiers("Lease of cameras", item_number="12") == frozenset()


FLOCK_ITEM = {"EventItemAgendaNumber": "5", "EventItemMatterFile": "2024-0123", "EventItemMatterType": "Contract",
              "EventItemTitle": "lease of twenty-six (26) Automated License Plate Reader Cameras from Flock Group Inc.",
              "EventItemActionName": "Approved", "EventItemPassedFlag": 1, "EventItemTally": "7-0"}


def test_an_event_item_reads_as_an_agenda_item_with_file_number_action_and_vote() -> None:
    assert item_text(FLOCK_ITEM, 1) == (
        "Item 1. File 2024-0123 (Contract): lease of twenty-six (26) Automated License Plate Reader Cameras"
        " from Flock Group Inc. Action: Approved. Motion passed. Vote: 7-0.")


@pytest.mark.parametrize(("minutes", "outcome"), [
    ({"EventItemActionName": "Approved", "EventItemPassedFlag": 1, "EventItemTally": "7-0"}, "approved"),
    ({"EventItemActionName": "Adopted", "EventItemPassedFlag": 1}, "approved"),
    ({"EventItemActionName": "Failed", "EventItemPassedFlag": 0}, "rejected"),
    ({"EventItemActionName": "Failed", "EventItemPassedFlag": 0, "EventItemTally": "2-5"}, "rejected"),
])
def test_the_minutes_action_and_passed_flag_are_the_vote_outcome(minutes: dict[str, Any], outcome: str) -> None:
    vote = analyze_item(item_text({**FLOCK_ITEM, **minutes, "EventItemTally": minutes.get("EventItemTally")}, 1)).vote
    assert vote is not None and vote.outcome == outcome


def test_an_upcoming_items_list_is_one_alpr_item_per_titled_row_before_any_pdf() -> None:
    upcoming = {k: v for k, v in FLOCK_ITEM.items() if not k.startswith(("EventItemAction", "EventItemPassed"))}
    rows = [{"EventItemTitle": None}, {"EventItemTitle": "Call to order"}, upcoming]
    [call, flock] = split_items(agenda_text(rows))
    assert (call.number, flock.number) == ("1", "2")
    finding = analyze_item(flock.text)
    assert finding.relevant and finding.vendor == "flock" and finding.camera_count == 26
    assert find_identifiers(flock.text) == {Identifier("file", "action", "2024-0123")}


@pytest.mark.parametrize("url", ["file://webapi.legistar.com/etc/passwd", "ftp://webapi.legistar.com/a.pdf",
                                 "FILE:///etc/hostname"])
def test_a_link_that_is_not_http_is_refused_on_the_sources_own_host(url: str) -> None:
    spider = LegistarSpider(sources=[{"id": "legistar:riverbend", "platform": "legistar", "url": API}])
    middleware = SourceDomainsMiddleware(SimpleNamespace(spider=spider))
    with pytest.raises(IgnoreRequest, match="only reads http"):
        middleware.process_request(Request(url, meta={"source": "legistar:riverbend"}))


@pytest.mark.parametrize("target", ["http://127.0.0.1:6379/", "http://10.0.0.5/admin", "http://[::1]/",
                                    "http://169.254.169.254/latest/meta-data/", "http://localhost:5432/"])
def test_a_redirect_to_an_internal_address_is_refused(target: str) -> None:
    spider = LegistarSpider(sources=[{"id": "legistar:riverbend", "platform": "legistar", "url": API}])
    middleware = SourceDomainsMiddleware(SimpleNamespace(spider=spider))
    redirected = Request(target, meta={"source": "legistar:riverbend", "redirect_urls": [f"{STORAGE}/a.pdf"]})
    with pytest.raises(IgnoreRequest, match="internal address"):
        middleware.process_request(redirected)
    moved = Request("https://www.riverbend.gov/a.pdf",  # a site that moved to its own public domain is followed
                    meta={"source": "legistar:riverbend", "redirect_urls": [f"{STORAGE}/a.pdf"]})
    assert middleware.process_request(moved) is None


def test_a_document_the_sources_page_links_may_be_on_any_public_host_a_listing_may_not() -> None:
    """Governments keep staff reports on their own sites: a document request is one hop, never crawled on."""
    spider = LegistarSpider(sources=[{"id": "legistar:riverbend", "platform": "legistar", "url": API}])
    middleware = SourceDomainsMiddleware(SimpleNamespace(spider=spider))
    document = {"source": "legistar:riverbend", "document": {"kind": "staff_report", "meeting": "1", "title": "x"}}
    assert middleware.process_request(Request("https://www.riverbend.gov/DocumentCenter/View/12", meta=document)) is None
    with pytest.raises(IgnoreRequest, match="internal address"):
        middleware.process_request(Request("http://10.1.2.3/report.pdf", meta=document))
    with pytest.raises(IgnoreRequest, match="outside the hosts"):
        middleware.process_request(Request("https://www.riverbend.gov/calendar", meta={"source": "legistar:riverbend"}))
