"""What every platform spider shares: its sources, its date window, document requests and failures.

A spider is created with the registry entries of its platform (``sources``, dicts of
:class:`tracker.registry.RegistryEntry`) and a date window. Subclasses implement
:meth:`PlatformSpider.requests_for` and parse their listings; documents go through
:meth:`PlatformSpider.document_request`, so fetching, size caps and failure reporting are the same
everywhere. Failures never stop the crawl: they become items that say what went wrong and where.

robots.txt is obeyed (``ROBOTSTXT_OBEY``) unless a source's registry entry says ``options: {robots: ignore}``:
then its listing and document requests carry ``dont_obey_robotstxt``. Only an operator with the site's
permission should set it (PrimeGov hosts disallow every crawler, yet publish their meetings for the public);
a request robots.txt forbids is the source's error, in words (:func:`scrapers.reasons.failure_reason`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Iterable
from typing import Any, ClassVar

import scrapy
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scrapers.items import DocumentItem, DocumentKind, SourceStatusItem
from scrapers.middlewares.known_documents import AlreadyStored
from scrapers.reasons import failure_reason


class PlatformSpider(scrapy.Spider):
    """Base of the platform spiders (see module docstring)."""

    platform: ClassVar[str]
    #: Explanations of HTTP statuses this platform gives a special meaning to (Legistar: 500 = unknown client).
    status_reasons: ClassVar[dict[int, str]] = {}

    def __init__(self, sources: list[dict[str, Any]] | None = None, since: str | None = None,
                 until: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources = {s["id"]: s for s in (sources or []) if s.get("platform", self.platform) == self.platform}
        self._since, self._until = since, until

    @property
    def since(self) -> dt.date:
        """First day of the crawl window."""
        if self._since:
            return dt.date.fromisoformat(self._since)
        return dt.date.today() - dt.timedelta(days=self.settings.getint("ALPR_DAYS_BACK", 60))

    @property
    def until(self) -> dt.date:
        """Last day of the crawl window (upcoming meetings matter most)."""
        if self._until:
            return dt.date.fromisoformat(self._until)
        return dt.date.today() + dt.timedelta(days=self.settings.getint("ALPR_DAYS_AHEAD", 60))

    async def start(self) -> AsyncIterator[Request | SourceStatusItem]:
        """The entry requests of every source, one source after another.

        A source whose requests cannot even be built (a registry row no check caught) is that source's
        error; the platform's other sources still start, where an exception here would close the spider
        with ``start_error`` and leave them all unread.
        """
        for source in self.sources.values():
            if not source.get("enabled", True):
                continue
            try:
                requests = list(self.requests_for(source))
            except Exception as error:  # noqa: BLE001 - any defect of one row must not stop the others
                yield SourceStatusItem(source=source["id"], ok=False,
                                       error=f"could not start: {type(error).__name__}: {error}; fix its registry row")
                continue
            for request in requests:
                yield request

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        """The first requests for one source (its listing or API query)."""
        raise NotImplementedError

    def listing_request(self, url: str, source: dict[str, Any], callback, **kwargs: Any) -> Request:
        """A request for a listing page or API call; its failure is the source's failure."""
        meta = {"source": source["id"], "listing": True, **kwargs.pop("meta", {})}
        return Request(url, callback=callback, errback=self.listing_failed,
                       meta={**self.robots_meta(source["id"]), **meta}, **kwargs)

    def document_request(self, url: str, source: str, kind: DocumentKind, *, meeting: str | None = None,
                         title: str | None = None, **kwargs: Any) -> Request:
        """A request for a document file; its failure is stored on the document, the crawl goes on."""
        meta = {"source": source, "document": {"kind": kind, "meeting": meeting, "title": title},
                "download_maxsize": self.max_document_bytes(source), **self.robots_meta(source),
                **kwargs.pop("meta", {})}
        return Request(url, callback=self.parse_document, errback=self.document_failed, meta=meta,
                       dont_filter=False, **kwargs)

    def robots_meta(self, source: str) -> dict[str, bool]:
        """``{"dont_obey_robotstxt": True}`` for a source whose ``options.robots`` is ``ignore``, else nothing
        (``obey``, the default: any other value obeys too)."""
        options = self.sources.get(source, {}).get("options") or {}
        return {"dont_obey_robotstxt": True} if str(options.get("robots", "obey")).lower() == "ignore" else {}

    def max_document_bytes(self, source: str) -> int:
        """A source's file size cap: its ``options.max_bytes``, else ``ALPR_DOCUMENT_MAXSIZE``."""
        options = self.sources.get(source, {}).get("options") or {}
        return int(options.get("max_bytes") or self.settings.getint("ALPR_DOCUMENT_MAXSIZE", 50 * 1024 * 1024))

    def parse_document(self, response: Response) -> Iterable[DocumentItem]:
        """A fetched document, bytes and caching headers as served."""
        doc = response.meta["document"]
        yield DocumentItem(
            source=response.meta["source"], url=response.meta.get("redirect_urls", [response.url])[0],
            kind=doc["kind"], meeting_external_id=doc["meeting"], title=doc["title"], body=response.body,
            mime=_header(response, b"Content-Type"), etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )

    def document_failed(self, failure: Failure) -> Iterable[DocumentItem]:
        """A document that could not be fetched, with the reason (a stored, current one is no failure)."""
        if failure.check(AlreadyStored):  # current already: counted, so the source's verdict knows it was read
            self.crawler.stats.inc_value(f"alpr/source/{failure.request.meta['source']}/documents_current")
            return
        request = failure.request
        doc = request.meta["document"]
        yield DocumentItem(source=request.meta["source"], url=request.url, kind=doc["kind"],
                           meeting_external_id=doc["meeting"], title=doc["title"], error=self.reason(failure))

    def listing_failed(self, failure: Failure) -> Iterable[SourceStatusItem]:
        """A listing that could not be fetched: the source's error, stored on it."""
        yield SourceStatusItem(source=failure.request.meta["source"], ok=False,
                               error=f"{failure.request.url}: {self.reason(failure)}")

    def unreadable(self, source: str, url: str, unread: int, total: int, what: str) -> SourceStatusItem | None:
        """What a listing whose entries the spider could not all read says: nothing when it read them all; the
        source's error when it read none ("40 of 40 ..."); a warning when it read some ("3 of 40 ..."), so a
        page that changed in part is never a plain ``ok``. ``what`` says what is missing in those entries."""
        if not unread:
            return None
        message = f"{url}: {unread} of {total} {what}"
        return SourceStatusItem(source=source, ok=unread < total, error=None if unread < total else message,
                                warning=message if unread < total else None)

    def reason(self, failure: Failure) -> str:
        """A failure in words, with this platform's meaning of the HTTP status where it has one."""
        if failure.check(HttpError):
            status = failure.value.response.status
            if status in self.status_reasons:
                return f"HTTP {status}: {self.status_reasons[status]}"
        return failure_reason(failure)


