"""Portal snapshots in the database: store a crawled portal page, list the latest version of each portal.

The crawler's storage pipeline calls :func:`store_portal_snapshot` for every fetched ``portal_page``
document, inside the document's transaction. A snapshot is written only when the page's facts differ from
the source's latest snapshot, so re-crawling an unchanged portal stores nothing, and each new version
carries what changed (:mod:`tracker.portals.diff`) for the alerts to come.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import Document, Jurisdiction, PortalSnapshot, Source
from db.repository import Repository
from db.types import utcnow
from db.upsert import State
from tracker.portals import eyesonflock
from tracker.portals.blocked import BLOCKED_ADVICE, blocked_reason
from tracker.portals.diff import compare
from tracker.portals.flags import flag_organizations
from tracker.portals.organizations import infer_state
from tracker.portals.parser import PortalPage, parse_portal
from tracker.sources import register_source

#: The error stored on a ``portal_page`` document in which no portal fact was found.
NOT_A_PORTAL = "no transparency portal fields found on the page (moved, unpublished, or a new layout)"
#: Writers of one source that race for the same version number retry this often.
_ATTEMPTS = 3


def content_digest(page: PortalPage) -> str:
    """SHA-256 of the page's facts, without its "Last Updated" stamp (re-stamped daily, nothing else new)."""
    facts = page.facts()
    facts.pop("updated_at")
    return hashlib.sha256(json.dumps(facts, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def store_portal_snapshot(repo: Repository, source_id: int, document: Document,
                          body: bytes) -> tuple[PortalSnapshot | None, State]:
    """Parse ``body`` (the page stored as ``document``) and store it as the source's next snapshot if it changed.

    Returns the source's current snapshot and ``created`` or ``unchanged``. A page without any portal fact
    stores no snapshot (a hidden portal must not read as "every organization removed"): a bot challenge or
    an empty JavaScript shell gets status ``fetch_error`` and an error starting "blocked: " (it was never
    the page), any other page status ``unsupported`` and :data:`NOT_A_PORTAL` as its error. On an
    ``eyesonflock`` source the body is one record of the aggregator (:func:`store_aggregated_snapshot`).
    """
    if repo.session.get_one(Source, source_id).platform == eyesonflock.PLATFORM:
        return store_aggregated_snapshot(repo, document, json.loads(body))
    page = parse_portal(body)
    if not page.found:
        wall = blocked_reason(body)
        document.status, document.error = (("fetch_error", f"blocked: {wall}; {BLOCKED_ADVICE}") if wall
                                           else ("unsupported", NOT_A_PORTAL))
        repo.session.flush()
        return None, "unchanged"
    return store_page(repo, source_id, document.id, page)


def store_aggregated_snapshot(repo: Repository, document: Document,
                              record: dict[str, Any]) -> tuple[PortalSnapshot | None, State]:
    """One Eyes on Flock record as the next snapshot of its portal's own source, with its license.

    The record is a new version only when its ``data_last_updated`` moved (the aggregator's own key).
    """
    portal_source = register_source(repo, eyesonflock.source_entry(record))
    page = eyesonflock.page_from_record(record)
    latest = latest_snapshot(repo.session, portal_source.id)
    if latest is not None and page.updated_at is not None and latest.portal_updated_at == page.updated_at:
        return latest, "unchanged"
    return store_page(repo, portal_source.id, document.id, page,
                      license=eyesonflock.LICENSE, attribution=eyesonflock.ATTRIBUTION)


def store_page(repo: Repository, source_id: int, document_id: int | None, page: PortalPage, *,
               license: str | None = None, attribution: str | None = None) -> tuple[PortalSnapshot, State]:
    """``page`` as the source's next snapshot, with its changes and flags, unless its facts are the latest's."""
    source = repo.session.get_one(Source, source_id)
    home_state = source.jurisdiction.state or infer_state(page.agency or "")[0]
    digest = content_digest(page)
    values = _values(page)
    for _ in range(_ATTEMPTS):
        latest = latest_snapshot(repo.session, source_id)
        if latest is not None and latest.content_sha256 == digest:
            return latest, "unchanged"
        changes = compare(_comparable(latest), _comparable(values), home_state) if latest else {"first_snapshot": True}
        snapshot, state = repo.upsert(
            PortalSnapshot, source_id=source_id, sequence=latest.sequence + 1 if latest else 1,
            document_id=document_id, captured_at=utcnow(), content_sha256=digest, changes=changes,
            flagged=[flag.as_dict() for flag in flag_organizations(page.organizations or [], home_state)],
            license=license, attribution=attribution, **values,
        )
        if state == "created" or snapshot.content_sha256 == digest:
            return snapshot, state
    raise RuntimeError(f"source {source_id}: portal snapshots kept changing under us; try again")


def latest_snapshot(session: Session, source_id: int) -> PortalSnapshot | None:
    """The newest snapshot of a source (highest ``sequence``)."""
    stmt = (select(PortalSnapshot).where(PortalSnapshot.source_id == source_id)
            .order_by(PortalSnapshot.sequence.desc()).limit(1))
    return session.scalars(stmt).first()


def portal_listing(session: Session, *, source_key: str | None = None,
                   flagged_only: bool = False) -> list[dict[str, Any]]:
    """The latest snapshot of every portal as JSON-ready dicts (``alpr-tracker portals``), by source key."""
    latest = (select(PortalSnapshot.source_id, func.max(PortalSnapshot.sequence).label("sequence"))
              .group_by(PortalSnapshot.source_id).subquery())
    stmt = (
        select(PortalSnapshot, Source, Jurisdiction)
        .join(latest, and_(PortalSnapshot.source_id == latest.c.source_id,
                           PortalSnapshot.sequence == latest.c.sequence))
        .join(Source, PortalSnapshot.source_id == Source.id)
        .join(Jurisdiction, Source.jurisdiction_id == Jurisdiction.id)
        .order_by(Source.key, Source.id)
    )
    if source_key is not None:
        stmt = stmt.where(Source.key == source_key)
    rows = [_listing_row(snapshot, source, jurisdiction) for snapshot, source, jurisdiction in session.execute(stmt)]
    return [row for row in rows if row["flagged_organizations"]] if flagged_only else rows


def _listing_row(snapshot: PortalSnapshot, source: Source, jurisdiction: Jurisdiction) -> dict[str, Any]:
    flagged = snapshot.flagged or []
    received = snapshot.details.get("organizations_received")
    return {
        "source": source.key, "name": jurisdiction.name, "state": jurisdiction.state, "url": source.url,
        "agency": snapshot.agency, "snapshot": snapshot.sequence, "captured_at": snapshot.captured_at,
        "portal_updated_at": snapshot.portal_updated_at, "retention_days": snapshot.retention_days,
        "camera_count": snapshot.camera_count, "vehicles_detected_30d": snapshot.vehicles_detected_30d,
        "hotlist_hits_30d": snapshot.hotlist_hits_30d, "searches_30d": snapshot.searches_30d,
        "hotlists": snapshot.hotlists, "organizations": snapshot.organizations,
        "organization_count": len(snapshot.organizations) if snapshot.organizations is not None else None,
        "organizations_received": received, "received_from_count": len(received) if received is not None else None,
        "flagged_organizations": flagged,
        "federal_count": len({flag["name"] for flag in flagged if flag["reason"] == "federal"}),
        "out_of_state_count": len({flag["name"] for flag in flagged if flag["reason"] == "out_of_state"}),
        "search_audit": snapshot.details.get("search_audit"), "changes": snapshot.changes,
        "document_id": snapshot.document_id, "license": snapshot.license, "attribution": snapshot.attribution,
    }


def _values(page: PortalPage) -> dict[str, Any]:
    """The snapshot columns a page fills."""
    audit = dataclasses.asdict(page.search_audit) if page.search_audit else None
    return {
        "agency": page.agency, "portal_updated_at": page.updated_at, "retention_days": page.retention_days,
        "camera_count": page.camera_count, "vehicles_detected_30d": page.vehicles_detected_30d,
        "hotlist_hits_30d": page.hotlist_hits_30d, "searches_30d": page.searches_30d, "hotlists": page.hotlists,
        "organizations": page.organizations, "fields": page.fields,
        "details": {"devices": page.devices, "policies": page.policies, "links": page.links,
                    "search_audit": audit, "origin": page.origin,
                    "organizations_received": page.organizations_received},
    }


def _comparable(snapshot: PortalSnapshot | dict[str, Any]) -> dict[str, Any]:
    """The facts :func:`tracker.portals.diff.compare` reads, from a stored snapshot or new column values."""
    get = snapshot.get if isinstance(snapshot, dict) else lambda name: getattr(snapshot, name)
    return {"retention_days": get("retention_days"), "camera_count": get("camera_count"),
            "organizations": get("organizations"), "hotlists": get("hotlists"),
            "policies": (get("details") or {}).get("policies", {})}
