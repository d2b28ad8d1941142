"""The public record models of the open dataset: the one documented field list (data dictionary).

The JSON API and the exports describe their rows with these models, so a field is named, typed and
explained in one place. JSON conventions: moments are ISO 8601 with a zone, days are ISO dates,
canonical keys (``vendor`` is the lexicon key) travel with display names (``vendor_name``).
``python -m tracker.contracts.records --markdown`` prints docs/fields.md from these models.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from db.models import ContractStatus, JurisdictionKind, MeetingStatus


class Record(BaseModel):
    """Base of the public records: frozen, and every field must carry a description."""

    model_config = ConfigDict(frozen=True)


class Evidence(Record):
    """Where a value was read: the document, its page and the words that state it."""

    document_url: str = Field(description="URL of the document (agenda, minutes, packet) the words are from.")
    page: int | None = Field(None, description="1-based page of the document holding the words, when known.")
    text: str = Field(description="The passage of the document that states the value.")


class ContractEvent(Record):
    """One step of a contract's life read from one agenda item, minutes entry or procurement record."""

    date: dt.date | None = Field(None, description="Day of the meeting or record (ISO date).")
    body: str | None = Field(None, description="The body that met (e.g. 'City Council').")
    item_title: str = Field(description="Title of the agenda item as published.")
    action: str = Field(description="What the item does: proposed, approved, amended, renewed, cancelled...")
    vote: str | None = Field(None, description="The recorded vote, e.g. '5-0', when the minutes state it.")
    evidence: Evidence = Field(description="The passage that shows the action, with its document URL and page.")


class Contract(Record):
    """One agreement between a jurisdiction and an ALPR vendor, as read from public meeting records."""

    id: int = Field(description="Stable contract id in this dataset.")
    jurisdiction_id: str = Field(description="Registry id of the jurisdiction (see Jurisdiction.id).")
    jurisdiction_name: str = Field(description="Display name of the jurisdiction.")
    state: str | None = Field(None, description="Two-letter USPS state code.")
    county: str | None = Field(None, description="County the jurisdiction lies in.")
    ocd_id: str | None = Field(None, description="Open Civic Data division id of the jurisdiction.")
    vendor: str = Field(description="Canonical vendor key from the vendor lexicon (e.g. 'flock').")
    vendor_name: str = Field(description="Display name of the vendor (e.g. 'Flock Safety').")
    products: list[str] = Field(default_factory=list, description="Products named (cameras, software).")
    status: ContractStatus = Field(description="Contract status after its latest decided event.")
    latest_action: str | None = Field(None, description="Action of the most recent event.")
    camera_count: int | None = Field(None, description="Number of cameras the agreement covers.")
    total_usd: float | None = Field(None, description="Total contract value in US dollars.")
    annual_usd: float | None = Field(None, description="Yearly cost in US dollars, when stated.")
    term_months: int | None = Field(None, description="Length of the term in months.")
    start_date: dt.date | None = Field(None, description="First day of the term (ISO date).")
    end_date: dt.date | None = Field(None, description="Last day of the term (ISO date).")
    first_event_date: dt.date | None = Field(None, description="Day of the earliest event (ISO date).")
    last_event_date: dt.date | None = Field(None, description="Day of the latest event (ISO date).")
    upcoming_meeting: AwareDatetime | None = Field(
        None, description="Start of the next scheduled meeting with an item on it (ISO 8601 with zone).")
    document_urls: list[str] = Field(default_factory=list, description="URLs of every document it was read from.")
    evidence: dict[str, Evidence] = Field(
        default_factory=dict, description="For each field above read from a document, the passage stating it.")


class Jurisdiction(Record):
    """A city, county or agency whose meetings are watched."""

    id: str = Field(description="Registry id (stable key).")
    name: str = Field(description="Display name.")
    kind: JurisdictionKind = Field(description="What kind of government it is.")
    state: str | None = Field(None, description="Two-letter USPS state code.")
    county: str | None = Field(None, description="County it lies in.")
    ocd_id: str | None = Field(None, description="Open Civic Data division id.")
    geoid: str | None = Field(None, description="Census GEOID.")
    lat: float | None = Field(None, description="Latitude (WGS 84) of its centre.")
    lon: float | None = Field(None, description="Longitude (WGS 84) of its centre.")


class Portal(Record):
    """The latest snapshot of an agency's Flock Safety transparency portal."""

    jurisdiction_id: str = Field(description="Registry id of the jurisdiction the portal belongs to.")
    url: str = Field(description="URL of the portal page.")
    agency: str | None = Field(None, description="Agency named on the portal.")
    captured_at: AwareDatetime = Field(description="When the snapshot was taken (ISO 8601 with zone).")
    portal_updated_at: AwareDatetime | None = Field(
        None, description="When the portal says it was last updated (ISO 8601 with zone).")
    retention_days: int | None = Field(None, description="Days the portal says data is kept.")
    camera_count: int | None = Field(None, description="Cameras the portal lists.")
    hotlists: list[str] | None = Field(None, description="Hotlists the portal says are searched.")
    organizations: list[str] | None = Field(None, description="Organizations the data is shared with.")


class MeetingItem(Record):
    """An ALPR item on a meeting's agenda or minutes."""

    title: str = Field(description="Item title as published.")
    contract_id: int | None = Field(None, description="Contract the item concerns (see Contract.id).")
    action: str | None = Field(None, description="What the item does to the contract.")
    evidence: Evidence = Field(description="The item's passage with its document URL and page.")


class Meeting(Record):
    """A meeting of a watched body, with the ALPR items on it."""

    id: int = Field(description="Meeting id in this dataset.")
    jurisdiction_id: str = Field(description="Registry id of the jurisdiction.")
    body: str = Field(description="The body that meets.")
    start: AwareDatetime | None = Field(None, description="Start of the meeting (ISO 8601 with zone).")
    status: MeetingStatus = Field(description="Whether the meeting is scheduled, was held or was cancelled.")
    url: str | None = Field(None, description="The meeting's page.")
    items: list[MeetingItem] = Field(default_factory=list, description="The ALPR items on this meeting.")


#: The documented records, in the order docs/fields.md lists them.
RECORDS: tuple[type[Record], ...] = (Contract, ContractEvent, Evidence, Jurisdiction, Portal, Meeting, MeetingItem)


def _type_name(annotation: object) -> str:
    """A short readable type: ``int | None`` rather than ``typing.Optional[int]``."""
    text = str(annotation) if not isinstance(annotation, type) else annotation.__name__
    text = re.sub(r"\b(?:\w+\.)+(?=\w)", "", text)  # module prefixes, __main__ included under -m
    return text.replace("NoneType", "None").replace("|", "\\|")


def fields_markdown() -> str:
    """The data dictionary as Markdown: one table per record, each field with its type and description."""
    lines = ["# Fields of the open dataset", "",
             "Generated by `python -m tracker.contracts.records --markdown`; do not edit by hand.", ""]
    for model in RECORDS:
        lines += [f"## {model.__name__}", "", (model.__doc__ or "").strip(), "",
                  "| field | type | description |", "| --- | --- | --- |"]
        for name, info in model.model_fields.items():
            if not info.description:
                raise ValueError(f"{model.__name__}.{name} has no description")
            lines.append(f"| `{name}` | `{_type_name(info.annotation)}` | {info.description} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] != ["--markdown"]:
        sys.exit("usage: python -m tracker.contracts.records --markdown")
    sys.stdout.write(fields_markdown())
