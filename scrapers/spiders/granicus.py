"""Granicus ViewPublisher: one page per view lists its upcoming events and its archived recordings.

The entry point is ``https://{site}.granicus.com/ViewPublisher.php?view_id=N``. Each site designs its own
page from Granicus templates, so layouts differ (West Hollywood: ``table.listingTable`` rows with
``td[headers]`` cells, an "Upcoming Events" table first and one archive table per year; San Diego: a
themed ``table#nosearch`` with ``td.name``), but every meeting is one table row that names the meeting,
shows its date, and links to it by Granicus id: ``clip_id`` for a recording, ``event_id`` for an event
not yet held (upcoming rows may carry it only in an eComment button's ``data-event-id``). The row's
files are ``AgendaViewer.php`` (agenda), ``MinutesViewer.php`` (minutes), ``GeneratedAgendaViewer.php``
(agenda), and ``MetaViewer.php`` / ``DocumentViewer.php`` or plain PDFs whose kind only their label tells
("Agenda Packet", "Staff Report": :func:`scrapers.links.kind_from_label`). Links are often
protocol-relative (``//site.granicus.com/...``) and not always anchors: upcoming events' agendas are often
buttons, ``<input type="button" value="Agenda" onclick="window.open('//site/AgendaViewer.php?...')">``, and
templates also open files from a cell's or button's ``onclick`` (``window.open(...)``, ``location.href =
'...'``). Every element of a row with an ``href`` or such an ``onclick`` is read. The viewers redirect to
the stored file (often a PDF on another host), which :mod:`scrapers.middlewares.source_domains` lets
through.

The page has no date filter: it lists everything, and rows outside the crawl window are skipped here.

A registry row may name only the site (``https://{site}.granicus.com``: most rows compiled from public
lists do). The spider then asks for the site's ``ViewPublisher.php`` and follows the view that page links
for the governing body (:func:`tracker.registry.detect.granicus_views`, the ranking ``sources check``
shows); a site that links no view is the source's error, saying how to find one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector
from scrapy.http import Request, Response

from scrapers.items import DocumentKind, MeetingItem, SourceStatusItem
from scrapers.links import Link, kind_from_label
from scrapers.spiders.base import PlatformSpider, meeting_status
from tracker.registry.detect import granicus_views

_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")), start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
#: Dates as ViewPublisher templates print them: "Feb  7, 2022", "Tuesday, May 17, 2022", "March 07, 2022",
#: "17 May 2022", "05/17/2022", "5/17/22", "2022-05-17".
_DATES = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b",
    r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b",
    r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})\b",
    r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b",
)]
_TIME = re.compile(r"\b(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>[ap])\.?\s?m\b\.?"
                   r"|\b(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>\d{2})\b", re.IGNORECASE)
#: Viewer pages whose kind is in their name; the others serve whatever their link text says.
_VIEWERS: dict[str, DocumentKind] = {"agendaviewer.php": "agenda", "generatedagendaviewer.php": "agenda",
                                     "minutesviewer.php": "minutes"}
_FILE_VIEWERS = ("metaviewer.php", "documentviewer.php")
#: Granicus pages that are never a document, whatever their label says (players, feeds, search, the listing).
_NOT_DOCUMENTS = ("mediaplayer.php", "viewpublisherrss.php", "podcast.php", "vpodcast.php", "viewsearchresults.php",
                  "viewpublisher.php", "player.php")
_MEDIA = (".mp3", ".mp4", ".m4a", ".m4v", ".m3u8", ".wmv", ".asx", ".flv")
#: Where an ``onclick`` sends the browser: ``window.open('...')``, ``location.href = '...'``,
#: ``document.location='...'``, ``location.assign('...')``.
_ONCLICK_URL = re.compile(r"(?:window\.open\(|location(?:\.href)?\s*=|location\.(?:assign|replace)\()\s*"
                          r"(['\"])(?P<url>[^'\"]+)\1")
_CLIP = re.compile(r"[?&;]clip_id=(\d+)")
_EVENT = re.compile(r"[?&;]event_id=(\d+)|data-event-id=[\"'](\d+)")
#: Visible text only: templates hide a Unix timestamp in ``<span style="display:none;">`` for sorting.
_VISIBLE_TEXT = ".//text()[not(ancestor::*[contains(translate(@style, ' ', ''), 'display:none')])]"


def parse_when(text: str) -> dt.datetime | None:
    """The first date in ``text``, with the time of day that follows it if any; None without a date."""
    text = " ".join(text.replace("\xa0", " ").split())
    for pattern in _DATES:
        found = pattern.search(text)
        if not found:
            continue
        month = found["month"]
        month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
        year = int(found["year"])
        year += 2000 if year < 100 else 0
        try:
            day = dt.date(year, month_number, int(found["day"]))
        except ValueError:
            continue
        return dt.datetime.combine(day, _time_after(text[found.end():]))
    return None


def _time_after(text: str) -> dt.time:
    """The time of day at the start of ``text`` ("- 06:00 PM", "at 6 p.m."), midnight if none."""
    found = _TIME.search(text[:24])
    if not found:
        return dt.time()
    if found["hour24"]:
        return dt.time(int(found["hour24"]), int(found["minute24"]))
    hour = int(found["hour"]) % 12 + (12 if found["half"].lower() == "p" else 0)
    minute = int(found["minute"] or 0)
    return dt.time(hour, minute) if hour < 24 and minute < 60 else dt.time()


def link_kind(url: str, text: str) -> DocumentKind | None:
    """The kind of file a ViewPublisher link serves, or None for anything that is not a document.

    Granicus viewers and plain files are documents; so is any other link whose label names a document
    ("Agenda", "Minutes", "Staff Report"), since sites link agendas kept elsewhere (a Legistar ``View.ashx``,
    the city's document center). Video players, audio/video downloads, RSS feeds, search and eComment
    buttons are not documents, whatever their label.
    """
    path = urlsplit(url).path.lower()
    page = path.rsplit("/", 1)[-1]
    if page in _VIEWERS:
        return _VIEWERS[page]
    if page in _FILE_VIEWERS or path.endswith((".pdf", ".doc", ".docx")):
        return kind_from_label(text)
    if page in _NOT_DOCUMENTS or path.endswith(_MEDIA):
        return None
    kind = kind_from_label(text)
    return kind if kind != "other" else None


@dataclass
class ListedMeeting:
    """One meeting row of a ViewPublisher page."""

    external_id: str
    name: str
    start: dt.datetime
    #: (absolute URL, kind, link text) of each document link, in page order.
    links: list[tuple[str, DocumentKind, str]] = field(default_factory=list)


def listed_meetings(page: Selector, base_url: str) -> tuple[list[ListedMeeting], str | None]:
    """Every meeting row of a ViewPublisher page, whatever its date, once each (upcoming rows first), and why
    the meeting rows the spider cannot read were left out (how many, the first one's text), None if none was."""
    meetings: dict[str, ListedMeeting] = {}
    unread: list[Selector] = []
    for row in page.xpath("//tr[td and not(.//table)]"):
        meeting = _row_meeting(row, base_url)
        if meeting is None:
            unread += [row] if _is_meeting_row(row) else []
            continue
        known = meetings.setdefault(meeting.external_id, meeting)
        if known is not meeting:  # an event both upcoming and in progress: keep every link once
            seen = {url for url, _, _ in known.links}
            known.links += [link for link in meeting.links if link[0] not in seen]
    if not unread:
        return list(meetings.values()), None
    text = " ".join(" ".join(unread[0].xpath(_VISIBLE_TEXT).getall()).split())[:120]
    return list(meetings.values()), (f"{len(unread)} meeting rows (a clip or event id in a table with a Date "
                                     f"column) have no name or date the spider reads (first: {text!r})")


def _is_meeting_row(row: Selector) -> bool:
    """Whether a row is a meeting of a listing table: it links a clip or an event, in a table with a Date column."""
    markup = row.get()
    return bool(_CLIP.search(markup) or _EVENT.search(markup)) and _in_listing_table(row)


def _row_meeting(row: Selector, base_url: str) -> ListedMeeting | None:
    cells = row.xpath("./td")
    texts = [" ".join(" ".join(cell.xpath(_VISIBLE_TEXT).getall()).replace("\xa0", " ").split()) for cell in cells]
    name_at = _name_cell(cells, texts)
    if name_at is None:
        return None
    date_cells = [i for i, cell in enumerate(cells) if {"date", "eventdate"} & _marks(cell)]
    order = date_cells + [i for i in range(len(cells)) if i != name_at and i not in date_cells] + [name_at]
    start = next((when for when in (parse_when(texts[i]) for i in order) if when), None)
    if start is None:
        return None
    markup = row.get()
    clip, event = _CLIP.search(markup), _EVENT.search(markup)
    if clip:
        external_id = f"clip-{clip[1]}"
    elif event:
        external_id = f"event-{event[1] or event[2]}"
    elif _in_listing_table(row):  # an announced event with no link yet: its day and name identify it
        external_id = f"{start:%Y%m%d}-" + re.sub(r"[^a-z0-9]+", "-", texts[name_at].lower()).strip("-")
    else:  # a dated row outside any meeting table (a page header, a generated agenda's title block)
        return None
    links = []
    for element in row.xpath("descendant-or-self::*[@href or @onclick]"):
        url = element_url(element, base_url)
        kind = link_kind(url, text := _label(element)) if url else None
        if kind and url not in {known for known, _, _ in links}:
            links.append((url, kind, text))
    return ListedMeeting(external_id=external_id, name=texts[name_at], start=start, links=links)


def _name_cell(cells: list[Selector], texts: list[str]) -> int | None:
    """The cell naming the meeting: the template's name column, else the first cell with words in it."""
    for i, cell in enumerate(cells):
        if texts[i] and ({"name", "eventname"} & _marks(cell) or cell.attrib.get("scope") == "row"):
            return i
    return next((i for i, text in enumerate(texts) if re.search(r"[A-Za-z]{3}", text) and not parse_when(text)), None)


def _in_listing_table(row: Selector) -> bool:
    """Whether the row's table has a "Date" column heading, as every ViewPublisher meeting table has."""
    headings = row.xpath("ancestor::table[1]//th")
    return any("date" in (" ".join(th.xpath(".//text()").getall()) + " " + th.attrib.get("id", "")).lower()
               for th in headings)


def _marks(cell: Selector) -> set[str]:
    """The column names a template puts on a cell (``headers="Date Regular-Meeting"``, ``class="name"``)."""
    return set(" ".join((cell.attrib.get("headers", ""), cell.attrib.get("class", ""))).lower().split())


def element_url(element: Selector, base_url: str) -> str | None:
    """Where an element leads: its ``href``, else the page its ``onclick`` opens (pop-up or navigation).

    Anchors with ``href="javascript:void(0)"`` + ``window.open`` and buttons without any ``href`` alike.
    """
    href = (element.attrib.get("href") or "").strip()
    if href and not href.lower().startswith(("javascript:", "#", "mailto:")):
        return urljoin(base_url, href)
    opened = _ONCLICK_URL.search(element.attrib.get("onclick", ""))
    return urljoin(base_url, opened["url"].strip()) if opened else None


def _label(element: Selector) -> str:
    """What an element says: its text, else a button's ``value``, else its ``title`` or ``aria-label``."""
    text = " ".join(" ".join(element.xpath(".//text()").getall()).split())
    return text or next((" ".join(element.attrib[name].split()) for name in ("value", "title", "aria-label")
                         if element.attrib.get(name, "").strip()), "")


class GranicusSpider(PlatformSpider):
    """Meetings, agendas, minutes and packets from Granicus ViewPublisher pages."""

    name = platform = "granicus"

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        if _has_view(source["url"]):
            yield self.listing_request(source["url"], source, self.parse_listing)
        else:
            site = urlsplit(source["url"])
            yield self.listing_request(f"{site.scheme}://{site.netloc}/ViewPublisher.php", source, self.parse_listing)

    def parse_listing(self, response: Response) -> Iterable[MeetingItem | SourceStatusItem | Request]:
        """The meetings of the window, each followed by requests for its files."""
        source = response.meta["source"]
        meetings, unreadable = listed_meetings(response.selector, response.url)
        if not meetings and not _has_view(response.url):  # a bare site's index: follow its view
            yield from self._follow_view(response)
            return
        if not meetings:
            title = " ".join(response.css("title::text").get("").split()) or "no title"
            yield SourceStatusItem(source=source, ok=False, error=f"{response.url}: no ViewPublisher meeting rows in "
                                   f"the page ({title})" + (f"; {unreadable}" if unreadable else ""))
            return
        if unreadable:  # the other rows were read: the source's verdict says what was not
            yield SourceStatusItem(source=source, ok=True, warning=f"{response.url}: {unreadable}")
        for meeting in meetings:
            if not self.since <= meeting.start.date() <= self.until:
                continue
            name = meeting.name or "Meetings"
            status = meeting_status(meeting.start.date(), None, name)
            yield MeetingItem(source=source, external_id=meeting.external_id, body=name, start=meeting.start,
                              status=status, url=response.url,
                              links=[Link(title=text, href=url, kind=kind) for url, kind, text in meeting.links])
            for url, kind, text in meeting.links:
                yield self.document_request(url, source, kind, meeting=meeting.external_id,
                                            title=f"{name}, {meeting.start:%b %d, %Y}: {text}")


    def _follow_view(self, response: Response) -> Iterable[Request | SourceStatusItem]:
        """A site page without a view: its governing body's view (the best ranked it links), else the error."""
        views = granicus_views(response.url, response.text)
        if not views:
            yield SourceStatusItem(source=response.meta["source"], ok=False, error=(
                f"{response.url}: no view_id in the registry url and the page links no ViewPublisher view; "
                f"find one with `alpr-tracker sources check` or in a browser, and set the url to "
                f"ViewPublisher.php?view_id=N"))
            return
        best = views[0]
        source = self.sources[response.meta["source"]]
        yield self.listing_request(best.url, source, self.parse_listing)


def _has_view(url: str) -> bool:
    return bool(parse_qs(urlsplit(url).query).get("view_id"))
