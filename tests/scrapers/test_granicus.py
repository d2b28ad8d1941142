"""Granicus ViewPublisher: real recorded listings parsed in-process, one field per test, and one real crawl.

Recordings (``../shared/fixtures/granicus``, read in place): Metrolink's listing (upcoming events with
times, yearly archive tabs, "- Cancelled" clips), West Hollywood's ("Upcoming Events" table, archive per
year, agenda and minutes viewers), San Diego's themed archive (video only). ``walnut-creek-ca-agenda.html``
and ``los-angeles-world-airports-ca-agenda.html`` are generated agendas and ``walnut-creek-ca-viewpublisher.html``,
despite its name, a MinutesViewer page: none of them is a listing. ``files/granicus/upcoming-agenda-buttons.html``
is hand-made (see the README beside it): agenda links as buttons in several forms.
``files/granicus/port-of-los-angeles-ca-upcoming.html`` is a verbatim excerpt of a real listing (Port of Los
Angeles' upcoming events: agenda buttons, rows announced without any link) and
``files/granicus/tulsa-ok-viewpublisher.html`` City Bureau's Tulsa page (yearly collapsible archive tables);
see the README beside them.

Each page is parsed once per module at the day it was recorded (``freeze_time``: "scheduled" and "held"
depend on it). Expected counts come from the HTML with plain string counts, independently of the parser.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from freezegun import freeze_time
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Meeting, Source
from scrapers.items import MeetingItem, SourceStatusItem
from scrapers.links import Link
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.granicus import GranicusSpider, link_kind, parse_when
from tests.scrapers.conftest import FIXTURES, wall_clock

GRANICUS = FIXTURES / "granicus"
BUTTONS = Path(__file__).resolve().parent / "files" / "granicus" / "upcoming-agenda-buttons.html"
METROLINK_URL = "https://metrolink.granicus.com/ViewPublisher.php?view_id=8"
WEHO_URL = "https://weho.granicus.com/ViewPublisher.php?view_id=22"
SAN_DIEGO_URL = "https://sandiego.granicus.com/ViewPublisher.php?view_id=15"


def parse(path: Path, url: str, today: str) -> list:
    """Everything the spider yields for one listing page, as of ``today``, over every date."""
    source = {"id": "granicus:test", "name": "Test", "state": "CA", "platform": "granicus", "url": url}
    spider = GranicusSpider.from_crawler(get_crawler(GranicusSpider), sources=[source], since="2000-01-01",
                                         until="2030-12-31")
    response = HtmlResponse(url, body=path.read_bytes(), encoding="utf-8",
                            request=Request(url, meta={"source": source["id"]}))
    with freeze_time(today):
        return list(spider.parse_listing(response))


def meetings_of(items: list) -> dict[str, MeetingItem]:
    return {item.external_id: item for item in items if isinstance(item, MeetingItem)}


def requests_of(items: list) -> list[Request]:
    return [item for item in items if isinstance(item, Request)]


METROLINK_ITEMS = parse(GRANICUS / "metrolink-ca-viewpublisher.html", METROLINK_URL, "2022-09-09")
METROLINK = meetings_of(METROLINK_ITEMS)
WEHO_ITEMS = parse(GRANICUS / "west-hollywood-ca-viewpublisher.html", WEHO_URL, "2022-03-01")
WEHO = meetings_of(WEHO_ITEMS)
SAN_DIEGO_ITEMS = parse(GRANICUS / "san-diego-ca-public-safety-viewpublisher.html", SAN_DIEGO_URL, "2013-11-01")
SAN_DIEGO = meetings_of(SAN_DIEGO_ITEMS)
BUTTON_ITEMS = parse(BUTTONS, "https://lakemont.granicus.com/ViewPublisher.php?view_id=9", "2026-09-01")
BUTTON_ROWS = meetings_of(BUTTON_ITEMS)
PORT_LA = Path(__file__).resolve().parent / "files" / "granicus" / "port-of-los-angeles-ca-upcoming.html"
PORT_LA_URL = "https://portofla.granicus.com/ViewPublisher.php?view_id=9"
PORT_LA_ITEMS = parse(PORT_LA, PORT_LA_URL, "2022-01-20")
PORT_LA_ROWS = meetings_of(PORT_LA_ITEMS)
TULSA = Path(__file__).resolve().parent / "files" / "granicus" / "tulsa-ok-viewpublisher.html"
TULSA_URL = "https://tulsa-ok.granicus.com/ViewPublisher.php?view_id=4"
TULSA_ITEMS = parse(TULSA, TULSA_URL, "2025-11-20")
TULSA_ROWS = meetings_of(TULSA_ITEMS)


def html(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def kinds(meetings: dict[str, MeetingItem]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for meeting in meetings.values():
        for link in meeting.links:
            counted[link.kind] = counted.get(link.kind, 0) + 1
    return counted


# --- dates and link kinds ------------------------------------------------------------------------------

def test_dates_are_read_in_every_format_the_templates_print() -> None:
    assert parse_when("Feb  7, 2022") == dt.datetime(2022, 2, 7)
    assert parse_when("March\xa007,\xa02022 - 06:00\xa0PM") == dt.datetime(2022, 3, 7, 18, 0)
    assert parse_when("April\xa0 2,\xa02025\n  -\n  5:03\xa0PM") == dt.datetime(2025, 4, 2, 17, 3)
    assert parse_when("Tuesday, May 17, 2022") == dt.datetime(2022, 5, 17)
    assert parse_when("Sept. 6, 2022 6 p.m.") == dt.datetime(2022, 9, 6, 18, 0)
    assert parse_when("05/17/2022 12:30 pm") == dt.datetime(2022, 5, 17, 12, 30)
    assert parse_when("2022-05-17 18:00") == dt.datetime(2022, 5, 17, 18, 0)
    assert parse_when("17 May 2022") == dt.datetime(2022, 5, 17)
    assert parse_when("12:00 AM") is None and parse_when("04h 04m") is None and parse_when("Feb 30, 2022") is None


def test_viewers_fix_the_kind_and_file_links_take_it_from_their_label() -> None:
    assert link_kind("https://x.granicus.com/AgendaViewer.php?view_id=2&event_id=1338", "") == "agenda"
    assert link_kind("https://x.granicus.com/GeneratedAgendaViewer.php?view_id=1&clip_id=2", "Agenda") == "agenda"
    assert link_kind("https://x.granicus.com/MinutesViewer.php?view_id=22&clip_id=3729", "Agenda") == "minutes"
    assert link_kind("https://x.granicus.com/MetaViewer.php?view_id=1&clip_id=2&meta_id=3", "Agenda Packet") == "packet"
    assert link_kind("https://x.granicus.com/DocumentViewer.php?file=x_1.pdf", "Agenda Report") == "staff_report"
    assert link_kind("https://x.granicus.com/DocumentViewer.php?file=x_1.pdf", "Minutes Packet") == "minutes"
    assert link_kind("https://x.granicus.com/MediaPlayer.php?view_id=22&clip_id=3733", "Video") is None
    assert link_kind("http://archive-media.granicus.com:443/OnDemand/weho/weho_1.mp4", "MP4 Video") is None


def test_a_link_labelled_as_a_document_is_one_wherever_it_points() -> None:
    assert link_kind("https://longbeach.legistar.com/View.ashx?M=A&ID=926021&GUID=5EBE5628", "Agenda") == "agenda"
    assert link_kind("https://www.tulsacouncil.org/DocumentCenter/View/1234", "Minutes") == "minutes"
    assert link_kind("https://www.tulsacouncil.org/DocumentCenter/View/1234", "Video") is None


def test_players_feeds_and_media_are_no_documents_whatever_their_label() -> None:
    """Labels as the recorded pages give them: WeHo's RSS links "Agenda" and "Minutes", LAWA's item videos."""
    assert link_kind("https://weho.granicus.com/ViewPublisherRSS.php?view_id=22&mode=agendas", "Agenda") is None
    assert link_kind("https://lawa.granicus.com/MediaPlayer.php?view_id=6&clip_id=1&meta_id=2",
                     "APPROVAL OF MINUTES") is None
    assert link_kind("https://archive-media.granicus.com/OnDemand/weho/weho_1.mp4", "Minutes video") is None


# --- Metrolink (real) -------------------------------------------------------------------------------------

def test_metrolink_every_row_is_one_meeting() -> None:
    page_html = html(GRANICUS / "metrolink-ca-viewpublisher.html")
    assert len(METROLINK) == 533 == page_html.count('headers="Name"')


def test_metrolink_upcoming_event_name_start_and_agenda() -> None:
    assert METROLINK["event-494"] == MeetingItem(
        source="granicus:test", external_id="event-494", body="Audit and Finance Committee",
        start=dt.datetime(2022, 9, 9, 9, 0), status="scheduled", url=METROLINK_URL,
        links=[Link(title="Agenda", href="https://metrolink.granicus.com/AgendaViewer.php?view_id=8&event_id=494",
                    kind="agenda")])


def test_metrolink_upcoming_events_are_first_with_their_times() -> None:
    assert [(key, m.start) for key, m in list(METROLINK.items())[:6]] == [
        ("event-494", dt.datetime(2022, 9, 9, 9, 0)), ("event-503", dt.datetime(2022, 9, 9, 10, 0)),
        ("event-512", dt.datetime(2022, 9, 9, 11, 0)), ("event-495", dt.datetime(2022, 10, 14, 9, 0)),
        ("event-504", dt.datetime(2022, 10, 14, 10, 0)), ("event-513", dt.datetime(2022, 10, 14, 11, 0))]


def test_metrolink_an_upcoming_event_without_agenda_has_no_link() -> None:
    assert METROLINK["event-495"].links == [] and METROLINK["event-495"].status == "scheduled"


def test_metrolink_archived_clip_is_held_at_midnight_with_agenda_but_not_video() -> None:
    board = METROLINK["clip-913"]
    assert (board.body, board.start, board.status) == ("Board of Directors", dt.datetime(2022, 7, 22), "held")
    assert board.links == [Link(title="Agenda", href="https://metrolink.granicus.com/AgendaViewer.php?view_id=8"
                                                    "&clip_id=913", kind="agenda")]


def test_metrolink_link_kinds_match_the_viewers_on_the_page() -> None:
    page_html = html(GRANICUS / "metrolink-ca-viewpublisher.html")
    assert kinds(METROLINK) == {"agenda": 528, "minutes": 156}
    assert page_html.count("/AgendaViewer.php?") == 528 and page_html.count("/MinutesViewer.php?") == 156


def test_metrolink_cancelled_clips() -> None:
    names = re.findall(r'headers="Name"[^>]*>(.*?)</td>', html(GRANICUS / "metrolink-ca-viewpublisher.html"), re.S)
    cancelled = {key for key, m in METROLINK.items() if m.status == "cancelled"}
    assert len(cancelled) == sum(1 for name in names if re.search(r"(?i)cancel", name)) == 27
    assert METROLINK["clip-769"].body == "Contracts, Operations, Maintenance, and Safety Committee - Cancelled"
    assert "clip-769" in cancelled


def test_metrolink_oldest_clip() -> None:
    assert min(m.start for m in METROLINK.values()) == dt.datetime(2010, 1, 4)


def test_metrolink_one_document_request_per_link() -> None:
    requests = requests_of(METROLINK_ITEMS)
    assert len(requests) == 528 + 156
    assert requests[0].url == "https://metrolink.granicus.com/AgendaViewer.php?view_id=8&event_id=494"
    assert requests[0].meta["document"] == {"kind": "agenda", "meeting": "event-494",
                                            "title": "Audit and Finance Committee, Sep 09, 2022: Agenda"}


# --- West Hollywood (real) --------------------------------------------------------------------------------

def test_west_hollywood_every_row_is_one_meeting() -> None:
    page_html = html(GRANICUS / "west-hollywood-ca-viewpublisher.html")
    assert len(WEHO) == 331 == page_html.count('headers="Name"') + page_html.count('headers="EventName"')


def test_west_hollywood_upcoming_event_from_its_ecomment_button() -> None:
    upcoming = WEHO["event-1338"]
    assert (upcoming.body, upcoming.start, upcoming.status, upcoming.links) == (
        "Regular City Council Meeting", dt.datetime(2022, 3, 7, 18, 0), "scheduled", [])


def test_west_hollywood_clip_agenda_and_minutes() -> None:
    meeting = WEHO["clip-3729"]
    assert (meeting.body, meeting.start, meeting.status) == ("Regular City Council Meeting",
                                                             dt.datetime(2022, 2, 7), "held")
    assert meeting.links == [
        Link(title="Agenda", href="https://weho.granicus.com/AgendaViewer.php?view_id=22&clip_id=3729", kind="agenda"),
        Link(title="Minutes", href="https://weho.granicus.com/MinutesViewer.php?view_id=22&clip_id=3729",
             kind="minutes")]


def test_west_hollywood_a_name_with_a_date_in_it_keeps_its_row_date() -> None:
    [meeting] = [m for m in WEHO.values() if m.body == "Regular City Council Meeting - April 21, 2014"]
    assert meeting.start.date() == dt.date(2014, 4, 22)  # the Date cell's day, not the name's


def test_west_hollywood_link_kinds_match_the_viewers_on_the_page() -> None:
    page_html = html(GRANICUS / "west-hollywood-ca-viewpublisher.html")
    assert kinds(WEHO) == {"agenda": 221, "minutes": 325}
    assert page_html.count("/AgendaViewer.php?") == 221 and page_html.count("/MinutesViewer.php?") == 325


# --- San Diego (real) -------------------------------------------------------------------------------------

def test_san_diego_every_clip_is_a_meeting_without_documents() -> None:
    page_html = html(GRANICUS / "san-diego-ca-public-safety-viewpublisher.html")
    assert len(SAN_DIEGO) == 84 == page_html.count("MediaPlayer.php?view_id=15&clip_id=")
    names = [m.body for m in SAN_DIEGO.values()]
    assert names.count("Public Safety and Neighborhood Services (PS&NS)") == 83
    assert names.count("Special Joint Meeting of the PS&NS Committee and City Council") == 1
    assert requests_of(SAN_DIEGO_ITEMS) == [] and all(m.links == [] for m in SAN_DIEGO.values())


def test_san_diego_newest_clip() -> None:
    assert (SAN_DIEGO["clip-5945"].start, SAN_DIEGO["clip-5945"].status) == (dt.datetime(2013, 10, 30), "held")


# --- agenda buttons (hand-made) ---------------------------------------------------------------------------

def test_an_input_buttons_window_open_is_the_agenda_and_a_buttons_location_href_the_packet() -> None:
    assert BUTTON_ROWS["event-666"].links == [
        Link(title="Agenda", href="https://lakemont.granicus.com/AgendaViewer.php?view_id=9&event_id=666",
             kind="agenda"),
        Link(title="Agenda Packet", href="https://lakemont.granicus.com/MetaViewer.php?view_id=9&event_id=666"
                                         "&meta_id=4410", kind="packet")]


def test_a_cells_onclick_is_a_link_and_a_cancelled_event_says_so() -> None:
    cancelled = BUTTON_ROWS["event-667"]
    assert (cancelled.status, cancelled.start) == ("cancelled", dt.datetime(2026, 9, 17, 17, 0))
    assert cancelled.links == [Link(title="Agenda", kind="agenda",
                                    href="https://lakemont.granicus.com/AgendaViewer.php?view_id=9&event_id=667")]


def test_button_rows_names_and_starts() -> None:
    assert {key: (m.body, m.start, m.status) for key, m in BUTTON_ROWS.items()} == {
        "event-666": ("Regular City Council Meeting", dt.datetime(2026, 9, 14, 18, 30), "scheduled"),
        "event-667": ("Special City Council Meeting - Cancelled", dt.datetime(2026, 9, 17, 17, 0), "cancelled"),
        "event-668": ("Planning Commission", dt.datetime(2026, 9, 23, 19, 0), "scheduled")}


# --- Port of Los Angeles (real excerpt) -----------------------------------------------------------------

def test_port_of_los_angeles_every_upcoming_row_is_one_meeting() -> None:
    assert list(PORT_LA_ROWS) == ["event-666", "event-691", "20220210-regular-board-meeting",
                                  "20220224-regular-board-meeting"]
    assert html(PORT_LA).count('headers="EventName"') == 4


def test_port_of_los_angeles_names() -> None:
    assert [m.body for m in PORT_LA_ROWS.values()] == ["Regular Board Meeting", "Audit Committee Agenda",
                                                       "Regular Board Meeting", "Regular Board Meeting"]


def test_port_of_los_angeles_days_without_a_time_are_midnight_and_scheduled() -> None:
    assert [(m.start, m.status) for m in PORT_LA_ROWS.values()] == [
        (dt.datetime(2022, 1, 27), "scheduled"), (dt.datetime(2022, 1, 27), "scheduled"),
        (dt.datetime(2022, 2, 10), "scheduled"), (dt.datetime(2022, 2, 24), "scheduled")]


def test_port_of_los_angeles_agenda_buttons_are_agenda_links_and_commented_out_anchors_are_not_read() -> None:
    assert PORT_LA_ROWS["event-666"].links == [Link(
        title="Agenda", href="https://portofla.granicus.com/AgendaViewer.php?view_id=9&event_id=666", kind="agenda")]
    assert [link.href for link in PORT_LA_ROWS["event-691"].links] == [
        "https://portofla.granicus.com/AgendaViewer.php?view_id=9&event_id=691"]
    assert PORT_LA_ROWS["20220210-regular-board-meeting"].links == []


def test_port_of_los_angeles_one_document_request_per_agenda_and_no_error() -> None:
    assert [request.url for request in requests_of(PORT_LA_ITEMS)] == [
        "https://portofla.granicus.com/AgendaViewer.php?view_id=9&event_id=666",
        "https://portofla.granicus.com/AgendaViewer.php?view_id=9&event_id=691"]
    assert not [item for item in PORT_LA_ITEMS if isinstance(item, SourceStatusItem)]


def test_a_meeting_row_whose_date_the_spider_cannot_read_is_the_sources_warning(tmp_path: Path) -> None:
    """The real rows, the first one's date replaced by words (no recording has such a row)."""
    changed = tmp_path / "listing.html"
    changed.write_text(html(PORT_LA).replace("January&nbsp;27,&nbsp;2022", "To be announced", 1), encoding="utf-8")
    items = parse(changed, PORT_LA_URL, "2022-01-20")
    [status] = [item for item in items if isinstance(item, SourceStatusItem)]
    # The other rows were read: a warning the source's verdict carries (never a plain ok), not a failure.
    assert status.ok is True and status.warning == (
        f"{PORT_LA_URL}: 1 meeting rows (a clip or event id in a table with a Date column) have no name or date "
        "the spider reads (first: 'Regular Board Meeting To be announced')")
    assert "event-666" not in meetings_of(items) and len(meetings_of(items)) == 3


