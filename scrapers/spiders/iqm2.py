"""IQM2 (Granicus "Meeting Portal") calendars: one list of every body's meetings over a date range.

The entry point is ``https://{site}.iqm2.com/Citizens``; its calendar, ``Citizens/Calendar.aspx``, takes the
range as ``?From=M/D/YYYY&To=M/D/YYYY`` (the page's own year links use that form; ``1/1/1900`` to
``12/31/9999`` is "All") and ``View=List`` (a site may default to a month grid drawn by script). In the
list view every meeting is a ``div.MeetingRow``: ``.RowLink a`` links to
``Detail_Meeting.aspx?ID=N`` (the meeting's id) with the date as its text ("Jan 4, 2023 9:00 AM") and a
tooltip that names the board, the meeting type and the status ("Status: Cancelled"); cancelled rows also
show a ``span.MeetingCancelled``. ``.MeetingLinks`` holds the files, ``FileOpen.aspx?Type=T&ID=N`` (the file itself) or ``FileView.aspx?Type=T&ID=N``
(IQM2's page showing it: Grand Rapids links its summaries and minutes so); links not published yet are
present with an empty ``href`` and ``class="HiddenDocumentLink"``.

What a file is shows in its link text, read by :func:`scrapers.links.kind_from_label` ("Minutes Packet" is
minutes, "Agenda Packet" a packet), and the ``Type`` number agrees across sites: 14 "Agenda", 1 "Agenda
Packet", 15 "Minutes", 12 "Minutes Packet" (Santa Monica; Grand Rapids labels 15 "Summary" and 12 "Minutes"),
4 an item's attachment. The number decides when a label names no kind ("Download", an empty label).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy.http import Request, Response

from scrapers.items import DocumentKind, MeetingItem, SourceStatusItem
from scrapers.links import Link, kind_from_label
from scrapers.spiders.base import PlatformSpider, meeting_status

#: ``FileOpen.aspx`` types whose meaning the sites' own link texts show (see module docstring).
FILE_TYPES: dict[int, DocumentKind] = {14: "agenda", 1: "packet", 15: "minutes", 12: "minutes", 4: "other"}
#: The handlers that serve a meeting's file: the file itself, or the page that shows it.
_FILE_HANDLERS = ("/fileopen.aspx", "/fileview.aspx")
_MEETING_ID = re.compile(r"Detail_Meeting\.aspx\?(?:.*&)?ID=(\d+)", re.IGNORECASE)
#: Row dates ("Jan 4, 2023 9:00 AM", "Dec 22, 2015"), tooltip dates ("WEDNESDAY, JANUARY 4, 2023  9:00 AM") and
#: the same with the month in full and no weekday ("January 4, 2023 9:00 AM").
_DATE_FORMATS = ("%b %d, %Y %I:%M %p", "%b %d, %Y", "%A, %B %d, %Y %I:%M %p", "%A, %B %d, %Y",
                 "%B %d, %Y %I:%M %p", "%B %d, %Y")


def parse_start(text: str) -> dt.datetime | None:
    """A meeting's start as IQM2 prints it, or None if ``text`` is not such a date."""
    text = " ".join(text.replace("\xa0", " ").split())
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def file_kind(url: str, text: str) -> DocumentKind | None:
    """What a ``FileOpen.aspx`` or ``FileView.aspx`` link serves (link text first, then its ``Type``), None for
    other links (video, the meeting's own page)."""
    parts = urlsplit(url)
    if not parts.path.lower().endswith(_FILE_HANDLERS):
        return None
    labelled = kind_from_label(text)
    if labelled != "other":
        return labelled
    query = {key.lower(): values for key, values in parse_qs(parts.query).items()}
    file_type = query.get("type", [""])[0]
    return FILE_TYPES.get(int(file_type), "other") if file_type.isdigit() else "other"


def _tooltip_field(tooltip: str, label: str) -> str:
    """One ``Label:<tab>value`` line of a meeting's tooltip, or ``""``."""
    found = re.search(rf"{label}:\s*([^\r\n]+)", tooltip)
    return found[1].strip() if found else ""


@dataclass
class CalendarMeeting:
    """One meeting row of an IQM2 calendar."""

    external_id: str
    body: str
    start: dt.datetime
    cancelled: bool
    url: str
    #: Each published file, in page order.
    links: list[Link] = field(default_factory=list)


