"""CivicPlus AgendaCenter: real recorded search pages parsed in-process, one field per test, and one real crawl.

Recordings (``../shared/fixtures/civicplus``, read in place): Nash County NC's vcrpy cassette (one
search, its agenda and minutes PDFs), Las Cruces NM's cassette of a search with no results and its saved
search page (20 bodies, packets, "CANCELLED" titles), Alameda County Water District CA's page (the newer
template: ``h3`` headings, the title as the agenda link's text). Each page is parsed once per module on a
fixed day; expected counts come from the HTML with plain string counts, independently of the parser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from freezegun import freeze_time
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from scrapers.items import MeetingItem, SourceStatusItem
from scrapers.links import Link
from scrapers.replay import Exchange, _decoded, load_cassette, replaying
from scrapers.spiders.civicplus import CivicPlusSpider, file_kind
from tests.scrapers.conftest import FIXTURES

CIVICPLUS = FIXTURES / "civicplus"
SEARCH = "/AgendaCenter/Search/?term=&CIDs=all&startDate=01/01/2020&endDate=12/31/2020&dateRange=&dateSelector="


def parse(body: bytes, url: str, today: str = "2026-11-29") -> list:
    """Everything the spider yields for one search page, as of ``today``."""
    source = {"id": "civicplus:test", "name": "Test", "state": "NM", "platform": "civicplus", "url": url}
    spider = CivicPlusSpider.from_crawler(get_crawler(CivicPlusSpider), sources=[source], since="2000-01-01",
                                          until="2030-12-31")
    response = HtmlResponse(url, body=body, encoding="utf-8", request=Request(url, meta={"source": source["id"]}))
    with freeze_time(today):
        return list(spider.parse_search(response))


def cassette_page(name: str) -> tuple[bytes, str]:
    """The search answer a cassette recorded (decompressed) and its URL."""
    search = load_cassette(CIVICPLUS / name)[0]
    return _decoded(search.body, search.headers), search.url


def meetings_of(items: list) -> dict[str, MeetingItem]:
    return {item.external_id: item for item in items if isinstance(item, MeetingItem)}


LC_URL = "https://lascrucesnm.civicplus.com" + SEARCH
LC_HTML = (CIVICPLUS / "las-cruces-nm-search-results.html").read_bytes()
LAS_CRUCES = meetings_of(parse(LC_HTML, LC_URL))
LC_REQUESTS = [item for item in parse(LC_HTML, LC_URL) if isinstance(item, Request)]
NASH_ITEMS = parse(*cassette_page("nash-county-nc.cassette.yaml"))
NASH = meetings_of(NASH_ITEMS)
ACWD_URL = "https://www.acwd.org" + SEARCH
ACWD = meetings_of(parse((CIVICPLUS / "alameda-county-water-district-ca.html").read_bytes(), ACWD_URL))


def test_file_kind_reads_the_viewfile_path() -> None:
    assert file_kind("/AgendaCenter/ViewFile/Agenda/_05052020-382") == "agenda"
    assert file_kind("/AgendaCenter/ViewFile/Agenda/_05052020-382?packet=true") == "packet"
    assert file_kind("/AgendaCenter/ViewFile/Minutes/_05052020-382") == "minutes"
    assert file_kind("/AgendaCenter/ViewFile/Agenda/_05052020-382?html=true") is None
    assert file_kind("/AgendaCenter/PreviousVersions/_05052020-382") is None
    assert file_kind("https://publicrecords.las-cruces.org/WebLink/Browse.aspx?id=2049915") is None


# --- Nash County (real cassette) ----------------------------------------------------------------------

def test_nash_county_one_meeting_with_agenda_and_minutes() -> None:
    base = "http://nc-nashcounty.civicplus.com/AgendaCenter/ViewFile"
    assert list(NASH.values()) == [MeetingItem(
        source="civicplus:test", external_id="20200505-382", body="Board of Commissioners",
        start=dt.datetime(2020, 5, 5), status="held", url=cassette_page("nash-county-nc.cassette.yaml")[1],
        links=[Link(title="Agenda", href=f"{base}/Agenda/_05052020-382", kind="agenda"),
               Link(title="Minutes", href=f"{base}/Minutes/_05052020-382", kind="minutes")])]


def test_nash_county_document_requests() -> None:
    requests = [item for item in NASH_ITEMS if isinstance(item, Request)]
    assert [(r.url.rsplit("/", 2)[-2], r.meta["document"]["kind"]) for r in requests] == [
        ("Agenda", "agenda"), ("Minutes", "minutes")]


# --- Las Cruces (real) --------------------------------------------------------------------------------

def test_las_cruces_every_row_is_one_meeting() -> None:
    assert len(LAS_CRUCES) == 28 == len(re.findall(rb'<tr id="row\w+" class="catAgendaRow">', LC_HTML))


def test_las_cruces_bodies_are_the_listing_headings() -> None:
    assert len({m.body for m in LAS_CRUCES.values()}) == 20
    assert Counter(m.body for m in LAS_CRUCES.values()).most_common(1) == [("Historic Preservation Commission", 3)]


def test_las_cruces_meeting_with_minutes_agenda_and_packet() -> None:
    base = "https://lascrucesnm.civicplus.com/AgendaCenter/ViewFile"
    meeting = LAS_CRUCES["20201112-791"]
    assert (meeting.body, meeting.start, meeting.status) == ("Board of Commissioners for Las Cruces Utilities",
                                                             dt.datetime(2020, 11, 12), "held")
    assert meeting.links == [Link(title="Minutes", href=f"{base}/Minutes/_11122020-791", kind="minutes"),
                             Link(title="Agenda", href=f"{base}/Agenda/_11122020-791", kind="agenda"),
                             Link(title="Agenda Packet", href=f"{base}/Agenda/_11122020-791?packet=true",
                                  kind="packet")]


def test_las_cruces_link_kinds_match_the_viewfile_links() -> None:
    hrefs = set(re.findall(rb'href="(/AgendaCenter/ViewFile/[^"]+)"', LC_HTML))
    assert Counter(link.kind for m in LAS_CRUCES.values() for link in m.links) == {
        "agenda": 28, "packet": 28, "minutes": 4}
    assert len({h for h in hrefs if b"html=true" not in h}) == 60 == len(LC_REQUESTS)


def test_las_cruces_titles_that_say_cancelled_cancel() -> None:
    assert sorted(key for key, m in LAS_CRUCES.items() if m.status == "cancelled") == [
        "20201112-792", "20201118-798", "20201118-806", "20201119-807", "20201202-817", "20201207-819",
        "20201210-822"]


def test_a_notice_of_cancellation_cancels_like_cancelled() -> None:
    """Las Cruces' real page with each "- CANCELLED" title written as a notice of cancellation instead."""
    notices = meetings_of(parse(LC_HTML.replace(b"- CANCELLED", b"- Notice of Cancellation"), LC_URL))
    assert sorted(key for key, m in notices.items() if m.status == "cancelled") == [
        "20201112-792", "20201118-798", "20201118-806", "20201119-807", "20201202-817", "20201207-819",
        "20201210-822"]


