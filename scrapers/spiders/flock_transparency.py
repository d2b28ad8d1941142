"""Flock Safety transparency portals: one page per agency, ``https://transparency.flocksafety.com/{slug}``.

The page is fetched as a ``portal_page`` document; the storage pipeline stores it and then reads it into a
portal snapshot (:mod:`tracker.portals`). The page is the source's only content, so a page that cannot be
fetched is also the source's error. The portals recorded in ``../shared/fixtures`` are rendered HTML
(January 2026: labelled ``div`` boxes with classes; spring 2026: bold labels and unclassed blocks); a page
that embeds its data as JSON (such as a Next.js ``__NEXT_DATA__`` script) is read too, by the same parser.

The portal host answers scripted visitors with a bot challenge, often as HTTP 403. A challenge or an empty
JavaScript shell, whatever its status, is reported as ``blocked`` (:mod:`tracker.portals.blocked`): the
document and the source both carry an error starting "blocked: ", never a stored "no portal fields" page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scrapers.items import DocumentItem, SourceStatusItem
from scrapers.spiders.base import PlatformSpider
from tracker.portals.blocked import BLOCKED_ADVICE, blocked_reason


class FlockTransparencySpider(PlatformSpider):
    """The transparency portal page of each Flock Safety customer agency."""

    name = platform = "flock_transparency"
    status_reasons = {404: "no transparency portal at this address (wrong slug, or the agency unpublished it)"}

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        yield self.document_request(source["url"], source["id"], "portal_page",
                                    title=f"{source['name']} transparency portal")

    def parse_document(self, response: Response) -> Iterable[DocumentItem | SourceStatusItem]:
        """The fetched page, unless it is a challenge or an empty shell: then the page and source are blocked."""
        reason = _wall(response)
        if reason is None:
            yield from super().parse_document(response)
        else:
            yield from self._blocked(response.meta, response.meta.get("redirect_urls", [response.url])[0], reason)

    def document_failed(self, failure: Failure) -> Iterable[DocumentItem | SourceStatusItem]:
        """The failed page, stored on its document as usual, and the source's error too (``blocked`` if a wall)."""
        reason = _wall(failure.value.response) if failure.check(HttpError) else None
        if reason is not None:
            status = failure.value.response.status
            yield from self._blocked(failure.request.meta, failure.request.url, f"HTTP {status}, {reason}")
            return
        for item in super().document_failed(failure):
            yield item
            yield SourceStatusItem(source=item.source, ok=False, error=f"{item.url}: {item.error}")

    def _blocked(self, meta: dict[str, Any], url: str, reason: str) -> Iterable[DocumentItem | SourceStatusItem]:
        error = f"blocked: {url}: {reason}; {BLOCKED_ADVICE}"
        doc, source = meta["document"], meta["source"]
        yield DocumentItem(source=source, url=url, kind=doc["kind"], meeting_external_id=doc["meeting"],
                           title=doc["title"], error=error)
        yield SourceStatusItem(source=source, ok=False, error=error)


def _wall(response: Response) -> str | None:
    """Why a response is a bot challenge or an empty shell, if it is one."""
    mitigated = response.headers.get(b"cf-mitigated")
    return blocked_reason(response.body, mitigated.decode("latin-1") if mitigated else None)
