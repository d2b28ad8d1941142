"""The vocabulary of contract linking: one step of an agreement's life, read from one finding.

A :class:`Step` is what one analyzed item says about an agreement: which *change* it concerns (a new
agreement, an amendment, a renewal...), at which *stage* (proposed on an agenda, approved in minutes...),
on which day, and the contract facts it states, each with the document span it came from. Steps are
plain values: :mod:`tracker.contracts.timeline` folds them into a contract, with no database in sight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from tracker.contracts.identifiers import Identifier

#: What an item does to an agreement; ``new`` covers purchases, leases and grants as well.
Change = Literal["new", "amendment", "renewal", "expansion", "suspension", "termination"]
#: How far the item got: on an agenda (``proposed``), decided in minutes, or a procurement record.
Stage = Literal["proposed", "approved", "rejected", "continued", "considered", "solicited", "awarded"]

#: The analysis engine's action names that change an existing agreement.
CHANGE_OF_ACTION: dict[str, Change] = {
    "amendment": "amendment", "renewal": "renewal", "expansion": "expansion", "suspension": "suspension",
    "termination": "termination", "cancellation": "termination",  # a purchase halted before it was made
}
#: The contract status an approved change leads to.
STATUS_OF_CHANGE = {
    "new": "approved", "amendment": "amended", "renewal": "renewed", "expansion": "expanded",
    "suspension": "suspended", "termination": "terminated",
}
#: Stages that decide (approve) the change they concern.
DECIDING = ("approved", "awarded")


def event_kind(change: Change, stage: Stage) -> str:
    """The ContractEvent kind of a step: ``approved``, ``amended``, ``amendment_proposed``, ``awarded``...

    A decided change is named by the status it leads to; any other stage of a change by change and stage.
    """
    if stage == "awarded":
        return "awarded" if change == "new" else STATUS_OF_CHANGE[change]
    if stage == "approved":
        return STATUS_OF_CHANGE[change]
    return stage if change == "new" else f"{change}_{stage}"


@dataclass(frozen=True)
class EvidenceRef:
    """Where a value was read: the finding, its item and document, the document's URL and the words."""

    finding_id: int
    document_id: int
    item_id: int
    url: str
    text: str

    def as_json(self) -> dict[str, Any]:
        """The ``field_evidence`` entry of one field."""
        return {"finding_id": self.finding_id, "document_id": self.document_id, "item_id": self.item_id,
                "url": self.url, "text": self.text}


@dataclass(frozen=True)
class Sourced:
    """A value and the evidence for it."""

    value: Any
    evidence: EvidenceRef


@dataclass(frozen=True)
class Step:
    """What one finding says about one agreement (see the module docstring)."""

    finding_id: int
    item_id: int
    document_id: int
    document_kind: str
    url: str
    meeting_id: int | None
    occurred_on: dt.date | None
    jurisdiction_id: str
    vendor: str
    change: Change
    stage: Stage
    #: The words that show the stage (the vote, or the item's title for a proposal).
    stage_evidence: EvidenceRef
    #: The item's label ("3.2"): agendas and minutes of one meeting usually share it.
    item_number: str | None = None
    identifiers: frozenset[Identifier] = frozenset()
    #: Contract facts the item states, by Contract column name (``vendor`` too, for its evidence).
    values: dict[str, Sourced] = field(default_factory=dict)
    #: Cameras an amendment or expansion adds, when it states them as an addition.
    cameras_added: Sourced | None = None

    @property
    def kind(self) -> str:
        """The ContractEvent kind (:func:`event_kind`)."""
        return event_kind(self.change, self.stage)

    @property
    def decides(self) -> bool:
        """True when the step approves its change."""
        return self.stage in DECIDING

    def order(self) -> tuple[Any, ...]:
        """Timeline order: by day; on one day agendas and reports before minutes before procurement records."""
        rank = {"minutes": 1, "procurement_notice": 2}.get(self.document_kind, 0)
        return (self.occurred_on or dt.date.min, rank, self.finding_id)
