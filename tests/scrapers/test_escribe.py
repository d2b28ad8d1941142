"""eSCRIBE: real calendar answers and hand-made recorded-shape responses (see files/escribe/README.md) read
in-process, one field per test, and crawled end to end.

No recording of an eSCRIBE portal is in ``../shared/fixtures``. Two real ``GetCalendarMeetings`` answers
from City Bureau's tests are kept in ``files/escribe`` (MIT): National City CA (7 meetings, ``Url`` with a
leading slash, an empty ``Url``, a cancellation notice) and Chula Vista CA (``Url`` without the slash,
``PostAgenda`` PDF and HTML, an ``AdditionalDocuments`` Spanish agenda). Each is parsed once per module on
a fixed day; expected values are read off the JSON. The hand-made calendar adds minutes, a video, item
attachments and a meeting outside the window.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from freezegun import freeze_time
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Meeting
from scrapers.items import DocumentItem, MeetingItem, SourceStatusItem
from scrapers.links import Link
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.escribe import CALENDAR_PATH, EscribeSpider, document_kind, parse_start

FILES = Path(__file__).parent / "files" / "escribe"
HOST = "pub-lakemont.escribemeetings.com"
BASE = f"https://{HOST}"
COUNCIL = "3f1c2a9e-5b7d-4e21-9a0c-6d8e2f417b35"
FINANCE = "8b52e0d4-1c3a-4f6e-b7d9-2a4c6e8f0b13"
CANCELLED = "5e7a9c1b-3d2f-4a6e-8c0b-7f9e1d3a5c24"
MARCH = ("--since", "2026-03-01", "--until", "2026-03-31")
SOURCE = {"id": "escribe:lakemont", "name": "Lakemont", "state": "MI", "platform": "escribe", "url": BASE}
SPIDER = EscribeSpider.from_crawler(get_crawler(EscribeSpider), sources=[SOURCE], since="2026-03-01",
                                    until="2026-03-31")


def calendar_items(body: bytes) -> list:
    [request] = SPIDER.requests_for(SOURCE)
    response = TextResponse(request.url, body=body, headers={"Content-Type": "application/json"}, request=request)
    with freeze_time("2026-03-15"):
        return list(SPIDER.parse_calendar(response))


ITEMS = calendar_items((FILES / "calendar-meetings.json").read_bytes())
MEETINGS = {item.external_id: item for item in ITEMS if isinstance(item, MeetingItem)}
REQUESTS = [item for item in ITEMS if isinstance(item, Request)]

#: Document entries (Type, Format, Title) exactly as National City's and Chula Vista's real answers publish them.
REAL_SHAPED = [
    (("AgendaCover", ".pdf", "Agenda Cover Page (PDF)"), None),
    (("Agenda", ".pdf", "Agenda (PDF)"), "agenda"),
    (("Agenda", "HTML", "Agenda (HTML)"), "agenda"),
    (("PostAgenda", ".pdf", "Post Agenda (PDF)"), "minutes"),
    (("PostAgenda", "HTML", "Post Agenda (HTML)"), "minutes"),
    (("AdditionalDocuments", ".pdf", "Board of Ethics Regular Meeting Agenda - Spanish"), "agenda"),
]


@pytest.mark.parametrize(("entry", "kind"), REAL_SHAPED)
def test_real_document_entries_get_their_kind(entry: tuple[str, str, str], kind: str | None) -> None:
    assert document_kind(dict(zip(("Type", "Format", "Title"), entry))) == kind


def test_document_kind_reads_type_then_title() -> None:
    assert document_kind({"Type": "AgendaPackage", "Format": ".pdf", "Title": "Agenda Package"}) == "packet"
    assert document_kind({"Type": "PostMinutes", "Format": ".pdf", "Title": "Minutes (PDF)"}) == "minutes"
    assert document_kind({"Type": "AdditionalDocuments", "Format": ".pdf", "Title": "Minutes of June 3"}) == "minutes"
    assert document_kind({"Type": "AdditionalDocuments", "Format": ".pdf", "Title": "Presentation"}) == "other"
    assert document_kind({"Type": "Video", "Format": "Video", "Title": "Video"}) is None


def test_start_dates_as_eScribe_publishes_them() -> None:
    assert parse_start("2026/03/10 18:00:00") == dt.datetime(2026, 3, 10, 18, 0)
    assert parse_start("/Date(1773165600000)/") == dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC)
    assert parse_start("soon") is None and parse_start(None) is None


def test_only_the_windows_meetings() -> None:
    assert list(MEETINGS) == [COUNCIL, FINANCE, CANCELLED]


def test_council_meeting_body_start_status_and_page() -> None:
    council = MEETINGS[COUNCIL]
    assert (council.body, council.start, council.status) == ("Regular Council", dt.datetime(2026, 3, 10, 18), "held")
    assert council.url == f"{BASE}/Meeting.aspx?Id={COUNCIL}&Agenda=Agenda&lang=English"


def test_council_links_skip_the_cover_page_and_the_video() -> None:
    assert MEETINGS[COUNCIL].links == [
        Link(title="Agenda (PDF)", href=f"{BASE}/FileStream.ashx?DocumentId=70111", kind="agenda"),
        Link(title="Agenda (HTML)", href=f"{BASE}/Meeting.aspx?Id={COUNCIL}&Agenda=Agenda&lang=English",
             kind="agenda"),
        Link(title="Minutes (PDF)", href=f"{BASE}/FileStream.ashx?DocumentId=70119", kind="minutes")]


def test_a_cancellation_notice_without_a_page_is_a_cancelled_meeting() -> None:
    cancelled = MEETINGS[CANCELLED]
    assert (cancelled.status, cancelled.url, cancelled.links, cancelled.start) == (
        "cancelled", None, [], dt.datetime(2026, 3, 24, 18))


def test_the_html_agenda_is_read_for_its_items_attachments() -> None:
    assert [(r.url.split("/")[-1], r.callback.__name__) for r in REQUESTS] == [
        ("FileStream.ashx?DocumentId=70111", "parse_document"),
        (f"Meeting.aspx?Id={COUNCIL}&Agenda=Agenda&lang=English", "parse_agenda_page"),
        ("FileStream.ashx?DocumentId=70119", "parse_document")]


def test_an_items_attachment_is_a_staff_report() -> None:
    agenda = REQUESTS[1]
    response = HtmlResponse(agenda.url, body=(FILES / "meeting-agenda.html").read_bytes(), encoding="utf-8",
                            request=agenda)
    document, attachment = SPIDER.parse_agenda_page(response)
    assert isinstance(document, DocumentItem) and (document.kind, document.meeting_external_id) == ("agenda", COUNCIL)
    assert (attachment.url, attachment.meta["document"]) == (f"{BASE}/filestream.ashx?DocumentId=70115", {
        "kind": "staff_report", "meeting": COUNCIL, "title": "Staff Report - ALPR Agreement.pdf"})


# --- real answers: National City CA and Chula Vista CA (City Bureau, MIT) ----------------------------

def real_calendar(name: str, base: str) -> list:
    """Everything the spider yields for one recorded calendar answer, as of 2026-09-30, over 2020-2030."""
    source = {"id": "escribe:real", "name": "x", "state": "CA", "platform": "escribe", "url": base}
    spider = EscribeSpider.from_crawler(get_crawler(EscribeSpider), sources=[source], since="2020-01-01",
                                        until="2030-12-31")
    [request] = spider.requests_for(source)
    response = TextResponse(request.url, body=(FILES / name).read_bytes(),
                            headers={"Content-Type": "application/json"}, request=request)
    with freeze_time("2026-09-30"):
        return list(spider.parse_calendar(response))


NC = "https://pub-nationalcity.escribemeetings.com"
NC_ITEMS = real_calendar("national-city-ca-calendar-meetings.json", NC)
NATIONAL_CITY = {item.external_id: item for item in NC_ITEMS if isinstance(item, MeetingItem)}
CV = "https://pub-chulavista.escribemeetings.com"
CV_ITEMS = real_calendar("chula-vista-ca-calendar-meetings.json", CV)
[CHULA_VISTA] = [item for item in CV_ITEMS if isinstance(item, MeetingItem)]
NC_COUNCIL, NC_NO_PAGE, NC_CANCELLED = ("2def99e5-4dd6-438a-b1ba-ccf55744c926", "b7f44b98-c512-452d-89c2-09d9f739754e",
                                        "ef3e0278-3c59-4d3f-a4ac-69607d98b493")
CV_ID = "3a6304b5-97b9-4bcc-aecd-72b8c188e73c"


def test_national_city_every_meeting_of_the_answer() -> None:
    assert len(NATIONAL_CITY) == (FILES / "national-city-ca-calendar-meetings.json").read_text().count('"ID"') == 7


def test_national_city_names() -> None:
    assert [m.body for m in NATIONAL_CITY.values()] == [
        "Regular City Council Meeting", "City Council Workshop", "Special City Council Meeting - Closed Session",
        "Regular City Council Meeting", "Special City Council Meeting", "Regular City Council Meeting",
        "Cancellation Notice of a Regular City Council Meeting"]


def test_national_city_start_times() -> None:
    assert [m.start for m in NATIONAL_CITY.values()] == [
        dt.datetime(2024, 9, 17, 18), dt.datetime(2026, 7, 21, 15), dt.datetime(2026, 9, 9, 13, 30),
        dt.datetime(2026, 9, 15, 18), dt.datetime(2026, 9, 22, 17), dt.datetime(2026, 10, 6, 18),
        dt.datetime(2026, 11, 3, 18)]


def test_national_city_statuses() -> None:
    assert [m.status for m in NATIONAL_CITY.values()] == ["held"] * 5 + ["scheduled", "cancelled"]


def test_national_city_links_skip_the_cover_page() -> None:
    assert NATIONAL_CITY[NC_COUNCIL].links == [
        Link(title="Agenda (PDF)", href=f"{NC}/FileStream.ashx?DocumentId=11498", kind="agenda"),
        Link(title="Agenda (HTML)", href=f"{NC}/Meeting.aspx?Id={NC_COUNCIL}&Agenda=Agenda&lang=English",
             kind="agenda")]
    assert sum(len(m.links) for m in NATIONAL_CITY.values()) == 12  # 6 meetings x (PDF, HTML); covers skipped


def test_national_city_meeting_page_and_a_meeting_without_one() -> None:
    assert NATIONAL_CITY[NC_COUNCIL].url == f"{NC}/MeetingsCalendarView.aspx/Meeting?Id={NC_COUNCIL}"
    assert (NATIONAL_CITY[NC_NO_PAGE].url, NATIONAL_CITY[NC_NO_PAGE].links) == (None, [])


def test_national_city_html_agendas_are_read_for_attachments() -> None:
    requests = [item for item in NC_ITEMS if isinstance(item, Request)]
    assert len(requests) == 12
    assert sum(r.callback.__name__ == "parse_agenda_page" for r in requests) == 6


def test_chula_vista_meeting() -> None:
    assert (CHULA_VISTA.external_id, CHULA_VISTA.body, CHULA_VISTA.start, CHULA_VISTA.status, CHULA_VISTA.url) == (
        CV_ID, "Board of Ethics Regular Meeting", dt.datetime(2025, 12, 17, 17, 15), "held",
        f"{CV}/MeetingsCalendarView.aspx/Meeting?Id={CV_ID}")


def test_chula_vista_links_relative_without_a_slash() -> None:
    assert CHULA_VISTA.links == [
        Link(title="Agenda (PDF)", href=f"{CV}/FileStream.ashx?DocumentId=56975", kind="agenda"),
        Link(title="Agenda (HTML)", href=f"{CV}/Meeting.aspx?Id={CV_ID}&Agenda=Agenda&lang=English", kind="agenda"),
        Link(title="Post Agenda (PDF)", href=f"{CV}/FileStream.ashx?DocumentId=57161", kind="minutes"),
        Link(title="Post Agenda (HTML)", href=f"{CV}/Meeting.aspx?Id={CV_ID}&Agenda=PostAgenda&lang=English",
             kind="minutes"),
        Link(title="Board of Ethics Regular Meeting Agenda - Spanish", href=f"{CV}/FileStream.ashx?DocumentId=56983",
             kind="agenda")]


def test_an_answer_whose_meetings_none_can_be_dated_is_the_sources_error_not_silence() -> None:
    """National City's real answer with ``StartDate`` renamed, as an API change might."""
    body = (FILES / "national-city-ca-calendar-meetings.json").read_bytes().replace(b'"StartDate"', b'"Starts"')
    [status] = calendar_items(body)
    assert status == SourceStatusItem(source="escribe:lakemont", ok=False, error=(
        f"{BASE}{CALENDAR_PATH}: 7 of 7 meetings have no ID or no StartDate the spider can read"))


