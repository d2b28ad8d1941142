"""The JSON API under ``/api/``: the same queries as the pages, as documented JSON (see ``/openapi.json``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from sqlalchemy.orm import Session

from db.models import Document
from db.search import search_items
from tracker.alerts.filters import ALERT_KINDS
from tracker.alerts.listing import alert_listing
from tracker.alerts.values import checked_choice
from tracker.portals.store import portal_listing
from tracker.web import queries, schema

router = APIRouter(prefix="/api", responses={400: {"model": schema.ErrorOut}, 404: {"model": schema.ErrorOut},
                                             429: {"model": schema.ErrorOut}})


def db_session(request: Request) -> Any:
    """A read-only session per request, closed after the response."""
    with request.app.state.sessions() as session:
        yield session


def contract_filter(
    state: Annotated[list[str] | None, Query(description="State code or name (CA, California).")] = None,
    county: Annotated[list[str] | None, Query(description="County name (Alameda, Alameda County).")] = None,
    jurisdiction: Annotated[list[str] | None, Query(description="Registry id, OCD id or name.")] = None,
    vendor: Annotated[list[str] | None, Query(description="Vendor name or alias (Flock, Flock Safety).")] = None,
    status: Annotated[list[str] | None, Query(description="Contract status (proposed, approved...).")] = None,
    since: Annotated[dt.date | None, Query(description="Started (or first seen) on or after this day.")] = None,
    until: Annotated[dt.date | None, Query(description="Started (or first seen) on or before this day.")] = None,
    min_amount: Annotated[float | None, Query(ge=0, le=1e12)] = None,
    max_amount: Annotated[float | None, Query(ge=0, le=1e12)] = None,
    upcoming: Annotated[bool, Query(description="Only contracts with a meeting still to come.")] = False,
) -> queries.ContractFilter:
    """The CLI's contracts filters as query parameters (each list parameter may repeat; a blank one, as an
    empty field of the page's form sends, means any)."""
    state, county, jurisdiction, vendor, status = ([v for v in values or [] if v.strip()] for values in
                                                   (state, county, jurisdiction, vendor, status))
    return queries.ContractFilter(state, county, jurisdiction, vendor, status, since, until, min_amount,
                                  max_amount, upcoming)


SessionDep = Annotated[Session, Depends(db_session)]
FilterDep = Annotated[queries.ContractFilter, Depends(contract_filter)]


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@router.get("/contracts", response_model=schema.ContractPage)
def contracts(session: SessionDep, wanted: FilterDep,
              cursor: Annotated[int | None, Query(ge=0, le=2**62, description="The last page's next_cursor.")] = None,
              limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    """Contracts matching every filter, by id, a page at a time."""
    found = queries.resolve(session, wanted)
    items, next_cursor = queries.contract_page(session, found, after=cursor, limit=limit, today=today())
    return {"items": items, "next_cursor": next_cursor}


@router.get("/contracts/{contract_id}", response_model=schema.ContractDetail)
def contract(session: SessionDep, contract_id: Annotated[int, Path(ge=0, le=2**62)]) -> dict[str, Any]:
    """One contract with its timeline and the source passage of every fact."""
    found = queries.contract_detail(session, contract_id)
    if found is None:
        raise HTTPException(404, f"no contract {contract_id}")
    return found


@router.get("/search", response_model=list[schema.SearchHitOut])
def search(session: SessionDep,
           q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find in agenda items.")],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict[str, Any]]:
    """Agenda, minutes and report items containing every word, best first, with the matching passage."""
    if not q.split():
        raise HTTPException(400, "q has no words to search for")
    hits = search_items(session, q, limit=limit)
    urls = dict(session.query(Document.id, Document.url).filter(Document.id.in_({h.item.document_id for h in hits})))
    return [{"item_id": h.item.id, "document_id": h.item.document_id, "meeting_id": h.item.meeting_id,
             "title": h.item.title, "snippet": h.snippet, "rank": h.rank, "document_url": urls[h.item.document_id]}
            for h in hits]


@router.get("/jurisdictions", response_model=list[schema.JurisdictionOut])
def jurisdictions(session: SessionDep, wanted: FilterDep) -> list[dict[str, Any]]:
    """Places with contracts or portals: counts, cameras, money, newest status, portal sharing flags."""
    return queries.jurisdiction_rows(session, queries.resolve(session, wanted))


@router.get("/meetings/upcoming", response_model=list[schema.MeetingOut])
def upcoming_meetings(session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict[str, Any]]:
    """Meetings still to come, soonest first, with their ALPR items."""
    now = dt.datetime.now(dt.UTC)
    return queries.meetings(session, upcoming_from=now.replace(hour=0, minute=0, second=0, microsecond=0),
                            limit=limit)


@router.get("/alerts", response_model=list[schema.AlertOut])
def alerts(session: SessionDep,
           kind: Annotated[str | None, Query(description="upcoming_vote, new_contract, contract_changed...")] = None,
           limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict[str, Any]]:
    """Alerts, newest first."""
    if kind is not None:
        kind = checked_choice("alert kind", kind, ALERT_KINDS)
    return alert_listing(session, kind=kind, limit=limit)


@router.get("/portals", response_model=list[schema.PortalOut])
def portals(session: SessionDep) -> list[dict[str, Any]]:
    """The newest snapshot of every transparency portal, with the organizations it shares with flagged."""
    return portal_listing(session)
