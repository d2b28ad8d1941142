"""CivicClerk: hand-made recorded-shape answers (see files/civicclerk/README.md) crawled by the real spider."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Meeting
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.civicclerk import events_query, file_kind, has_text, item_attachments, parse_start, portal_url
from tests.scrapers.conftest import FIXTURES, wall_clock

FILES = Path(__file__).parent / "files" / "civicclerk"
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


def test_file_types_start_times_and_portal_pages() -> None:
    assert [file_kind(t) for t in ("Agenda", "Agenda Packet", "Minutes", "Amended Minutes", "Notice", None)] == [
        "agenda", "packet", "minutes", "minutes", "other", "other"]
    assert parse_start("2026-03-10T18:00:00Z") == dt.datetime(2026, 3, 10, 18, 0)  # local time despite the Z
    assert parse_start("2026-03-10T18:00:00.000Z") == dt.datetime(2026, 3, 10, 18, 0)
    assert parse_start(None) is None
    assert portal_url(API, 1201) == "https://mapleridgemn.portal.civicclerk.com/event/1201/files"
    assert portal_url("http://127.0.0.1:8765/v1", 1201) is None


def test_published_attachments_of_nested_items_and_scans_without_text() -> None:
    items = json.loads((FILES / "meeting-455.json").read_text())["items"]
    assert list(item_attachments(items)) == [
        (8841, "Approve a three-year agreement with Flock Group Inc. for license plate reader cameras: "
               "Staff Report - Flock Safety Agreement"),
        (8852, "Award a contract to Valley Paving LLC for the 2026 street resurfacing program: Bid Tabulation"),
    ]
    assert not has_text(b"\r\n\f\r\n") and not has_text(b"Page 1 of 1")
    assert has_text(b"CITY COMMISSION AGENDA 4.a Approve")


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
        urlsplit(attachment(8852)).path: ("staff_report", "fetch_error"),
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
        "1201": ("City Commission", "held", dt.datetime(2026, 3, 10, 18, 0), None),
        "1204": ("Planning Commission", "held", dt.datetime(2026, 3, 12, 18, 30), None),
        "1209": ("City Commission", "cancelled", dt.datetime(2026, 3, 24, 17, 0), None),
        "1212": ("Parks and Recreation Board", "held", dt.datetime(2026, 3, 26, 17, 30), None),
    }
    assert set(document_meetings.values()) == {"1201", "1204", "1212"}
    assert document_meetings[urlsplit(attachment(8841)).path] == "1201"
    [summary] = result.summary
    assert summary["status"] == "ok"  # an agenda without an item list (404) is no failure of the source


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
