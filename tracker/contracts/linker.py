"""Link the findings not yet linked into contracts and their events, inside the caller's transaction.

Each touched contract is rebuilt from *all* its steps (:mod:`tracker.contracts.timeline`), so the stored
row never depends on the order documents arrived in, and running the linker again with nothing new
changes nothing. Contracts and events are written with the natural-key upserts of :mod:`db.upsert`, so
two linkers racing over the same findings converge on the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from db.engine import transaction
from db.models import Contract, ContractEvent, Document, Finding, Item, Meeting, Source
from db.types import utcnow
from db.upsert import upsert
from tracker.contracts.identifiers import agreement_key
from tracker.contracts.matching import Candidate, choose
from tracker.contracts.model import Step
from tracker.contracts.reading import UNKNOWN_VENDOR, Context, needs_heading, read_step, section_heading
from tracker.contracts.timeline import ACTIVE, current_state

#: How many items above a minutes item are searched for its section heading.
_HEADING_LOOKBACK = 80


@dataclass
class LinkReport:
    """What one linking run did."""

    findings: int = 0
    linked: int = 0
    not_contracts: int = 0
    unplaced: int = 0
    contracts_created: int = 0
    contracts_changed: int = 0

    def counts(self) -> dict[str, int]:
        """The report as numbers (what the ``run`` job prints)."""
        return {"findings examined": self.findings, "findings linked": self.linked,
                "findings not about a contract": self.not_contracts, "findings without a jurisdiction": self.unplaced,
                "contracts created": self.contracts_created, "contracts changed": self.contracts_changed}


def _finding_rows() -> Select:
    """Findings with their item, document, meeting and jurisdiction (from the document's or meeting's source)."""
    document_source, meeting_source = aliased(Source), aliased(Source)
    jurisdiction = func.coalesce(document_source.jurisdiction_id, meeting_source.jurisdiction_id)
    return (
        select(Finding, Item, Document, Meeting, jurisdiction)
        .join(Item, Finding.item_id == Item.id)
        .join(Document, Item.document_id == Document.id)
        .outerjoin(Meeting, Document.meeting_id == Meeting.id)
        .outerjoin(document_source, Document.source_id == document_source.id)
        .outerjoin(meeting_source, Meeting.source_id == meeting_source.id)
    )


class _Index:
    """The candidates of each (jurisdiction, vendor), loaded from the database on first use."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_place: dict[str, list[Candidate]] = {}

    def candidates(self, jurisdiction_id: str, vendor: str) -> list[Candidate]:
        """The contracts a step of this vendor may join (a step naming no vendor may join any)."""
        known = self.by_place.get(jurisdiction_id)
        if known is None:
            known = self.by_place[jurisdiction_id] = self._load(jurisdiction_id)
        return list(known) if vendor == UNKNOWN_VENDOR else [c for c in known if c.vendor == vendor]

    def add(self, candidate: Candidate) -> None:
        """Register a contract created during this run."""
        self.by_place[candidate.jurisdiction_id].append(candidate)

    def _load(self, jurisdiction_id: str) -> list[Candidate]:
        contracts = self.session.scalars(select(Contract).where(Contract.jurisdiction_id == jurisdiction_id)
                                         .order_by(Contract.id))
        return [self.load_contract(contract) for contract in contracts]

    def load_contract(self, contract: Contract) -> Candidate:
        """A stored contract with its steps rebuilt from its events' findings."""
        stmt = (_finding_rows().join(ContractEvent, ContractEvent.finding_id == Finding.id)
                .where(ContractEvent.contract_id == contract.id).order_by(Finding.id))
        steps = [step for ctx in _contexts(self.session, stmt) if ctx and (step := _step(self.session, ctx))]
        return Candidate(contract.jurisdiction_id, contract.vendor, contract.agreement_key, steps, contract.id)


def _contexts(session: Session, stmt: Select) -> Iterator[Context | None]:
    """A context per row; None for a document that belongs to no jurisdiction."""
    for finding, item, document, meeting, jurisdiction_id in session.execute(stmt):
        yield Context(finding, item, document, meeting, jurisdiction_id) if jurisdiction_id else None