# --- Tulsa (City Bureau's page) ---------------------------------------------------------------------------

def test_tulsa_every_row_of_every_year_is_one_meeting() -> None:
    assert len(TULSA_ROWS) == 13 == html(TULSA).count('headers="Name"')
    assert list(TULSA_ROWS)[:3] == ["clip-7169", "clip-7140", "clip-6328"] and list(TULSA_ROWS)[-1] == "clip-3350"


def test_tulsa_names() -> None:
    assert [m.body for m in TULSA_ROWS.values()][:4] == ["Regular Council Meeting", "Council Special Meeting",
                                                         "Regular Council Meeting", "City Council"]
    assert TULSA_ROWS["clip-3350"].body == "Emergency Special Meeting"


def test_tulsa_starts_with_their_times_and_single_digit_days() -> None:
    assert TULSA_ROWS["clip-7169"].start == dt.datetime(2025, 11, 19, 17, 0)
    assert TULSA_ROWS["clip-7140"].start == dt.datetime(2025, 11, 7, 8, 0)  # "November&nbsp; 7,&nbsp;2025 - 8:00"
    assert TULSA_ROWS["clip-4600"].start == dt.datetime(2020, 7, 10, 10, 0)
    assert TULSA_ROWS["clip-3350"].start == dt.datetime(2016, 6, 5, 11, 0)


