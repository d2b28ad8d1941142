"""The API's response models: what ``/openapi.json`` documents, field by field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class Evidence(BaseModel):
    """Where a contract fact was read: the passage and the document it is in."""

    text: str = Field(description="The words of the document the value was read from.")
    url: str = Field(description="The document's URL.")
    document_id: int | None = None
    item_id: int | None = None
    finding_id: int | None = None


class ContractOut(BaseModel):
    """One ALPR agreement of one jurisdiction with one vendor, as the tracker reads it from public records."""

    id: int
    jurisdiction_id: str = Field(description="Registry id or OCD id of the place.")
    jurisdiction: str = Field(description="The place's name.")
    state: str | None = Field(description="Two-letter state code.")
    county: str | None
    vendor: str = Field(description="Vendor family key (flock, motorola, axon...).")
    agreement_key: str
    agency: str | None
    status: str = Field(description="proposed, approved, amended, renewed, expanded, suspended, terminated...")
    products: list[str]
    camera_count: int | None
    total_usd: float | None
    term_months: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    retention_days: int | None
    sharing: list[str]
    first_seen: dt.datetime
    updated_at: dt.datetime | None
    evidence: dict[str, Evidence] = Field(description="Per fact (vendor, camera_count, total_usd...), its source.")


class ContractPage(BaseModel):
    """A page of contracts; pass ``next_cursor`` as ``cursor`` for the next one (null: this is the last)."""

    items: list[ContractOut]
    next_cursor: int | None


class EventOut(BaseModel):
    """One step of a contract's life, from one agenda, minutes or procurement item."""

    kind: str
    occurred_on: dt.date | None
    body: str | None
    item_number: str | None
    title: str | None
    action: str | None
    vote: Any = None
    document_url: str
    document_kind: str
    page: int | None
    text: str
    finding_id: int


class ContractDetail(ContractOut):
    """A contract with its timeline."""

    events: list[EventOut]


class SearchHitOut(BaseModel):
    """An item matching the search, with the matching words between <mark> and </mark>."""

    item_id: int
    document_id: int
    meeting_id: int | None
    title: str | None
    snippet: str
    rank: float
    document_url: str


class PortalFlags(BaseModel):
    """The newest transparency-portal snapshot of a place."""

    url: str
    camera_count: int | None
    retention_days: int | None
    federal: int = Field(description="Federal agencies the portal shares with.")
    out_of_state: int = Field(description="Out-of-state agencies the portal shares with.")
    captured_at: dt.datetime
    flagged: list[dict[str, Any]]


class JurisdictionOut(BaseModel):
    """A place with contracts or a portal."""

    id: str
    name: str
    kind: str
    state: str | None
    county: str | None
    lat: float | None
    lon: float | None
    contract_count: int
    camera_count: int
    total_usd: float
    status: str | None = Field(description="Status of its most recently updated contract.")
    vendors: list[str]
    portal: PortalFlags | None


class MeetingItem(BaseModel):
    """An ALPR item on a meeting's agenda."""

    item_id: int
    number: str | None
    title: str | None
    vendor: str | None
    action: str | None


class MeetingOut(BaseModel):
    """A meeting of a public body."""

    id: int
    jurisdiction_id: str
    body: str
    start: dt.datetime | None
    status: str
    url: str | None
    alpr_items: list[MeetingItem]


class AlertOut(BaseModel):
    """Something the tracker flagged: an upcoming vote, a new or changed contract, a portal change, an award."""

    id: int
    kind: str
    created_at: dt.datetime
    jurisdiction: str | None
    state: str | None
    vendor: str | None
    when: Any = None
    title: str | None
    contract_id: int | None
    finding_id: int | None
    facts: dict[str, Any]


class PortalOut(BaseModel):
    """The newest snapshot of one transparency portal (``alpr-tracker portals``)."""

    source: str | None
    name: str
    state: str | None
    url: str
    agency: str | None
    camera_count: int | None
    retention_days: int | None
    organization_count: int | None
    federal_count: int
    out_of_state_count: int
    flagged_organizations: list[dict[str, Any]]
    captured_at: dt.datetime


class ErrorOut(BaseModel):
    """Every error: one message saying what was wrong."""

    error: str
