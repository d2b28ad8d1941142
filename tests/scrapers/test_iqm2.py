"""IQM2 calendars: real recorded pages crawled by the real spider on 127.0.0.1.

Santa Monica's page was recorded with the "All" range and Riverside County's with 2023 (mostly meetings
still to come, few agendas published yet). Each is served at the ``Calendar.aspx?From=...&To=...`` URL
the spider must ask for (list view), so the date window is checked too. No IQM2 file was recorded: one real agenda
PDF from ``../shared/fixtures/agendas`` (Burbank's) stands in for one of Santa Monica's files, so fetching
and storing is exercised end to end; every other link is answered 404. Expected meetings and links are
counted here from the HTML with plain regular expressions, independently of the spider's parser.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Meeting, Source
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.iqm2 import file_kind, parse_start
from tests.scrapers.conftest import FIXTURES, wall_clock

IQM2 = FIXTURES / "iqm2"


class Row(NamedTuple):
    day: dt.date
    board: str
    cancelled: bool
    files: list[str]


def expected_rows(html: str, since: dt.date, until: dt.date) -> dict[str, Row]:
    """``{meeting id: Row}`` of the calendar's meetings in the window, files as relative hrefs."""
    rows = {}
    for chunk in re.split(r'<div class="Row MeetingRow', html)[1:]:
        found = re.search(r'Detail_Meeting\.aspx\?ID=(\d+)"[^>]*>([A-Z][a-z]{2} \d{1,2}, \d{4})', chunk)
        day = dt.datetime.strptime(found[2], "%b %d, %Y").date()
        if since <= day <= until:
            board = re.search(r"Board:&#09;(.*?)&#13;", chunk)[1].replace("&#39;", "'").replace("&amp;", "&")
            files = re.findall(r"href='(FileOpen\.aspx\?Type=\d+&ID=\d+&Inline=True)'", chunk)
            rows[found[1]] = Row(day, board, "Status:&#09;Cancelled" in chunk, files)
    return rows


