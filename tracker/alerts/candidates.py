"""What is worth an alert right now, read from the database: one :class:`AlertCandidate` per event.

Each candidate carries the ``dedupe_key`` that names its underlying event, so it can be offered again
and again (every run, by overlapping runs) and still become one alert:

* ``upcoming_vote:{source}:{meeting}:{file number, else item label}`` an ALPR item to be voted on at a
  meeting not yet held;
* ``new_contract:{jurisdiction}:{vendor}:{agreement}`` a contract first seen;
* ``contract_changed:{jurisdiction}:{vendor}:{agreement}:{n}`` its tracked terms differ from what its
  n-th alert told (so a change, and a change back, are each told once);
* ``portal_changed:snapshot:{id}`` a new version of a transparency portal with tracked changes;
* ``federal_award:{record URL}`` an ALPR award or sub-award on USAspending.

The fact names are the ones :func:`tracker.digest.model.alert_view` reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, exists, func, literal, select
from sqlalchemy.orm import Session

from db.models import (
    Alert,
    Contract,
    ContractEvent,
    Document,
    Finding,
    Item,
    Jurisdiction,
    Meeting,
    PortalSnapshot,
    Source,
)
from tracker.alerts.comment import how_to_comment
from tracker.alerts.filters import AlertKind, Subject
from tracker.analysis.lexicon import load_lexicon
from tracker.contracts.identifiers import agreement_key, find_identifiers
from tracker.contracts.reading import sentence
from tracker.contracts.timeline import TRACKED
from tracker.registry.timezones import zone_for

#: Documents of a meeting whose items show what will be voted on; the agenda's own items come first.
MEETING_KINDS = ("agenda", "packet", "staff_report", "other")
_CONTRACT_ALERTS = ("new_contract", "contract_changed")
#: The award's own id line in a USAspending record (a sub-award's comes before its prime award's).
_AWARD_ID = re.compile(r"^\s*(?:Sub-award|Award) ID\s*:\s*(?P<id>\S+)", re.I | re.M)


@dataclass(frozen=True)
class AlertCandidate:
    """An alert to create unless its ``dedupe_key`` exists, and what subscriptions match it against."""

    kind: AlertKind
    dedupe_key: str
    facts: dict[str, Any]
    subject: Subject
    contract_id: int | None = None
    finding_id: int | None = None


def _compact(facts: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in facts.items() if value not in (None, [], {}, "")}


def _place(place: Jurisdiction | None) -> dict[str, Any]:
    if place is None:
        return {}
    return {"jurisdiction": place.name, "jurisdiction_id": place.id, "state": place.state, "county": place.county}


def vendor_name(family: str | None) -> str | None:
    """The display name of a vendor family ("Flock Safety" for ``flock``)."""
    vendor = load_lexicon().vendors.get(family or "")
    return vendor.name if vendor else None


def _finding_facts(finding: Finding, item: Item, document: Document) -> dict[str, Any]:
    """The facts every finding-based alert carries: what the item says, and where."""
    relevance = (finding.facts.get("facts") or {}).get("relevance")
    evidence = (sentence(item.text, relevance["evidence"]["start"], relevance["evidence"]["end"]) if relevance
                else " ".join(item.text.split())[:300])
    return {
        "item_number": item.number, "title": item.title, "vendor": finding.vendor,
        "vendor_name": finding.vendor_name, "product": finding.product, "camera_count": finding.camera_count,
        "cameras_added": finding.facts.get("cameras_added"), "total_usd": finding.total_usd,
        "term_months": finding.term_months, "action": finding.action, "category": finding.category,
        "document_url": document.url, "document_kind": document.kind, "evidence": evidence,
        "finding_id": finding.id,
    }


def _finding_subject(kind: AlertKind, finding: Finding, item: Item, place: Jurisdiction | None) -> Subject:
    return Subject(kind=kind, jurisdiction=place, vendor=finding.vendor, vendor_name=finding.vendor_name,
                   amount=finding.total_usd, category=finding.category, text=item.text)


def _vote_subject(finding: Finding, item: Item, document: Document) -> str:
    """What is voted on, named the same way by every document of the meeting where possible.

    A reference number (the file or resolution number agendas and staff reports share) names it best; an
    agenda item is otherwise named by its label, and a staff report or packet section by its vendor.
    """
    identifiers = find_identifiers(item.text, item.number)
    fallback = (f"item:{item.number or f'#{item.ordinal}'}" if document.kind == "agenda"
                else f"vendor:{finding.vendor or 'unknown'}")
    return agreement_key(identifiers, fallback)


def upcoming_votes(session: Session, now: dt.datetime) -> Iterator[AlertCandidate]:
    """ALPR items of meetings on or after today (meeting times are local wall-clock times).

    The agenda's items are the votes; a staff report or packet counts only for a meeting whose agenda shows
    no ALPR item (agenda titles are often vague: "public safety technology agreement").
    """
    today = dt.datetime.combine(now.date(), dt.time(0), tzinfo=dt.UTC)
    stmt = (
        select(Finding, Item, Document, Meeting, Source, Jurisdiction, ContractEvent.contract_id)
        .join(Item, Finding.item_id == Item.id)
        .join(Document, Item.document_id == Document.id)
        .join(Meeting, Document.meeting_id == Meeting.id)
        .join(Source, Meeting.source_id == Source.id)
        .join(Jurisdiction, Source.jurisdiction_id == Jurisdiction.id)
        .outerjoin(ContractEvent, ContractEvent.finding_id == Finding.id)
        .where(Finding.relevant.is_(True), Document.kind.in_(MEETING_KINDS), Meeting.start >= today,
               Meeting.status != "cancelled")
        .order_by(Meeting.start, Meeting.id, Document.kind != "agenda", Document.id, Item.ordinal)
    )
    rows = session.execute(stmt).all()
    on_agenda = {meeting.id for _, _, document, meeting, *_ in rows if document.kind == "agenda"}
    for finding, item, document, meeting, source, place, contract_id in rows:
        if document.kind != "agenda" and meeting.id in on_agenda:
            continue
        comment = how_to_comment(document.text, item.start_offset, item.text)
        facts = {**_place(place), "body": meeting.body, **meeting_time(meeting, place), "meeting_url": meeting.url,
                 **_finding_facts(finding, item, document), "status": "on the agenda",
                 "contract_id": contract_id, **(comment.facts() if comment else {})}
        key = f"upcoming_vote:{source.key or source.id}:{meeting.external_id}:{_vote_subject(finding, item, document)}"
        yield AlertCandidate("upcoming_vote", key, _compact(facts),
                             _finding_subject("upcoming_vote", finding, item, place), contract_id, finding.id)


def meeting_time(meeting: Meeting, place: Jurisdiction | None) -> dict[str, str]:
    """When the meeting is, in its own zone: ``meeting_start`` with its offset, or only ``meeting_date``
    when the platform gave the day alone (a local midnight); ``timezone`` names the zone (calendar files)."""
    zone = zone_for(place.state if place else None, None, place.timezone if place else None)
    local = meeting.start.astimezone(zone)
    if local.time() == dt.time(0):
        return {"meeting_date": local.date().isoformat(), "timezone": zone.key}
    return {"meeting_start": local.isoformat(), "meeting_date": local.date().isoformat(), "timezone": zone.key}


def snapshot(contract: Contract) -> dict[str, Any]:
    """The tracked terms of a contract, JSON-ready: what a contract alert told."""
    values = {name: getattr(contract, name) for name in TRACKED}
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def _contract_facts(contract: Contract, place: Jurisdiction) -> dict[str, Any]:
    evidence = contract.field_evidence or {}
    status = evidence.get("status") or next(iter(evidence.values()), {})
    return {
        **_place(place), "contract_id": contract.id, "agreement_key": contract.agreement_key,
        "vendor": contract.vendor, "vendor_name": vendor_name(contract.vendor), "product": ", ".join(contract.products),
        "agency": contract.agency, "camera_count": contract.camera_count, "total_usd": contract.total_usd,
        "term_months": contract.term_months, "status": contract.status,
        "start_date": contract.start_date.isoformat() if contract.start_date else None,
        "end_date": contract.end_date.isoformat() if contract.end_date else None,
        "retention_days": contract.retention_days, "sharing": contract.sharing,
        "document_url": status.get("url"), "evidence": status.get("text"), "snapshot": snapshot(contract),
    }


def _contract_subject(kind: AlertKind, contract: Contract, place: Jurisdiction) -> Subject:
    words = " ".join(str(e.get("text", "")) for e in (contract.field_evidence or {}).values())
    name = vendor_name(contract.vendor)
    return Subject(kind=kind, jurisdiction=place, vendor=contract.vendor, vendor_name=name,
                   amount=contract.total_usd, text=f"{name or contract.vendor} {contract.agreement_key} {words}")


def _changes(told: dict[str, Any], now: dict[str, Any], evidence: dict[str, Any]) -> dict[str, Any]:
    return {name: _compact({"before": told.get(name), "after": now[name],
                            "evidence": {k: evidence[name][k] for k in ("url", "text")} if name in evidence else None})
            for name in TRACKED if told.get(name) != now[name]}


def contract_alerts(session: Session) -> Iterator[AlertCandidate]:
    """``new_contract`` for contracts never alerted, ``contract_changed`` where terms moved since the last alert."""
    told = (select(Alert.contract_id, func.max(Alert.id).label("last_id"), func.count().label("told"))
            .where(Alert.contract_id.is_not(None), Alert.kind.in_(_CONTRACT_ALERTS))
            .group_by(Alert.contract_id).subquery())
    stmt = (select(Contract, Jurisdiction, Alert.facts, told.c.told)
            .join(Jurisdiction, Contract.jurisdiction_id == Jurisdiction.id)
            .outerjoin(told, told.c.contract_id == Contract.id)
            .outerjoin(Alert, Alert.id == told.c.last_id)
            .order_by(Contract.id))
    for contract, place, last_facts, count in session.execute(stmt):
        key = f"{contract.jurisdiction_id}:{contract.vendor}:{contract.agreement_key}"
        facts = _contract_facts(contract, place)
        if last_facts is None:
            yield AlertCandidate("new_contract", f"new_contract:{key}", _compact(facts),
                                 _contract_subject("new_contract", contract, place), contract.id)
            continue
        changes = _changes(last_facts.get("snapshot") or {}, facts["snapshot"], contract.field_evidence or {})
        if changes:
            first = next(iter(changes.values())).get("evidence") or {}
            facts.update(changes=changes, document_url=first.get("url") or facts.get("document_url"),
                         evidence=first.get("text") or facts.get("evidence"))
            yield AlertCandidate("contract_changed", f"contract_changed:{key}:{count}", _compact(facts),
                                 _contract_subject("contract_changed", contract, place), contract.id)


_LISTED_CHANGES = (
    ("new_federal", "new federal access"), ("new_out_of_state", "new out-of-state access"),
    ("organizations_added", "organizations added"), ("organizations_removed", "organizations removed"),
    ("hotlists_added", "hotlists added"), ("hotlists_removed", "hotlists removed"),
)


def _portal_summary(changes: dict[str, Any]) -> str:
    """One line a reader can take in: what moved on the portal."""
    parts = [f"{name.replace('_', ' ')} {change.get('before')} → {change.get('after')}"
             for name in ("retention_days", "camera_count") if (change := changes.get(name))]
    for name, label in _LISTED_CHANGES:
        names = [v["name"] if isinstance(v, dict) else str(v) for v in changes.get(name) or []]
        if names:
            parts.append(f"{label}: {', '.join(names[:10])}{' …' if len(names) > 10 else ''}")
    if changes.get("organizations_hidden"):
        parts.append("the sharing list is no longer shown")
    if changes.get("policies_changed"):
        parts.append("policies changed: " + ", ".join(changes["policies_changed"]))
    return "; ".join(parts)


def portal_changes(session: Session) -> Iterator[AlertCandidate]:
    """Each portal snapshot after the first that records tracked changes and has no alert yet."""
    key = literal("portal_changed:snapshot:").concat(cast(PortalSnapshot.id, String))
    stmt = (select(PortalSnapshot, Source, Jurisdiction)
            .join(Source, PortalSnapshot.source_id == Source.id)
            .join(Jurisdiction, Source.jurisdiction_id == Jurisdiction.id)
            .where(PortalSnapshot.sequence > 1, ~exists().where(Alert.dedupe_key == key))
            .order_by(PortalSnapshot.id))
    for snap, source, place in session.execute(stmt):
        changes = snap.changes or {}
        if not changes or changes.get("first_snapshot"):
            continue
        summary = _portal_summary(changes)
        facts = {**_place(place), "vendor": "flock", "vendor_name": vendor_name("flock"), "agency": snap.agency,
                 "title": f"{snap.agency or source.key} transparency portal", "camera_count": snap.camera_count,
                 "retention_days": snap.retention_days, "captured_at": snap.captured_at.isoformat(),
                 "document_url": source.url, "evidence": summary, "changes": changes, "source": source.key,
                 # A third party's data (Eyes on Flock, CC BY-SA 4.0) travels with its license and credit.
                 "license": snap.license, "attribution": snap.attribution}
        subject = Subject(kind="portal_changed", jurisdiction=place, vendor="flock", vendor_name=vendor_name("flock"),
                          text=f"{snap.agency or ''} {summary}")
        yield AlertCandidate("portal_changed", f"portal_changed:snapshot:{snap.id}", _compact(facts), subject)


def federal_awards(session: Session) -> Iterator[AlertCandidate]:
    """ALPR-relevant award notices from USAspending sources.

    The USAspending spider stores each award and sub-award at its own stable URL (the award's public page),
    so the URL names the award: a re-fetched record with a new amount is the same award, alerted once.
    """
    stmt = (select(Finding, Item, Document, Jurisdiction)
            .join(Item, Finding.item_id == Item.id)
            .join(Document, Item.document_id == Document.id)
            .join(Source, Document.source_id == Source.id)
            .join(Jurisdiction, Source.jurisdiction_id == Jurisdiction.id)
            .where(Finding.relevant.is_(True), Document.kind == "procurement_notice", Source.platform == "usaspending")
            .order_by(Finding.id))
    for finding, item, document, place in session.execute(stmt):
        award_id = _AWARD_ID.search(item.text)
        facts = {**_place(place), **_finding_facts(finding, item, document),
                 "award_id": award_id.group("id") if award_id else None}
        yield AlertCandidate("federal_award", f"federal_award:{document.url}", _compact(facts),
                             _finding_subject("federal_award", finding, item, place), None, finding.id)
