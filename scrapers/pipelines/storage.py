"""Store what spiders yield: sources, meetings, documents (with text, items and findings), failures.

Every item is stored in its own transaction, so an interrupted crawl keeps everything it finished. The
blocking work (PDF extraction runs in worker processes, SQL) happens in a thread, off the reactor.
Sources are registered from the spider's registry entries when it opens. When it closes, each source gets
its verdict for this crawl (:meth:`StoragePipeline.verdict`): a source is ``ok`` only if its listing was
read and gave something, never because nothing went wrong where nothing was tried. Counts of this crawl's
work per source go into the crawl stats (``alpr/source/<id>/<count>``) for the crawl summary.

The sources' stored meetings are read once when the spider opens and kept current as meetings are
stored: a meeting the listing gives again unchanged is not written again, and a document finds its
meeting without a query (a re-crawl of an unchanged site writes nothing).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter, defaultdict
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlalchemy.orm import Session, sessionmaker
from twisted.python.failure import Failure

from db.engine import make_engine, session_factory
from db.migrate import upgrade
from db.models import Meeting
from db.repository import Repository
from scrapers.items import DocumentItem, MeetingItem, SourceStatusItem
from tracker.ingest import ingest_document, record_fetch_failure
from tracker.portals.store import store_portal_snapshot
from tracker.registry.timezones import zone_for
from tracker.sources import register_source


class StoragePipeline:
    """Write items through :class:`db.repository.Repository` (see module docstring)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_url = crawler.settings.get("ALPR_DB_URL")
        self.sessions: sessionmaker[Session] | None = None
        self.source_ids: dict[str, int] = {}
        self.failed: set[str] = set()
        #: This crawl's work per source: listings read, meetings, documents stored, failed, ALPR items.
        self.work: dict[str, Counter[str]] = defaultdict(Counter)
        #: What this crawl could read of a source only in part (rows the spider could not read), per source.
        self.partial: dict[str, list[str]] = defaultdict(list)
        self.close_reason = "finished"
        #: Several crawl processes share one Redis frontier: a worker may get none of a source's requests.
        self.shares_frontier = bool(crawler.settings.get("ALPR_REDIS_URL"))
        self.lock = threading.Lock()  # one writer at a time: SQLite allows no more
        self.meetings_stored: dict[tuple[str, str], asyncio.Event] = {}
        #: The stored meetings' columns by ``(source id, external id)``: this process's view of the table.
        self.meetings: dict[tuple[int, str], dict[str, Any]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def response_received(self, response: Response, request: Any, spider: Any) -> None:
        """Count the listings actually read: a source whose listing never answered is not ``ok``."""
        if request.meta.get("listing") and 200 <= response.status < 300:
            self.work[request.meta["source"]]["listings"] += 1

    def spider_error(self, failure: Failure, response: Response, spider: Any) -> None:
        """A callback that raised on a page: that page was not read, and its source must say so."""
        source = response.request.meta.get("source") if response.request else None
        if source in self.source_ids:
            self.failed.add(source)
            reason = f"{response.url}: parsing raised {failure.type.__name__}: {failure.value}; report it with this URL"
            self.stats.inc_value("alpr/source_errors")
            with self.lock, self.sessions.begin() as session:
                Repository(session).record_source_result(self.source_ids[source], ok=False, error=reason[:2000])


    def open_spider(self) -> None:
        upgrade(self.db_url)
        self.engine = make_engine(self.db_url)
        self.sessions = session_factory(self.engine)
        with self.sessions.begin() as session:
            repo = Repository(session)
            for entry in self.crawler.spider.sources.values():
                self.source_ids[entry["id"]] = register_source(repo, entry).id
            for meeting in repo.meetings_of(list(self.source_ids.values())):
                self.meetings[meeting.source_id, meeting.external_id] = _columns(meeting)

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Each source's verdict, once every item is stored (Scrapy sends this after the pipelines close).

        Only a crawl that ``finished`` may mark sources successful: an interrupted one (``shutdown``,
        ``start_error``...) leaves them to be read again in full.
        """
        self.close_reason = reason
        with self.sessions.begin() as session:
            repo = Repository(session)
            for entry_id, source_id in self.source_ids.items():
                entry = self.crawler.spider.sources[entry_id]
                if entry_id in self.failed or not entry.get("enabled", True):
                    continue
                if self.shares_frontier and not any(self.work[entry_id].values()):
                    continue  # another worker on the shared frontier read this source: the verdict is its own
                ok, problem = self.verdict(entry_id, repo.meeting_count(source_id))
                repo.record_source_result(source_id, ok=ok, error=problem if not ok else None,
                                          warning=problem if ok else None)
            for entry_id, work in self.work.items():
                for name, value in work.items():
                    self.stats.set_value(f"alpr/source/{entry_id}/{name}", value)
        self.engine.dispose()

    def verdict(self, source: str, meetings_known: int) -> tuple[bool, str | None]:
        """``(True, None)`` for a source whose listing was read and gave something; else what went wrong.

        ``(False, reason)`` is an error (the crawl stopped, the listing never answered); ``(True, reason)``
        a warning: the listing answered, but gave nothing, so the source may be blind without failing.
        """
        work = self.work[source]
        work["documents_current"] = self.stats.get_value(f"alpr/source/{source}/documents_current", 0)
        if self.close_reason != "finished":
            return False, f"the crawl stopped before it finished ({self.close_reason}); the next crawl reads it again"
        if work["meetings"] or work["documents"] or work["documents_current"]:
            return True, "; ".join(self.partial[source]) or None
        if work["failed_documents"]:
            return False, f"none of its {work['failed_documents']} documents could be fetched: see `documents`"
        if not work["listings"]:
            return False, "its listing was never read (no answer to any listing request); check the URL"
        window = f"{self.crawler.spider.since} to {self.crawler.spider.until}"
        if meetings_known:
            return True, (f"the listing gave no meetings and no documents for {window}, although earlier crawls "
                          f"stored {meetings_known}; the page may have changed: check it in a browser")
        return True, f"the listing gave no meetings and no documents for {window}; check the URL in a browser"

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, MeetingItem):
            # Registered before the first await: a document of this meeting, yielded after it, finds the
            # event and waits, so it is never stored before its meeting (items are processed concurrently).
            stored = self.meetings_stored.setdefault((item.source, item.external_id), asyncio.Event())
            try:
                await asyncio.to_thread(self._store, item)
            finally:
                stored.set()
            return item
        if isinstance(item, DocumentItem) and item.meeting_external_id:
            stored = self.meetings_stored.get((item.source, item.meeting_external_id))
            if stored is not None:
                await stored.wait()
            elif self.shares_frontier:
                await self._meeting_from_another_worker(item)
        await asyncio.to_thread(self._store, item)
        return item

    async def _meeting_from_another_worker(self, item: DocumentItem) -> None:
        """On a shared frontier the worker that parsed the listing stores the meeting; a document fetched by
        another worker may arrive first. Wait (without blocking the crawl) until that meeting is in the
        database, for up to ``ALPR_REDIS_MEETING_WAIT`` seconds, so the document is stored with it."""
        deadline = time.monotonic() + self.crawler.settings.getfloat("ALPR_REDIS_MEETING_WAIT", 30.0)
        while not await asyncio.to_thread(self._meeting_known, item):
            if time.monotonic() >= deadline:
                self.stats.inc_value("alpr/documents_without_meeting")
                return
            await asyncio.sleep(0.25)

    def _meeting_known(self, item: DocumentItem) -> bool:
        with self.sessions() as session:
            return Repository(session).find_meeting(self.source_ids[item.source], item.meeting_external_id) is not None

    def _store(self, item: Any) -> None:
        if isinstance(item, MeetingItem):
            self._store_meeting(item)
            return
        with self.lock, self.sessions.begin() as session:
            repo = Repository(session)
            source_id = self.source_ids[item.source]
            if isinstance(item, DocumentItem):
                self._store_document(repo, source_id, item)
            elif isinstance(item, SourceStatusItem):
                if item.ok and item.warning:  # read in part: said by the verdict when the crawl ends
                    self.partial[item.source].append(item.warning)
                    return
                if not item.ok:
                    self.failed.add(item.source)
                    self.stats.inc_value("alpr/source_errors")
                repo.record_source_result(source_id, ok=item.ok, error=item.error)

    def _store_meeting(self, item: MeetingItem) -> None:
        """Upsert the meeting unless it is stored with these very values; then remember what is stored."""
        entry = self.crawler.spider.sources[item.source]
        start = item.start
        if start is not None and start.tzinfo is None:  # a local wall-clock time: place it in its zone
            start = start.replace(tzinfo=zone_for(entry.get("state"), entry.get("options"), entry.get("timezone")))
        values = {"source_id": self.source_ids[item.source], **item.model_dump(exclude={"source", "start"}),
                  "start": start}
        key = (values["source_id"], item.external_id)
        known = self.meetings.get(key)
        if known is None or any(known.get(column) != value for column, value in values.items()):
            with self.lock, self.sessions.begin() as session:
                meeting, _ = Repository(session).upsert_meeting(**values)
                stored = _columns(meeting)
            self.meetings[key] = stored  # committed: only now is it this process's view of the table
        self.stats.inc_value("alpr/meetings")
        self.work[item.source]["meetings"] += 1

    def _meeting_of(self, repo: Repository, source_id: int, item: DocumentItem) -> dict[str, Any] | None:
        """The document's meeting's columns: remembered, else (stored by another worker) read."""
        if not item.meeting_external_id:
            return None
        known = self.meetings.get((source_id, item.meeting_external_id))
        if known is None and (meeting := repo.find_meeting(source_id, item.meeting_external_id)) is not None:
            known = _columns(meeting)
        return known

    def _store_document(self, repo: Repository, source_id: int, item: DocumentItem) -> None:
        meeting = self._meeting_of(repo, source_id, item)
        meeting_id = meeting["id"] if meeting else None
        if item.body is None:
            record_fetch_failure(repo, url=item.url, error=item.error or "not fetched", source_id=source_id,
                                 meeting_id=meeting_id, kind=item.kind)
            self.stats.inc_value("alpr/documents_failed")
            self.work[item.source]["failed_documents"] += 1
            return
        result = ingest_document(
            repo, url=item.url, body=item.body, source_id=source_id, meeting_id=meeting_id, kind=item.kind,
            mime=item.mime, etag=item.etag, last_modified=item.last_modified,
            meeting_date=meeting["start"].date() if meeting and meeting["start"] else None,
        )
        self.stats.inc_value(f"alpr/documents_{result.state}")
        self.stats.inc_value("alpr/alpr_findings", result.relevant)
        self.work[item.source]["documents"] += 1
        self.work[item.source]["alpr_items"] += result.relevant
        if item.kind == "portal_page":
            snapshot, snapshot_state = store_portal_snapshot(repo, source_id, result.document, item.body)
            self.stats.inc_value(f"alpr/portal_snapshots_{snapshot_state}")
            if snapshot is None:  # a page with no portal fact (a challenge, a shell, a new layout) is no success
                self.failed.add(item.source)
                repo.record_source_result(source_id, ok=False, error=f"{item.url}: {result.document.error}")


def _columns(meeting: Meeting) -> dict[str, Any]:
    """A stored meeting's column values, to compare a listed meeting with and to link documents to."""
    return {column.key: getattr(meeting, column.key) for column in Meeting.__table__.columns}
