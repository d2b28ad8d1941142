"""NovusAGENDA: the real recorded search page parsed in-process field by field, and real crawls.

Recording (``../shared/fixtures/novusagenda``, read in place): Dinuba CA's ``meetingsgeneral.aspx``, whose
meetings grid (4 council meetings, agendas as HTML and PDF, legal minutes) has no pager while the items grid
under it has one ("Next Page"): the spider must not post the items' pager as the meetings' next page. It is
parsed once per module on a fixed day; expected counts come from the HTML with plain string counts.

No recording of a ``meetingsresponsive.aspx`` page is in ``../shared/fixtures``: RESPONSIVE below is written
by hand in the shape of City Bureau's recording of South Fulton GA's page (city-scrapers-atl
``tests/files/atl_south_fulton_city_council.html``, read through the project's search tool, not copied):
a repeater table with a leading empty cell, each name printed twice, a collapsed row repeating the links,
and a ``rptItems`` table of items with dates of their own. The paged crawl uses the hand-made fictional site
in ``files/novusagenda`` (see its README).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from freezegun import freeze_time
from parsel import Selector
from scrapy.http import FormRequest, HtmlResponse, Request
from scrapy.utils.test import get_crawler
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Meeting
from scrapers.items import MeetingItem, SourceStatusItem
from scrapers.links import Link
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.novusagenda import NovusAgendaSpider, _clock, link_kind, parse_day
from tests.scrapers.conftest import FIXTURES

NOVUS = FIXTURES / "novusagenda"
DINUBA = "https://dinuba.novusagenda.com/agendapublic"


def parse(body: bytes, url: str, today: str, since: str = "2000-01-01", until: str = "2030-12-31",
          **meta: str) -> list:
    """Everything the spider yields for one search page as of ``today`` (a later page unless ``meta`` says
    which search it is)."""
    source = {"id": "novusagenda:test", "name": "Test", "state": "CA", "platform": "novusagenda",
              "url": url.split("?")[0].rsplit("/", 1)[0]}
    spider = NovusAgendaSpider.from_crawler(get_crawler(NovusAgendaSpider), sources=[source], since=since,
                                            until=until)
    response = HtmlResponse(url, body=body, encoding="utf-8",
                            request=Request(url, meta={"source": source["id"], "seen": set(), **meta}))
    with freeze_time(today):
        return list(spider.parse_search(response))


def meetings_of(items: list) -> dict[str, MeetingItem]:
    return {item.external_id: item for item in items if isinstance(item, MeetingItem)}


DINUBA_HTML = (NOVUS / "dinuba-ca-meetingsgeneral.html").read_text(encoding="utf-8")
DINUBA_ITEMS = parse(DINUBA_HTML.encode(), f"{DINUBA}/meetingsgeneral.aspx?MeetingType=1&Date=6ms", "2022-10-01")
DIN = meetings_of(DINUBA_ITEMS)

#: Hand-made (no recording shows this layout): a ``meetingsresponsive.aspx`` page, see the module docstring.
RESPONSIVE = """<!DOCTYPE html><html><head><title>NovusAGENDA</title></head><body>
<form method="post" action="./meetingsresponsive.aspx?MeetingType=1" id="form1">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="dGVzdA==" />
<div role="tabpanel" class="tab-pane active" id="meetings"><div class="table-responsive">
<table class="table table-condensed table-hover table-striped">
<tr><td style="text-align: center"></td>
<th><a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl00_lnkMeetingDate" href="javascript:__doPostBack(&#39;ctl00$ContentPlaceHolder1$rptMeetings$ctl00$lnkMeetingDate&#39;,&#39;&#39;)">Meeting Date</a></th>
<th><a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl00_lnkMeetingType" href="#">Meeting Type</a></th>
<th class="mobile-portrait-hidden">Meeting Location</th>
<th id="ctl00_ContentPlaceHolder1_rptMeetings_ctl00_thPublicSiteShowAgendaHtml">Online Agenda</th>
<th id="ctl00_ContentPlaceHolder1_rptMeetings_ctl00_thPublicSiteShowAgendaPdf">Download Agenda</th>
<th id="ctl00_ContentPlaceHolder1_rptMeetings_ctl00_thPublicSiteShowMinutesHtml">Minutes Recap</th>
<th id="ctl00_ContentPlaceHolder1_rptMeetings_ctl00_thPublicSiteShowMinutesPdf">Legal Minutes</th></tr>
<tr><td style="text-align: center"><div></div></td><td style="width: 7%">03/24/26</td>
<td class="mobile-table"><div class="visible-xs-inline"><label class="btn btn-link" data-target="#extendedMeeting731">
 Council Regular Meeting </label></div><div class="mobile-table-td-div"> Council Regular Meeting </div></td>
<td class="mobile-portrait-hidden">City Hall Council Chambers, 100 Main St, Lakeshore, GA</td>
<td id="ctl00_ContentPlaceHolder1_rptMeetings_ctl01_tdPublicSiteShowAgendaHtml"><div><a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl01_hypHTMLAgendaView" onClick="javascript:ViewHTML=window.open(&#39;MeetingView.aspx?MeetingID=731&amp;MinutesMeetingID=-1&amp;doctype=Agenda&#39;,&#39;ViewHTML&#39;,&#39;toolbar=yes&#39;);ViewHTML.focus();" style="cursor:pointer"><img src="images/icon_files.gif" alt="View Agenda HTML" /></a></div></td>
<td id="ctl00_ContentPlaceHolder1_rptMeetings_ctl01_tdPublicSiteShowAgendaPdf"><div><a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl01_hypAdgendaPDF" href="DisplayAgendaPDF.ashx?MeetingID=731" target="_blank"><img src="images/ico_pdf.gif" alt="Agenda PDF" /></a></div></td>
<td id="ctl00_ContentPlaceHolder1_rptMeetings_ctl01_tdPublicSiteShowMinutesHtml"><div></div></td>
<td id="ctl00_ContentPlaceHolder1_rptMeetings_ctl01_tdPublicSiteShowMinutesPdf"><div></div></td></tr>
<tr class="collapse" id="extendedMeeting731"><td class="mobile-table-td" colspan="8"><div class="form-group">
<label>Meeting Location</label><div>City Hall Council Chambers, 100 Main St, Lakeshore, GA</div>
<a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl01_hypHTMLAgendaViewExtended" onClick="javascript:ViewHTML=window.open(&#39;MeetingView.aspx?MeetingID=731&amp;MinutesMeetingID=-1&amp;doctype=Agenda&#39;,&#39;ViewHTML&#39;,&#39;toolbar=yes&#39;);ViewHTML.focus();" style="cursor:pointer">Online Agenda</a>
<a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl01_hypAdgendaPDFExtended" href="DisplayAgendaPDF.ashx?MeetingID=731" target="_blank">Agenda PDF</a>
</div></td></tr>
<tr><td style="text-align: center"><div></div></td><td style="width: 7%">03/10/26</td>
<td class="mobile-table"><div class="visible-xs-inline"><label class="btn btn-link" data-target="#extendedMeeting727">
 Council Work Session </label></div><div class="mobile-table-td-div"> Council Work Session </div></td>
<td class="mobile-portrait-hidden">Virtual - Budget Presentations</td>
<td id="ctl00_ContentPlaceHolder1_rptMeetings_ctl02_tdPublicSiteShowAgendaHtml"><div><a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl02_hypHTMLAgendaView" onClick="javascript:ViewHTML=window.open(&#39;MeetingView.aspx?MeetingID=727&amp;MinutesMeetingID=702&amp;doctype=Agenda&#39;,&#39;ViewHTML&#39;,&#39;toolbar=yes&#39;);ViewHTML.focus();" style="cursor:pointer"><img src="images/icon_files.gif" alt="View Agenda HTML" /></a></div></td>
<td id="ctl00_ContentPlaceHolder1_rptMeetings_ctl02_tdPublicSiteShowAgendaPdf"><div><a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl02_hypAdgendaPDF" href="DisplayAgendaPDF.ashx?MeetingID=727" target="_blank"><img src="images/ico_pdf.gif" alt="Agenda PDF" /></a></div></td>
<td id="ctl00_ContentPlaceHolder1_rptMeetings_ctl02_tdPublicSiteShowMinutesHtml"><div><a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl02_hypHTMLMinutesView" style="cursor:pointer"><img src="images/icon_files.gif" alt="HTML View" /></a></div></td>
<td id="ctl00_ContentPlaceHolder1_rptMeetings_ctl02_tdPublicSiteShowMinutesPdf"><div><a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl02_hypMinutesPDF" href="DisplayAgendaPDF.ashx?MinutesMeetingID=702" target="_blank"><img src="images/ico_pdf.gif" alt="Legal Minutes" /></a></div></td></tr>
<tr class="collapse" id="extendedMeeting727"><td class="mobile-table-td" colspan="8"><div class="form-group">
<label>Meeting Location</label><div>Virtual - Budget Presentations</div>
<a id="ctl00_ContentPlaceHolder1_rptMeetings_ctl02_hypMinutesPDFExtended" href="DisplayAgendaPDF.ashx?MinutesMeetingID=702" target="_blank">Legal Minutes</a>
</div></td></tr>
</table></div></div>
<div role="tabpanel" class="tab-pane" id="items"><div class="table-responsive">
<table class="table table-condensed table-hover table-striped">
<tr><th><a id="ctl00_ContentPlaceHolder1_rptItems_ctl00_lnkDate" href="#">Date</a></th><th>Title</th><th>Item Video</th>
<th>Category</th><th>Meeting Type</th><th>Location</th><th>Online Item</th></tr>
<tr><td style="width: 10%">03/24/26</td><td class="mobile-table"><div class="mobile-table-td-div">Approve an agreement for license plate reader cameras</div></td>
<td><div></div></td><td>Consent Agenda Items</td><td>Council Regular Meeting</td><td>City Hall Council Chambers</td>
<td><div><a id="ctl00_ContentPlaceHolder1_rptItems_ctl01_hypHTMLAgendaView" onClick="javascript:ViewHTML=window.open(&#39;Coversheet.aspx?ItemID=5120&amp;MeetingID=731&#39;,&#39;ViewHTML&#39;);ViewHTML.focus();" href="#"><img src="images/icon_files.gif" alt="View Agenda HTML" /></a></div></td></tr>
</table></div></div>
</form></body></html>"""
LAKESHORE = "https://lakeshore.novusagenda.com/agendapublic"
RESPONSIVE_ITEMS = parse(RESPONSIVE.encode(), f"{LAKESHORE}/meetingsresponsive.aspx?Date=cus&From=03/01/2026&To=03/31/2026",
                         "2026-03-20")
RESP = meetings_of(RESPONSIVE_ITEMS)


# --- Dinuba (real) ----------------------------------------------------------------------------------------

def test_dinuba_every_row_of_the_meetings_grid_is_one_meeting() -> None:
    assert len(DIN) == 4 == DINUBA_HTML.count('id="SearchAgendasMeetings_radGridMeetings_ctl00__')


def test_dinuba_names_days_and_statuses() -> None:
    assert {key: (m.body, m.start, m.status) for key, m in DIN.items()} == {
        "365": ("Council Meeting", dt.datetime(2022, 9, 27), "held"),
        "354": ("Council Meeting", dt.datetime(2022, 9, 13), "held"),
        "353": ("Council Meeting", dt.datetime(2022, 8, 9), "held"),
        "352": ("Council Meeting", dt.datetime(2022, 7, 12), "held")}


def test_dinuba_links_with_their_kinds_and_columns() -> None:
    assert DIN["353"].links == [
        Link(title="Online Agenda", href=f"{DINUBA}/MeetingView.aspx?MeetingID=353&MinutesMeetingID=298&doctype=Agenda",
             kind="agenda"),
        Link(title="Download Agenda", href=f"{DINUBA}/DisplayAgendaPDF.ashx?MeetingID=353", kind="agenda"),
        Link(title="Legal Minutes", href=f"{DINUBA}/DisplayAgendaPDF.ashx?MinutesMeetingID=298", kind="minutes")]
    assert DIN["353"].url == f"{DINUBA}/MeetingView.aspx?MeetingID=353&MinutesMeetingID=298&doctype=Agenda"
    assert [len(m.links) for m in DIN.values()] == [2, 2, 3, 3]
    assert DINUBA_HTML.count('alt="Legal Minutes"') == 2 and DINUBA_HTML.count('alt="Agenda PDF"') == 4


def test_dinuba_one_document_request_per_link_html_agendas_read_for_their_items() -> None:
    requests = [item for item in DINUBA_ITEMS if isinstance(item, Request)]
    assert [r.url for r in requests] == [link.href for m in DIN.values() for link in m.links]
    views = [r for r in requests if "MeetingView.aspx" in r.url]
    assert len(views) == 4 and {r.callback.__name__ for r in views} == {"parse_meeting_view"}


def test_dinuba_the_items_grids_next_page_is_not_posted_as_the_meetings() -> None:
    pagers = Selector(text=DINUBA_HTML).xpath("//a[@title='Next Page']/ancestor::table[@id][1]/@id").getall()
    assert pagers == ["SearchAgendasMeetings_radGridItems_ctl00"]  # the only pager on the page is the items'
    assert not [item for item in DINUBA_ITEMS if isinstance(item, FormRequest)]


# --- meetingsresponsive.aspx (hand-made, see RESPONSIVE) --------------------------------------------------

def test_responsive_every_meeting_once_and_no_item_as_a_meeting() -> None:
    assert list(RESP) == ["731", "727"]  # the collapsed rows repeat the links; the items table has dates too


def test_responsive_names_printed_twice_are_read_once() -> None:
    assert {key: (m.body, m.start, m.status) for key, m in RESP.items()} == {
        "731": ("Council Regular Meeting", dt.datetime(2026, 3, 24), "scheduled"),
        "727": ("Council Work Session", dt.datetime(2026, 3, 10), "held")}


def test_responsive_links_with_their_kinds() -> None:
    assert RESP["727"].links == [
        Link(title="Online Agenda", href=f"{LAKESHORE}/MeetingView.aspx?MeetingID=727&MinutesMeetingID=702&doctype=Agenda",
             kind="agenda"),
        Link(title="Download Agenda", href=f"{LAKESHORE}/DisplayAgendaPDF.ashx?MeetingID=727", kind="agenda"),
        Link(title="Legal Minutes", href=f"{LAKESHORE}/DisplayAgendaPDF.ashx?MinutesMeetingID=702", kind="minutes")]


def test_responsive_page_has_no_postback() -> None:
    assert not [item for item in RESPONSIVE_ITEMS if isinstance(item, FormRequest)]


# --- hand-made fictional site (files/novusagenda) -----------------------------------------------------------

FILES = Path(__file__).parent / "files" / "novusagenda"  # hand-made: see its README
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


def test_the_pdf_handler_serves_minutes_for_a_minutes_meeting_id_whatever_the_column() -> None:
    """Dinuba's and South Fulton's real rows link legal minutes as ``DisplayAgendaPDF.ashx?MinutesMeetingID=N``."""
    assert link_kind("DisplayAgendaPDF.ashx?MinutesMeetingID=297", "") == "minutes"
    assert link_kind("DisplayAgendaPDF.ashx?MinutesMeetingID=460", "Download") == "minutes"
    assert link_kind("DisplayAgendaPDF.ashx?MeetingID=465", "") == "agenda"
    assert link_kind("https://harborpoint.granicus.com/MediaPlayer.php?clip_id=9") is None


def test_grid_dates_have_two_or_four_digit_years() -> None:
    assert parse_day("03/10/26") == parse_day("3/10/2026") == dt.date(2026, 3, 10)
    assert parse_day("No records to display.") is None and parse_day("13/45/26") is None


def test_meeting_rows_none_of_which_has_a_date_are_the_sources_error_not_silence() -> None:
    """Dinuba's real grid with its ``MM/DD/YY`` dates rewritten as ISO dates, as a redesign might show them."""
    undated = re.sub(r">(\d{2})/(\d{2})/(\d{2})<", r">20\3-\1-\2<", DINUBA_HTML)
    url = f"{DINUBA}/meetingsgeneral.aspx?MeetingType=1&Date=6ms"
    [status] = parse(undated.encode(), url, "2022-10-01")
    assert status == SourceStatusItem(source="novusagenda:test", ok=False, error=(
        f"{url}: 4 meeting rows with documents but no MM/DD/YY date (grid redesigned?)"))


def test_the_meetings_grids_own_next_page_is_posted_back() -> None:
    items = parse((FILES / "search-page-1.html").read_bytes(), SEARCH, "2026-04-01")
    [following] = [item for item in items if isinstance(item, FormRequest)]
    assert following.method == "POST" and following.url.split("?")[0] == f"{SITE}/meetingsgeneral.aspx"
    body = following.body.decode()
    assert "__EVENTTARGET=SearchAgendasMeetings%24radGridMeetings%24ctl00%24ctl03%24ctl01%24ctl28" in body


@pytest.mark.parametrize("body", [b"<html><body><h1>Our agendas have moved.</h1></body></html>", b""])
def test_a_search_page_without_a_meetings_table_tries_the_responsive_page(body: bytes) -> None:
    # hand-made: pages no recording shows
    [retry] = parse(body, SEARCH, "2026-04-01", "2026-03-01", "2026-03-31", search="meetingsgeneral.aspx")
    assert retry.url == f"{SITE}/meetingsresponsive.aspx?Date=cus&From=03%2F01%2F2026&To=03%2F31%2F2026"
    assert retry.meta["tried"] == f"{SEARCH}: no NovusAGENDA meeting grid or list on the page (moved or redesigned)"


def test_a_responsive_page_without_a_meetings_table_is_the_sources_error_with_both_reasons() -> None:
    url = f"{SITE}/meetingsresponsive.aspx?Date=cus&From=03%2F01%2F2026&To=03%2F31%2F2026"
    [status] = parse(b"<html><body>Not found</body></html>", url, "2026-04-01", "2026-03-01", "2026-03-31",
                     search="meetingsresponsive.aspx", tried=f"{SEARCH}: HTTP 404")  # hand-made
    assert status == SourceStatusItem(source="novusagenda:test", ok=False, error=(
        f"{SEARCH}: HTTP 404; {url}: no NovusAGENDA meeting grid or list on the page (moved or redesigned)"))


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_crawl_sites_that_publish_only_the_responsive_page(crawl) -> None:
    """RESPONSIVE (hand-made, see the module docstring) served by two sites whose ``meetingsgeneral.aspx``
    shows no grid (Lakeshore, an "unavailable" page written here) or answers 404 (Lakeside, unrecorded).
    Their documents are not recorded."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    exchanges = [
        Exchange(url="https://lakeshore.novusagenda.com/agendapublic/meetingsgeneral.aspx", match_query=False,
                 body=b"<html><body><p>This page is not available.</p></body></html>", headers=html),
        *[Exchange(url=f"https://{host}/agendapublic/meetingsresponsive.aspx?Date=cus&From=03/01/2026&To=03/31/2026",
                   body=RESPONSIVE.encode(), headers=html)
          for host in ("lakeshore.novusagenda.com", "lakeside.novusagenda.com")],
    ]
    with replaying(exchanges) as site:
        entries = [{"id": f"novusagenda:{name}", "name": name, "state": "GA", "platform": "novusagenda",
                    "url": site.base(f"{name}.novusagenda.com") + "/agendapublic"} for name in ("lakeshore", "lakeside")]
        result = crawl(entries, *MARCH)
    assert result.returncode == 0, result.stderr
    asked = sorted(url.split("/agendapublic/")[1].split("?")[0] for _, url, _ in site.requests
                   if "/agendapublic/meetings" in url)
    assert asked == ["meetingsgeneral.aspx"] * 2 + ["meetingsresponsive.aspx"] * 2
    engine = make_engine(result.db_url)
    try:
        with session_factory(engine)() as session:
            rows = session.execute(select(Meeting.external_id, Meeting.body)).all()
    finally:
        engine.dispose()
    assert sorted(rows) == sorted([("731", "Council Regular Meeting"), ("727", "Council Work Session")] * 2)
    assert {row["source"]: row["status"] for row in result.summary} == {"novusagenda:lakeshore": "ok",
                                                                        "novusagenda:lakeside": "ok"}


def test_a_time_cell_is_read_as_clerks_write_it() -> None:
    """The shared clock rule (base.clock_time): "10 AM" was midnight here while Legistar read it."""
    assert [_clock(cells) for cells in (["Regular Meeting", "10 AM"], ["6:30 p.m."], ["Council Chambers"])] == [
        dt.time(10, 0), dt.time(18, 30), dt.time(0, 0)]
