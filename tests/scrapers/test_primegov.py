"""PrimeGov: real recorded meeting lists (Los Angeles, Contra Costa Transportation Authority) crawled on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Meeting
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.primegov import meeting_documents, meeting_state, parse_start, template_kind
from tests.scrapers.conftest import FIXTURES, wall_clock

PRIMEGOV = FIXTURES / "primegov"
LA, CCTA = "lacity.primegov.com", "ccta.primegov.com"
ARCHIVED = "/api/v2/PublicPortal/ListArchivedMeetings"
UPCOMING = "/api/v2/PublicPortal/ListUpcomingMeetings"
BLOB = "https://pgwest.blob.core.windows.net/lacity/compiled/13566.pdf?sv=2021-08-06&se=2021-10-23&sig=x1"
#: The recordings' window: LA's council committees of Oct 21-22, 2021 and CCTA's of July 2022, less July 27.
WINDOW = ("--since", "2021-10-21", "--until", "2022-07-26")


def los_angeles() -> list[dict[str, Any]]:
    return json.loads((PRIMEGOV / "los-angeles-ca-list-meetings.json").read_text())


def contra_costa() -> list[dict[str, Any]]:
    return json.loads((PRIMEGOV / "contra-costa-transportation-authority-list-meetings.json").read_text())


def api(url: str, meetings: list[dict[str, Any]] | bytes, status: int = 200,
        content_type: str = "application/json; charset=utf-8", match_query: bool = True) -> Exchange:
    body = meetings if isinstance(meetings, bytes) else json.dumps(meetings).encode()
    return Exchange(url=url, body=body, status=status, headers={"Content-Type": content_type}, match_query=match_query)


def entry(site, host: str, slug: str) -> dict[str, Any]:
    return {"id": f"primegov:{slug}", "name": slug, "state": "CA", "platform": "primegov", "url": site.base(host)}


def compiled(host: str, template: int) -> str:
    """A template's PDF as PrimeGov serves it (written out here, not built by the spider)."""
    return f"https://{host}/Public/CompiledDocument?meetingTemplateId={template}&compileOutputType=1"


def stored_meetings(db_url: str) -> dict[str, tuple[str, str, dt.datetime]]:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            return {m.external_id: (m.body, m.status, wall_clock(m))
                    for m in session.scalars(select(Meeting))}
    finally:
        engine.dispose()


def document_meetings(db_url: str) -> dict[str, str]:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            rows = session.execute(select(Document.url, Meeting.external_id)
                                   .join(Meeting, Document.meeting_id == Meeting.id))
            return {urlsplit(url).query: meeting for url, meeting in rows}
    finally:
        engine.dispose()


def test_template_names_give_the_document_kind() -> None:
    assert [template_kind(n) for n in ("Agenda", "Revised Agenda", "Special Agenda", "Journal", "Minutes",
                                       "Packet", "Agenda Packet", "Staff Report", "Notice of Cancellation", None)] == [
        "agenda", "agenda", "agenda", "minutes", "minutes", "packet", "packet", "staff_report", "other", "other"]


def test_start_is_date_time_or_date_at_time() -> None:
    assert parse_start(los_angeles()[2]) == dt.datetime(2021, 10, 21, 12, 30)
    assert parse_start({"dateTime": "2026-07-28T18:00:00", "date": "Jul 28, 2026"}) == dt.datetime(2026, 7, 28, 18)
    assert parse_start({"date": "Jul 25, 2022", "time": "TBD"}) == dt.datetime(2022, 7, 25)
    assert parse_start({"date": "soon"}) is None


def test_each_template_is_one_document_its_pdf_where_there_is_one() -> None:
    base = "https://lacity.primegov.com"
    assert meeting_documents(base, los_angeles()[0]["documentList"]) == [
        ("agenda", f"{base}/Public/CompiledDocument?meetingTemplateId=77545&compileOutputType=1", "Agenda"),
        ("minutes", f"{base}/Public/CompiledDocument?meetingTemplateId=77546&compileOutputType=1", "Journal"),
    ]
    html_only = [{"id": 21163, "templateId": 9001, "compileOutputType": 3, "templateName": "HTML Agenda"},
                 {"id": 21170, "templateId": 0, "compileOutputType": 1, "templateName": "Vote Summary"}, None]
    assert meeting_documents(base, html_only) == [
        ("agenda", f"{base}/Portal/Meeting?meetingTemplateId=9001", "Agenda"),
        ("other", f"{base}/Public/CompiledDocument?compiledMeetingDocumentFileId=21170", "Vote Summary"),
    ]


def test_cancellation_comes_from_the_title_or_a_published_notice() -> None:
    la_council, ccta_cancelled = los_angeles()[4], contra_costa()[1]
    today = dt.date(2026, 11, 29)
    notice = meeting_documents("https://lacity.primegov.com", la_council["documentList"])
    assert meeting_state(la_council, notice, dt.date(2021, 10, 22), today) == "cancelled"
    assert meeting_state(ccta_cancelled, [], dt.date(2022, 7, 27), today) == "cancelled"
    assert meeting_state(los_angeles()[0], [], dt.date(2026, 12, 1), today) == "scheduled"


