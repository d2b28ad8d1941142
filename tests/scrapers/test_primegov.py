"""PrimeGov: the real recorded meeting lists parsed in-process, one field per test, and one real crawl.

Recordings (``../shared/fixtures/primegov``, read in place): Los Angeles' council committees of Oct 21-22,
2021 (``date`` and ``time``, HTML and PDF outputs per template, "Journal" minutes, a "Notice of
Cancellation") and the Contra Costa Transportation Authority's July 2022 (a "Packet", a "- Cancelled"
title). Two more real lists from City Bureau's tests are kept in ``files/primegov`` (MIT; see its README):
LA's Health Commission 2024 (``dateTime``, two notices of cancellation, YouTube videos) and Grand Rapids
MI's Mobile GR Commission 2026 (a packet-only template, Word outputs, an agenda published only as PDF)
and Clayton County GA's upcoming meetings (a protocol-relative ``videoUrl``).
``files/primegov/robots.txt`` is hand-made (see the README beside it): PrimeGov's disallow-all.
Each list is parsed once per module as the archive of its year, on a fixed day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from freezegun import freeze_time
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from scrapers.items import MeetingItem, SourceStatusItem
from scrapers.links import Link
from scrapers.reasons import failure_reason
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.primegov import ARCHIVED_PATH, UPCOMING_PATH, PrimeGovSpider, parse_start
from tests.scrapers.conftest import FIXTURES

PRIMEGOV = FIXTURES / "primegov"
ROBOTS = Path(__file__).resolve().parent / "files" / "primegov" / "robots.txt"
LA, CCTA = "https://lacity.primegov.com", "https://ccta.primegov.com"


def source(base: str, **options: str) -> dict:
    return {"id": f"primegov:{base.split('//')[1].split('.')[0]}", "name": "x", "state": "CA",
            "platform": "primegov", "url": base, "options": options}


def spider_for(*sources: dict, since: str = "2021-01-01", until: str = "2022-12-31") -> PrimeGovSpider:
    return PrimeGovSpider.from_crawler(get_crawler(PrimeGovSpider), sources=list(sources), since=since, until=until)


def parse(path: Path, base: str, year: int) -> list:
    entry = source(base)
    url = f"{base}{ARCHIVED_PATH}?year={year}"
    response = TextResponse(url, body=path.read_bytes(), headers={"Content-Type": "application/json"},
                            request=Request(url, meta={"source": entry["id"], "upcoming": False}))
    with freeze_time("2026-11-29"):
        return list(spider_for(entry, since=f"{year}-01-01", until=f"{year}-12-31").parse_meetings(response))


def compiled(base: str, template: int) -> str:
    return f"{base}/Public/CompiledDocument?meetingTemplateId={template}&compileOutputType=1"


FILES = Path(__file__).resolve().parent / "files" / "primegov"
LA_ITEMS = parse(PRIMEGOV / "los-angeles-ca-list-meetings.json", LA, 2021)
LA_MEETINGS = {item.external_id: item for item in LA_ITEMS if isinstance(item, MeetingItem)}
CCTA_ITEMS = parse(PRIMEGOV / "contra-costa-transportation-authority-list-meetings.json", CCTA, 2022)
CCTA_MEETINGS = {item.external_id: item for item in CCTA_ITEMS if isinstance(item, MeetingItem)}
LA_HEALTH_ITEMS = parse(FILES / "los-angeles-ca-health-commission-archived.json", LA, 2024)
LA_HEALTH = {item.external_id: item for item in LA_HEALTH_ITEMS if isinstance(item, MeetingItem)}
GR = "https://grandrapidscity.primegov.com"
GR_ITEMS = parse(FILES / "grand-rapids-mi-mobile-gr-archived.json", GR, 2026)
MOBILE_GR = {item.external_id: item for item in GR_ITEMS if isinstance(item, MeetingItem)}


# --- Los Angeles (real) -------------------------------------------------------------------------------

def test_los_angeles_every_meeting_in_list_order() -> None:
    assert list(LA_MEETINGS) == ["9817", "9910", "10014", "9545", "9944"]


def test_los_angeles_names() -> None:
    assert [m.body for m in LA_MEETINGS.values()] == [
        "Information, Technology, and General Services", "Energy, Climate Change, Environmental Justice, and River "
        "Committee", "Immigrant Affairs, Civil Rights, and Equity Committee", "Trade, Travel, and Tourism Committee",
        "City Council Meeting"]


def test_los_angeles_starts_are_date_at_time() -> None:
    assert [m.start for m in LA_MEETINGS.values()] == [
        dt.datetime(2021, 10, 21, 10, 0), dt.datetime(2021, 10, 21, 10, 0), dt.datetime(2021, 10, 21, 12, 30),
        dt.datetime(2021, 10, 21, 14, 0), dt.datetime(2021, 10, 22, 10, 0)]


def test_los_angeles_status_a_notice_of_cancellation_cancels() -> None:
    assert [m.status for m in LA_MEETINGS.values()] == ["held", "held", "held", "held", "cancelled"]


def test_los_angeles_each_template_is_one_link_its_pdf_and_the_journal_is_minutes() -> None:
    assert LA_MEETINGS["9817"].links == [
        Link(title="Agenda", href=compiled(LA, 77545), kind="agenda"),
        Link(title="Journal", href=compiled(LA, 77546), kind="minutes"),
        Link(title="Video", href="https://youtube.com/watch?v=XsG8X1NTEoo", kind="other")]


def test_los_angeles_revised_special_and_cancellation_templates() -> None:
    assert [(link.title, link.kind) for m in ("10014", "9545", "9944") for link in LA_MEETINGS[m].links
            if link.title != "Video"] == [("Revised Agenda", "agenda"), ("Special Agenda", "agenda"),
                                         ("Notice of Cancellation", "other")]


def test_los_angeles_one_document_request_per_template() -> None:
    requests = [item for item in LA_ITEMS if isinstance(item, Request)]
    assert [(r.url, r.meta["document"]["kind"], r.meta["document"]["meeting"]) for r in requests] == [
        (compiled(LA, 77545), "agenda", "9817"), (compiled(LA, 77546), "minutes", "9817"),
        (compiled(LA, 78142), "agenda", "9910"), (compiled(LA, 78143), "minutes", "9910"),
        (compiled(LA, 79021), "agenda", "10014"), (compiled(LA, 75649), "agenda", "9545"),
        (compiled(LA, 78463), "other", "9944")]


# --- Contra Costa Transportation Authority (real) -----------------------------------------------------

def test_ccta_meetings_names_starts_and_status() -> None:
    assert {key: (m.body, m.start, m.status) for key, m in CCTA_MEETINGS.items()} == {
        "1298": ("Countywide Bicycle and Pedestrian Advisory Committee Meeting", dt.datetime(2022, 7, 25, 11, 0),
                 "held"),
        "1330": ("Citizens Advisory Committee Meeting - Cancelled", dt.datetime(2022, 7, 27, 18, 0), "cancelled")}


def test_ccta_packet_is_read_as_its_pdf_though_the_html_comes_first() -> None:
    assert CCTA_MEETINGS["1298"].links[:2] == [Link(title="Packet", href=compiled(CCTA, 5422), kind="packet"),
                                               Link(title="Agenda", href=compiled(CCTA, 5420), kind="agenda")]


def test_ccta_cancelled_meeting_keeps_its_notice() -> None:
    assert CCTA_MEETINGS["1330"].links == [Link(title="Notice of Cancellation", href=compiled(CCTA, 5573))]


# --- Los Angeles Health Commission 2024 (real, City Bureau) -------------------------------------------

def test_la_health_every_meeting() -> None:
    text = (FILES / "los-angeles-ca-health-commission-archived.json").read_text()
    assert len(LA_HEALTH) == text.count('"meetingTypeId"') == 10


def test_la_health_starts_from_date_time() -> None:
    assert [m.start for m in LA_HEALTH.values()] == [
        dt.datetime(2024, month, day, 18) for month, day in
        ((1, 8), (2, 12), (3, 11), (4, 8), (5, 13), (6, 10), (7, 8), (8, 12), (9, 9), (10, 21))]


def test_la_health_names() -> None:
    assert {m.body for m in LA_HEALTH.values()} == {"Los Angeles City Health Commission",
                                                    "Los Angeles City Health Commission Meeting"}


def test_la_health_notices_of_cancellation_cancel_their_meetings() -> None:
    assert [key for key, m in LA_HEALTH.items() if m.status == "cancelled"] == ["15527", "15731"]
    assert LA_HEALTH["15527"].links == [Link(title="Notice of Cancellation", href=compiled(LA, 129424))]


def test_la_health_one_pdf_per_template_and_the_video() -> None:
    assert LA_HEALTH["15759"].links == [
        Link(title="Revised Agenda", href=compiled(LA, 131577), kind="agenda"),
        Link(title="Video", href="https://youtube.com/watch?v=n7Yv4_tL5Hk")]
    assert [len(m.links) for m in LA_HEALTH.values()] == [2, 2, 2, 1, 1, 2, 1, 2, 2, 2]


# --- Grand Rapids MI Mobile GR Commission 2026 (real, City Bureau) ------------------------------------

def test_mobile_gr_every_meeting_with_its_title_and_start() -> None:
    assert [(m.body, m.start) for m in MOBILE_GR.values()][:2] == [
        ("January 14th Mobile GR Commission Meeting", dt.datetime(2026, 1, 14, 12)),
        ("February 11th Mobile GR Commission Meeting", dt.datetime(2026, 2, 11, 12))]
    assert len(MOBILE_GR) == 9 and {m.start.hour for m in MOBILE_GR.values()} == {12}


def test_mobile_gr_a_packet_only_template_is_one_packet() -> None:
    assert MOBILE_GR["5978"].links == [Link(title="Packet", href=compiled(GR, 31056), kind="packet")]


def test_mobile_gr_agenda_and_packet_as_pdfs_never_the_word_output() -> None:
    assert MOBILE_GR["6117"].links == [Link(title="Agenda", href=compiled(GR, 31863), kind="agenda"),
                                       Link(title="Packet", href=compiled(GR, 31865), kind="packet")]
    requests = [item.url for item in GR_ITEMS if isinstance(item, Request)]
    assert len(requests) == 14 and all(url.endswith("compileOutputType=1") for url in requests)


# --- Clayton County GA upcoming meetings (real, City Bureau) ------------------------------------------

def upcoming(path: Path, base: str, today: str) -> list:
    """The spider's items for one ``ListUpcomingMeetings`` answer, on ``today``, with a window after it."""
    entry = source(base)
    url = base + UPCOMING_PATH
    response = TextResponse(url, body=path.read_bytes(), headers={"Content-Type": "application/json"},
                            request=Request(url, meta={"source": entry["id"], "upcoming": True}))
    with freeze_time(today):
        return list(spider_for(entry, since="2026-06-01", until="2026-07-31").parse_meetings(response))


