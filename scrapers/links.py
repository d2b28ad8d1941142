"""What a document link is: one typed :class:`Link` and one rule, :func:`kind_from_label`, for every spider.

A document's kind decides what a contract's timeline says (an agenda proposes, minutes record a decision),
so two spiders must never read the same label differently. Platforms label files in free text ("Minutes
Packet", "Agenda Report", "HTML Packet", "Journal") or by a handler name that already says what it serves;
spiders that know the kind from the handler pass it, everything else goes through this one rule.

Precedence, first match wins, and why:

1. **minutes**: "minutes", "journal", "proceedings", "action summary", "summary of actions": the record of
   what was decided, even as a "Minutes Packet" (the decision is what the timeline needs).
2. **staff_report**: "staff report", "agenda report", "report", "memo", "memorandum", "resolution",
   "ordinance", "contract", "agreement", "exhibit", "attachment": the backup of one item.
3. **packet**: "packet", "agenda package", "compiled", "full agenda", "meeting materials", "board book":
   the agenda with all its backup.
4. **procurement_notice**: "RFP", "RFQ", "request for proposals", "bid", "solicitation", "award".
5. **agenda**: "agenda" in any other form ("Revised Agenda", "Supplemental Agenda", "Action Agenda").
6. **other**.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from db.models import DocumentKind

__all__ = ["DocumentKind", "Link", "attachment_kind", "kind_from_label"]

_RULES: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
        ("minutes", r"\bminutes?\b|\bjournal\b|\bproceedings\b|\baction\s+summary\b|\bsummary\s+of\s+actions?\b"),
        ("staff_report", r"\breports?\b|\bmemo(?:randum|s)?\b|\bresolutions?\b|\bordinances?\b|\bcontracts?\b"
                         r"|\bagreements?\b|\bexhibits?\b|\battachments?\b|\bbackup\b"),
        ("packet", r"\bpacket\b|\bagenda\s+package\b|\bcompiled\b|\bfull\s+agenda\b|\b(?:meeting|agenda)\s+materials\b"
                   r"|\bboard\s*book\b"),
        ("procurement_notice", r"\brf[pqi]\b|\brequest\s+for\s+(?:proposals?|qualifications?|bids?)\b"
                               r"|\bbids?\b|\bsolicitations?\b|\bawards?\b"),
        ("agenda", r"agenda"),
    )
)


def kind_from_label(label: str | None) -> DocumentKind:
    """The kind of file a link's label names (module docstring: the precedence and why)."""
    text = " ".join((label or "").replace("_", " ").split())
    return next((kind for kind, pattern in _RULES if pattern.search(text)), "other")


class Link(BaseModel):
    """One document link of a meeting, as stored on it: what it says, where it points, what it serves."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    href: str
    kind: DocumentKind = "other"


def attachment_kind(label: str | None) -> DocumentKind:
    """The kind of an agenda item's attached file: a staff report (it backs up its item) unless its label says
    more ("Minutes 2026-02-10": approved minutes travel as a later consent item's attachment)."""
    kind = kind_from_label(label)
    return kind if kind != "other" else "staff_report"