def test_an_answer_that_is_not_the_calendar_json_is_the_sources_error() -> None:
    [status] = calendar_items(b"<html><body>This portal has moved.</body></html>")
    assert isinstance(status, SourceStatusItem) and not status.ok
    assert status.error == f"{BASE}{CALENDAR_PATH}: the calendar answer is not eSCRIBE's {{\"d\": [...]}} JSON"


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


@pytest.mark.slow
def test_crawl_stores_the_windows_meetings_documents_and_attachments_while_two_portals_fail(crawl) -> None:
    """Lakemont on 127.0.0.1, with a portal whose page method answers 500 and one that answers HTML."""
    error = b'{"Message":"There was an error processing the request.","StackTrace":"","ExceptionType":""}'
    broken = Exchange(url="https://pub-broken.escribemeetings.com" + CALENDAR_PATH, method="POST", status=500,
                      body=error, headers={"Content-Type": "application/json; charset=utf-8"})
    not_json = Exchange(url="https://pub-moved.escribemeetings.com" + CALENDAR_PATH, method="POST",
                        body=b"<html><body>This portal has moved.</body></html>", headers={"Content-Type": "text/html"})
    with replaying([*lakemont(), broken, not_json]) as site:
        result = crawl([entry(site), entry(site, "pub-broken.escribemeetings.com", "broken"),
                        entry(site, "pub-moved.escribemeetings.com", "moved")], *MARCH)
    assert result.returncode == 0, result.stderr
    # Nothing unrecorded was asked for (robots.txt of the two failing portals aside): not the cover page,
    # the video, nor April's agenda (70140).
    assert [url for url in site.unmatched if not url.endswith("/robots.txt")] == []
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
        CANCELLED: ("Cancellation Notice of a Regular Council Meeting", "cancelled", dt.date(2026, 3, 24)),
    }
    assert document_meetings(result.db_url) == {COUNCIL}
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["escribe:lakemont"]["status"] == "ok" and by_source["escribe:lakemont"]["alpr_items"] >= 2
    assert by_source["escribe:lakemont"]["failed_documents"] == 0
    assert by_source["escribe:broken"]["status"] == "error"
    assert "HTTP 500: the calendar page method failed" in by_source["escribe:broken"]["last_error"]
    assert by_source["escribe:moved"]["status"] == "error"
    assert "not eSCRIBE's" in by_source["escribe:moved"]["last_error"]
