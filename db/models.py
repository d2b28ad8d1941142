"""The tables of alpr-tracker (DESIGN section 2), as typed SQLAlchemy 2 declarative models.

Every model names its ``natural_key``: the columns that identify a row in the world (a URL and a
content hash, a platform and an external id...), enforced by a primary key or a unique constraint.
:mod:`db.upsert` writes on that key, so re-running any stage never duplicates anything. Every model
also has an ``example()`` factory returning a valid unsaved instance, as cdp-backend does; the
contract test in ``tests/db/test_models.py`` loops over all of them.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Literal

from sqlalchemy import BigInteger, Enum, ForeignKey, MetaData, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import JSONType, UTCDateTime, utcnow
from tracker.analysis import models as analysis

JurisdictionKind = Literal["city", "county", "special_district", "agency", "state", "other"]
MeetingStatus = Literal["scheduled", "held", "cancelled"]
SourceStatus = Literal["ok", "warning", "error"]
#: What a stored document is: the one list for spiders, storage and listings (``scrapers.links``).
DocumentKind = Literal["agenda", "minutes", "packet", "staff_report", "procurement_notice", "portal_page", "other"]
DocumentStatus = Literal[
    "ok", "empty", "scanned", "encrypted", "corrupt", "too_large", "timeout", "unsupported", "fetch_error"
]
ContractStatus = Literal[
    "proposed", "approved", "rejected", "continued", "renewed", "amended", "expanded", "suspended",
    "terminated", "expired",
]
Channel = Literal["email", "webhook", "atom", "ics"]
DeliveryStatus = Literal["pending", "sent", "failed"]

#: Deterministic constraint names, so later migrations (and SQLite batch mode) can address them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_EXAMPLE_TIME = datetime(2026, 3, 4, 1, 30, tzinfo=UTC)
_EXAMPLE_TEXT = (
    "5.1 Approve a 24-month agreement with Flock Safety for 40 Falcon license plate reader cameras, "
    "in an amount not to exceed $600,000."
)


class Base(DeclarativeBase):
    """What every table shares: naming convention, portable types, natural key and timestamps."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSONType,
        list[str]: JSONType,
        # Literal[...] columns are VARCHAR + CHECK: portable, and no PostgreSQL ENUM type to migrate.
        Literal: Enum(enum.Enum, native_enum=False, create_constraint=True, length=32),
    }

    #: Columns that identify a row in the world; the upserts conflict on them.
    natural_key: ClassVar[tuple[str, ...]]
    #: Columns an upsert writes when it creates a row but never overwrites afterwards.
    insert_only: ClassVar[tuple[str, ...]] = ()

    # Every table gets these two. ``updated_at`` stays NULL until an upsert actually changes the row: a NULL
    # in an upsert's RETURNING is how db.upsert tells "created" from "changed" in one portable statement.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]


class Jurisdiction(Base):
    """A government: its id is an OCD division id where one exists, else the registry's id."""

    __tablename__ = "jurisdictions"
    natural_key = ("id",)

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    kind: Mapped[JurisdictionKind]
    state: Mapped[str | None]
    county: Mapped[str | None]
    geoid: Mapped[str | None]
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    #: IANA zone of its meeting times (the registry's, from GeoNames); None: its state's usual zone.
    timezone: Mapped[str | None]

    @classmethod
    def example(cls) -> Jurisdiction:
        """Oakland, California."""
        return cls(
            id="ocd-division/country:us/state:ca/place:oakland", name="Oakland", kind="city", state="CA",
            county="Alameda", geoid="0653000", lat=37.8044, lon=-122.2712, timezone="America/Los_Angeles",
        )


class Source(Base):
    """A jurisdiction's entry point on one platform, with the health of its last crawls."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("platform", "url"),)
    natural_key = ("platform", "url")

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    #: The registry entry's id (``legistar:oakland``): how people and the CLI name a source.
    key: Mapped[str | None] = mapped_column(unique=True, index=True)
    platform: Mapped[str]
    url: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(default=True)
    last_success_at: Mapped[datetime | None]
    last_failure_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    #: The latest crawl's verdict: ``ok`` (listing read and parsed), ``warning`` (read, but it gave nothing
    #: where something was expected) or ``error``; ``last_error`` says why for the last two.
    last_status: Mapped[SourceStatus | None]

    jurisdiction: Mapped[Jurisdiction] = relationship()

    @classmethod
    def example(cls) -> Source:
        """Oakland's Legistar API."""
        return cls(
            jurisdiction=Jurisdiction.example(), platform="legistar", url="https://webapi.legistar.com/v1/oakland"
        )


