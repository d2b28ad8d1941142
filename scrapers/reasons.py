"""Failures in words a person can act on: what went wrong fetching a URL, in one line."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

_STATUS = {
    403: "forbidden (the site refuses this client or the content is restricted)",
    404: "not found",
    410: "gone",
    429: "rate limited (too many requests); retried with backoff and given up",
    500: "server error",
    502: "bad gateway",
    503: "service unavailable",
}

#: What Scrapy's ``RobotsTxtMiddleware`` raises for a request robots.txt disallows.
_ROBOTS_FORBIDDEN = "Forbidden by robots.txt"


def failure_reason(failure: Failure) -> str:
    """One line for a request's failure: HTTP status, timeout, DNS, refused connection, size cap..."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"HTTP {status}: {_STATUS.get(status, 'unexpected status')}"
    if failure.check(DNSLookupError):
        return "DNS lookup failed (no network, or the host no longer exists)"
    if failure.check(TimeoutError, TCPTimedOutError):
        return "timed out"
    if failure.check(ConnectionRefusedError):
        return "connection refused"
    if failure.check(IgnoreRequest):
        if str(failure.value) == _ROBOTS_FORBIDDEN and getattr(failure, "request", None) is not None:
            host = urlsplit(failure.request.url).netloc
            return f"robots.txt disallows crawling {host}; set options.robots: ignore only if you have permission"
        return str(failure.value) or "request ignored"
    message = str(failure.value)
    if "maxsize" in message.lower() or "cancelling download" in message.lower():
        return f"over the download size cap: {message}"
    return f"{failure.type.__name__}: {message}" if message else failure.type.__name__