def test_tulsa_every_clip_is_held() -> None:
    assert {m.status for m in TULSA_ROWS.values()} == {"held"}


def test_tulsa_each_clip_has_its_agenda_and_no_video_link() -> None:
    assert TULSA_ROWS["clip-5500"].links == [Link(
        title="Agenda", href="https://tulsa-ok.granicus.com/AgendaViewer.php?view_id=4&clip_id=5500", kind="agenda")]
    assert kinds(TULSA_ROWS) == {"agenda": 13} and html(TULSA).count("/AgendaViewer.php?") == 13
    assert len(requests_of(TULSA_ITEMS)) == 13
    assert not [item for item in TULSA_ITEMS if isinstance(item, SourceStatusItem)]


# --- pages that are not listings --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["walnut-creek-ca-agenda.html", "walnut-creek-ca-viewpublisher.html",
                                  "los-angeles-world-airports-ca-agenda.html"])
def test_a_generated_agenda_or_minutes_page_is_the_sources_error(name: str) -> None:
    url = "https://walnutcreek.granicus.com/ViewPublisher.php?view_id=12"
    [status] = parse(GRANICUS / name, url, "2022-03-01")
    assert isinstance(status, SourceStatusItem) and status.ok is False
    assert status.error.startswith(f"{url}: no ViewPublisher meeting rows in the page (")