class Meeting(Base):
    """One meeting of one body, identified by the platform's own id for it."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("source_id", "external_id"),)
    natural_key = ("source_id", "external_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    external_id: Mapped[str]
    body: Mapped[str]
    start: Mapped[datetime | None]
    status: Mapped[MeetingStatus] = mapped_column(default="scheduled")
    url: Mapped[str | None] = mapped_column(Text)
    #: ``[{"title": ..., "href": ...}]``, as city-scrapers' Meeting item has them.
    links: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)

    source: Mapped[Source] = relationship()

    @classmethod
    def example(cls) -> Meeting:
        """A scheduled Oakland City Council meeting."""
        return cls(
            source=Source.example(), external_id="12345", body="City Council", start=_EXAMPLE_TIME,
            status="scheduled", url="https://oakland.legistar.com/MeetingDetail.aspx?ID=12345",
            links=[{"title": "Agenda", "href": "https://oakland.legistar.com/View.ashx?M=A&ID=12345"}],
        )


class Document(Base):
    """One version of a fetched file: a changed document at the same URL is a new row (history)."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("url", "content_sha256"),)
    natural_key = ("url", "content_sha256")
    # When this content was first fetched: a re-fetch of identical bytes is not a change.
    insert_only = ("fetched_at",)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[DocumentKind] = mapped_column(default="other")
    content_sha256: Mapped[str] = mapped_column(Text)
    mime: Mapped[str | None]
    size: Mapped[int | None] = mapped_column(BigInteger)
    etag: Mapped[str | None]
    #: The raw ``Last-Modified`` header, replayed verbatim in ``If-Modified-Since``.
    last_modified: Mapped[str | None]
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str | None] = mapped_column(Text)
    page_count: Mapped[int | None]
    status: Mapped[DocumentStatus] = mapped_column(default="ok")
    error: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()

    @classmethod
    def example(cls) -> Document:
        """The agenda of the example meeting."""
        meeting = Meeting.example()
        return cls(
            source=meeting.source, meeting=meeting, url="https://oakland.legistar.com/View.ashx?M=A&ID=12345",
            kind="agenda", content_sha256=hashlib.sha256(_EXAMPLE_TEXT.encode()).hexdigest(),
            mime="application/pdf", size=48213, etag='"abc123"', last_modified="Tue, 24 Feb 2026 18:00:00 GMT",
            fetched_at=_EXAMPLE_TIME, text=_EXAMPLE_TEXT, page_count=1, status="ok",
        )


class Item(Base):
    """One agenda item or notice section of a document; ``ordinal`` is its position in the document."""

    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("document_id", "ordinal"),)
    natural_key = ("document_id", "ordinal")

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    ordinal: Mapped[int]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    number: Mapped[str | None]
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None]
    #: Character offsets of the item in its document's text.
    start_offset: Mapped[int | None]
    end_offset: Mapped[int | None]

    document: Mapped[Document] = relationship()
    meeting: Mapped[Meeting | None] = relationship()

    @classmethod
    def example(cls) -> Item:
        """The Flock Safety item of the example agenda."""
        document = Document.example()
        return cls(
            document=document, meeting=document.meeting, ordinal=0, number="5.1",
            title="Flock Safety license plate reader agreement", text=_EXAMPLE_TEXT, page=1,
            start_offset=0, end_offset=len(_EXAMPLE_TEXT),
        )


class Finding(Base):
    """The current analysis of one item: headline columns for queries, ``facts`` for the evidence."""

    __tablename__ = "findings"
    natural_key = ("item_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), unique=True)
    analyzer_version: Mapped[str]
    relevant: Mapped[bool]
    category: Mapped[analysis.Category]
    vendor: Mapped[str | None]
    vendor_name: Mapped[str | None]
    product: Mapped[str | None]
    camera_count: Mapped[int | None]
    total_usd: Mapped[float | None]
    term_months: Mapped[int | None]
    action: Mapped[str | None]
    confidence: Mapped[float]
    #: The whole :class:`tracker.analysis.models.Finding`, every fact with its evidence span.
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)

    item: Mapped[Item] = relationship()

    @staticmethod
    def columns_from(finding: analysis.Finding, analyzer_version: str) -> dict[str, Any]:
        """The column values that store an analysis result (everything but ``item_id``)."""
        headline = finding.model_dump(
            include={"relevant", "category", "vendor", "vendor_name", "product", "camera_count", "total_usd",
                     "term_months", "action", "confidence"}
        )
        return {**headline, "analyzer_version": analyzer_version, "facts": finding.model_dump(mode="json")}

    def to_analysis(self) -> analysis.Finding:
        """Rebuild the analysis engine's Finding, evidence included."""
        return analysis.Finding.model_validate(self.facts)

    @classmethod
    def example(cls) -> Finding:
        """The analysis of the example item."""
        evidence = analysis.Evidence(start=0, end=len(_EXAMPLE_TEXT), text=_EXAMPLE_TEXT)
        finding = analysis.Finding(
            relevant=True, category="alpr", confidence=0.95, vendor="flock", vendor_name="Flock Safety",
            product="Falcon", camera_count=40, total_usd=600000.0, term_months=24, action="approve",
            amounts=[analysis.Amount(usd=600000.0, role="not_to_exceed", evidence=evidence)],
            facts={"vendor": analysis.Fact(value="flock", evidence=evidence)},
        )
        return cls(item=Item.example(), **cls.columns_from(finding, "0.1.0"))


