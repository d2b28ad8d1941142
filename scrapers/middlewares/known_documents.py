"""Do not fetch again what is already stored: incremental crawls and restarts after an interruption.

A document request (``meta["document"]``) whose URL is stored and was fetched within
``ALPR_DOCUMENT_REFRESH_HOURS`` is dropped before it leaves; an older one is sent with ``If-None-Match`` /
``If-Modified-Since`` from the stored ETag and Last-Modified, and a ``304 Not Modified`` ends it. Either
way the spider's errback sees :class:`AlreadyStored`, which is not a failure. Listings are always fetched:
that is where new meetings appear.

A stored copy that is a failure (:data:`RETRIED_STATUSES`: the fetch failed, the body was empty, cut short,
an error page or timed out) is no copy at all: it is fetched again, unconditionally, at every crawl, so a
passing 5xx or a truncated answer never stands for the document for a day.
"""

from __future__ import annotations

import datetime as dt

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from db.engine import make_engine, session_factory
from db.repository import Repository


#: Document statuses that say the stored bytes are not the document (see module docstring).
RETRIED_STATUSES = frozenset({"fetch_error", "empty", "corrupt", "timeout"})


class AlreadyStored(IgnoreRequest):
    """The document is stored and current: nothing to fetch."""


class KnownDocumentsMiddleware:
    """Skip or conditionally request stored documents (see module docstring)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.refresh = dt.timedelta(hours=crawler.settings.getfloat("ALPR_DOCUMENT_REFRESH_HOURS", 24.0))
        self.db_url = crawler.settings.get("ALPR_DB_URL")
        self._sessions = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownDocumentsMiddleware:
        return cls(crawler)

    def _latest(self, url: str):
        if self._sessions is None:
            self._sessions = session_factory(make_engine(self.db_url))
        with self._sessions() as session:
            return Repository(session).latest_document(url)

    def process_request(self, request: Request):
        if "document" not in request.meta:
            return None
        known = self._latest(request.url)
        if known is None or known.status in RETRIED_STATUSES:
            return None
        age = dt.datetime.now(dt.timezone.utc) - known.fetched_at
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