# --- end to end -------------------------------------------------------------------------------------------

def stored_meetings(db_url: str) -> dict[str, Meeting]:
    """The crawl's stored meetings by ``source key/external id``, starts as published."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            rows = session.execute(select(Meeting, Source.key).join(Source, Meeting.source_id == Source.id)).all()
            for meeting, _ in rows:
                meeting.start = wall_clock(meeting)  # as published; this copy is never written back
            return {f"{key}/{meeting.external_id}": meeting for meeting, key in rows}
    finally:
        engine.dispose()


@pytest.mark.slow
def test_crawl_west_hollywood_window_while_an_error_page_and_a_down_view_fail(crawl) -> None:
    """West Hollywood over Sep 2021 - Mar 2022 on 127.0.0.1: two real HTML files stand in for two of its
    files (Walnut Creek's agenda and minutes pages), the rest answer 404. The error page is written here."""
    weho = "http://weho.granicus.com/ViewPublisher.php?view_id=22"
    body = re.sub(rb"(?<![:\w])//weho\.granicus\.com", b"http://weho.granicus.com",
                  (GRANICUS / "west-hollywood-ca-viewpublisher.html").read_bytes())
    agenda = "http://weho.granicus.com/AgendaViewer.php?view_id=22&clip_id=3729"
    minutes = "http://weho.granicus.com/MinutesViewer.php?view_id=22&clip_id=3729"
    error_page = Exchange(url="http://errors.granicus.com/ViewPublisher.php?view_id=99",
                          headers={"Content-Type": "text/html"},
                          body=b"<html><head><title>Error</title></head><body><h1>An error has occurred</h1></body></html>")
    down = Exchange(url="http://down.granicus.com/ViewPublisher.php?view_id=1", status=500, body=b"Server Error")
    exchanges = [Exchange(url=weho, body=body, headers={"Content-Type": "text/html; charset=utf-8"}),
                 page(agenda, GRANICUS / "walnut-creek-ca-agenda.html"),
                 page(minutes, GRANICUS / "walnut-creek-ca-viewpublisher.html"), error_page, down]
    with replaying(exchanges) as site:
        def entry(key: str, url: str) -> dict[str, str]:
            return {"id": f"granicus:{key}", "name": key, "state": "CA", "platform": "granicus", "url": site.url(url)}
        result = crawl([entry("west-hollywood-ca", weho), entry("error-page", error_page.url),
                        entry("down", down.url)], "--since", "2021-09-01", "--until", "2022-03-31")
        local = site.base("weho.granicus.com")
    assert result.returncode == 0, result.stderr

    in_window = {key for key, m in WEHO.items() if dt.date(2021, 9, 1) <= m.start.date() <= dt.date(2022, 3, 31)}
    hrefs = {link.href.replace("https:", "http:") for key in in_window for link in WEHO[key].links}
    assert len(in_window) == 11 and len(hrefs) == 19
    meetings = stored_meetings(result.db_url)
    assert {key.split("/", 1)[1] for key in meetings if key.startswith("granicus:west-hollywood-ca/")} == in_window
    assert meetings["granicus:west-hollywood-ca/event-1338"].start == dt.datetime(2022, 3, 7, 18, 0)
    documents = {d["url"].replace(local, "http://weho.granicus.com"): d for d in result.documents()}
    assert set(documents) == hrefs
    assert (documents[agenda]["kind"], documents[agenda]["status"]) == ("agenda", "ok")
    assert (documents[minutes]["kind"], documents[minutes]["status"]) == ("minutes", "ok")
    assert all(d["status"] == "fetch_error" and "404" in d["error"] for url, d in documents.items()
               if url not in (agenda, minutes))
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["granicus:west-hollywood-ca"]["status"] == "ok"
    assert by_source["granicus:west-hollywood-ca"]["failed_documents"] == len(hrefs) - 2
    assert by_source["granicus:error-page"]["status"] == "error"
    assert "no ViewPublisher meeting rows in the page (Error)" in by_source["granicus:error-page"]["last_error"]
    assert by_source["granicus:down"]["status"] == "error" and "500" in by_source["granicus:down"]["last_error"]


#: Hand-made (no recording of a site's bare ViewPublisher.php index exists): an index linking three views.
VIEW_INDEX = b"""<html><head><title>Video Archives</title></head><body>
<a href="ViewPublisher.php?view_id=15">Public Safety Committee</a>
<a href="ViewPublisher.php?view_id=22">City Council</a>
<a href="ViewPublisher.php?view_id=7">Planning Commission</a></body></html>"""


def _bare_spider() -> tuple[GranicusSpider, dict]:
    source = {"id": "granicus:weho", "name": "West Hollywood", "state": "CA", "platform": "granicus",
              "url": "https://weho.granicus.com"}
    return GranicusSpider.from_crawler(get_crawler(GranicusSpider), sources=[source], since="2021-09-01",
                                       until="2022-03-31"), source


def test_a_bare_site_is_read_through_its_governing_bodys_view() -> None:
    spider, source = _bare_spider()
    [index_request] = list(spider.requests_for(source))
    assert index_request.url == "https://weho.granicus.com/ViewPublisher.php"
    index = HtmlResponse(index_request.url, body=VIEW_INDEX, encoding="utf-8", request=index_request)
    [view_request] = list(spider.parse_listing(index))
    assert view_request.url == "https://weho.granicus.com/ViewPublisher.php?view_id=22"  # the council, not committees
    view = HtmlResponse(view_request.url, body=(GRANICUS / "west-hollywood-ca-viewpublisher.html").read_bytes(),
                        encoding="utf-8", request=view_request)
    with freeze_time("2022-03-01"):
        meetings = meetings_of(list(spider.parse_listing(view)))
    assert len(meetings) == 11  # the same window of the real page as the crawl test above


def test_a_bare_site_that_links_no_view_is_the_sources_error_with_what_to_do() -> None:
    spider, source = _bare_spider()
    [index_request] = list(spider.requests_for(source))
    empty = HtmlResponse(index_request.url, body=b"<html><title>Granicus</title><body>Welcome</body></html>",
                         encoding="utf-8", request=index_request)
    [status] = list(spider.parse_listing(empty))
    assert isinstance(status, SourceStatusItem) and not status.ok
    assert "no view_id in the registry url" in status.error and "alpr-tracker sources check" in status.error


def test_a_listing_read_in_part_makes_the_source_a_warning_that_says_so(crawl, tmp_path: Path) -> None:
    """Port of LA's real upcoming rows, one date replaced by words, crawled: its meetings are stored and the
    source's verdict is a warning naming the unread row, not a plain ok."""
    listing = "http://portofla.granicus.com/ViewPublisher.php?view_id=9"
    body = html(PORT_LA).replace("January&nbsp;27,&nbsp;2022", "To be announced", 1).encode()
    with replaying([Exchange(url=listing, body=body, headers={"Content-Type": "text/html"})]) as site:
        result = crawl([{"id": "granicus:port-la", "name": "Port of LA", "state": "CA", "platform": "granicus",
                         "url": site.url(listing)}], "--since", "2022-01-01", "--until", "2022-12-31")
    assert result.returncode == 0, result.stderr[-1500:]
    [row] = result.summary
    assert row["status"] == "warning" and row["meetings"] == 3, row
    assert "1 meeting rows (a clip or event id in a table with a Date column) have no name or date" in row["last_error"]
