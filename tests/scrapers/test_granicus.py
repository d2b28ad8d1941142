"""Granicus ViewPublisher: real recorded listings crawled by the real spider on 127.0.0.1.

West Hollywood's page has an "Upcoming Events" table and one archive table per year; San Diego's is a
city-themed template with no documents in its rows. ``walnut-creek-ca-agenda.html`` is a real AgendaViewer
page and ``walnut-creek-ca-viewpublisher.html``, despite its name, a real MinutesViewer page (a meeting's
minutes, not a listing): they stand in for two of West Hollywood's files, so fetching and storing an
HTML agenda and minutes is exercised end to end. Expected meetings and links are counted here from the
HTML with plain regular expressions, independently of the spider's parser.
"""

from __future__ import annotations

import datetime as dt
import re

from parsel import Selector
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Meeting, Source
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.granicus import kind_from_text, link_kind, listed_meetings, parse_when
from tests.scrapers.conftest import FIXTURES, wall_clock

GRANICUS = FIXTURES / "granicus"
WEHO = "weho.granicus.com"
WEHO_LISTING = f"http://{WEHO}/ViewPublisher.php?view_id=22"


def stored_meetings(db_url: str) -> dict[str, Meeting]:
    """The crawl's stored meetings by ``source key/external id``."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            rows = session.execute(select(Meeting, Source.key).join(Source, Meeting.source_id == Source.id)).all()
            for meeting, _ in rows:
                meeting.start = wall_clock(meeting)  # as published; this copy is never written back
            return {f"{key}/{meeting.external_id}": meeting for meeting, key in rows}
    finally:
        engine.dispose()


def expected_rows(html: str, since: dt.date, until: dt.date) -> dict[str, tuple[dt.date, str, list[str]]]:
    """``{external id: (date, name, agenda/minutes hrefs)}`` of the listing's rows in the window."""
    rows = {}
    for chunk in html.split("<tr")[1:]:
        row = chunk.split("</tr>")[0].replace("&nbsp;", " ")
        clip, event = re.search(r"clip_id=(\d+)", row), re.search(r'data-event-id="(\d+)"', row)
        date = re.search(r"</span>\s*([A-Z][a-z]+)\s+(\d{1,2}),\s+(\d{4})", row)
        if not (clip or event) or not date:
            continue
        day = dt.datetime.strptime(f"{date[1][:3]} {date[2]} {date[3]}", "%b %d %Y").date()
        name = re.search(r'headers="(?:Event)?Name"[^>]*>(?:<a [^>]*>)?([^<]+)<', row)[1].replace("&amp;", "&")
        if since <= day <= until:
            hrefs = re.findall(r'href="(//[^"]+/(?:Agenda|Minutes)Viewer\.php\?[^"]+)"', row)
            rows[f"clip-{clip[1]}" if clip else f"event-{event[1]}"] = (day, name.strip(), hrefs)
    return rows


def weho_listing() -> Exchange:
    """West Hollywood's page at its real URL; its protocol-relative links (``//weho.granicus.com/...``)
    are made absolute, since :mod:`scrapers.replay` rewrites only ``http(s)://`` links to the local server."""
    html = (GRANICUS / "west-hollywood-ca-viewpublisher.html").read_bytes()
    html = re.sub(rb"(?<![:\w])//weho\.granicus\.com", b"http://weho.granicus.com", html)
    return Exchange(url=WEHO_LISTING, body=html, headers={"Content-Type": "text/html; charset=utf-8"})


