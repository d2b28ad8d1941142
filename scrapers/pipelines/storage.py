"""Store what spiders yield: sources, meetings, documents (with text, items and findings), failures.

Every item is stored in its own transaction, so an interrupted crawl keeps everything it finished. The
blocking work (PDF extraction runs in worker processes, SQL) happens in a thread, off the reactor.
Sources are registered from the spider's registry entries when it opens; when it closes, each source
without a failure in this crawl is marked successful.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, session_factory
from db.migrate import upgrade
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
        self.lock = threading.Lock()  # one writer at a time: SQLite allows no more
        self.meetings_stored: dict[tuple[str, str], asyncio.Event] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        upgrade(self.db_url)
        self.engine = make_engine(self.db_url)
        self.sessions = session_factory(self.engine)
        with self.sessions.begin() as session:
            repo = Repository(session)
            for entry in self.crawler.spider.sources.values():
                self.source_ids[entry["id"]] = register_source(repo, entry).id

    def close_spider(self) -> None:
        with self.sessions.begin() as session:
            repo = Repository(session)
            for entry_id, source_id in self.source_ids.items():
                if entry_id not in self.failed and self.crawler.spider.sources[entry_id].get("enabled", True):
                    repo.record_source_result(source_id, ok=True)
        self.engine.dispose()

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
        await asyncio.to_thread(self._store, item)
        return item

    def _store(self, item: Any) -> None:
        with self.lock, self.sessions.begin() as session:
            repo = Repository(session)
            source_id = self.source_ids[item.source]
            if isinstance(item, MeetingItem):
                entry = self.crawler.spider.sources[item.source]
                start = item.start
                if start is not None and start.tzinfo is None:  # a local wall-clock time: place it in its zone
                    start = start.replace(tzinfo=zone_for(entry.get("state"), entry.get("options")))
                repo.upsert_meeting(source_id=source_id, **item.model_dump(exclude={"source", "start"}), start=start)
                self.stats.inc_value("alpr/meetings")
            elif isinstance(item, DocumentItem):
                self._store_document(repo, source_id, item)
            elif isinstance(item, SourceStatusItem):
                if not item.ok:
                    self.failed.add(item.source)
                    self.stats.inc_value("alpr/source_errors")
                repo.record_source_result(source_id, ok=item.ok, error=item.error)

    def _store_document(self, repo: Repository, source_id: int, item: DocumentItem) -> None:
        meeting = repo.find_meeting(source_id, item.meeting_external_id) if item.meeting_external_id else None
        meeting_id = meeting.id if meeting else None
        if item.body is None:
            record_fetch_failure(repo, url=item.url, error=item.error or "not fetched", source_id=source_id,
                                 meeting_id=meeting_id, kind=item.kind)
            self.stats.inc_value("alpr/documents_failed")
            return
        result = ingest_document(
            repo, url=item.url, body=item.body, source_id=source_id, meeting_id=meeting_id, kind=item.kind,
            mime=item.mime, etag=item.etag, last_modified=item.last_modified,
            meeting_date=meeting.start.date() if meeting and meeting.start else None,
        )
        self.stats.inc_value(f"alpr/documents_{result.state}")
        self.stats.inc_value("alpr/alpr_findings", result.relevant)
        if item.kind == "portal_page":
            _, snapshot_state = store_portal_snapshot(repo, source_id, result.document, item.body)
            self.stats.inc_value(f"alpr/portal_snapshots_{snapshot_state}")
