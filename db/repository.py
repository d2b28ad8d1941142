"""The storage operations the rest of alpr-tracker calls: idempotent writes and the reads it needs.

A :class:`Repository` works inside the caller's transaction and never commits, so one crawled document,
its items and their findings are stored all together or not at all::

    with session_factory(make_engine(url)).begin() as session:
        document, state = Repository(session).upsert_document(url=..., content_sha256=..., text=...)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db import search
from db.models import Document, DocumentKind, DocumentStatus, Finding, Item, Jurisdiction, Meeting, Source
from db.types import utcnow
from db.upsert import ModelT, State, upsert, upsert_batch
from tracker.analysis import models as analysis
from tracker.redact import without_credentials


@dataclass(frozen=True)
class ItemsReplaced:
    """What :meth:`Repository.replace_items` did: each item with its state, and how many were dropped."""

    items: list[tuple[Item, State]]
    deleted: int

    @property
    def changed(self) -> bool:
        """True when the stored items differ from before the call."""
        return self.deleted > 0 or any(state != "unchanged" for _, state in self.items)


@dataclass(frozen=True)
class KnownDocument:
    """What a crawl needs of a stored document to decide whether to fetch it again."""

    url: str
    status: str
    fetched_at: datetime
    etag: str | None
    last_modified: str | None


def _health(source: Source) -> str:
    """The latest crawl's verdict (``ok``, ``warning``, ``error``); ``new`` before the first crawl.

    Rows crawled before verdicts were stored are judged by which of success and failure came last.
    """
    if source.last_status:
        return source.last_status
    if source.last_failure_at and (source.last_success_at is None or source.last_failure_at >= source.last_success_at):
        return "error"
    return "ok" if source.last_success_at else "new"


class Repository:
    """Reads and idempotent writes over one SQLAlchemy session; every upsert returns ``(row, state)``.

    ``state`` is ``"created"``, ``"changed"`` or ``"unchanged"`` (see :mod:`db.upsert`): re-running a stage
    with the same input changes nothing and says so.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert(self, model: type[ModelT], **values: Any) -> tuple[ModelT, State]:
        """Upsert any model on its ``natural_key``; only the given columns are written."""
        return upsert(self.session, model, values)

    def upsert_jurisdiction(self, **fields: Any) -> tuple[Jurisdiction, State]:
        """Upsert a jurisdiction by ``id``."""
        return self.upsert(Jurisdiction, **fields)

    def upsert_source(self, **fields: Any) -> tuple[Source, State]:
        """Upsert a source by ``(platform, url)``."""
        return self.upsert(Source, **fields)

    def upsert_meeting(self, **fields: Any) -> tuple[Meeting, State]:
        """Upsert a meeting by ``(source_id, external_id)``."""
        return self.upsert(Meeting, **fields)

    def upsert_document(self, **fields: Any) -> tuple[Document, State]:
        """Upsert a document by ``(url, content_sha256)``: new content at a known URL is a new row."""
        return self.upsert(Document, **fields)

    def replace_items(self, document_id: int, items: Sequence[dict[str, Any]]) -> ItemsReplaced:
        """Make ``items`` (in document order) the document's items; the same list again changes nothing.

        An item's position in ``items`` is its ``ordinal``; items beyond the new list's end are deleted (with
        their findings). ``meeting_id`` defaults to the document's meeting.
        """
        document = self.session.get_one(Document, document_id)
        known = self.session.scalars(select(Item).where(Item.document_id == document_id, Item.ordinal < len(items)))
        stored = upsert_batch(
            self.session, Item,
            [{"meeting_id": document.meeting_id, **item, "document_id": document_id, "ordinal": n}
             for n, item in enumerate(items)],
            {(item.document_id, item.ordinal): item for item in known},
        )
        removed = self.session.scalars(
            delete(Item).where(Item.document_id == document_id, Item.ordinal >= len(items)).returning(Item.id)
        ).all()
        return ItemsReplaced(items=stored, deleted=len(removed))

    def save_finding(self, item_id: int, finding: analysis.Finding, analyzer_version: str) -> tuple[Finding, State]:
        """Store ``finding`` as the item's current analysis, replacing any earlier one."""
        return self.save_findings([(item_id, finding)], analyzer_version)[0]

    def save_findings(self, findings: Sequence[tuple[int, analysis.Finding]],
                      analyzer_version: str) -> list[tuple[Finding, State]]:
        """:meth:`save_finding` for each ``(item_id, finding)``, in a constant number of statements."""
        ids = [item_id for item_id, _ in findings]
        known = self.session.scalars(select(Finding).where(Finding.item_id.in_(ids))) if ids else []
        return upsert_batch(
            self.session, Finding,
            [{"item_id": item_id, **Finding.columns_from(finding, analyzer_version)} for item_id, finding in findings],
            {(finding.item_id,): finding for finding in known},
        )

    def record_source_result(self, source_id: int, ok: bool, error: str | None = None, *,
                             warning: str | None = None) -> Source:
        """Note the outcome of a crawl of ``source_id``: ``ok``, an ``error``, or a ``warning`` (read, found nothing).

        Only a clean success moves ``last_success_at``, which incremental crawls trust: after a warning the
        next crawl reads the whole window again.
        """
        source = self.session.get_one(Source, source_id)
        error, warning = without_credentials(error), without_credentials(warning)  # a registry URL's login
        if ok and warning is None:
            source.last_success_at, source.last_error, source.last_status = utcnow(), None, "ok"
        elif ok:
            source.last_failure_at, source.last_error, source.last_status = utcnow(), warning, "warning"
        else:
            source.last_failure_at, source.last_error, source.last_status = utcnow(), error, "error"
        self.session.flush()
        return source

    def list_documents(
        self,
        *,
        source_id: int | None = None,
        meeting_id: int | None = None,
        kind: DocumentKind | None = None,
        status: DocumentStatus | None = None,
        limit: int | None = None,
    ) -> list[Document]:
        """Documents matching every given filter, most recently fetched first."""
        filters = {"source_id": source_id, "meeting_id": meeting_id, "kind": kind, "status": status}
        stmt = (
            select(Document)
            .filter_by(**{name: value for name, value in filters.items() if value is not None})
            .order_by(Document.fetched_at.desc(), Document.id.desc())
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def latest_document(self, url: str) -> Document | None:
        """The most recently fetched stored copy of ``url``; failed fetches do not count as stored."""
        stmt = (
            select(Document)
            .where(Document.url == url, Document.status != "fetch_error")
            .order_by(Document.fetched_at.desc(), Document.id.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def known_documents(self, source_keys: Sequence[str]) -> dict[str, KnownDocument]:
        """:meth:`latest_document` of every URL the sources ``source_keys`` (registry ids) stored, in one query."""
        stmt = (
            select(Document.url, Document.status, Document.fetched_at, Document.etag, Document.last_modified)
            .join(Source, Document.source_id == Source.id)
            .where(Source.key.in_(list(source_keys)), Document.status != "fetch_error")
            .order_by(Document.fetched_at, Document.id)
        )
        return {row.url: KnownDocument(*row) for row in self.session.execute(stmt)}  # the latest copy wins

    def meetings_of(self, source_ids: Sequence[int]) -> list[Meeting]:
        """Every stored meeting of the sources ``source_ids``."""
        return list(self.session.scalars(select(Meeting).where(Meeting.source_id.in_(list(source_ids)))))

    def source_by_key(self, key: str) -> Source | None:
        """A source by its registry id."""
        return self.session.scalars(select(Source).where(Source.key == key)).first()

    def meeting_count(self, source_id: int) -> int:
        """How many meetings of ``source_id`` earlier crawls stored."""
        return self.session.scalar(select(func.count()).select_from(Meeting).where(Meeting.source_id == source_id))

    def find_meeting(self, source_id: int, external_id: str) -> Meeting | None:
        """A source's meeting by the platform's own id for it."""
        return self.session.scalars(
            select(Meeting).where(Meeting.source_id == source_id, Meeting.external_id == external_id)
        ).first()

    def count_items(self, document_id: int) -> int:
        """How many items a document was split into."""
        return self.session.scalar(select(func.count()).select_from(Item).where(Item.document_id == document_id))

    def count_relevant_items(self, document_id: int) -> int:
        """How many of a document's items the analysis found ALPR-relevant."""
        stmt = (
            select(func.count())
            .select_from(Finding)
            .join(Item, Finding.item_id == Item.id)
            .where(Item.document_id == document_id, Finding.relevant.is_(True))
        )
        return self.session.scalar(stmt)

    def source_health(self, keys: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Each source with its last success and error and its document counts (``sources``, crawl summary)."""
        documents = (
            select(
                Document.source_id,
                func.count().label("documents"),
                func.count().filter(Document.status == "fetch_error").label("failed"),
            )
            .group_by(Document.source_id)
            .subquery()
        )
        findings = (
            select(Document.source_id, func.count().label("alpr_items"))
            .join(Item, Item.document_id == Document.id)
            .join(Finding, Finding.item_id == Item.id)
            .where(Finding.relevant.is_(True))
            .group_by(Document.source_id)
            .subquery()
        )
        stmt = (
            select(Source, Jurisdiction.name, documents.c.documents, documents.c.failed, findings.c.alpr_items)
            .join(Jurisdiction, Source.jurisdiction_id == Jurisdiction.id)
            .outerjoin(documents, documents.c.source_id == Source.id)
            .outerjoin(findings, findings.c.source_id == Source.id)
            .order_by(Source.key, Source.id)
        )
        if keys is not None:
            stmt = stmt.where(Source.key.in_(list(keys)))
        return [
            {"source": source.key, "name": name, "platform": source.platform, "url": source.url,
             "enabled": source.enabled, "status": _health(source), "last_success_at": source.last_success_at,
             "last_failure_at": source.last_failure_at, "last_error": source.last_error,
             "documents": docs or 0, "failed_documents": failed or 0, "alpr_items": alpr or 0}
            for source, name, docs, failed, alpr in self.session.execute(stmt)
        ]

    def document_listing(self, *, source_key: str | None = None, kind: str | None = None,
                         status: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored documents with their source and ALPR finding count, newest first (``documents``)."""
        findings = (
            select(Item.document_id, func.count().label("alpr_findings"))
            .join(Finding, Finding.item_id == Item.id)
            .where(Finding.relevant.is_(True))
            .group_by(Item.document_id)
            .subquery()
        )
        stmt = (
            select(Document, Source.key, findings.c.alpr_findings)
            .outerjoin(Source, Document.source_id == Source.id)
            .outerjoin(findings, findings.c.document_id == Document.id)
            .order_by(Document.fetched_at.desc(), Document.id.desc())
            .limit(limit)
        )
        for column, value in ((Source.key, source_key), (Document.kind, kind), (Document.status, status)):
            if value is not None:
                stmt = stmt.where(column == value)
        return [
            {"id": doc.id, "url": doc.url, "kind": doc.kind, "source": key, "status": doc.status,
             "error": doc.error, "mime": doc.mime, "size": doc.size, "page_count": doc.page_count,
             "fetched_at": doc.fetched_at, "content_sha256": doc.content_sha256,
             "alpr_findings": alpr or 0}
            for doc, key, alpr in self.session.execute(stmt)
        ]

    def finding_for(self, item_id: int) -> Finding | None:
        """The current analysis of an item, if it has been analyzed."""
        return self.session.scalars(select(Finding).where(Finding.item_id == item_id)).first()

    def search_items(self, query: str, limit: int = 50) -> list[search.SearchHit]:
        """Full-text search of item titles and texts (see :func:`db.search.search_items`)."""
        return search.search_items(self.session, query, limit)
