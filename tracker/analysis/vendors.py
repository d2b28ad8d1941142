"""Who the item contracts with: the vendor, its technology partner, or a company the lexicon does not know.

The vendor is the *contracting party*: the company the agreement is "with", the purchase is "from", the
award goes "to". Other vendors named in the same item are technology it works with ("an agreement with
Axon for Flock ALPR integration": Axon is the vendor, Flock the partner). Where no contracting phrase
names a known vendor, the family with the most weight wins (ALPR-only names weigh most, earliest on
ties). A relevant item whose counterparty the lexicon does not know still gets it, by the name it is
written with ("from Safe Fleet Acquisition Corp." is ``safe fleet acquisition``), so no contract is
filed under "unknown vendor" when the agenda says who it is. A reseller that the item names as such
("Lehr, a sole source provider for Vigilant Solutions") is not the vendor: the maker it resells is.
"""

from __future__ import annotations

import re

from tracker.analysis.classify import Signals
from tracker.analysis.matching import Match

_WEIGHT = {"alpr": 3.0, "context": 2.0, "plain": 1.0}
# The words before a contracting party, as the window up to the vendor's name ends.
_PARTY_CUE = re.compile(
    r"(?:\b(?:agreement|contract|subscription|lease|mou|memorandum\s+of\s+understanding|partnership|services"
    r"|negotiate|enter\s+into|execute|renew|amend|extend|terminate|purchase\s+order)\b[^.;:]{0,70}?\bwith"
    r"|\b(?:purchase|purchasing|buy|lease|leasing|acquire|procure|order|quote|proposal|services|subscription)"
    r"\b[^.;:]{0,70}?\bfrom"
    r"|\baward(?:ed|ing)?\b(?:\s+[\w,()#.-]+){0,6}?\s+to"
    r"|\bbetween\b[^.;:]{0,90}?\band"
    r"|\b(?:vendor|contractor|supplier|company|firm)\s*[:=-]?"
    r")\s+(?:the\s+)?$",
    re.I,
)
_CUE_WINDOW = 140
# A reseller named as such: the vendor is the maker it resells.
_RESELLS = re.compile(
    r"\b(?:(?:sole[- ]source|authorized|exclusive|certified)\s+)?(?:provider|dealer|distributor|reseller|integrator|"
    r"representative|partner)\s+(?:for|of)\s+(?:the\s+)?$", re.I)
_SUFFIX = (r"(?:Inc|LLC|L\.L\.C|Corp|Corporation|Company|Co|Ltd|Limited|Incorporated|LP|LLP|Group|Technologies"
           r"|Technology|Systems|Solutions|Enterprises|Services|Holdings)")
_COMPANY = re.compile(
    r"(?:\bwith|\bfrom|\bto|\band)\s+(?:the\s+(?:firm|company|vendor)\s+)?"
    rf"(?P<name>(?:[A-Z0-9][\w&'’.-]*\s+){{0,4}}?[A-Z0-9][\w&'’.-]*,?\s+{_SUFFIX}\b\.?)"
)
_NOT_A_COMPANY = re.compile(
    r"^(?:the\s+)?(?:city|county|town|village|state|department|police|sheriff|board|district|office|university"
    r"|commonwealth|port|authority|agency)\b", re.I)
_LEGAL_FORM = re.compile(rf",?\s+(?:{_SUFFIX}\b\.?\s*)+$", re.I)


def _is_party(text: str, m: Match) -> bool:
    return _PARTY_CUE.search(text, max(0, m.start - _CUE_WINDOW), m.start) is not None


def _by_weight(matches: list[Match]) -> Match:
    weight_at: dict[str, dict[int, float]] = {}
    first: dict[str, Match] = {}
    for m in matches:
        weight = _WEIGHT[m.term.strength] * (1.0 if m.term.kind == "vendor" else 0.3)
        spans = weight_at.setdefault(m.term.key, {})
        spans[m.start] = max(spans.get(m.start, 0.0), weight)
        first.setdefault(m.term.key, m)
    best = max(weight_at, key=lambda fam: (sum(weight_at[fam].values()), -first[fam].start))
    return first[best]


def known_vendor(signals: Signals, text: str, has_technology: bool) -> tuple[Match, str | None] | None:
    """The lexicon vendor an item contracts with, and the first other vendor family it names (its partner)."""
    named = [m for m in signals.vendors if m.term.strength != "context" or has_technology]  # "Flock" alone is geese
    if not named:
        return None
    manufacturers = [m for m in named if m.term.kind == "vendor"]
    made_by = next((m for m in manufacturers if _RESELLS.search(text, max(0, m.start - 60), m.start)), None)
    if made_by:  # "Lehr, a sole source provider for Vigilant Solutions": the maker's product is bought
        return made_by, None
    party = next((m for m in manufacturers if _is_party(text, m)), None)
    chosen = party or _by_weight(named)
    partner = next((m.term.key for m in manufacturers if m.term.key != chosen.term.key), None)
    return chosen, partner


def named_company(text: str) -> tuple[str, str, int, int] | None:
    """A company the item contracts with by its written name: (key, name, start, end), or None.

    Only a name with a legal form ("Inc.", "LLC", "Corporation", "Systems"...) after a contracting
    phrase counts, so a department or a place is never taken for a vendor.
    """
    for m in _COMPANY.finditer(text):
        name = m.group("name").strip()
        if _NOT_A_COMPANY.match(name) or not _PARTY_CUE.search(text, max(0, m.start() - _CUE_WINDOW), m.start("name")):
            continue
        key = " ".join(re.sub(r"[^\w&\s-]", " ", _LEGAL_FORM.sub("", name)).lower().split())
        if key:
            return key, name.rstrip(",. "), m.start("name"), m.end("name")
    return None