def test_dates_are_read_in_every_format_the_templates_print() -> None:
    assert parse_when("Feb  7, 2022") == dt.datetime(2022, 2, 7)
    assert parse_when("March\xa007,\xa02022 - 06:00\xa0PM") == dt.datetime(2022, 3, 7, 18, 0)
    assert parse_when("Oct\xa0 9,\xa02013") == dt.datetime(2013, 10, 9)
    assert parse_when("Tuesday, May 17, 2022") == dt.datetime(2022, 5, 17)
    assert parse_when("Thursday, March   3, 2022 at 10:00 AM") == dt.datetime(2022, 3, 3, 10, 0)
    assert parse_when("Sept. 6, 2022 6 p.m.") == dt.datetime(2022, 9, 6, 18, 0)
    assert parse_when("05/17/2022 12:30 pm") == dt.datetime(2022, 5, 17, 12, 30)
    assert parse_when("5/17/22") == dt.datetime(2022, 5, 17)
    assert parse_when("2022-05-17 18:00") == dt.datetime(2022, 5, 17, 18, 0)
    assert parse_when("17 May 2022") == dt.datetime(2022, 5, 17)
    assert parse_when("12:00 AM") is None and parse_when("04h 04m") is None
    assert parse_when("Feb 30, 2022") is None


def test_link_kinds_come_from_the_viewer_or_the_link_text() -> None:
    assert link_kind("https://weho.granicus.com/AgendaViewer.php?view_id=22&clip_id=3733", "Agenda") == "agenda"
    assert link_kind("https://weho.granicus.com/AgendaViewer.php?view_id=22&event_id=1338", "") == "agenda"
    assert link_kind("https://x.granicus.com/GeneratedAgendaViewer.php?view_id=1&clip_id=2", "Agenda") == "agenda"
    assert link_kind("https://weho.granicus.com/MinutesViewer.php?view_id=22&clip_id=3729", "Minutes") == "minutes"
    assert link_kind("https://x.granicus.com/MetaViewer.php?view_id=1&clip_id=2&meta_id=3", "Agenda Packet") == "packet"
    assert link_kind("https://x.granicus.com/DocumentViewer.php?file=x_1.pdf", "Agenda Report") == "staff_report"
    assert link_kind("https://x.granicus.com/MediaPlayer.php?view_id=22&clip_id=3733", "Video") is None
    assert link_kind("http://archive-media.granicus.com:443/OnDemand/weho/weho_1.mp4", "MP4 Video") is None
    assert kind_from_text("Minutes Packet") == "minutes" and kind_from_text("Exhibit A") == "other"


def test_a_generated_agenda_or_minutes_page_is_not_a_listing() -> None:
    for name in ("walnut-creek-ca-agenda.html", "walnut-creek-ca-viewpublisher.html",
                 "los-angeles-world-airports-ca-agenda.html"):
        html = (GRANICUS / name).read_text(encoding="utf-8", errors="replace")
        assert "clip_id=" in html
        assert listed_meetings(Selector(text=html), "https://walnutcreek.granicus.com/") == []


def test_west_hollywood_meetings_and_every_agenda_and_minutes_link_in_the_window(crawl) -> None:
    since, until = dt.date(2021, 9, 1), dt.date(2022, 3, 31)
    html = (GRANICUS / "west-hollywood-ca-viewpublisher.html").read_text(encoding="utf-8")
    every_row = expected_rows(html, dt.date.min, dt.date.max)
    assert len(every_row) == html.count('headers="Name"') + html.count('headers="EventName"')
    expected = expected_rows(html, since, until)
    hrefs = {f"http:{href}".replace("&amp;", "&") for _, _, links in expected.values() for href in links}
    assert len(expected) > 8 and "event-1338" in expected and len(hrefs) > 10
    agenda = f"http://{WEHO}/AgendaViewer.php?view_id=22&clip_id=3729"
    minutes = f"http://{WEHO}/MinutesViewer.php?view_id=22&clip_id=3729"
    assert {agenda, minutes} <= hrefs
    with replaying([weho_listing(), page(agenda, GRANICUS / "walnut-creek-ca-agenda.html"),
                    page(minutes, GRANICUS / "walnut-creek-ca-viewpublisher.html")]) as site:
        entry = {"id": "granicus:west-hollywood-ca", "name": "West Hollywood", "state": "CA",
                 "platform": "granicus", "url": site.url(WEHO_LISTING)}
        result = crawl([entry], "--since", since.isoformat(), "--until", until.isoformat())
        local = site.base(WEHO)
    assert result.returncode == 0, result.stderr

    documents = {d["url"].replace(local, f"http://{WEHO}"): d for d in result.documents()}
    assert set(documents) == hrefs
    assert {(documents[agenda]["kind"], documents[agenda]["status"]),
            (documents[minutes]["kind"], documents[minutes]["status"])} == {("agenda", "ok"), ("minutes", "ok")}
    failed = [d for url, d in documents.items() if url not in (agenda, minutes)]
    assert all(d["status"] == "fetch_error" and "404" in d["error"] for d in failed)
    assert {d["kind"] for d in failed} == {"agenda", "minutes"}

    meetings = stored_meetings(result.db_url)
    assert {key.split("/", 1)[1] for key in meetings} == set(expected)
    for external_id, (day, name, _) in expected.items():
        meeting = meetings[f"granicus:west-hollywood-ca/{external_id}"]
        assert (meeting.start.date(), meeting.body) == (day, name)
    upcoming = meetings["granicus:west-hollywood-ca/event-1338"]
    assert (upcoming.start.hour, upcoming.start.minute) == (18, 0)
    [summary] = result.summary
    assert summary["status"] == "ok" and summary["documents"] == len(hrefs)
    assert summary["failed_documents"] == len(hrefs) - 2


