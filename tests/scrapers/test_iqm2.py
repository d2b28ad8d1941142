"""IQM2 calendars: the real recorded pages parsed in-process, one field per test, and one real crawl.

Recordings (``../shared/fixtures/iqm2``, read in place): Santa Monica's City Council calendar with the
"All" range (2015-2022: agendas, packets, minutes, minutes packets, cancellations, unpublished links) and
Riverside County's 2023 (many boards, mostly meetings still to come, a few agendas). From City Bureau's
Grand Rapids scrapers, ``files/iqm2/grand-rapids-mi-calendar-rows.html`` is a verbatim excerpt of a real
calendar (four rows: summaries and minutes shown through ``FileView.aspx``; see the README beside it). Each page is parsed
once per module on a fixed day ("scheduled" and "held" depend on it); expected counts come from the HTML
with plain string counts, independently of the parser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
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
from scrapers.spiders.iqm2 import Iqm2Spider, file_kind, parse_start
from tests.scrapers.conftest import FIXTURES, wall_clock

IQM2 = FIXTURES / "iqm2"
SANTA_MONICA = "https://santamonicacityca.iqm2.com/Citizens"
RIVERSIDE = "https://riversidecountyca.iqm2.com/Citizens"
GRAND_RAPIDS = "https://grandrapidscitymi.iqm2.com/Citizens"
GRAND_RAPIDS_ROWS = Path(__file__).resolve().parent / "files" / "iqm2" / "grand-rapids-mi-calendar-rows.html"


def parse(path: Path, site: str, today: str) -> list:
    """Everything the spider yields for one calendar page, as of ``today``, over every date."""
    source = {"id": "iqm2:test", "name": "Test", "state": "CA", "platform": "iqm2", "url": site}
    spider = Iqm2Spider.from_crawler(get_crawler(Iqm2Spider), sources=[source], since="2000-01-01",
                                     until="2030-12-31")
    url = f"{site}/Calendar.aspx?From=1/1/1900&To=12/31/9999&View=List"
    response = HtmlResponse(url, body=path.read_bytes(), encoding="utf-8",
                            request=Request(url, meta={"source": source["id"]}))
    with freeze_time(today):
        return list(spider.parse_calendar(response))


def meetings_of(items: list) -> dict[str, MeetingItem]:
    return {item.external_id: item for item in items if isinstance(item, MeetingItem)}


def html(name: str) -> str:
    return (IQM2 / name).read_text(encoding="utf-8")


SM_ITEMS = parse(IQM2 / "santa-monica-ca-calendar.html", SANTA_MONICA, "2022-11-01")
SM = meetings_of(SM_ITEMS)
RIV_ITEMS = parse(IQM2 / "riverside-county-ca-calendar.html", RIVERSIDE, "2023-01-03")
RIV = meetings_of(RIV_ITEMS)
GR_ITEMS = parse(GRAND_RAPIDS_ROWS, GRAND_RAPIDS, "2023-07-01")  # after June's meetings, before July's
GR = meetings_of(GR_ITEMS)


def file(site: str, type_: int, file_id: int) -> str:
    return f"{site}/FileOpen.aspx?Type={type_}&ID={file_id}&Inline=True"


# --- dates and kinds ----------------------------------------------------------------------------------

def test_dates_as_rows_and_tooltips_print_them() -> None:
    assert parse_start("Jan 4, 2023 9:00 AM ") == dt.datetime(2023, 1, 4, 9, 0)
    assert parse_start("Dec 22, 2015 ") == dt.datetime(2015, 12, 22)
    assert parse_start("WEDNESDAY, JANUARY 4, 2023  9:00 AM") == dt.datetime(2023, 1, 4, 9, 0)
    assert parse_start("January 4, 2023 9:00 AM") == dt.datetime(2023, 1, 4, 9, 0)
    assert parse_start("Agenda") is None


def test_file_kinds_come_from_the_label_then_the_type_number() -> None:
    base = SANTA_MONICA + "/FileOpen.aspx?Type={}&ID=1&Inline=True"
    assert [file_kind(base.format(t), label) for t, label in (
        (14, "Agenda"), (1, "Agenda Packet"), (15, "Minutes"), (12, "Minutes Packet"), (1, "Download"),
        (15, ""), (99, "Summary"), (4, "Staff Report"))] == [
        "agenda", "packet", "minutes", "minutes", "packet", "minutes", "other", "staff_report"]
    assert file_kind("https://x.iqm2.com/Citizens/SplitView.aspx?Mode=Video&MeetingID=2826", "Video") is None


# --- Santa Monica (real) ------------------------------------------------------------------------------

def test_santa_monica_every_row_is_one_meeting() -> None:
    assert len(SM) == 270 == html("santa-monica-ca-calendar.html").count('class="Row MeetingRow')


def test_santa_monica_board_from_the_tooltip() -> None:
    assert {m.body for m in SM.values()} == {"City Council"}


def test_santa_monica_first_meeting_has_only_unpublished_links() -> None:
    assert SM["1034"] == MeetingItem(source="iqm2:test", external_id="1034", body="City Council",
                                     start=dt.datetime(2015, 4, 28, 17, 30), status="held",
                                     url=f"{SANTA_MONICA}/Detail_Meeting.aspx?ID=1034", links=[])


def test_santa_monica_agenda_packet_minutes_and_minutes_packet() -> None:
    assert SM["1053"].links == [
        Link(title="Agenda", href=file(SANTA_MONICA, 14, 1061), kind="agenda"),
        Link(title="Agenda Packet", href=file(SANTA_MONICA, 1, 1061), kind="packet"),
        Link(title="Minutes", href=file(SANTA_MONICA, 15, 1028), kind="minutes"),
        Link(title="Minutes Packet", href=file(SANTA_MONICA, 12, 1028), kind="minutes")]


def test_santa_monica_cancelled_meetings() -> None:
    cancelled = [key for key, m in SM.items() if m.status == "cancelled"]
    assert len(cancelled) == 24 == html("santa-monica-ca-calendar.html").count("Status:&#09;Cancelled") // 2
    assert cancelled[:2] == ["1041", "1062"] and SM["1062"].start == dt.datetime(2015, 12, 22)


def test_santa_monica_link_kinds_match_the_published_labels() -> None:
    page_html = html("santa-monica-ca-calendar.html")
    published = Counter(re.findall(r"href='File(?:Open|View)\.aspx\?Type=\d+&ID=\d+(?:&Inline=True)?' class='' "
                                   r"target='_(?:blank|self)'>([^<]+)<", page_html))
    assert published == {"Agenda": 219, "Agenda Packet": 219, "Minutes": 210, "Minutes Packet": 210}
    assert Counter(link.kind for m in SM.values() for link in m.links) == {"agenda": 219, "packet": 219,
                                                                         "minutes": 420}


def test_santa_monica_agendas_shown_in_the_file_viewer_are_links_too() -> None:
    viewed = [link for m in SM.values() for link in m.links if "/FileView.aspx?" in link.href]
    assert len(viewed) == 14 == html("santa-monica-ca-calendar.html").count("href='FileView.aspx?")
    assert viewed[:2] == [Link(title="Agenda", href=f"{SANTA_MONICA}/FileView.aspx?Type=14&ID=1098", kind="agenda"),
                          Link(title="Agenda Packet", href=f"{SANTA_MONICA}/FileView.aspx?Type=1&ID=1098",
                               kind="packet")]


def test_santa_monica_one_document_request_per_link() -> None:
    requests = [item for item in SM_ITEMS if isinstance(item, Request)]
    assert len(requests) == 858
    first = next(r for r in requests if r.meta["document"]["meeting"] == "1053")
    assert (first.url, first.meta["document"]["kind"], first.meta["document"]["title"]) == (
        file(SANTA_MONICA, 14, 1061), "agenda", "City Council, Aug 23, 2015: Agenda")


def test_santa_monica_latest_meeting_is_scheduled() -> None:
    latest = max(SM.values(), key=lambda m: m.start)
    assert (latest.start, latest.status) == (dt.datetime(2022, 12, 13, 17, 30), "scheduled")


# --- Riverside County (real) --------------------------------------------------------------------------

def test_riverside_every_row_is_one_meeting_of_its_board() -> None:
    assert len(RIV) == 87 == html("riverside-county-ca-calendar.html").count('class="Row MeetingRow')
    assert Counter(m.body for m in RIV.values()).most_common(3) == [
        ("Board of Supervisors", 30), ("Riverside County Planning Commission", 24),
        ("Riverside County Director's Hearing", 24)]


def test_riverside_first_meeting() -> None:
    assert RIV["2826"] == MeetingItem(
        source="iqm2:test", external_id="2826", body="Riverside County Planning Commission",
        start=dt.datetime(2023, 1, 4, 9, 0), status="scheduled", url=f"{RIVERSIDE}/Detail_Meeting.aspx?ID=2826",
        links=[Link(title="Agenda", href=file(RIVERSIDE, 14, 2776), kind="agenda")])


def test_riverside_only_published_agendas_are_links() -> None:
    page_html = html("riverside-county-ca-calendar.html")
    assert len(re.findall(r"href='FileOpen", page_html)) == 7 and page_html.count("HiddenDocumentLink") == 423
    assert Counter(link.kind for m in RIV.values() for link in m.links) == {"agenda": 7}


def test_riverside_nothing_cancelled_everything_to_come() -> None:
    assert {m.status for m in RIV.values()} == {"scheduled"}


# --- Grand Rapids (real excerpt) ---------------------------------------------------------------------

def test_grand_rapids_every_row_is_one_meeting() -> None:
    rows = GRAND_RAPIDS_ROWS.read_text(encoding="utf-8").count('class="Row MeetingRow')
    assert list(GR) == ["6926", "7138", "7124", "6998"] and rows == 4


def test_grand_rapids_boards_from_the_tooltip() -> None:
    assert [m.body for m in GR.values()] == ["City Planning Commission", "Economic Development Corporation",
                                             "Brownfield Redevelopment Authority", "Committee on Appointments"]


def test_grand_rapids_starts() -> None:
    assert [m.start for m in GR.values()] == [dt.datetime(2023, 6, 22, 12, 30), dt.datetime(2023, 6, 28, 8, 30),
                                              dt.datetime(2023, 6, 28, 8, 30), dt.datetime(2023, 7, 11, 8, 0)]


def test_grand_rapids_status_by_the_recording_day() -> None:
    assert [m.status for m in GR.values()] == ["held", "held", "held", "scheduled"]


def test_grand_rapids_meeting_page_is_the_detail_page() -> None:
    assert GR["6926"].url == f"{GRAND_RAPIDS}/Detail_Meeting.aspx?ID=6926"


def test_grand_rapids_summary_and_minutes_shown_in_the_file_viewer_are_minutes() -> None:
    assert GR["6926"].links == [
        Link(title="Agenda", href=file(GRAND_RAPIDS, 14, 5266), kind="agenda"),
        Link(title="Agenda Packet", href=file(GRAND_RAPIDS, 1, 5266), kind="packet"),
        Link(title="Summary", href=f"{GRAND_RAPIDS}/FileView.aspx?Type=15&ID=5330", kind="minutes"),
        Link(title="Minutes", href=f"{GRAND_RAPIDS}/FileView.aspx?Type=12&ID=5330", kind="minutes")]


def test_grand_rapids_unpublished_summary_and_video_are_no_links() -> None:
    assert GR["7138"].links == [
        Link(title="Agenda", href=file(GRAND_RAPIDS, 14, 5296), kind="agenda"),
        Link(title="Agenda Packet", href=file(GRAND_RAPIDS, 1, 5296), kind="packet"),
        Link(title="Minutes", href=file(GRAND_RAPIDS, 12, 5332), kind="minutes")]
    assert [link.title for link in GR["6998"].links] == ["Agenda", "Agenda Packet"]


def test_grand_rapids_one_document_request_per_link_and_no_error() -> None:
    requests = [item for item in GR_ITEMS if isinstance(item, Request)]
    assert len(requests) == 12 == sum(len(m.links) for m in GR.values())
    assert not [item for item in GR_ITEMS if isinstance(item, SourceStatusItem)]


def test_a_row_whose_date_the_spider_cannot_read_is_the_sources_warning(tmp_path: Path) -> None:
    """The real rows, one of them with its dates replaced by words (no recording has such a row)."""
    page_html = GRAND_RAPIDS_ROWS.read_text(encoding="utf-8")
    page_html = page_html.replace("Jul 11, 2023 8:00 AM", "To be announced").replace(
        "TUESDAY, JULY 11, 2023  8:00 AM", "TO BE ANNOUNCED")
    changed = tmp_path / "calendar.html"
    changed.write_text(page_html, encoding="utf-8")
    items = parse(changed, GRAND_RAPIDS, "2023-07-01")
    [status] = [item for item in items if isinstance(item, SourceStatusItem)]
    assert status.ok is True and status.warning.startswith(  # the other rows were read
        f"{GRAND_RAPIDS}/Calendar.aspx?From=1/1/1900&To=12/31/9999&View=List: 1 of 4 meeting rows have no "
        "Detail_Meeting link or no readable date (first: 'To be announced Agenda")
    assert list(meetings_of(items)) == ["6926", "7138", "7124"]


# --- not a calendar -----------------------------------------------------------------------------------

def test_a_page_without_the_meeting_panel_is_the_sources_error(tmp_path: Path) -> None:
    error = tmp_path / "error.html"
    error.write_bytes(b"<html><head><title>Runtime Error</title></head><body><h2>Server Error</h2></body></html>")
    [status] = parse(error, "https://errors.iqm2.com/Citizens", "2023-01-03")
    assert status == SourceStatusItem(source="iqm2:test", ok=False, error=(
        "https://errors.iqm2.com/Citizens/Calendar.aspx?From=1/1/1900&To=12/31/9999&View=List: "
        "not an IQM2 meeting calendar (Runtime Error)"))


# --- end to end ---------------------------------------------------------------------------------------

def stored_meetings(db_url: str, source_key: str) -> dict[str, Meeting]:
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


@pytest.mark.slow
def test_crawl_santa_monica_first_half_of_2020_while_a_down_site_fails(crawl) -> None:
    """Santa Monica's page served at the ``Calendar.aspx?From=...&To=...&View=List`` URL the spider must ask for;
    one real agenda PDF (Burbank's, from ``../shared/fixtures/agendas``) stands in for one of its files, the
    rest answer 404."""
    host = "santamonicacityca.iqm2.com"
    calendar = f"http://{host}/Citizens/Calendar.aspx?From=01/01/2020&To=06/30/2020&View=List"
    in_window = {key for key, m in SM.items() if dt.date(2020, 1, 1) <= m.start.date() <= dt.date(2020, 6, 30)}
    files = {link.href.replace("https:", "http:") for key in in_window for link in SM[key].links}
    assert len(in_window) == 22 and len(files) == 70  # 6 of them FileView.aspx pages
    agenda = file(f"http://{host}/Citizens", 14, min(int(re.search(r"ID=(\d+)", f)[1]) for f in files
                                                       if "Type=14&" in f))
    down = Exchange(url="http://down.iqm2.com/Citizens/Calendar.aspx", status=500, body=b"error", match_query=False)
    with replaying([page(calendar, IQM2 / "santa-monica-ca-calendar.html"),
                    page(agenda, FIXTURES / "agendas" / "burbank-ca-council-agenda.pdf"), down]) as site:
        entries = [{"id": "iqm2:santa-monica-ca", "name": "Santa Monica", "state": "CA", "platform": "iqm2",
                    "url": site.base(host) + "/Citizens"},
                   {"id": "iqm2:down", "name": "Down", "state": "CA", "platform": "iqm2",
                    "url": site.base("down.iqm2.com") + "/Citizens"}]
        result = crawl(entries, "--since", "2020-01-01", "--until", "2020-06-30")
        local = site.base(host)
    assert result.returncode == 0, result.stderr
    documents = {d["url"].replace(local, f"http://{host}"): d for d in result.documents()}
    assert set(documents) == files
    assert (documents[agenda]["kind"], documents[agenda]["status"]) == ("agenda", "ok")
    assert documents[agenda]["page_count"]
    assert all(d["status"] == "fetch_error" and "404" in d["error"] for url, d in documents.items() if url != agenda)
    meetings = stored_meetings(result.db_url, "iqm2:santa-monica-ca")
    assert set(meetings) == in_window
    assert {key: (m.start, m.status) for key, m in meetings.items()} == {
        key: (SM[key].start, SM[key].status) for key in in_window}
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["iqm2:santa-monica-ca"]["status"] == "ok"
    assert by_source["iqm2:down"]["status"] == "error" and "500" in by_source["iqm2:down"]["last_error"]
