"""eSCRIBE: hand-made recorded-shape responses (see files/escribe/README.md) crawled by the real spider."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Meeting
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.escribe import CALENDAR_PATH, document_kind, parse_start

FILES = Path(__file__).parent / "files" / "escribe"
HOST = "pub-lakemont.escribemeetings.com"
BASE = f"https://{HOST}"
COUNCIL = "3f1c2a9e-5b7d-4e21-9a0c-6d8e2f417b35"
FINANCE = "8b52e0d4-1c3a-4f6e-b7d9-2a4c6e8f0b13"
MARCH = ("--since", "2026-03-01", "--until", "2026-03-31")


def calendar(body: bytes, status: int = 200) -> Exchange:
    """The calendar page method's answer (replay matches POSTs by path, whatever the body)."""
    return Exchange(url=BASE + CALENDAR_PATH, method="POST", body=body, status=status,
                    headers={"Content-Type": "application/json; charset=utf-8"})


def lakemont() -> list[Exchange]:
    return [
        Exchange(url=f"{BASE}/robots.txt", body=b"User-agent: PetalBot\nDisallow: /\n",
                 headers={"Content-Type": "text/plain"}),
        calendar((FILES / "calendar-meetings.json").read_bytes()),
        page(f"{BASE}/FileStream.ashx?DocumentId=70111", FILES / "agenda-70111.pdf"),
        page(f"{BASE}/Meeting.aspx?Id={COUNCIL}&Agenda=Agenda&lang=English", FILES / "meeting-agenda.html"),
        page(f"{BASE}/filestream.ashx?DocumentId=70115", FILES / "staff-report-70115.pdf"),
        page(f"{BASE}/FileStream.ashx?DocumentId=70119", FILES / "minutes-70119.pdf"),
    ]


def entry(site, host: str = HOST, slug: str = "lakemont") -> dict:
    return {"id": f"escribe:{slug}", "name": slug.title(), "state": "MI", "platform": "escribe",
            "url": site.base(host)}


def stored_meetings(db_url: str) -> dict[str, tuple[str, str, dt.date]]:
    """external id -> (body, status, day) of every stored meeting, and which meeting each document is of."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            return {m.external_id: (m.body, m.status, m.start.date()) for m in session.scalars(select(Meeting))}
    finally:
        engine.dispose()


def document_meetings(db_url: str) -> set[str]:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            return set(session.scalars(select(Meeting.external_id).join(Document, Document.meeting_id == Meeting.id)))
    finally:
        engine.dispose()


def test_document_kind_reads_type_format_and_title() -> None:
    assert document_kind({"Type": "Agenda", "Format": ".pdf"}) == "agenda"
    assert document_kind({"Type": "Agenda", "Format": "HTML"}) == "agenda"
    assert document_kind({"Type": "AgendaPackage", "Format": ".pdf"}) == "packet"
    assert document_kind({"Type": "PostMinutes", "Format": ".pdf"}) == "minutes"
    assert document_kind({"Type": "AdditionalDocuments", "Format": ".pdf", "Title": "Minutes of June 3"}) == "minutes"
    assert document_kind({"Type": "AdditionalDocuments", "Format": ".pdf", "Title": "Presentation"}) == "other"
    assert document_kind({"Type": "AgendaCover", "Format": ".pdf"}) is None
    assert document_kind({"Type": "Video", "Format": "Video"}) is None


def test_start_dates_as_eScribe_publishes_them() -> None:
    assert parse_start("2026/03/10 18:00:00") == dt.datetime(2026, 3, 10, 18, 0)
    assert parse_start("/Date(1773165600000)/") == dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.timezone.utc)
    assert parse_start("soon") is None and parse_start(None) is None


def test_window_meetings_their_documents_and_item_attachments_are_stored(crawl) -> None:
    with replaying(lakemont()) as site:
        result = crawl([entry(site)], *MARCH)
    assert result.returncode == 0, result.stderr
    # Nothing unrecorded was asked for: not the cover page, the video, nor April's agenda (70140).
    assert site.unmatched == []
    kinds = sorted((d["kind"], d["status"], d["url"].split("/")[-1]) for d in result.documents())
    assert kinds == [
        ("agenda", "ok", "FileStream.ashx?DocumentId=70111"),
        ("agenda", "ok", f"Meeting.aspx?Id={COUNCIL}&Agenda=Agenda&lang=English"),
        ("minutes", "ok", "FileStream.ashx?DocumentId=70119"),
        ("staff_report", "ok", "filestream.ashx?DocumentId=70115"),
    ]
    alpr = {d["url"].split("/")[-1]: d["alpr_findings"] for d in result.documents()}
    assert alpr["FileStream.ashx?DocumentId=70111"] >= 1 and alpr["filestream.ashx?DocumentId=70115"] >= 1
    assert alpr["FileStream.ashx?DocumentId=70119"] == 0
    assert stored_meetings(result.db_url) == {
        COUNCIL: ("Regular Council", "held", dt.date(2026, 3, 10)),
        FINANCE: ("Finance and Audit Committee", "held", dt.date(2026, 3, 25)),
    }
    assert document_meetings(result.db_url) == {COUNCIL}
    [summary] = result.summary
    assert summary["status"] == "ok" and summary["documents"] == 4 and summary["alpr_items"] >= 2


def test_a_calendar_that_fails_is_the_sources_error_and_others_go_on(crawl) -> None:
    error = b'{"Message":"There was an error processing the request.","StackTrace":"","ExceptionType":""}'
    broken = Exchange(url="https://pub-broken.escribemeetings.com" + CALENDAR_PATH, method="POST", status=500,
                      body=error, headers={"Content-Type": "application/json; charset=utf-8"})
    not_json = Exchange(url="https://pub-moved.escribemeetings.com" + CALENDAR_PATH, method="POST",
                        body=b"<html><body>This portal has moved.</body></html>", headers={"Content-Type": "text/html"})
    with replaying([*lakemont(), broken, not_json]) as site:
        entries = [entry(site), entry(site, "pub-broken.escribemeetings.com", "broken"),
                   entry(site, "pub-moved.escribemeetings.com", "moved")]
        result = crawl(entries, *MARCH)
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["escribe:lakemont"]["status"] == "ok" and by_source["escribe:lakemont"]["documents"] == 4
    assert by_source["escribe:broken"]["status"] == "error"
    assert "HTTP 500: the calendar page method failed" in by_source["escribe:broken"]["last_error"]
    assert by_source["escribe:moved"]["status"] == "error"
    assert "not eSCRIBE's" in by_source["escribe:moved"]["last_error"]
