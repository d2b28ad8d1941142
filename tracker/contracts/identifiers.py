"""Reference numbers in item text: what ties an agenda item, its minutes and a later amendment together.

Two kinds, because they mean different things when two items disagree:

* **agreement** numbers (contract, agreement, purchase order, RFP/bid, federal award id) name the
  agreement itself: an amendment quotes the number of the agreement it amends, and two different
  agreement numbers mean two different agreements;
* **action** numbers (resolution, ordinance, file/matter/legislation id) name one council action: the
  agenda, the staff report and the minutes of that action share it, and an amendment's staff report often
  quotes the resolution that approved the original. A different action number is a different action,
  not necessarily a different agreement.

A number must contain a digit ("Resolution No. ____" on a draft agenda names nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Role = Literal["agreement", "action"]

# The marker ("No.", "#") is optional, but an unmarked number must look like one (see _plausible).
_NO = r"(?P<marked>\s*(?:No\.?|Number|Num\.?|#)\s*:?\s*)?\s*"
# Letters of a number are capitals ("C-1234", "RES-2024-15"): "contract for 40 cameras" names no number.
_VALUE = r"(?P<value>(?-i:[A-Z]{0,6})-?\d[\w./\u2010-\u2015-]*)"
_PATTERNS: list[tuple[str, Role, re.Pattern[str]]] = [
    ("contract", "agreement", re.compile(
        rf"\b(?:Contract|Agreement|Master\s+Services\s+Agreement|MSA|Purchase\s+Order|P\.?O\.?)\b{_NO}{_VALUE}", re.I)),
    ("solicitation", "agreement", re.compile(
        rf"\b(?:RFP|RFQ|IFB|ITB|Bid|Solicitation|Proposal\s+Number)(?:\b|(?=\d)){_NO}{_VALUE}", re.I)),
    ("award", "agreement", re.compile(
        r"\b(?:Award\s+(?:ID|No\.?|Number)\s*:?\s*(?P<marked>)|(?=(?:CONT|ASST)_[A-Z]{2,4}_))"
        r"(?P<value>[A-Z0-9_]*\d[A-Z0-9_-]{3,})", re.I)),
    ("resolution", "action", re.compile(rf"\b(?:Resolution|Reso\.?|RES)(?:\b|(?=\d)){_NO}{_VALUE}", re.I)),
    ("ordinance", "action", re.compile(rf"\b(?:Ordinance|ORD)(?:\b|(?=\d)){_NO}{_VALUE}", re.I)),
    ("file", "action", re.compile(
        rf"\b(?:File|Matter|Legistar|Legislation|Item\s+ID|Board\s+Order)\b{_NO}{_VALUE}", re.I)),
]
#: An item number that is itself a legislative file id (Legistar "23-0456", "RES-2024-15"; Legistar matter
#: files "2024-0123", "OR2024-0012": the one number every meeting and committee of a matter shares).
_FILE_LABEL = re.compile(r"^(?:\d{2}(?:\d{2})?-\d{3,5}|[A-Z]{1,5}-?\d{2,4}-\d{1,5})$")
_PLAIN_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True, order=True)
class Identifier:
    """One reference number: its kind (``resolution``...), its role, and the number normalized."""

    kind: str
    role: Role
    value: str

    @property
    def key(self) -> str:
        """``resolution:2026-14``: how a contract built on this number is keyed."""
        return f"{self.kind}:{self.value}"


def normalize(value: str) -> str:
    """Upper case, no spaces, one kind of dash, no trailing punctuation: "res 2026–14." is "RES2026-14"."""
    value = re.sub(r"[\u2010-\u2015]", "-", value.upper())
    return re.sub(r"\s+", "", value).strip(".-/")


def _plausible(value: str, marked: bool) -> bool:
    """A year is never a number ("Agreement 2024"); without "No." a number needs a dash or four digits."""
    if not value or _PLAIN_YEAR.match(value):
        return False
    return marked or "-" in value or sum(c.isdigit() for c in value) >= 4


def find_identifiers(text: str, item_number: str | None = None) -> frozenset[Identifier]:
    """Every reference number in ``text``, plus the item's own label when it is a legislative file id."""
    found: set[Identifier] = set()
    for kind, role, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = normalize(match.group("value"))
            if _plausible(value, match.group("marked") is not None):
                found.add(Identifier(kind, role, value))
    if item_number and _FILE_LABEL.match(item_number.strip()):
        found.add(Identifier("file", "action", normalize(item_number)))
    return frozenset(found)


def agreement_key(identifiers: frozenset[Identifier], fallback: str) -> str:
    """The key of a new contract: its agreement number if any, else an action number, else ``fallback``.

    Sorted choice, so the same identifiers always give the same key.
    """
    for role in ("agreement", "action"):
        chosen = sorted(i for i in identifiers if i.role == role)
        if chosen:
            return chosen[0].key
    return fallback
