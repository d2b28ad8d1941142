"""Store one fetched document and everything derived from it: text, items, findings.

This is the step the crawler's storage pipeline calls for each document (DESIGN: text -> analysis -> db).
It runs inside the caller's transaction, so a document, its items and their findings are stored together
or not at all; identical bytes at a known URL are recognized by their SHA-256 and not analyzed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from db.models import Document
from db.repository import Repository
from db.upsert import State
from tracker.analysis import analyzer_version
from tracker.analysis.documents import analyze_items
from tracker.redact import without_credentials
from tracker.text import extract, split_items

#: ``content_sha256`` of a document row that records a failed fetch (no content).
NO_CONTENT = "none"


@dataclass(frozen=True)
class Ingested:
    """What ingesting one document did."""

    document: Document
    state: State
    items: int
    relevant: int


def ingest_document(repo: Repository, *, url: str, body: bytes, source_id: int | None, meeting_id: int | None = None,
                    kind: str = "other", mime: str | None = None, etag: str | None = None,
                    last_modified: str | None = None, meeting_date: dt.date | None = None) -> Ingested:
    """Store ``body`` fetched from ``url``; extract, split and analyze it unless these bytes are known."""
    digest = hashlib.sha256(body).hexdigest()
    document, state = repo.upsert_document(
        url=url, content_sha256=digest, source_id=source_id, meeting_id=meeting_id, kind=kind, mime=mime,
        size=len(body), etag=etag, last_modified=last_modified,
    )
    if state == "unchanged" and document.text is not None:
        relevant = repo.count_relevant_items(document.id)
        return Ingested(document, state, repo.count_items(document.id), relevant)
    extracted = extract(body, mime=mime, filename=url.rsplit("/", 1)[-1])
    document.text = extracted.text if extracted.pages else None
    document.page_count = extracted.page_count
    document.status = extracted.status
    document.error = extracted.error
    document.mime = extracted.mime or mime
    # A portal page is structured data (tracker.portals reads it), not an agenda: splitting it into "items"
    # would make every Flock portal look like a Flock contract.
    analyzable = extracted.pages and kind != "portal_page"
    results = analyze_items(split_items(extracted), meeting_date) if analyzable else []
    replaced = repo.replace_items(document.id, [
        {"number": r.item.number, "title": r.item.title, "text": r.item.text, "page": r.item.page,
         "start_offset": r.item.start, "end_offset": r.item.end}
        for r in results
    ])
    repo.save_findings([(item.id, result.finding) for (item, _), result in zip(replaced.items, results)],
                       analyzer_version())
    return Ingested(document, state, len(results), sum(r.finding.relevant for r in results))


def record_fetch_failure(repo: Repository, *, url: str, error: str, source_id: int | None,
                         meeting_id: int | None = None, kind: str = "other") -> Document:
    """A document that could not be fetched: one row per URL with the latest reason, nothing lost."""
    document, _ = repo.upsert_document(url=url, content_sha256=NO_CONTENT, source_id=source_id, meeting_id=meeting_id,
                                       kind=kind, status="fetch_error", error=without_credentials(error))
    return document
