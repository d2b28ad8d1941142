"""NovusAGENDA: the public meeting search over the date window, then each meeting's agendas, items and minutes.

A site lives at ``https://{site}.novusagenda.com/agendapublic``. Its meeting search,
``meetingsgeneral.aspx?Date=cus&From=MM/DD/YYYY&To=MM/DD/YYYY`` (``MeetingType=N``, from
``options.meeting_types``, narrows it to some bodies), answers with two Telerik grids: the meetings
(``table#...radGridMeetings_ctl00``, headed ``Meeting Date | Meeting Type | Meeting Location | Online Agenda
| Download Agenda | ... Minutes``, 15 rows a page) and the agenda items (``radGridItems``), each grid with
its own pager. Further pages of the meetings are ASP.NET postbacks of
the "Next Page" link inside the meetings grid; the items grid's pager is never posted (its pages are items,
not meetings).

Some sites publish only ``meetingsresponsive.aspx``: when ``meetingsgeneral.aspx`` cannot be read (an
error, or no meetings grid on it), that page is asked for with the same query, and only when neither can
be read is the source in error (with both reasons). It shows the same columns in a plain repeater table
(ids ``...rptMeetings_ctlNN_...``, a leading empty cell, the name printed twice for phones and desktops, a
collapsed row after each meeting repeating its links) next to a ``rptItems`` table of agenda items, every
meeting of the range at once.

A row links the PDF agenda (``DisplayAgendaPDF.ashx?MeetingID=N``), the HTML agenda (``MeetingView.aspx?
MeetingID=N&doctype=Agenda``, opened by ``window.open`` in an ``onclick``) and minutes; the handler says
what it serves: the PDF handler serves a meeting's minutes for a ``MinutesMeetingID`` (Dinuba CA, South Fulton
GA), else what its column's header says (:func:`scrapers.links.kind_from_label`). The
HTML agenda links each item's cover sheet (``CoverSheet.aspx?ItemID=``), whose text is the staff report and
whose ``AttachmentViewer.ashx`` links are the item's attachments: all of them are fetched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from parsel import Selector
from scrapy.http import FormRequest, Request, Response
from twisted.python.failure import Failure

from scrapers.items import DocumentItem, DocumentKind, MeetingItem, SourceStatusItem
from scrapers.links import Link, attachment_kind, kind_from_label
from scrapers.spiders.base import PlatformSpider, clock_time, meeting_status

#: The search page, and the one a site without it publishes.
SEARCH_PAGE, RESPONSIVE_PAGE = "meetingsgeneral.aspx", "meetingsresponsive.aspx"

_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")
_WINDOW_OPEN = re.compile(r"""window\.open\(\s*['"]([^'"]+)['"]""")
_POSTBACK = re.compile(r"__doPostBack\(\s*'([^']*)'\s*,\s*'([^']*)'\s*\)")


def link_kind(url: str, column: str = "") -> DocumentKind | None:
    """What a meeting-row link serves, from its handler and its column header; None for anything else."""
    parts = urlsplit(url)
    page = parts.path.rsplit("/", 1)[-1].lower()
    query = {key.lower(): value.lower() for key, value in parse_qsl(parts.query)}
    if page in ("displayminutespdf.ashx", "minutesview.aspx") or query.get("doctype") == "minutes":
        return "minutes"
    if page == "displayagendapdf.ashx" and "minutesmeetingid" in query and "meetingid" not in query:
        return "minutes"
    if page in ("displayagendapdf.ashx", "meetingview.aspx"):
        kind = kind_from_label(column)  # the column's label ("Agenda Packet", "Minutes"), else an agenda
        return kind if kind != "other" else "agenda"
    return None


def parse_day(text: str) -> dt.date | None:
    """A grid date, ``MM/DD/YY`` or ``MM/DD/YYYY``."""
    found = _DATE.match(text.strip())
    if not found:
        return None
    month, day, year = (int(g) for g in found.groups())
    try:
        return dt.date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None


def _text(node: Selector) -> str:
    """A node's text, each distinct text block once (responsive pages print a name for phones and desktops)."""
    blocks = (" ".join(text.split()) for text in node.xpath(".//text()").getall())
    return " ".join(dict.fromkeys(block for block in blocks if block))


def meetings_table(page: Selector) -> Selector | None:
    """The table of meetings: the Telerik meetings grid, else the responsive page's ``rptMeetings`` repeater
    (never the items grid or repeater, whose rows have dates too)."""
    found = page.css("table[id$='radGridMeetings_ctl00']") or page.xpath("//table[.//*[contains(@id, 'rptMeetings')]]")
    return found[-1] if found else None


def undated_meeting_row(row: Selector) -> bool:
    """A row shaped like a meeting (three cells or more, a document link) without a cell that reads as a date."""
    cells = row.xpath("./td")
    return (len(cells) >= 3 and not any(parse_day(_text(cell)) for cell in cells)
            and any(link_kind(target) for target in map(_target, row.xpath(".//a")) if target))


def next_page(table: Selector) -> tuple[str, str] | None:
    """The postback target and argument of the meetings table's own "Next Page" link (its pager is inside it)."""
    found = _POSTBACK.search(table.xpath(".//a[@title='Next Page']/@href").get(""))
    return (found[1], found[2]) if found else None


def _target(link: Selector) -> str | None:
    """Where a link goes: its ``href``, or the page its ``onclick`` opens (the HTML agenda and minutes)."""
    opened = _WINDOW_OPEN.search(link.attrib.get("onclick", ""))
    if opened:
        return opened[1]
    href = link.attrib.get("href", "").strip()
    return href if href and not href.lower().startswith(("javascript:", "#", "mailto:")) else None


class NovusAgendaSpider(PlatformSpider):
    """Meetings, agendas, minutes, item cover sheets and attachments from NovusAGENDA sites."""

    name = platform = "novusagenda"
    status_reasons = {410: "removed from the site (NovusAGENDA answers 410 for withdrawn meetings)"}

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        yield self._search_request(source, SEARCH_PAGE)

    def _search_request(self, source: dict[str, Any], page: str, tried: str | None = None) -> Request:
        """The search of the window on ``page`` (``tried``: why the search page before it could not be read)."""
        query = [("Date", "cus"), ("From", self.since.strftime("%m/%d/%Y")), ("To", self.until.strftime("%m/%d/%Y"))]
        query += [("MeetingType", str(kind)) for kind in source.get("options", {}).get("meeting_types", [])]
        url = f"{source['url'].rstrip('/')}/{page}?{urlencode(query)}"
        request = self.listing_request(url, source, self.parse_search,
                                       meta={"seen": set(), "search": page, "tried": tried})
        return request.replace(errback=self.search_failed)

    def search_failed(self, failure: Failure) -> Iterable[Request | SourceStatusItem]:
        """A search page that could not be fetched: the responsive page is tried (module docstring)."""
        yield from self._unreadable(failure.request.meta, f"{failure.request.url}: {self.reason(failure)}")

    def _unreadable(self, meta: dict[str, Any], reason: str) -> Iterable[Request | SourceStatusItem]:
        """After ``meetingsgeneral.aspx``, ``meetingsresponsive.aspx``; after that (or a later page), the
        source's error with every reason."""
        if meta.get("search") == SEARCH_PAGE:
            yield self._search_request(self.sources[meta["source"]], RESPONSIVE_PAGE, tried=reason)
            return
        yield SourceStatusItem(source=meta["source"], ok=False,
                               error="; ".join(part for part in (meta.get("tried"), reason) if part))

    def parse_search(self, response: Response) -> Iterable[MeetingItem | Request | SourceStatusItem]:
        """The meetings of one page, requests for their documents, then the meetings' next page.

        A page whose meeting-shaped rows (documents linked) none has a date the spider can read is the
        source's error: its meetings would otherwise be dropped without a word.
        """
        source = response.meta["source"]
        table = meetings_table(response.selector)
        if table is None:
            yield from self._unreadable(response.meta, f"{response.url}: no NovusAGENDA meeting grid or list on the "
                                                       "page (moved or redesigned)")
            return
        header = table.xpath("(./thead/tr[th] | ./tbody/tr[th] | ./tr[th])[1]/*[self::th or self::td]")
        headers = [_text(cell) for cell in header]
        seen: set[str] = response.meta.setdefault("seen", set())
        new = 0
        rows = table.xpath("./tbody/tr | ./tr[td]")
        for row in rows:
            meeting = self._meeting(row, headers, response)
            if meeting is None or meeting.external_id in seen:
                continue
            seen.add(meeting.external_id)
            new += 1
            yield meeting
            for link in meeting.links:
                request = self.document_request(link.href, source, link.kind, meeting=meeting.external_id,
                                                title=f"{meeting.body} {link.kind}")
                yield request.replace(callback=self.parse_meeting_view) if _is_view(link.href) else request
        undated = sum(undated_meeting_row(row) for row in rows)
        if undated and not new:
            yield SourceStatusItem(source=source, ok=False, error=(
                f"{response.url}: {undated} meeting rows with documents but no MM/DD/YY date (grid redesigned?)"))
            return
        following = next_page(table)
        if following and new:
            yield FormRequest.from_response(
                response, formdata={"__EVENTTARGET": following[0], "__EVENTARGUMENT": following[1]}, dont_click=True,
                callback=self.parse_search, errback=self.listing_failed, meta={"source": source, "seen": seen},
            )

    def _meeting(self, row: Selector, headers: list[str], response: Response) -> MeetingItem | None:
        """One row's meeting with its typed document links; None outside the window or without a date."""
        cells = row.xpath("./td")
        texts = [_text(cell) for cell in cells]
        found = next(((i, day) for i, text in enumerate(texts) if (day := parse_day(text))), None)
        if found is None or not self.since <= found[1] <= self.until:
            return None
        index, day = found
        title = texts[index + 1] if index + 1 < len(texts) else "Meeting"
        documents: dict[str, Link] = {}
        for position, cell in enumerate(cells):
            column = headers[position] if position < len(headers) else ""
            for link in cell.xpath(".//a"):
                target = _target(link)
                kind = link_kind(target, column) if target else None
                if kind:
                    url = response.urljoin(target)
                    documents.setdefault(url, Link(title=column or kind, href=url, kind=kind))
        ids = [value for url in documents for key, value in parse_qsl(urlsplit(url).query) if key.lower() == "meetingid"]
        external_id = ids[0] if ids else f"{day:%Y%m%d}-{re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')}"
        views = [url for url in documents if _is_view(url)]
        return MeetingItem(
            source=response.meta["source"], external_id=external_id, body=title,
            start=dt.datetime.combine(day, _clock(texts[index + 2:])),
            status=meeting_status(day, None, title),
            url=views[0] if views else response.url, links=list(documents.values()),
        )

    def parse_meeting_view(self, response: Response) -> Iterable[DocumentItem | Request]:
        """An HTML agenda or minutes page: stored, and each item's cover sheet requested."""
        yield from self.parse_document(response)
        for url, name in self._links(response, "coversheet.aspx"):
            request = self.document_request(url, response.meta["source"], "staff_report",
                                            meeting=response.meta["document"]["meeting"], title=name or None)
            yield request.replace(callback=self.parse_cover_sheet)

    def parse_cover_sheet(self, response: Response) -> Iterable[DocumentItem | Request]:
        """An item's cover sheet: stored as the item's staff report, and its attachments requested."""
        yield from self.parse_document(response)
        for url, name in self._links(response, "attachmentviewer.ashx"):
            yield self.document_request(url, response.meta["source"], attachment_kind(name),
                                        meeting=response.meta["document"]["meeting"], title=name or None)

    @staticmethod
    def _links(response: Response, page: str) -> list[tuple[str, str]]:
        """Absolute URLs and link texts of the links on ``response`` to ``page`` (any letter case)."""
        links = {}
        for link in response.xpath("//a[@href or @onclick]"):
            target = _target(link)
            if target and urlsplit(target).path.lower().endswith(page):
                links.setdefault(response.urljoin(target), _text(link) or link.attrib.get("title", ""))
        return list(links.items())


def _is_view(url: str) -> bool:
    """An HTML agenda or minutes page (``MeetingView.aspx``), which links the items' cover sheets."""
    return urlsplit(url).path.lower().endswith("meetingview.aspx")


def _clock(texts: list[str]) -> dt.time:
    """The first cell of a row that is a time ("6:30 PM", "10 AM": some sites show one), else midnight."""
    return next((clock for text in texts if (clock := clock_time(text)) and text.strip()[:1].isdigit()), dt.time())