def test_a_failing_or_error_page_listing_is_the_sources_error_and_others_go_on(crawl) -> None:
    """San Diego's archive (video only, no documents) is crawled while two other views fail.

    The error page is a stand-in written here (a 200 answer without any meeting table), not a recording.
    """
    listing = "http://sandiego.granicus.com/ViewPublisher.php?view_id=15"
    error_page = Exchange(url="http://errors.granicus.com/ViewPublisher.php?view_id=99", headers={
        "Content-Type": "text/html"}, body=b"<html><head><title>Error</title></head><body><h1>An error has "
                                            b"occurred</h1><p>This view could not be found.</p></body></html>")
    down = Exchange(url="http://down.granicus.com/ViewPublisher.php?view_id=1", status=500, body=b"Server Error")
    html = (GRANICUS / "san-diego-ca-public-safety-viewpublisher.html").read_text(encoding="utf-8")
    dates = [dt.datetime.strptime(" ".join(found), "%b %d %Y").date() for found in
             re.findall(r'<td style="width: 100px;">(\w{3})&nbsp;\s?(\d{1,2}),&nbsp;(\d{4})</td>', html)]
    in_window = [day for day in dates if dt.date(2012, 1, 1) <= day <= dt.date(2013, 12, 31)]
    assert len(dates) == html.count("MediaPlayer.php?view_id=15&clip_id=") and len(in_window) > 10

    with replaying([page(listing, GRANICUS / "san-diego-ca-public-safety-viewpublisher.html"), error_page,
                    down]) as site:
        def entry(key: str, url: str) -> dict[str, str]:
            return {"id": f"granicus:{key}", "name": key, "state": "CA", "platform": "granicus", "url": site.url(url)}
        result = crawl([entry("san-diego-ca", listing), entry("error-page", error_page.url), entry("down", down.url)],
                       "--since", "2012-01-01", "--until", "2013-12-31")
    assert result.returncode == 0, result.stderr
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["granicus:san-diego-ca"]["status"] == "ok"
    assert by_source["granicus:error-page"]["status"] == "error"
    assert "no ViewPublisher meeting rows" in by_source["granicus:error-page"]["last_error"]
    assert by_source["granicus:down"]["status"] == "error" and "500" in by_source["granicus:down"]["last_error"]
    meetings = [m for key, m in stored_meetings(result.db_url).items() if key.startswith("granicus:san-diego-ca/")]
    assert sorted(m.start.date() for m in meetings) == sorted(in_window)
    assert {m.body for m in meetings} == {"Public Safety and Neighborhood Services (PS&NS)"}
    assert result.documents() == []

