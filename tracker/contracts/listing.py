"""Contracts as JSON-ready rows with their timeline: what ``alpr-tracker contracts`` prints."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Contract, ContractEvent, Document, Finding, Item, Jurisdiction

_KIND_RANK = {"minutes": 1, "procurement_notice": 2}


def _events(session: Session, contract_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each contract's events in timeline order, with the document and item that show them.

    Selects only the columns a row needs: loading whole documents would read every full text.
    """
    stmt = (select(ContractEvent.contract_id, ContractEvent.kind, ContractEvent.occurred_on,
                   ContractEvent.finding_id, Item.id, Item.number, Item.title,
                   Document.id, Document.kind, Document.url)
            .join(Finding, Finding.id == ContractEvent.finding_id)
            .join(Item, Item.id == Finding.item_id)
            .join(Document, Document.id == Item.document_id)
            .where(ContractEvent.contract_id.in_(contract_ids)))
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for (contract_id, kind, occurred_on, finding_id, item_id, item_number, title,
         document_id, document_kind, document_url) in session.execute(stmt):
        day = occurred_on.isoformat() if occurred_on else ""
        found[contract_id].append((
            (day, _KIND_RANK.get(document_kind, 0), finding_id),
            {"kind": kind, "occurred_on": occurred_on, "document_kind": document_kind,
             "document_url": document_url, "document_id": document_id, "item_id": item_id,
             "item_number": item_number, "title": title, "finding_id": finding_id},
        ))
    return {cid: [row for _, row in sorted(rows, key=lambda r: r[0])] for cid, rows in found.items()}


def contract_listing(session: Session, *, state: str | None = None, jurisdiction: str | None = None,
                     vendor: str | None = None, status: str | None = None,
                     limit: int | None = None) -> list[dict[str, Any]]:
    """Contracts matching every given filter, by place then vendor, each with its events and evidence."""
    stmt = select(Contract, Jurisdiction).join(Jurisdiction, Contract.jurisdiction_id == Jurisdiction.id)
    for column, value in ((Jurisdiction.state, state), (Contract.jurisdiction_id, jurisdiction),
                          (Contract.vendor, vendor), (Contract.status, status)):
        if value is not None:
            stmt = stmt.where(column == value)
    stmt = stmt.order_by(Jurisdiction.state, Jurisdiction.name, Contract.vendor, Contract.id).limit(limit)
    rows = session.execute(stmt).all()
    events = _events(session, [contract.id for contract, _ in rows])
    return [
        {"id": contract.id, "jurisdiction_id": place.id, "jurisdiction": place.name, "state": place.state,
         "vendor": contract.vendor, "agreement_key": contract.agreement_key, "agency": contract.agency,
         "status": contract.status, "products": contract.products, "camera_count": contract.camera_count,
         "total_usd": contract.total_usd, "term_months": contract.term_months, "start_date": contract.start_date,
         "end_date": contract.end_date, "retention_days": contract.retention_days, "sharing": contract.sharing,
         "first_seen": contract.created_at, "updated_at": contract.updated_at,
         "events": events.get(contract.id, []), "field_evidence": contract.field_evidence}
        for contract, place in rows
    ]
