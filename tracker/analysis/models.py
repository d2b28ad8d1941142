"""Typed results of the analysis engine: what an item says, and where it says it.

Every extracted fact carries an :class:`Evidence` span (character offsets into the analyzed text), so a
reader can always jump from a number in the database to the sentence in the primary document.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Category = Literal["alpr", "parking_lpr", "not_alpr"]
AmountRole = Literal[
    "total", "not_to_exceed", "annual", "first_year", "per_camera", "monthly", "grant", "previous", "budget", "pool",
    "conditional", "other"
]


class Evidence(BaseModel):
    """A span of the analyzed text that supports one fact."""

    start: int
    end: int
    text: str


class Amount(BaseModel):
    """One dollar figure found in the text, with what it is for."""

    usd: float
    role: AmountRole
    evidence: Evidence


class Fact(BaseModel):
    """A single extracted value with its supporting span."""

    value: str | int | float | bool
    evidence: Evidence


class Vote(BaseModel):
    """A recorded vote: tally and outcome, when the minutes state them."""

    ayes: int | None = None
    noes: int | None = None
    abstain: int | None = None
    absent: int | None = None
    outcome: Literal["approved", "rejected", "continued"] | None = None
    evidence: Evidence


class Finding(BaseModel):
    """The analysis of one agenda item, staff report section or notice.

    The flat fields (``vendor``, ``camera_count`` ...) are the headline values, the ones
    ``alpr-tracker analyze`` prints; ``facts`` keeps every fact with its evidence.
    """

    relevant: bool
    category: Category
    confidence: float = Field(ge=0.0, le=1.0)
    vendor: str | None = None
    vendor_name: str | None = None
    #: Another vendor whose technology the contract works with (the vendor is the contracting party).
    partner: str | None = None
    product: str | None = None
    camera_count: int | None = None
    cameras_added: int | None = None
    total_usd: float | None = None
    annual_usd: float | None = None
    term_months: int | None = None
    action: str | None = None
    procurement: str | None = None
    funding: str | None = None
    retention_days: int | None = None
    sharing: list[str] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    vote: Vote | None = None
    reasons: list[str] = Field(default_factory=list)
    facts: dict[str, Fact] = Field(default_factory=dict)

    def summary(self) -> dict:
        """The flat record of DESIGN section 3 (the ``analyze --jsonl`` output, minus ``id``)."""
        return self.model_dump(
            include={
                "relevant", "category", "vendor", "vendor_name", "partner", "product", "camera_count", "cameras_added",
                "total_usd", "annual_usd", "term_months", "action", "procurement", "funding", "retention_days", "sharing",
                "confidence",
            }
        )
