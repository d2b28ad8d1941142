"""Flock Safety transparency portals: one page per agency, ``https://transparency.flocksafety.com/{slug}``.

The page is fetched as a ``portal_page`` document; the storage pipeline stores it and then reads it into a
portal snapshot (:mod:`tracker.portals`). The page is the source's only content, so a page that cannot be
fetched is also the source's error. The portals published so far and recorded in ``../shared/fixtures``
are rendered HTML (labelled ``div`` boxes, no embedded JSON); a page that embeds its data as JSON (such as
a Next.js ``__NEXT_DATA__`` script) is read too, by the same parser.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.http import Request
from twisted.python.failure import Failure

from scrapers.items import DocumentItem, SourceStatusItem
from scrapers.spiders.base import PlatformSpider


class FlockTransparencySpider(PlatformSpider):
    """The transparency portal page of each Flock Safety customer agency."""

    name = platform = "flock_transparency"
    status_reasons = {404: "no transparency portal at this address (wrong slug, or the agency unpublished it)"}

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        yield self.document_request(source["url"], source["id"], "portal_page",
                                    title=f"{source['name']} transparency portal")

    def document_failed(self, failure: Failure) -> Iterable[DocumentItem | SourceStatusItem]:
        """The failed page, stored on its document as usual, and the source's error too."""
        for item in super().document_failed(failure):
            yield item
            yield SourceStatusItem(source=item.source, ok=False, error=f"{item.url}: {item.error}")