CLAYTON = "https://claytoncountyga.primegov.com"
CLAYTON_MEETINGS = {item.external_id: item for item in
                    upcoming(FILES / "clayton-county-ga-upcoming-meetings.json", CLAYTON, "2026-04-26")
                    if isinstance(item, MeetingItem)}


def test_clayton_upcoming_meetings_are_read_whatever_the_window() -> None:
    assert {key: (m.body, m.start, m.status) for key, m in CLAYTON_MEETINGS.items()} == {
        "696": ("Budget Meeting", dt.datetime(2026, 4, 27, 9), "scheduled"),
        "697": ("Budget Meeting", dt.datetime(2026, 4, 28, 9), "scheduled")}


def test_clayton_a_protocol_relative_video_url_is_https() -> None:
    assert CLAYTON_MEETINGS["696"].links == [
        Link(title="Agenda", href=compiled(CLAYTON, 5479), kind="agenda"),
        Link(title="Video", href="https://claytoncountyga.granicus.com/MediaPlayer.php?clip_id=461")]
    assert CLAYTON_MEETINGS["697"].links[1] == Link(
        title="Video", href="https://claytoncountyga.granicus.com/MediaPlayer.php?event_id=30")


# --- start times and answers that are no meeting list -------------------------------------------------

def test_start_is_date_time_where_given_else_date_at_time() -> None:
    assert parse_start({"dateTime": "2026-03-04T10:00:00", "date": "Mar 04, 2026"}) == dt.datetime(2026, 3, 4, 10)
    assert parse_start({"date": "Jul 25, 2022", "time": "TBD"}) == dt.datetime(2022, 7, 25)
    assert parse_start({"date": "soon"}) is None