def stored_meetings(db_url: str, source_key: str) -> dict[str, Meeting]:
    """The crawl's stored meetings of one source, by external id."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            query = select(Meeting).join(Source, Meeting.source_id == Source.id).where(Source.key == source_key)
            meetings = list(session.scalars(query))
            for meeting in meetings:
                meeting.start = wall_clock(meeting)  # as published; this copy is never written back
            return {meeting.external_id: meeting for meeting in meetings}
    finally:
        engine.dispose()


def test_dates_are_read_as_rows_and_tooltips_print_them() -> None:
    assert parse_start("Jan 4, 2023 9:00 AM ") == dt.datetime(2023, 1, 4, 9, 0)
    assert parse_start("Dec 22, 2015 ") == dt.datetime(2015, 12, 22)
    assert parse_start("WEDNESDAY, JANUARY 4, 2023  9:00 AM") == dt.datetime(2023, 1, 4, 9, 0)
    assert parse_start("Agenda") is None


def test_file_kinds_come_from_the_link_text_then_the_type_number() -> None:
    base = "https://santamonicacityca.iqm2.com/Citizens/FileOpen.aspx?Type={}&ID=1&Inline=True"
    assert file_kind(base.format(14), "Agenda") == "agenda"
    assert file_kind(base.format(1), "Agenda Packet") == "packet"
    assert file_kind(base.format(15), "Minutes") == "minutes"
    assert file_kind(base.format(12), "Minutes Packet") == "minutes"
    assert file_kind(base.format(1), "Download") == "packet"
    assert file_kind(base.format(15), "") == "minutes"
    assert file_kind(base.format(99), "Summary") == "other"
    assert file_kind("https://x.iqm2.com/Citizens/SplitView.aspx?Mode=Video&MeetingID=2826", "Video") is None


def test_santa_monica_meetings_cancellations_and_every_file_link_in_the_window(crawl) -> None:
    since, until = dt.date(2020, 1, 1), dt.date(2020, 6, 30)
    host = "santamonicacityca.iqm2.com"
    html = (IQM2 / "santa-monica-ca-calendar.html").read_text(encoding="utf-8")
    expected = expected_rows(html, since, until)
    files = {f"http://{host}/Citizens/{href}" for row in expected.values() for href in row.files}
    assert len(expected) > 10 and any(row.cancelled for row in expected.values()) and len(files) > 20
    calendar = f"http://{host}/Citizens/Calendar.aspx?From=01/01/2020&To=06/30/2020&View=List"
    agenda = next(url for url in sorted(files) if "Type=14&" in url)
    with replaying([page(calendar, IQM2 / "santa-monica-ca-calendar.html"),
                    page(agenda, FIXTURES / "agendas" / "burbank-ca-council-agenda.pdf")]) as site:
        entry = {"id": "iqm2:santa-monica-ca", "name": "Santa Monica", "state": "CA", "platform": "iqm2",
                 "url": site.base(host) + "/Citizens"}
        result = crawl([entry], "--since", since.isoformat(), "--until", until.isoformat())
        local = site.base(host)
    assert result.returncode == 0, result.stderr

    documents = {d["url"].replace(local, f"http://{host}"): d for d in result.documents()}
    assert set(documents) == files
    assert (documents[agenda]["kind"], documents[agenda]["status"]) == ("agenda", "ok")
    assert documents[agenda]["page_count"]
    others = [d for url, d in documents.items() if url != agenda]
    assert all(d["status"] == "fetch_error" and "404" in d["error"] for d in others)
    kinds = {"1": "packet", "12": "minutes", "14": "agenda", "15": "minutes"}
    assert all(d["kind"] == kinds[re.search(r"Type=(\d+)", url)[1]] for url, d in documents.items())

    meetings = stored_meetings(result.db_url, "iqm2:santa-monica-ca")
    assert set(meetings) == set(expected)
    for meeting_id, row in expected.items():
        meeting = meetings[meeting_id]
        assert (meeting.start.date(), meeting.body) == (row.day, row.board)
        assert (meeting.status == "cancelled") == row.cancelled
        assert meeting.url.endswith(f"/Citizens/Detail_Meeting.aspx?ID={meeting_id}")


def test_a_failing_or_error_page_calendar_is_the_sources_error_and_others_go_on(crawl) -> None:
    """Riverside County's upcoming meetings are crawled while two other sites fail.

    The error page is a stand-in written here (a 200 answer that is no calendar), not a recording.
    """
    since, until = dt.date(2023, 1, 1), dt.date(2023, 3, 31)
    query = "From=01/01/2023&To=03/31/2023&View=List"
    host = "riversidecountyca.iqm2.com"
    html = (IQM2 / "riverside-county-ca-calendar.html").read_text(encoding="utf-8")
    expected = expected_rows(html, since, until)
    assert len(expected) > 15 and len({row.board for row in expected.values()}) > 3
    error_page = Exchange(url=f"http://errors.iqm2.com/Citizens/Calendar.aspx?{query}",
                          headers={"Content-Type": "text/html"},
                          body=b"<html><head><title>Runtime Error</title></head><body><h2>Server Error in '/' "
                               b"Application.</h2></body></html>")
    down = Exchange(url=f"http://down.iqm2.com/Citizens/Calendar.aspx?{query}", status=500, body=b"error")
    with replaying([page(f"http://{host}/Citizens/Calendar.aspx?{query}", IQM2 / "riverside-county-ca-calendar.html"),
                    error_page, down]) as site:
        def entry(key: str, site_host: str) -> dict[str, str]:
            return {"id": f"iqm2:{key}", "name": key, "state": "CA", "platform": "iqm2",
                    "url": site.base(site_host) + "/Citizens"}
        result = crawl([entry("riverside-county-ca", host), entry("error-page", "errors.iqm2.com"),
                        entry("down", "down.iqm2.com")], "--since", since.isoformat(), "--until", until.isoformat())
    assert result.returncode == 0, result.stderr
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["iqm2:riverside-county-ca"]["status"] == "ok"
    assert by_source["iqm2:error-page"]["status"] == "error"
    assert "not an IQM2 meeting calendar (Runtime Error)" in by_source["iqm2:error-page"]["last_error"]
    assert by_source["iqm2:down"]["status"] == "error" and "500" in by_source["iqm2:down"]["last_error"]

    meetings = stored_meetings(result.db_url, "iqm2:riverside-county-ca")
    assert {key: (m.start.date(), m.body) for key, m in meetings.items()} == {
        key: (row.day, row.board) for key, row in expected.items()}
    agendas = {f"/Citizens/{href}" for row in expected.values() for href in row.files}
    assert {urlsplit(d["url"])._replace(scheme="", netloc="").geturl() for d in result.documents()} == agendas
    assert all(d["kind"] == "agenda" and "404" in d["error"] for d in result.documents())
