"""CivicPlus AgendaCenter: one search over the date window lists every body's meetings and their files.

The search page (``{site}/AgendaCenter/Search/?term=&CIDs=all&startDate=...&endDate=...``) groups rows by
body (``div.listing`` with an ``h2``); each ``tr.catAgendaRow`` is one meeting whose anchor is
``_MMDDYYYY-ID`` and whose links point at ``ViewFile/Agenda``, ``ViewFile/Minutes`` and, for packets,
``ViewFile/Agenda/...?packet=true``. ``*.civicplus.com`` hosts often redirect to the city's own domain;
the redirect is followed (see :mod:`scrapers.middlewares.source_domains`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from scrapy.http import Request, Response

from scrapers.items import DocumentKind, MeetingItem
from scrapers.spiders.base import PlatformSpider, meeting_status

_MEETING_ANCHOR = re.compile(r"_(\d{2})(\d{2})(\d{4})-(\d+)")


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

    def parse_search(self, response: Response) -> Iterable[MeetingItem | Request]:
        """Every meeting row of the search results, with a request for each of its files."""
        source = response.meta["source"]
        for listing in response.css("div.listing"):
            body = " ".join(listing.css("h2::text").getall()).strip() or "Meetings"
            for row in listing.css("tr.catAgendaRow"):
                anchor = row.css("h4 a[name]::attr(name)").get() or row.css("a[id^='_']::attr(id)").get() or ""
                found = _MEETING_ANCHOR.search(anchor)
                if not found:
                    continue
                month, day, year, agenda_id = found.groups()
                try:
                    start = dt.datetime(int(year), int(month), int(day))
                except ValueError:
                    continue
                external_id = f"{year}{month}{day}-{agenda_id}"
                title = " ".join(" ".join(row.css("td:first-child p a::text").getall()).split()) or body
                links = []
                for href in dict.fromkeys(row.css("a::attr(href)").getall()):
                    kind = file_kind(href)
                    if kind:
                        links.append({"title": kind, "href": response.urljoin(href)})
                yield MeetingItem(source=source, external_id=external_id, body=body, start=start,
                                  status=meeting_status(start.date()), url=response.url, links=links)
                for link in links:
                    yield self.document_request(link["href"], source, link["title"], meeting=external_id, title=title)
