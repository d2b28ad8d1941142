"""Retries with backoff that honor ``Retry-After`` (429 Too Many Requests, 503 Service Unavailable).

Scrapy's RetryMiddleware retries at once; a rate-limited government server asks us to wait, so this one
waits the time the server asks for (capped by ``ALPR_RETRY_AFTER_MAX`` seconds) or an exponential
backoff, then retries through Scrapy's own retry logic (same retry counting, limits and stats).
"""

from __future__ import annotations

import asyncio
import email.utils
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings

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


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that sleeps as the server asks before retrying 429/503 (and backs off on others)."""

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("ALPR_RETRY_AFTER_MAX", 120)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retries = request.meta.get("retry_times", 0)
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.max_wait:
            return response  # the server wants us gone for longer than a crawl lasts: report it
        wait = asked if asked is not None else _BACKOFF_BASE * 2**retries
        await asyncio.sleep(min(wait, self.max_wait))
        return self._retry(request, f"HTTP {response.status}") or response
