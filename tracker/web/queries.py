"""What the web pages and the JSON API read: contracts by the CLI's filters, one contract's timeline,
places, meetings and votes. Filter values are resolved by :mod:`tracker.alerts.values`, so a value the
tracker does not know raises :class:`~tracker.alerts.values.UnknownValues` with close matches, never an
empty result.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, get_args

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from db.models import (
    Contract,
    ContractEvent,
    ContractStatus,
    Document,
    Finding,
    Item,
    Jurisdiction,
    Meeting,
    PortalSnapshot,
    Source,
)
from tracker.alerts.values import (
    UnknownValues,
    checked_choice,
    checked_places,
    checked_states,
    checked_vendors,
    counties_of,
    county_name,
    known_places,
)
from tracker.digest.model import AlertView
from tracker.digest.store import alerts_since

STATUSES: tuple[str, ...] = get_args(ContractStatus)
#: Columns the contracts table can be sorted by (query value to column).
SORTS = {"place": Jurisdiction.name, "state": Jurisdiction.state, "vendor": Contract.vendor,
         "status": Contract.status, "cameras": Contract.camera_count, "amount": Contract.total_usd,
         "start": Contract.start_date, "updated": Contract.updated_at, "id": Contract.id}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ContractFilter:
    """The contracts filters, as typed by a user (``--state California``, ``vendor=Flock Safety``)."""

    state: list[str] = field(default_factory=list)
    county: list[str] = field(default_factory=list)
    jurisdiction: list[str] = field(default_factory=list)
    vendor: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    since: dt.date | None = None
    until: dt.date | None = None
    min_amount: float | None = None
    max_amount: float | None = None
    upcoming: bool = False

    def query_items(self) -> list[tuple[str, str]]:
        """The filter as query parameters (for feed links and paging)."""
        items = [(name, v) for name in ("state", "county", "jurisdiction", "vendor", "status")
                 for v in getattr(self, name)]
        for name in ("since", "until", "min_amount", "max_amount"):
            value = getattr(self, name)
            if value is not None:
                items.append((name, str(value)))
        if self.upcoming:
            items.append(("upcoming", "true"))
        return items


@dataclass(frozen=True)
class Resolved:
    """A :class:`ContractFilter` read into the database's values."""

    states: list[str]
    jurisdiction_ids: list[str]
    counties: set[str]
    vendors: list[str]
    statuses: list[str]
    raw: ContractFilter
    #: The jurisdictions lying in the wanted counties (None: no county filter).
    county_ids: list[str] | None = None

    def place_matches(self, place: Jurisdiction | None) -> bool:
        """True when ``place`` passes the state, county and jurisdiction filters."""
        if not (self.states or self.jurisdiction_ids or self.counties):
            return True
        if place is None:
            return False
        return ((not self.states or place.state in self.states)
                and (not self.jurisdiction_ids or place.id in self.jurisdiction_ids)
                and (not self.counties or bool(counties_of(place) & self.counties)))


def resolve(session: Session, wanted: ContractFilter) -> Resolved:
    """Known values for every filter; :class:`UnknownValues` naming each unknown one with close matches."""
    problems: list[str] = []

    def attempt(check: Any, *args: Any) -> Any:
        try:
            return check(*args)
        except UnknownValues as error:
            problems.append(str(error))
            return []

    places = known_places(session) if wanted.jurisdiction or wanted.county else None
    states = attempt(checked_states, wanted.state)
    ids = attempt(checked_places, wanted.jurisdiction, wanted.county, places) if places else []
    vendors = attempt(checked_vendors, wanted.vendor)
    statuses = [attempt(checked_choice, "status", value, STATUSES) for value in wanted.status]
    if wanted.min_amount is not None and wanted.max_amount is not None and wanted.min_amount > wanted.max_amount:
        problems.append(f"min_amount {wanted.min_amount:g} is above max_amount {wanted.max_amount:g}")
    if wanted.since and wanted.until and wanted.since > wanted.until:
        problems.append(f"since {wanted.since} is after until {wanted.until}")
    if problems:
        raise UnknownValues("; ".join(problems))
    counties = {county_name(c) for c in wanted.county}
    county_ids = [place.id for place in session.scalars(select(Jurisdiction)) if counties_of(place) & counties]
    return Resolved(states, ids, counties, vendors, statuses, wanted, county_ids if counties else None)


def _upcoming_contract_ids(today: dt.date) -> Select[int]:
    """Contracts with an event on a meeting that has not happened yet."""
    return select(ContractEvent.contract_id).where(ContractEvent.occurred_on >= today)