def test_las_cruces_document_titles_are_the_rows_titles() -> None:
    assert LC_REQUESTS[0].meta["document"] == {
        "kind": "agenda", "meeting": "20201119-808",
        "title": "Airport Advisory Board Meeting Agenda for November 19, 2020: Agenda"}


def test_las_cruces_dates_span_the_search() -> None:
    starts = [m.start for m in LAS_CRUCES.values()]
    assert (min(starts), max(starts)) == (dt.datetime(2020, 11, 9), dt.datetime(2020, 12, 14))


# --- Alameda County Water District (real, newer template) ---------------------------------------------

def test_alameda_water_district_rows_with_h3_headings() -> None:
    base = "https://www.acwd.org/AgendaCenter/ViewFile/Agenda"
    assert {key: (m.body, m.start, m.links) for key, m in ACWD.items()} == {
        "20240904-1447": ("Engineering and Information Technology Services", dt.datetime(2024, 9, 4),
                          [Link(title="Agenda", href=f"{base}/_09042024-1447", kind="agenda")]),
        "20240903-1448": ("Operations and Water Quality", dt.datetime(2024, 9, 3),
                          [Link(title="Agenda", href=f"{base}/_09032024-1448", kind="agenda")])}


# --- quiet windows and pages that are no search -------------------------------------------------------

def test_a_search_with_no_results_is_quiet_not_an_error() -> None:
    assert parse(*cassette_page("las-cruces-nm-no-meetings.cassette.yaml")) == []


def test_a_page_that_is_no_agendacenter_search_is_the_sources_error() -> None:
    url = "https://moved.example" + SEARCH
    [status] = parse(b"<html><head><title>Welcome to Our City</title></head><body><h1>Home</h1></body></html>", url)
    assert status == SourceStatusItem(source="civicplus:test", ok=False, error=(
        f"{url}: not a CivicPlus AgendaCenter search page (Welcome to Our City); the source's url should be the "
        "site's /AgendaCenter"))


def test_rows_none_of_which_can_be_dated_are_the_sources_error_not_silence() -> None:
    """Las Cruces' real page with every ``_MMDDYYYY-ID`` stripped of its underscore, as a redesign might."""
    undated = re.sub(rb"_(\d{8}-\d+)", rb"\1", LC_HTML)
    [status] = parse(undated, LC_URL)
    rows = LC_HTML.count(b'class="catAgendaRow"')
    assert status == SourceStatusItem(source="civicplus:test", ok=False, error=(
        f"{LC_URL}: {rows} meeting rows, none with the _MMDDYYYY-ID anchor or ViewFile link that dates it "
        "(AgendaCenter redesigned?)"))


# --- end to end ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_crawl_nash_county_files_while_a_broken_site_fails(crawl, blank_db_url: str) -> None:
    """Nash County's cassette on 127.0.0.1 (SQLite and PostgreSQL: the crawler migrates a new database):
    both files fetched and stored; a site answering 503 is its source's error."""
    broken = Exchange(url="http://broken.example/AgendaCenter/Search/", status=503, body=b"down", match_query=False)
    with replaying([*load_cassette(CIVICPLUS / "nash-county-nc.cassette.yaml"), broken]) as site:
        entries = [{"id": "civicplus:nash-county-nc", "name": "Nash County", "state": "NC", "platform": "civicplus",
                    "url": site.base("nc-nashcounty.civicplus.com") + "/AgendaCenter"},
                   {"id": "civicplus:broken", "name": "Broken", "state": "NC", "platform": "civicplus",
                    "url": site.base("broken.example") + "/AgendaCenter"}]
        result = crawl(entries, "--since", "2020-05-05", "--until", "2020-05-05", db_url=blank_db_url)
    assert result.returncode == 0, result.stderr
    documents = result.documents()
    assert {(d["kind"], d["status"]) for d in documents} == {("agenda", "ok"), ("minutes", "ok")}
    assert all(d["url"].endswith("_05052020-382") and d["page_count"] for d in documents)
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["civicplus:nash-county-nc"]["status"] == "ok"
    assert by_source["civicplus:nash-county-nc"]["failed_documents"] == 0
    assert by_source["civicplus:broken"]["status"] == "error" and "503" in by_source["civicplus:broken"]["last_error"]