class Contract(Base):
    """One agreement of one jurisdiction with one vendor, assembled from findings across documents."""

    __tablename__ = "contracts"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "vendor", "agreement_key"),)
    natural_key = ("jurisdiction_id", "vendor", "agreement_key")

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdictions.id"))
    vendor: Mapped[str]
    #: Tells apart several agreements with the same vendor (contract or resolution number...).
    agreement_key: Mapped[str]
    agency: Mapped[str | None]
    products: Mapped[list[str]] = mapped_column(default=list)
    camera_count: Mapped[int | None]
    total_usd: Mapped[float | None]
    term_months: Mapped[int | None]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    status: Mapped[ContractStatus] = mapped_column(default="proposed")
    retention_days: Mapped[int | None]
    sharing: Mapped[list[str]] = mapped_column(default=list)
    #: For each field above, the evidence it came from: ``{"field": {"finding_id": ..., "text": ...}}``.
    field_evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)

    jurisdiction: Mapped[Jurisdiction] = relationship()

    @classmethod
    def example(cls) -> Contract:
        """Oakland's (invented) Flock Safety agreement."""
        return cls(
            jurisdiction=Jurisdiction.example(), vendor="flock", agreement_key="reso-89123",
            agency="Oakland Police Department", products=["Falcon"], camera_count=40, total_usd=600000.0,
            term_months=24, start_date=date(2026, 4, 1), end_date=date(2028, 3, 31), status="approved",
            retention_days=30, sharing=["none"], field_evidence={"total_usd": {"text": "not to exceed $600,000"}},
        )


class ContractEvent(Base):
    """One dated step of a contract (proposed, approved, renewed...) and the finding that shows it."""

    __tablename__ = "contract_events"
    __table_args__ = (UniqueConstraint("contract_id", "finding_id", "kind"),)
    natural_key = ("contract_id", "finding_id", "kind")

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str]
    occurred_on: Mapped[date | None]

    contract: Mapped[Contract] = relationship()
    finding: Mapped[Finding] = relationship()

    @classmethod
    def example(cls) -> ContractEvent:
        """The approval of the example contract, shown by the example finding."""
        finding = Finding.example()
        source = finding.item.document.source
        assert source is not None  # Document.example() has one
        contract = Contract.example()
        contract.jurisdiction = source.jurisdiction
        return cls(contract=contract, finding=finding, kind="approved", occurred_on=date(2026, 3, 3))


class Subscription(Base):
    """Who wants which alerts, through which channel."""

    __tablename__ = "subscriptions"
    natural_key = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    channel: Mapped[Channel]
    #: An email address, a webhook URL, or a feed path, depending on the channel.
    target: Mapped[str] = mapped_column(Text)
    secret: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)

    @classmethod
    def example(cls) -> Subscription:
        """A webhook for ALPR news in California."""
        return cls(
            name="california-alpr", filters={"states": ["CA"], "categories": ["alpr"]}, channel="webhook",
            target="https://hooks.example.org/alpr", secret=None, active=True,
        )


class Alert(Base):
    """Something worth telling subscribers; ``dedupe_key`` makes flagging it twice impossible."""

    __tablename__ = "alerts"
    natural_key = ("dedupe_key",)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]
    dedupe_key: Mapped[str] = mapped_column(Text, unique=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id", ondelete="SET NULL"), index=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id", ondelete="SET NULL"), index=True)
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)

    contract: Mapped[Contract | None] = relationship()
    finding: Mapped[Finding | None] = relationship()

    @classmethod
    def example(cls) -> Alert:
        """An upcoming vote, not yet tied to stored rows."""
        return cls(
            kind="upcoming_vote", dedupe_key="upcoming_vote:ocd-division/country:us/state:ca/place:oakland:12345:5.1",
            facts={"vendor": "flock", "meeting_start": _EXAMPLE_TIME.isoformat()},
        )