def _midnight(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in UTC, to compare with a timestamp column."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def contracts_statement(found: Resolved, today: dt.date) -> Select[Contract, Jurisdiction]:
    """Contracts with their place, every filter applied, unordered."""
    stmt = select(Contract, Jurisdiction).join(Jurisdiction, Contract.jurisdiction_id == Jurisdiction.id)
    wanted = found.raw
    if found.states:
        stmt = stmt.where(Jurisdiction.state.in_(found.states))
    if found.jurisdiction_ids:
        stmt = stmt.where(Contract.jurisdiction_id.in_(found.jurisdiction_ids))
    if found.county_ids is not None:
        stmt = stmt.where(Contract.jurisdiction_id.in_(found.county_ids))
    if found.vendors:
        stmt = stmt.where(Contract.vendor.in_(found.vendors))
    if found.statuses:
        stmt = stmt.where(Contract.status.in_(found.statuses))
    if wanted.since is not None:
        stmt = stmt.where(or_(Contract.start_date >= wanted.since,
                              and_(Contract.start_date.is_(None), Contract.created_at >= _midnight(wanted.since))))
    if wanted.until is not None:
        stmt = stmt.where(or_(Contract.start_date <= wanted.until,
                              and_(Contract.start_date.is_(None),
                                   Contract.created_at < _midnight(wanted.until + dt.timedelta(days=1)))))
    if wanted.min_amount is not None:
        stmt = stmt.where(Contract.total_usd >= wanted.min_amount)
    if wanted.max_amount is not None:
        stmt = stmt.where(Contract.total_usd <= wanted.max_amount)
    if wanted.upcoming:
        stmt = stmt.where(Contract.id.in_(_upcoming_contract_ids(today)))
    return stmt


def contract_row(contract: Contract, place: Jurisdiction) -> dict[str, Any]:
    """One contract as the API and the table show it: facts, place, and the evidence of each fact."""
    return {
        "id": contract.id, "jurisdiction_id": place.id, "jurisdiction": place.name, "state": place.state,
        "county": place.county, "vendor": contract.vendor, "agreement_key": contract.agreement_key,
        "agency": contract.agency, "status": contract.status, "products": list(contract.products or []),
        "camera_count": contract.camera_count, "total_usd": contract.total_usd,
        "term_months": contract.term_months, "start_date": contract.start_date, "end_date": contract.end_date,
        "retention_days": contract.retention_days, "sharing": list(contract.sharing or []),
        "first_seen": contract.created_at, "updated_at": contract.updated_at,
        "evidence": dict(contract.field_evidence or {}),
    }


def contract_page(session: Session, found: Resolved, *, after: int | None, limit: int,
                  today: dt.date) -> tuple[list[dict[str, Any]], int | None]:
    """One page of contracts by id after the cursor ``after``, and the cursor of the next page (None: last)."""
    stmt = contracts_statement(found, today).order_by(Contract.id).limit(limit + 1)
    if after is not None:
        stmt = stmt.where(Contract.id > after)
    rows = [contract_row(contract, place) for contract, place in session.execute(stmt)]
    return rows[:limit], rows[limit - 1]["id"] if len(rows) > limit else None


def contract_table(session: Session, found: Resolved, *, sort: str, descending: bool, limit: int,
                   today: dt.date) -> list[dict[str, Any]]:
    """Contracts sorted by a :data:`SORTS` column (unknown sorts are refused by the caller), then by id."""
    column = SORTS[sort]
    order = column.desc().nulls_last() if descending else column.asc().nulls_last()
    stmt = contracts_statement(found, today).order_by(order, Contract.id).limit(limit)
    return [contract_row(contract, place) for contract, place in session.execute(stmt)]


def contract_detail(session: Session, contract_id: int) -> dict[str, Any] | None:
    """A contract with its timeline: each event's day, meeting body, item, action, vote and source passage."""
    found = session.execute(select(Contract, Jurisdiction).join(Jurisdiction)
                            .where(Contract.id == contract_id)).first()
    if found is None:
        return None
    row = contract_row(*found)
    stmt = (select(ContractEvent, Finding, Item, Document, Meeting)
            .join(Finding, Finding.id == ContractEvent.finding_id)
            .join(Item, Item.id == Finding.item_id)
            .join(Document, Document.id == Item.document_id)
            .outerjoin(Meeting, Meeting.id == Item.meeting_id)
            .where(ContractEvent.contract_id == contract_id)
            .order_by(ContractEvent.occurred_on.nulls_first(), ContractEvent.id))
    row["events"] = [
        {"kind": event.kind, "occurred_on": event.occurred_on, "body": meeting.body if meeting else None,
         "item_number": item.number, "title": item.title, "action": finding.action,
         "vote": (finding.facts or {}).get("vote"), "document_url": document.url, "document_kind": document.kind,
         "page": item.page, "text": item.text, "finding_id": finding.id}
        for event, finding, item, document, meeting in session.execute(stmt)
    ]
    return row


def _portals_by_place(session: Session) -> dict[str, dict[str, Any]]:
    """Each jurisdiction's newest portal snapshot: url, cameras and how many federal / out-of-state flags."""
    latest = (select(PortalSnapshot.source_id, func.max(PortalSnapshot.sequence).label("sequence"))
              .group_by(PortalSnapshot.source_id).subquery())
    stmt = (select(PortalSnapshot, Source)
            .join(latest, and_(PortalSnapshot.source_id == latest.c.source_id,
                               PortalSnapshot.sequence == latest.c.sequence))
            .join(Source, Source.id == PortalSnapshot.source_id))
    found = {}
    for snapshot, source in session.execute(stmt):
        reasons = [flag.get("reason") for flag in snapshot.flagged or []]
        found[source.jurisdiction_id] = {
            "url": source.url, "camera_count": snapshot.camera_count, "retention_days": snapshot.retention_days,
            "federal": reasons.count("federal"), "out_of_state": reasons.count("out_of_state"),
            "captured_at": snapshot.captured_at, "flagged": list(snapshot.flagged or []),
        }
    return found


def jurisdiction_rows(session: Session, found: Resolved | None = None) -> list[dict[str, Any]]:
    """Every jurisdiction with a contract or a portal: place, coordinates, contract count, cameras, money,
    the status of its newest contract and its portal's sharing flags."""
    contracts: dict[str, list[Contract]] = defaultdict(list)
    for contract in session.scalars(select(Contract).order_by(Contract.updated_at.nulls_first(), Contract.id)):
        contracts[contract.jurisdiction_id].append(contract)
    portals = _portals_by_place(session)
    rows = []
    for place in session.scalars(select(Jurisdiction).order_by(Jurisdiction.state, Jurisdiction.name)):
        own = contracts.get(place.id, [])
        if not own and place.id not in portals or (found is not None and not found.place_matches(place)):
            continue
        rows.append({
            "id": place.id, "name": place.name, "kind": place.kind, "state": place.state, "county": place.county,
            "lat": place.lat, "lon": place.lon, "contract_count": len(own),
            "camera_count": sum(c.camera_count or 0 for c in own),
            "total_usd": sum(c.total_usd or 0.0 for c in own),
            "status": own[-1].status if own else None, "vendors": sorted({c.vendor for c in own}),
            "portal": portals.get(place.id),
        })
    return rows


def jurisdiction(session: Session, jurisdiction_id: str) -> Jurisdiction | None:
    """The jurisdiction with this id."""
    return session.get(Jurisdiction, jurisdiction_id)


def meetings(session: Session, *, jurisdiction_id: str | None = None, upcoming_from: dt.datetime | None = None,
             limit: int = 100) -> list[dict[str, Any]]:
    """Meetings (soonest first when upcoming, else newest first) with their ALPR items."""
    source = aliased(Source)
    stmt = select(Meeting, source.jurisdiction_id).join(source, source.id == Meeting.source_id)
    if jurisdiction_id is not None:
        stmt = stmt.where(source.jurisdiction_id == jurisdiction_id)
    if upcoming_from is not None:
        stmt = stmt.where(Meeting.start >= upcoming_from).order_by(Meeting.start, Meeting.id)
    else:
        stmt = stmt.order_by(Meeting.start.desc().nulls_last(), Meeting.id.desc())
    rows = session.execute(stmt.limit(limit)).all()
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    relevant = (select(Item, Finding).join(Finding, Finding.item_id == Item.id)
                .where(Finding.relevant.is_(True), Item.meeting_id.in_([m.id for m, _ in rows]))
                .order_by(Item.ordinal))
    for item, finding in session.execute(relevant):
        items[item.meeting_id or 0].append({"item_id": item.id, "number": item.number, "title": item.title,
                                            "vendor": finding.vendor, "action": finding.action})
    return [{"id": m.id, "jurisdiction_id": place_id, "body": m.body, "start": m.start, "status": m.status,
             "url": m.url, "alpr_items": items.get(m.id, [])} for m, place_id in rows]


def alert_views(session: Session, found: Resolved | None = None) -> list[AlertView]:
    """Every alert whose place and vendor pass the filter (the Atom and iCalendar feeds' entries)."""
    views = alerts_since(session, _EPOCH)
    if found is None:
        return views
    places = {p.id: p for p in session.scalars(select(Jurisdiction))}
    return [v for v in views
            if found.place_matches(places.get(str(v.facts.get("jurisdiction_id"))))
            and (not found.vendors or v.facts.get("vendor") in found.vendors)]


def upcoming_votes(session: Session, today: dt.date, found: Resolved | None = None) -> list[AlertView]:
    """Upcoming-vote alerts for meetings today or later, soonest first."""
    def day(view: AlertView) -> dt.date:
        start = view.meeting_start
        return start.date() if isinstance(start, dt.datetime) else start  # type: ignore[return-value]

    votes = [v for v in alert_views(session, found) if v.kind == "upcoming_vote" and v.meeting_start is not None
             and day(v) >= today]
    return sorted(votes, key=lambda v: (day(v), v.id))


def spending_by_vendor(session: Session) -> dict[str, dict[int, tuple[int, float]]]:
    """Per vendor, per year a contract started (or was first seen): how many contracts and their total."""
    found: dict[str, dict[int, tuple[int, float]]] = defaultdict(dict)
    for contract in session.scalars(select(Contract)):
        year = (contract.start_date or contract.created_at.date()).year
        count, total = found[contract.vendor].get(year, (0, 0.0))
        found[contract.vendor][year] = (count + 1, total + (contract.total_usd or 0.0))
    return dict(found)