#: A clock time as clerks type it: "6:30 p.m.", "6:00 PM", "5 pm", "12:00 Noon".
CLOCK = r"\b(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\b\.?|(noon)\b)"
_CLOCK_RE = re.compile(CLOCK, re.IGNORECASE)
#: Not held on its listed day, on every platform: cancelled (any spelling), a cancellation notice, postponed,
#: rescheduled to (or from) another day, but not "rescheduled to 7:00 p.m.", which only moves the start.
_CALLED_OFF = re.compile(rf"\bcancel+(?:ed|ation)\b|\bpostponed?\b|\brescheduled\b\W*(?:from\b.*?\s)?to\b(?!\s*{CLOCK})",
                         re.IGNORECASE)


def clock_time(text: str | None) -> dt.time | None:
    """The first clock time written in ``text`` ("Board Meeting @ 6:30 p.m." is 18:30), or None."""
    for found in _CLOCK_RE.finditer(text or ""):
        hour, minute = int(found[1]), int(found[2] or 0)
        if 1 <= hour <= 12 and minute < 60:
            afternoon = bool(found[4]) or found[3].lower() == "p"
            return dt.time(hour % 12 + (12 if afternoon else 0), minute)
    return None


def called_off(*said: str | None) -> bool:
    """Whether any of the texts a platform shows for a meeting (its name, status, comment, a notice's title)
    says it does not take place on its day: one rule for every spider, so no platform misses "Cancellation"
    or "Postponed to ..." that another reads."""
    return any(_CALLED_OFF.search(text or "") for text in said)


def meeting_status(day: dt.date, today: dt.date | None = None, *said: str | None) -> str:
    """``cancelled`` when ``said`` calls the meeting off (:func:`called_off`), else ``scheduled`` for a meeting
    today or later (an upcoming vote) and ``held`` for one in the past."""
    if called_off(*said):
        return "cancelled"
    return "scheduled" if day >= (today or dt.date.today()) else "held"


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