class Delivery(Base):
    """One alert sent to one subscription: the unique pair is what makes delivery exactly-once."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("alert_id", "subscription_id"),)
    natural_key = ("alert_id", "subscription_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    status: Mapped[DeliveryStatus] = mapped_column(default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)

    alert: Mapped[Alert] = relationship()
    subscription: Mapped[Subscription] = relationship()

    @classmethod
    def example(cls) -> Delivery:
        """The example alert, pending for the example subscription."""
        return cls(alert=Alert.example(), subscription=Subscription.example(), status="pending", attempts=0)


class PortalSnapshot(Base):
    """One version of a source's transparency portal (Flock): what it stated, whom it flags, what changed.

    A new row is stored only when the page's facts differ from the source's latest snapshot, so a crawl of
    an unchanged portal stores nothing; ``sequence`` numbers the versions of one source (1, 2, ...) and is
    how "latest" and "previous" are found. A snapshot is history: once written, it is never updated.
    """

    __tablename__ = "portal_snapshots"
    __table_args__ = (UniqueConstraint("source_id", "sequence"),)
    natural_key = ("source_id", "sequence")
    insert_only = (
        "document_id", "captured_at", "content_sha256", "agency", "portal_updated_at", "retention_days",
        "camera_count", "vehicles_detected_30d", "hotlist_hits_30d", "searches_30d", "hotlists", "organizations",
        "flagged", "fields", "details", "changes", "license", "attribution",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    sequence: Mapped[int]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    captured_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: SHA-256 of the page's facts (not of its bytes: tracking scripts and the "Last Updated" stamp change daily).
    content_sha256: Mapped[str] = mapped_column(Text)
    agency: Mapped[str | None]
    #: The portal's own "Last Updated" time.
    portal_updated_at: Mapped[datetime | None]
    retention_days: Mapped[int | None]
    camera_count: Mapped[int | None]
    vehicles_detected_30d: Mapped[int | None] = mapped_column(BigInteger)
    hotlist_hits_30d: Mapped[int | None] = mapped_column(BigInteger)
    searches_30d: Mapped[int | None] = mapped_column(BigInteger)
    hotlists: Mapped[list[str] | None] = mapped_column(JSONType)
    #: Names of the organizations granted access; None when the portal shows no list.
    organizations: Mapped[list[str] | None] = mapped_column(JSONType)
    #: ``[{"name", "reason": "federal"|"out_of_state", "state", "detail", "law"}]`` (tracker.portals.flags).
    flagged: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    #: Every labelled box of the page as shown, label -> text.
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: The rest of what the page states: device counts, policies, links, search audit, where it was read.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: What differs from the previous snapshot (tracker.portals.diff); ``{"first_snapshot": true}`` for the first.
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: License of a third party's copy of the portal (Eyes on Flock: "CC BY-SA 4.0"); None for the vendor's page.
    license: Mapped[str | None] = mapped_column(Text)
    #: Whom that license says to credit, shown wherever the snapshot is; None for the vendor's page.
    attribution: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship()
    document: Mapped[Document | None] = relationship()

    @classmethod
    def example(cls) -> PortalSnapshot:
        """The first snapshot of a Flock portal sharing with one out-of-state agency."""
        source = Source(jurisdiction=Jurisdiction.example(), key="flock_transparency:oakland-ca-pd",
                        platform="flock_transparency", url="https://transparency.flocksafety.com/oakland-ca-pd")
        return cls(
            source=source, sequence=1, captured_at=_EXAMPLE_TIME, content_sha256="0" * 64, agency="Oakland CA PD",
            portal_updated_at=_EXAMPLE_TIME, retention_days=30, camera_count=40, vehicles_detected_30d=1_298_161,
            hotlist_hits_30d=4_237, searches_30d=519, hotlists=["NCIC", "NCMEC Amber Alert"],
            organizations=["Alameda County CA SO", "Houston TX PD"],
            flagged=[{"name": "Houston TX PD", "reason": "out_of_state", "state": "TX", "detail": "TX, not CA",
                      "law": "Cal. Civ. Code § 1798.90.55(b)"}],
            fields={"Data retention (in days)": "30 days"}, details={"origin": "html"}, changes={"first_snapshot": True},
        )
