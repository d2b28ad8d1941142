"""NovusAGENDA: the public meeting search over the date window, then each meeting's agendas, items and minutes.

A site lives at ``https://{site}.novusagenda.com/agendapublic``. Its meeting search,
``meetingsgeneral.aspx?Date=cus&From=MM/DD/YYYY&To=MM/DD/YYYY`` (``MeetingType=N``, from
``options.meeting_types``, narrows it to some bodies), answers with a Telerik grid
(``table#...radGridMeetings_ctl00``) headed ``Meeting Date | Meeting Type | Meeting Location | Online Agenda | Download Agenda | ... Minutes``, one row per meeting and
15 rows a page; further pages are ASP.NET postbacks (``__doPostBack`` on the "Next Page" link). A row
links the PDF agenda (``DisplayAgendaPDF.ashx?MeetingID=N``), the HTML agenda (``MeetingView.aspx?
MeetingID=N&doctype=Agenda``, opened by ``window.open`` in an ``onclick``) and minutes. The HTML agenda
links each item's cover sheet (``CoverSheet.aspx?ItemID=``), whose text is the staff report and whose
``AttachmentViewer.ashx`` links are the item's attachments: all of them are fetched.

``meetingsresponsive.aspx``, the embeddable list, takes ``Date`` codes too, but a custom window by GET is
only shown working on ``meetingsgeneral.aspx`` by public scrapers, so that is the page asked for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from parsel import Selector
from scrapy.http import FormRequest, Request, Response

from scrapers.items import DocumentItem, DocumentKind, MeetingItem, SourceStatusItem
from scrapers.spiders.base import PlatformSpider, meeting_status

_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})\s*([AaPp])\.?[Mm]\.?$")
_WINDOW_OPEN = re.compile(r"""window\.open\(\s*['"]([^'"]+)['"]""")
_POSTBACK = re.compile(r"__doPostBack\(\s*'([^']*)'\s*,\s*'([^']*)'\s*\)")
_CANCELLED = re.compile(r"\bcancel(?:l?ed|lation)\b", re.IGNORECASE)


def link_kind(url: str, column: str = "") -> DocumentKind | None:
    """What a meeting-row link serves, from its handler and its column header; None for anything else."""
    parts = urlsplit(url)
    page = parts.path.rsplit("/", 1)[-1].lower()
    query = {key.lower(): value.lower() for key, value in parse_qsl(parts.query)}
    if page in ("displayminutespdf.ashx", "minutesview.aspx") or query.get("doctype") == "minutes":
        return "minutes"
    if page in ("displayagendapdf.ashx", "meetingview.aspx"):
        return "minutes" if "minute" in column.lower() else "agenda"
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
    return " ".join(" ".join(node.xpath(".//text()").getall()).split())


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
        query = [("Date", "cus"), ("From", self.since.strftime("%m/%d/%Y")), ("To", self.until.strftime("%m/%d/%Y"))]
        query += [("MeetingType", str(kind)) for kind in source.get("options", {}).get("meeting_types", [])]
        url = f"{source['url'].rstrip('/')}/meetingsgeneral.aspx?{urlencode(query)}"
        yield self.listing_request(url, source, self.parse_search, meta={"seen": set()})

    def parse_search(self, response: Response) -> Iterable[MeetingItem | Request | SourceStatusItem]:
        """The meetings of one grid page, requests for their documents, then the next page."""
        source = response.meta["source"]
        grid = response.css("table[id$='radGridMeetings_ctl00']")
        if not grid:
            yield SourceStatusItem(source=source, ok=False, error=f"{response.url}: no NovusAGENDA meeting grid "
                                                                  "on the page (moved or redesigned)")
            return
        headers = [_text(th) for th in grid[0].xpath("./thead/tr[th]/th")]
        seen: set[str] = response.meta["seen"]
        new = 0
        for row in grid[0].xpath("./tbody/tr | ./tr[td]"):
            found = self._meeting(row, headers, response)
            if found is None or found[0].external_id in seen:
                continue
            meeting, documents = found
            seen.add(meeting.external_id)
            new += 1
            yield meeting
            for url, kind in documents.items():
                request = self.document_request(url, source, kind, meeting=meeting.external_id,
                                                title=f"{meeting.body} {kind}")
                yield request.replace(callback=self.parse_meeting_view) if _is_view(url) else request
        following = _POSTBACK.search(response.xpath("//a[@title='Next Page']/@href").get(""))
        if following and new:
            yield FormRequest.from_response(
                response, formdata={"__EVENTTARGET": following[1], "__EVENTARGUMENT": following[2]}, dont_click=True,
                callback=self.parse_search, errback=self.listing_failed, meta={"source": source, "seen": seen},
            )

    def _meeting(self, row: Selector, headers: list[str],
                 response: Response) -> tuple[MeetingItem, dict[str, DocumentKind]] | None:
        """One grid row's meeting and documents (URL: kind); None outside the window or without a date."""
        cells = row.xpath("./td")
        texts = [_text(cell) for cell in cells]
        found = next(((i, day) for i, text in enumerate(texts) if (day := parse_day(text))), None)
        if found is None or not self.since <= found[1] <= self.until:
            return None
        index, day = found
        title = texts[index + 1] if index + 1 < len(texts) else "Meeting"
        documents: dict[str, DocumentKind] = {}
        for position, cell in enumerate(cells):
            column = headers[position] if position < len(headers) else ""
            for link in cell.xpath(".//a"):
                target = _target(link)
                kind = link_kind(target, column) if target else None
                if kind:
                    documents.setdefault(response.urljoin(target), kind)
        ids = [value for url in documents for key, value in parse_qsl(urlsplit(url).query) if key.lower() == "meetingid"]
        external_id = ids[0] if ids else f"{day:%Y%m%d}-{re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')}"
        views = [url for url in documents if _is_view(url)]
        meeting = MeetingItem(
            source=response.meta["source"], external_id=external_id, body=title,
            start=dt.datetime.combine(day, _clock(texts[index + 2:])),
            status="cancelled" if _CANCELLED.search(title) else meeting_status(day),
            url=views[0] if views else response.url, links=[{"title": k, "href": u} for u, k in documents.items()],
        )
        return meeting, documents

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
            kind: DocumentKind = "minutes" if "minutes" in name.lower() else "staff_report"
            yield self.document_request(url, response.meta["source"], kind,
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
    """The first ``H:MM AM``-like cell of a row (some sites show the time), else midnight."""
    for text in texts:
        found = _TIME.match(text)
        if found:
            hour, minute = int(found[1]) % 12, int(found[2])
            return dt.time(hour + (12 if found[3].lower() == "p" else 0), minute)
    return dt.time()
