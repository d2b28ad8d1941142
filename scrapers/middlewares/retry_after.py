"""Retries with backoff that honor ``Retry-After`` (429 Too Many Requests, 503 Service Unavailable).

Scrapy's RetryMiddleware retries at once; a rate-limited government server asks us to wait, so this one
waits the time the server asks for (capped by ``ALPR_RETRY_AFTER_MAX`` seconds) or an exponential
backoff, then retries through Scrapy's own retry logic (same retry counting, limits and stats).

The wait is spent *outside* the downloader: the retry is parked on a timer and handed back to the engine
when it is due, and the answer that asked for the wait is dropped without reaching the spider (no error:
the retry follows). Sleeping in the middleware instead held a download slot for the whole wait, so a few
rate-limited sources (8 answering ``Retry-After: 100``) starved every healthy one. While retries are
parked the spider stays open; an interrupted crawl drops them (its sources are then not ``ok``).
"""

from __future__ import annotations

import email.utils
import time

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from twisted.internet import reactor
from twisted.internet.interfaces import IDelayedCall

_BACKOFF_BASE = 1.0


def retry_after_seconds(value: bytes | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date); None if absent/invalid."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class RetryParked(IgnoreRequest):
    """The answer asked us to wait: its retry is parked and will be crawled when due (not a failure)."""


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that waits as the server asks before retrying 429/503, without holding a slot."""

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("ALPR_RETRY_AFTER_MAX", 120)
        self.parked: set[IDelayedCall] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware._keep_open, signal=signals.spider_idle)
        crawler.signals.connect(middleware._drop_parked, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retries = request.meta.get("retry_times", 0)
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.max_wait:
            return response  # the server wants us gone for longer than a crawl lasts: report it
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response  # retries used up: the spider sees the answer and says why
        wait = min(asked if asked is not None else _BACKOFF_BASE * 2**retries, self.max_wait)
        if wait <= 0:
            return retry
        self._park(retry, wait)
        request.errback = None  # the dropped answer is no failure of this request: its retry is on its way
        raise RetryParked(f"HTTP {response.status}: retried in {wait:.0f} s")

    def _park(self, retry: Request, wait: float) -> None:
        def due() -> None:
            self.parked.discard(call)
            self.crawler.engine.crawl(retry)

        call = reactor.callLater(wait, due)
        self.parked.add(call)
        self.crawler.stats.inc_value("alpr/retries_parked")

    def _keep_open(self) -> None:
        if self.parked:
            raise DontCloseSpider(f"{len(self.parked)} retries wait for their Retry-After")

    def _drop_parked(self) -> None:
        for call in list(self.parked):
            if call.active():
                call.cancel()
        self.parked.clear()