def test_an_answer_that_is_not_a_json_list_is_the_sources_error() -> None:
    entry = source(CCTA)
    url = CCTA + UPCOMING_PATH
    response = TextResponse(url, body=b"<html><title>Runtime Error</title></html>", headers={"Content-Type": "text/html"},
                            request=Request(url, meta={"source": entry["id"], "upcoming": True}))
    [status] = spider_for(entry).parse_meetings(response)
    assert status == SourceStatusItem(source="primegov:ccta", ok=False,
                                      error=f"{url}: the answer is not PrimeGov's JSON list of meetings")


def test_a_list_whose_meetings_none_can_be_dated_is_the_sources_error_not_silence() -> None:
    """Clayton County's real answer with its dates renamed, as an API change might."""
    text = (FILES / "clayton-county-ga-upcoming-meetings.json").read_text()
    body = text.replace('"dateTime"', '"startsAt"').replace('"date"', '"day"').encode()
    entry = source(CLAYTON)
    url = CLAYTON + UPCOMING_PATH
    response = TextResponse(url, body=body, headers={"Content-Type": "application/json"},
                            request=Request(url, meta={"source": entry["id"], "upcoming": True}))
    [status] = spider_for(entry).parse_meetings(response)
    assert status == SourceStatusItem(source="primegov:claytoncountyga", ok=False, error=(
        f"{url}: 2 of 2 meetings have no id or no dateTime (or date) the spider can read"))