def test_every_template_in_the_window_becomes_a_document_row(crawl) -> None:
    """Both recordings as their year's archive: one agenda served (through PrimeGov's blob redirect), the rest 404."""
    exchanges = [
        api(f"https://{LA}{ARCHIVED}?year=2021", los_angeles()), api(f"https://{LA}{ARCHIVED}?year=2022", []),
        api(f"https://{CCTA}{ARCHIVED}?year=2021", []), api(f"https://{CCTA}{ARCHIVED}?year=2022", contra_costa()),
        api(f"https://{LA}{UPCOMING}", []), api(f"https://{CCTA}{UPCOMING}", []),
        Exchange(url=compiled(LA, 77545), status=302, headers={"Location": BLOB}),
        page(BLOB, FIXTURES / "agendas" / "burbank-ca-council-agenda.pdf"),
    ]
    with replaying(exchanges) as site:
        result = crawl([entry(site, LA, "lacity"), entry(site, CCTA, "ccta")], *WINDOW)
    assert result.returncode == 0, result.stderr
    expected = {  # template -> (kind, meeting): each template once, PDF output only, July 27 (outside) skipped
        (LA, 77545): ("agenda", "9817"), (LA, 77546): ("minutes", "9817"), (LA, 78142): ("agenda", "9910"),
        (LA, 78143): ("minutes", "9910"), (LA, 79021): ("agenda", "10014"), (LA, 75649): ("agenda", "9545"),
        (LA, 78463): ("other", "9944"), (CCTA, 5420): ("agenda", "1298"), (CCTA, 5422): ("packet", "1298"),
    }
    documents = {d["url"]: d for d in result.documents()}
    local = {site.url(compiled(host, template)): value for (host, template), value in expected.items()}
    assert {url: d["kind"] for url, d in documents.items()} == {url: kind for url, (kind, _) in local.items()}
    agenda = documents[site.url(compiled(LA, 77545))]  # stored under the portal's URL, not the signed link
    assert agenda["status"] == "ok" and agenda["page_count"] > 1
    failed = [d for url, d in documents.items() if url != site.url(compiled(LA, 77545))]
    assert len(failed) == 8 and all(d["status"] == "fetch_error" and "404" in d["error"] for d in failed)
    assert document_meetings(result.db_url) == {urlsplit(url).query: meeting for url, (_, meeting) in local.items()}
    meetings = stored_meetings(result.db_url)
    assert set(meetings) == {"9817", "9910", "10014", "9545", "9944", "1298"}
    assert meetings["9944"] == ("City Council Meeting", "cancelled", dt.datetime(2021, 10, 22, 10, 0))
    assert meetings["1298"] == ("Countywide Bicycle and Pedestrian Advisory Committee Meeting", "held",
                                dt.datetime(2022, 7, 25, 11, 0))
    assert {row["source"]: row["documents"] for row in result.summary} == {"primegov:lacity": 7, "primegov:ccta": 2}


def test_api_errors_are_the_sources_errors_and_upcoming_meetings_are_always_crawled(crawl) -> None:
    today = dt.date.today()
    later = today + dt.timedelta(days=90)  # outside the window below, yet upcoming
    upcoming = {**contra_costa()[0], "date": later.strftime("%b %d, %Y")}
    error_page = (b"<!DOCTYPE html><html><head><title>Runtime Error</title></head>"
                  b"<body><h1>Server Error in '/' Application.</h1></body></html>")
    exchanges = [
        api(f"https://{CCTA}{ARCHIVED}", [], match_query=False), api(f"https://{CCTA}{UPCOMING}", [upcoming]),
        api(f"https://down.primegov.com{ARCHIVED}", b'{"message":"An error has occurred."}', status=500,
            match_query=False),
        api(f"https://down.primegov.com{UPCOMING}", []),
        api(f"https://moved.primegov.com{ARCHIVED}", [], match_query=False),
        api(f"https://moved.primegov.com{UPCOMING}", error_page, content_type="text/html; charset=utf-8"),
    ]
    with replaying(exchanges) as site:
        entries = [entry(site, CCTA, "ccta"), entry(site, "down.primegov.com", "down"),
                   entry(site, "moved.primegov.com", "moved")]
        result = crawl(entries, "--since", (today - dt.timedelta(days=30)).isoformat(),
                       "--until", (today + dt.timedelta(days=30)).isoformat())
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["primegov:ccta"]["status"] == "ok"
    assert stored_meetings(result.db_url) == {
        "1298": ("Countywide Bicycle and Pedestrian Advisory Committee Meeting", "scheduled",
                 dt.datetime.combine(later, dt.time(11, 0)))}
    assert {d["url"] for d in result.documents()} == {site.url(compiled(CCTA, 5420)), site.url(compiled(CCTA, 5422))}
    assert by_source["primegov:down"]["status"] == "error" and "HTTP 500" in by_source["primegov:down"]["last_error"]
    assert by_source["primegov:moved"]["status"] == "error"
    assert "not PrimeGov's JSON list of meetings" in by_source["primegov:moved"]["last_error"]
