"""NovusAGENDA: hand-made recorded-shape pages (see files/novusagenda/README.md) crawled by the real spider."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Meeting
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.novusagenda import link_kind, parse_day

FILES = Path(__file__).parent / "files" / "novusagenda"
HOST = "harborpoint.novusagenda.com"
SITE = f"https://{HOST}/agendapublic"
SEARCH = f"{SITE}/meetingsgeneral.aspx?Date=cus&From=03/01/2026&To=03/31/2026"
MARCH = ("--since", "2026-03-01", "--until", "2026-03-31")


def harbor_point() -> list[Exchange]:
    """The search page, its second page (a postback: replay answers POSTs by path), and meeting 412's files."""
    return [
        Exchange(url=f"https://{HOST}/robots.txt", body=b"User-agent: *\nDisallow:\n",
                 headers={"Content-Type": "text/plain"}),
        page(SEARCH, FILES / "search-page-1.html"),
        Exchange(url=f"{SITE}/meetingsgeneral.aspx", method="POST", match_query=False,
                 body=(FILES / "search-page-2.html").read_bytes(), headers={"Content-Type": "text/html; charset=utf-8"}),
        page(f"{SITE}/DisplayAgendaPDF.ashx?MeetingID=412", FILES / "agenda-412.pdf"),
        page(f"{SITE}/MeetingView.aspx?MeetingID=412&MinutesMeetingID=-1&doctype=Agenda",
             FILES / "meeting-view-412-agenda.html"),
        page(f"{SITE}/MeetingView.aspx?MeetingID=412&MinutesMeetingID=388&doctype=Minutes",
             FILES / "meeting-view-412-minutes.html"),
        page(f"{SITE}/CoverSheet.aspx?ItemID=5521&MeetingID=412", FILES / "coversheet-5521.html"),
        page(f"{SITE}/AttachmentViewer.ashx?AttachmentID=20931&ItemID=5521", FILES / "attachment-20931.pdf"),
    ]


def entry(site, host: str = HOST, slug: str = "harbor-point") -> dict:
    return {"id": f"novusagenda:{slug}", "name": slug.title(), "state": "FL", "platform": "novusagenda",
            "url": site.base(host) + "/agendapublic"}


def stored(db_url: str) -> tuple[dict[str, tuple[str, str, dt.date]], dict[str, str]]:
    """Meetings (external id -> body, status, day) and each document's meeting (URL tail -> external id)."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            meetings = {m.external_id: (m.body, m.status, m.start.date()) for m in session.scalars(select(Meeting))}
            rows = session.execute(select(Document.url, Meeting.external_id).join(Meeting, Document.meeting_id == Meeting.id))
            return meetings, {url.split("/agendapublic/")[1]: meeting for url, meeting in rows}
    finally:
        engine.dispose()


def test_link_kind_reads_the_handler_and_the_column() -> None:
    assert link_kind("DisplayAgendaPDF.ashx?MeetingID=412", "Download Agenda") == "agenda"
    assert link_kind("DisplayAgendaPDF.ashx?MeetingID=412", "Legal Minutes") == "minutes"
    assert link_kind("MeetingView.aspx?MeetingID=412&MinutesMeetingID=-1&doctype=Agenda") == "agenda"
    assert link_kind("MeetingView.aspx?MeetingID=412&MinutesMeetingID=388&doctype=Minutes") == "minutes"
    assert link_kind("DisplayMinutesPDF.ashx?MinutesMeetingID=388") == "minutes"
    assert link_kind("https://harborpoint.granicus.com/MediaPlayer.php?clip_id=9") is None


def test_grid_dates_have_two_or_four_digit_years() -> None:
    assert parse_day("03/10/26") == parse_day("3/10/2026") == dt.date(2026, 3, 10)
    assert parse_day("No records to display.") is None and parse_day("13/45/26") is None


def test_both_grid_pages_agendas_cover_sheets_attachments_and_minutes_are_stored(crawl) -> None:
    with replaying(harbor_point()) as site:
        result = crawl([entry(site)], *MARCH)
    assert result.returncode == 0, result.stderr
    posts = [url for method, url, _ in site.requests if method == "POST"]
    # Page 2 was asked for, and once more when its "Next Page" link came back: no new rows, so no third time.
    assert len(posts) == 2
    # Nothing of February's meeting 405 (outside the window, though on the page) was requested.
    assert not [url for _, url, _ in site.requests if "MeetingID=405" in url]
    documents = {d["url"].split("/agendapublic/")[1]: d for d in result.documents()}
    assert {tail: (d["kind"], d["status"]) for tail, d in documents.items()} == {
        "DisplayAgendaPDF.ashx?MeetingID=412": ("agenda", "ok"),
        "MeetingView.aspx?MeetingID=412&MinutesMeetingID=-1&doctype=Agenda": ("agenda", "ok"),
        "MeetingView.aspx?MeetingID=412&MinutesMeetingID=388&doctype=Minutes": ("minutes", "ok"),
        "CoverSheet.aspx?ItemID=5520&MeetingID=412": ("staff_report", "fetch_error"),
        "CoverSheet.aspx?ItemID=5521&MeetingID=412": ("staff_report", "ok"),
        "AttachmentViewer.ashx?AttachmentID=20931&ItemID=5521": ("staff_report", "ok"),
        "DisplayAgendaPDF.ashx?MeetingID=415": ("agenda", "fetch_error"),
    }
    assert "404" in documents["DisplayAgendaPDF.ashx?MeetingID=415"]["error"]
    assert documents["DisplayAgendaPDF.ashx?MeetingID=412"]["alpr_findings"] >= 1
    assert documents["CoverSheet.aspx?ItemID=5521&MeetingID=412"]["alpr_findings"] >= 1
    meetings, of_document = stored(result.db_url)
    assert meetings == {
        "412": ("City Council Regular Meeting", "held", dt.date(2026, 3, 10)),
        "415": ("Public Safety Committee", "held", dt.date(2026, 3, 17)),
        "20260324-planning-commission-cancelled": ("Planning Commission - CANCELLED", "cancelled", dt.date(2026, 3, 24)),
    }
    assert of_document["AttachmentViewer.ashx?AttachmentID=20931&ItemID=5521"] == "412"
    assert of_document["DisplayAgendaPDF.ashx?MeetingID=415"] == "415"


def test_a_search_that_fails_or_has_no_grid_is_the_sources_error(crawl) -> None:
    down = Exchange(url="https://down.novusagenda.com/agendapublic/meetingsgeneral.aspx", status=503,
                    body=b"Service Unavailable", match_query=False)
    moved = Exchange(url="https://moved.novusagenda.com/agendapublic/meetingsgeneral.aspx", match_query=False,
                     body=b"<html><body><h1>Our agendas have moved to a new site.</h1></body></html>",
                     headers={"Content-Type": "text/html"})
    with replaying([*harbor_point(), down, moved]) as site:
        entries = [entry(site), entry(site, "down.novusagenda.com", "down"), entry(site, "moved.novusagenda.com", "moved")]
        result = crawl(entries, *MARCH)
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["novusagenda:harbor-point"]["status"] == "ok"
    assert by_source["novusagenda:harbor-point"]["alpr_items"] >= 1
    assert by_source["novusagenda:down"]["status"] == "error" and "503" in by_source["novusagenda:down"]["last_error"]
    assert by_source["novusagenda:moved"]["status"] == "error"
    assert "no NovusAGENDA meeting grid" in by_source["novusagenda:moved"]["last_error"]
