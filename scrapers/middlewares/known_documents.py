"""Do not fetch again what is already stored: incremental crawls and restarts after an interruption.

A document request (``meta["document"]``) whose URL is stored and was fetched within
``ALPR_DOCUMENT_REFRESH_HOURS`` is dropped before it leaves; an older one is sent with ``If-None-Match`` /
``If-Modified-Since`` from the stored ETag and Last-Modified, and a ``304 Not Modified`` ends it. Either
way the spider's errback sees :class:`AlreadyStored`, which is not a failure. Listings are always fetched:
that is where new meetings appear.

A stored copy that is a failure (:data:`RETRIED_STATUSES`: the fetch failed, the body was empty, cut short,
an error page or timed out) is no copy at all: it is fetched again, unconditionally, at every crawl, so a
passing 5xx or a truncated answer never stands for the document for a day.

What is stored is read once, when the spider opens (in a thread, before its first request): the latest
copy of every document of the spider's sources, a few short columns each. Deciding a request is then a
dictionary look-up on the reactor thread, not a query per request (a re-crawl of 5,000 unchanged documents
cost 50 s of CPU that way). A document another crawl process stores meanwhile is fetched again, as before
it was stored: its content hash makes that a no-op. The same instance is also a spider middleware: a
current document's request is dropped as the listing's callback yields it, so it is never scheduled and
never comes back through an errback (Scrapy's per-request cost of that was most of a re-crawl's CPU).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from db.engine import make_engine, session_factory
from db.repository import KnownDocument, Repository

#: Document statuses that say the stored bytes are not the document (see module docstring).
RETRIED_STATUSES = frozenset({"fetch_error", "empty", "corrupt", "timeout"})


#: One middleware per crawl, whether Scrapy builds it as a downloader or as a spider middleware.
_INSTANCES: WeakKeyDictionary[Crawler, KnownDocumentsMiddleware] = WeakKeyDictionary()


class AlreadyStored(IgnoreRequest):
    """The document is stored and current: nothing to fetch."""


class KnownDocumentsMiddleware:
    """Skip or conditionally request stored documents (see module docstring)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.refresh = dt.timedelta(hours=crawler.settings.getfloat("ALPR_DOCUMENT_REFRESH_HOURS", 24.0))
        self.db_url = crawler.settings.get("ALPR_DB_URL")
        self.known: dict[str, KnownDocument] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownDocumentsMiddleware:
        if crawler not in _INSTANCES:
            _INSTANCES[crawler] = middleware = cls(crawler)
            crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return _INSTANCES[crawler]

    def spider_opened(self, spider) -> Deferred:
        """Read the spider's sources' stored documents, off the reactor; requests start once this is done."""
        return deferToThread(self._load, list(getattr(spider, "sources", {})))

    def _load(self, source_keys: list[str]) -> None:
        engine = make_engine(self.db_url)
        try:
            with session_factory(engine)() as session:
                self.known = Repository(session).known_documents(source_keys)
        finally:
            engine.dispose()

    def _stored_copy(self, request: Request) -> tuple[KnownDocument | None, dt.timedelta | None]:
        """The stored copy that stands for ``request``'s document, and its age; ``(None, None)``: fetch it."""
        known = self.known.get(request.url) if "document" in request.meta else None
        if known is None or known.status in RETRIED_STATUSES:
            return None, None
        return known, dt.datetime.now(dt.UTC) - known.fetched_at

    def _current(self, output: Any) -> bool:
        """True for a document request whose stored copy is recent: counted as current, not to be sent."""
        if not isinstance(output, Request):
            return False
        _, age = self._stored_copy(output)
        if age is None or age >= self.refresh:
            return False
        self.crawler.stats.inc_value("alpr/documents_skipped_recent")
        self.crawler.stats.inc_value(f"alpr/source/{output.meta['source']}/documents_current")
        return True

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        return (output for output in result if not self._current(output))

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in result:
            if not self._current(output):
                yield output

    def process_request(self, request: Request):
        """A current document no callback yielded (a start request) is skipped; an older one asked conditionally."""
        known, age = self._stored_copy(request)
        if known is None:
            return None
        if age < self.refresh:
            self.crawler.stats.inc_value("alpr/documents_skipped_recent")
            raise AlreadyStored(f"stored {age.total_seconds() / 3600:.1f} h ago")
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag.encode("latin-1"))
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode("latin-1"))
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and "document" in request.meta:
            self.crawler.stats.inc_value("alpr/documents_not_modified")
            raise AlreadyStored("not modified since the stored copy")
        return response