def calendar_meetings(page: Selector, base_url: str) -> tuple[list[CalendarMeeting], str | None]:
    """Every readable meeting row of a calendar page (list view), in page order, and why the others cannot be
    read (how many, and the first one's text), None if every row was read."""
    rows = page.css("div.MeetingRow")
    read = [(row, row_meeting(row, base_url)) for row in rows]
    unread = [row for row, meeting in read if meeting is None]
    if not unread:
        return [meeting for _, meeting in read if meeting], None
    text = " ".join(" ".join(unread[0].css("::text").getall()).split())[:120]
    return [meeting for _, meeting in read if meeting], (
        f"{len(unread)} of {len(rows)} meeting rows have no Detail_Meeting link or no readable date (first: {text!r})")


def row_meeting(row: Selector, base_url: str) -> CalendarMeeting | None:
    """One ``div.MeetingRow`` as a meeting, or None when it has no meeting link or no date the spider reads."""
    anchor = row.css(".RowLink a")
    found = _MEETING_ID.search(anchor.attrib.get("href", ""))
    tooltip = anchor.attrib.get("title", "")  # first line: "WEDNESDAY, JANUARY 4, 2023  9:00 AM"
    start = parse_start(" ".join(anchor.css("::text").getall())) or parse_start(tooltip.split("\r")[0])
    if not found or start is None:
        return None
    details = " ".join(" ".join(row.css(".RowDetails ::text").getall()).split())
    meeting_type = _tooltip_field(tooltip, "Type")
    body = _tooltip_field(tooltip, "Board") or details.removesuffix(f" - {meeting_type}") or "Meetings"
    cancelled = _tooltip_field(tooltip, "Status").lower() == "cancelled" or bool(row.css(".MeetingCancelled"))
    links = []
    for link in row.css(".MeetingLinks a"):
        href, text = link.attrib.get("href", "").strip(), " ".join(" ".join(link.css("::text").getall()).split())
        if not href or "HiddenDocumentLink" in link.attrib.get("class", ""):
            continue
        url = urljoin(base_url, href)
        kind = file_kind(url, text)
        if kind and url not in {known.href for known in links}:
            links.append(Link(title=text or kind, href=url, kind=kind))
    return CalendarMeeting(external_id=found[1], body=body, start=start, cancelled=cancelled,
                           url=urljoin(base_url, anchor.attrib["href"]), links=links)


class Iqm2Spider(PlatformSpider):
    """Meetings, agendas, packets and minutes from IQM2 calendars."""

    name = platform = "iqm2"

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        query = urlencode({"From": f"{self.since:%m/%d/%Y}", "To": f"{self.until:%m/%d/%Y}", "View": "List"},
                          safe="/")
        yield self.listing_request(f"{source['url'].rstrip('/')}/Calendar.aspx?{query}", source, self.parse_calendar)

    def parse_calendar(self, response: Response) -> Iterable[MeetingItem | SourceStatusItem | Request]:
        """The meetings of the window, each followed by requests for its files.

        A page without the calendar's meeting panel is no calendar (a site error page, a moved portal): the
        source's error. An empty panel is a quiet range. Rows the spider cannot read (a date format it does not
        know, a row without its meeting link) are the source's error too, beside the meetings it did read.
        """
        source = response.meta["source"]
        if not response.css("#ContentPlaceholder1_pnlMeetings, div.MeetingRow"):
            title = " ".join(response.css("title::text").get("").split()) or "no title"
            yield SourceStatusItem(source=source, ok=False,
                                   error=f"{response.url}: not an IQM2 meeting calendar ({title})")
            return
        meetings, unreadable = calendar_meetings(response.selector, response.url)
        if unreadable:  # some rows read: a warning; none: the source's error
            said = f"{response.url}: {unreadable}"
            yield SourceStatusItem(source=source, ok=bool(meetings), error=None if meetings else said,
                                   warning=said if meetings else None)
        for meeting in meetings:
            if not self.since <= meeting.start.date() <= self.until:
                continue  # the calendar honors From/To; this guards against a site that ignores them
            status = "cancelled" if meeting.cancelled else meeting_status(meeting.start.date())
            yield MeetingItem(source=source, external_id=meeting.external_id, body=meeting.body,
                              start=meeting.start, status=status, url=meeting.url, links=meeting.links)
            for link in meeting.links:
                yield self.document_request(link.href, source, link.kind, meeting=meeting.external_id,
                                            title=f"{meeting.body}, {meeting.start:%b %d, %Y}: {link.title}")
