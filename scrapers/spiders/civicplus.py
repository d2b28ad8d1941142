"""CivicPlus AgendaCenter: one search over the date window lists every body's meetings and their files.

The search page (``{site}/AgendaCenter/Search/?term=&CIDs=all&startDate=...&endDate=...``) groups rows by
body (``div.listing`` with an ``h2``); each ``tr.catAgendaRow`` is one meeting whose anchors and files
carry ``_MMDDYYYY-ID`` (``h4 a[name]`` on older templates, ``h3 a[id]`` on newer ones) and whose links point at ``ViewFile/Agenda``, ``ViewFile/Minutes`` and, for packets,
``ViewFile/Agenda/...?packet=true``. ``*.civicplus.com`` hosts often redirect to the city's own domain;
the redirect is followed (see :mod:`scrapers.middlewares.source_domains`).

The ``ViewFile`` path fixes a file's kind (a small handler table, :func:`file_kind`): the links' own texts
are "PDF", "Packet" or an icon. A row's title is its anchor's ``title`` or its description (Las Cruces:
"DRC Meeting on December 2, 2020 - CANCELLED"; Alameda County Water District: "Agenda"); a title that
says "cancelled", "canceled" or "cancellation" (a "Notice of Cancellation" row) cancels the meeting. The search lists days, not times: starts are midnight.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from parsel import Selector
from scrapy.http import Request, Response

from scrapers.items import DocumentKind, MeetingItem, SourceStatusItem
from scrapers.links import Link
from scrapers.spiders.base import PlatformSpider, meeting_status

_MEETING_ANCHOR = re.compile(r"_(\d{2})(\d{2})(\d{4})-(\d+)")
#: A link's title by its kind (the page's own link texts are "PDF", "Packet" or an icon).
_TITLES: dict[DocumentKind, str] = {"agenda": "Agenda", "packet": "Agenda Packet", "minutes": "Minutes"}


def file_kind(href: str) -> DocumentKind | None:
    """What a ``ViewFile`` link serves, or None for anything else (previous versions, HTML views)."""
    parts = urlsplit(href)
    segments = parts.path.rstrip("/").split("/")
    if "ViewFile" not in segments:
        return None
    kind = segments[segments.index("ViewFile") + 1].lower() if len(segments) > segments.index("ViewFile") + 1 else ""
    query = {k.lower(): v for k, v in parse_qs(parts.query.lower()).items()}
    if query.get("html") == ["true"]:
        return None
    if kind == "agenda":
        return "packet" if query.get("packet") == ["true"] else "agenda"
    if kind == "minutes":
        return "minutes"
    return None


class CivicPlusSpider(PlatformSpider):
    """Meetings, agendas, packets and minutes from CivicPlus AgendaCenter sites."""

    name = platform = "civicplus"

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        query = urlencode({"term": "", "CIDs": "all", "startDate": self.since.strftime("%m/%d/%Y"),
                           "endDate": self.until.strftime("%m/%d/%Y"), "dateRange": "", "dateSelector": ""})
        yield self.listing_request(f"{source['url'].rstrip('/')}/Search/?{query}", source, self.parse_search)

    def parse_search(self, response: Response) -> Iterable[MeetingItem | SourceStatusItem | Request]:
        """Every meeting row of the search results, with a request for each of its files.

        A page without the results line (``p.results``: "No results found in All categories" on a quiet
        window) and without meeting rows is no AgendaCenter search (a moved site, a home page): the
        source's error. So is a page whose rows none carries the ``_MMDDYYYY-ID`` a meeting is known by
        (a redesign): its meetings would otherwise be dropped without a word.
        """
        source = response.meta["source"]
        if not response.css("p.results, tr.catAgendaRow"):
            title = " ".join(response.css("title::text").get("").split()) or "no title"
            yield SourceStatusItem(source=source, ok=False, error=(
                f"{response.url}: not a CivicPlus AgendaCenter search page ({title}); the source's url should be "
                "the site's /AgendaCenter"))
            return
        rows = response.css("tr.catAgendaRow")
        read = 0
        for row in rows:
            items = list(self._row(row, source, response))
            read += bool(items)
            yield from items
        if rows and not read:
            yield SourceStatusItem(source=source, ok=False, error=(
                f"{response.url}: {len(rows)} meeting rows, none with the _MMDDYYYY-ID anchor or ViewFile link "
                "that dates it (AgendaCenter redesigned?)"))

    def _row(self, row: Selector, source: str, response: Response) -> Iterable[MeetingItem | Request]:
        """One meeting row: its id and day from the ``_MMDDYYYY-ID`` its anchors and files carry."""
        found = _MEETING_ANCHOR.search(" ".join(row.css("a::attr(name), a::attr(id), a::attr(href)").getall()))
        if not found:
            return
        month, day, year, agenda_id = found.groups()
        try:
            start = dt.datetime(int(year), int(month), int(day))
        except ValueError:
            return
        body = " ".join(" ".join(row.xpath("ancestor::div[contains(@class, 'listing')][1]//h2/text()")
                                 .getall()).split()) or "Meetings"
        external_id = f"{year}{month}{day}-{agenda_id}"
        title = row_title(row) or body
        links = []
        for href in dict.fromkeys(row.css("a::attr(href)").getall()):
            kind = file_kind(href)
            if kind:
                links.append(Link(title=_TITLES[kind], href=response.urljoin(href), kind=kind))
        status = meeting_status(start.date(), None, title)
        yield MeetingItem(source=source, external_id=external_id, body=body, start=start, status=status,
                          url=response.url, links=links)
        for link in links:
            yield self.document_request(link.href, source, link.kind, meeting=external_id,
                                        title=f"{title}: {link.title}")

def row_title(row: Selector) -> str:
    """What a meeting row calls its meeting: the heading anchor's ``title``, else the description line."""
    heading = row.css("h4 a[title]::attr(title), h3 a[title]::attr(title)").get()
    text = heading or " ".join(row.css("td:first-child p ::text").getall())
    return " ".join(text.split())