def _step(session: Session, ctx: Context) -> Step | None:
    heading = None
    if needs_heading(ctx):
        before = session.scalars(select(Item).where(Item.document_id == ctx.item.document_id,
                                                    Item.ordinal < ctx.item.ordinal)
                                 .order_by(Item.ordinal.desc()).limit(_HEADING_LOOKBACK)).all()
        heading = section_heading(ctx.item, before)
    return read_step(ctx, heading)


def _new_candidate(step: Step, index: _Index) -> Candidate:
    taken = {c.agreement_key for c in index.candidates(step.jurisdiction_id, step.vendor) if c.vendor == step.vendor}
    key = agreement_key(step.identifiers, f"finding:{step.finding_id}")
    candidate = Candidate(step.jurisdiction_id, step.vendor, key if key not in taken else f"finding:{step.finding_id}")
    index.add(candidate)
    return candidate


def _store(session: Session, candidate: Candidate, today: dt.date, report: LinkReport) -> None:
    """Write the contract as its steps make it, and an event per step."""
    if not candidate.steps:
        return  # every finding it was built on has since been re-analyzed away: nothing to rebuild from
    state = current_state(candidate.steps, today)
    contract, outcome = upsert(session, Contract, {
        "jurisdiction_id": candidate.jurisdiction_id, "vendor": candidate.vendor,
        "agreement_key": candidate.agreement_key, "status": state.status or "proposed",
        "products": state.value("products") or [], "camera_count": state.value("camera_count"),
        "total_usd": state.value("total_usd"), "term_months": state.value("term_months"),
        "start_date": state.value("start_date"), "end_date": state.value("end_date"),
        "retention_days": state.value("retention_days"), "sharing": state.value("sharing") or [],
        "agency": state.value("agency"), "field_evidence": state.evidence(),
    })
    candidate.contract_id = contract.id
    for step in candidate.steps:
        upsert(session, ContractEvent, {"contract_id": contract.id, "finding_id": step.finding_id,
                                        "kind": step.kind, "occurred_on": step.occurred_on})
    # A finding re-analyzed since it was linked may now show another stage: its old event goes.
    current = [and_(ContractEvent.finding_id == s.finding_id, ContractEvent.kind == s.kind) for s in candidate.steps]
    session.execute(delete(ContractEvent).where(ContractEvent.contract_id == contract.id, ~or_(*current)))
    if outcome != "unchanged":
        if outcome == "created":
            report.contracts_created += 1
        else:
            report.contracts_changed += 1


def _unlinked(session: Session) -> list[Context | None]:
    stmt = (_finding_rows()
            .where(Finding.relevant.is_(True), ~exists().where(ContractEvent.finding_id == Finding.id))
            .order_by(Finding.id))
    return list(_contexts(session, stmt))


def _expiring(session: Session, today: dt.date, touched: set[int]) -> list[Contract]:
    """Contracts in force whose end date has passed (and that this run did not already rewrite)."""
    stmt = select(Contract).where(and_(Contract.status.in_(ACTIVE), Contract.end_date < today)).order_by(Contract.id)
    return [c for c in session.scalars(stmt) if c.id not in touched]


def link_contracts(session: Session, *, today: dt.date | None = None) -> LinkReport:
    """Link every relevant finding not yet in a contract; mark ended contracts expired (README "Contracts")."""
    today = today or utcnow().date()
    report, index = LinkReport(), _Index(session)
    steps = []
    for ctx in _unlinked(session):
        report.findings += 1
        if ctx is None:
            report.unplaced += 1
        elif (step := _step(session, ctx)) is None:
            report.not_contracts += 1
        else:
            steps.append(step)
    touched: dict[tuple[str, str, str], Candidate] = {}
    for step in sorted(steps, key=Step.order):
        candidate = choose(step, index.candidates(step.jurisdiction_id, step.vendor)) or _new_candidate(step, index)
        candidate.steps.append(step)
        touched[(candidate.jurisdiction_id, candidate.vendor, candidate.agreement_key)] = candidate
        report.linked += 1
    for candidate in touched.values():
        _store(session, candidate, today, report)
    stored = {c.contract_id for c in touched.values() if c.contract_id is not None}
    for contract in _expiring(session, today, stored):
        _store(session, index.load_contract(contract), today, report)
    session.flush()
    return report


def run_linking(db_url: str) -> dict[str, int]:
    """The main job's linking stage: :func:`link_contracts` in one transaction on ``db_url``."""
    with transaction(db_url) as session:
        return link_contracts(session).counts()