# --- robots.txt ---------------------------------------------------------------------------------------

def test_robots_are_obeyed_by_default_and_ignored_only_when_the_source_says_so() -> None:
    obey, ignore = source(CCTA), source(LA, robots="ignore")
    spider = spider_for(obey, ignore, since="2022-01-01", until="2022-12-31")
    assert {"dont_obey_robotstxt" in r.meta for r in spider.requests_for(obey)} == {False}
    assert {r.meta.get("dont_obey_robotstxt") for r in spider.requests_for(ignore)} == {True}
    assert spider.document_request(compiled(LA, 1), ignore["id"], "agenda").meta["dont_obey_robotstxt"] is True


def test_a_request_robots_forbid_says_so_and_what_to_do() -> None:
    failure = Failure(IgnoreRequest("Forbidden by robots.txt"))
    failure.request = Request(LA + UPCOMING_PATH)
    assert failure_reason(failure) == ("robots.txt disallows crawling lacity.primegov.com; set options.robots: "
                                       "ignore only if you have permission")


@pytest.mark.slow
def test_crawl_obeys_a_disallow_all_robots_txt_unless_the_source_ignores_it(crawl) -> None:
    """Both hosts answer PrimeGov's disallow-all robots.txt. Los Angeles (``robots: ignore``) is crawled: its
    real list as the 2021 archive, one agenda served through PrimeGov's blob redirect, the rest 404. CCTA
    (default, obey) is never asked for its list: its error says why."""
    blob = "https://pgwest.blob.core.windows.net/lacity/compiled/13566.pdf?sv=2021-08-06&se=2021-10-23&sig=x1"
    lacity, ccta = "https://lacity.primegov.com", "https://ccta.primegov.com"
    json_type = {"Content-Type": "application/json; charset=utf-8"}
    exchanges = [
        page(f"{lacity}/robots.txt", ROBOTS), page(f"{ccta}/robots.txt", ROBOTS),
        page(f"{lacity}{ARCHIVED_PATH}?year=2021", PRIMEGOV / "los-angeles-ca-list-meetings.json"),
        Exchange(url=lacity + UPCOMING_PATH, body=b"[]", headers=json_type),
        Exchange(url=f"{ccta}{ARCHIVED_PATH}", body=b"[]", headers=json_type, match_query=False),
        Exchange(url=ccta + UPCOMING_PATH, body=b"[]", headers=json_type),
        Exchange(url=compiled(lacity, 77545), status=302, headers={"Location": blob}),
        page(blob, FIXTURES / "agendas" / "burbank-ca-council-agenda.pdf"),
    ]
    with replaying(exchanges) as site:
        entries = [{**source(lacity, robots="ignore"), "url": site.base("lacity.primegov.com")},
                   {**source(ccta), "url": site.base("ccta.primegov.com")}]
        result = crawl(entries, "--since", "2021-10-01", "--until", "2021-12-31")
        asked = {url for _, url, _ in site.requests}
        local = site.base("ccta.primegov.com")
    assert result.returncode == 0, result.stderr
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["primegov:ccta"]["status"] == "error"
    assert by_source["primegov:ccta"]["last_error"].endswith(
        f"robots.txt disallows crawling {local.split('//')[1]}; set options.robots: ignore only if you have permission")
    assert not any("ccta.primegov.com/api" in url for url in asked)
    assert by_source["primegov:lacity"]["status"] == "ok"
    documents = {d["url"].split("?", 1)[1]: d for d in result.documents()}
    assert set(documents) == {f"meetingTemplateId={t}&compileOutputType=1"
                              for t in (77545, 77546, 78142, 78143, 79021, 75649, 78463)}
    agenda = documents["meetingTemplateId=77545&compileOutputType=1"]
    assert (agenda["kind"], agenda["status"]) == ("agenda", "ok") and agenda["page_count"] > 1
