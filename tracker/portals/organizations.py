"""Organizations on a portal's sharing list: the list split into names, each name's state and kind inferred.

Flock lists the organizations granted access as one comma-separated text. Names carry their state by
habit ("Avon IN PD", "Gustine PD CA", "Cal State Fullerton (CA)", "Kansas Highway Patrol"), so the state
is read, strongest evidence first, from a parenthesized code or name, from postal-code tokens, from a short
curated list of well-known names, and from state names. A name whose state cannot be read stays unknown:
it is never guessed, so it is never flagged as out of state. The tables live in :mod:`tracker.portals.places`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from tracker.portals import places
from tracker.registry.models import US_STATES

OrgKind = Literal["federal", "state", "tribal", "private", "local", "unknown"]

_TOKEN = re.compile(r"[A-Za-z0-9']+")
_PARENTHESIZED = re.compile(r"\(([^()]+)\)")
#: "CA - Wasco PD", "CO - Keenesburg PD": a leading code set off by a dash.
_LEADING_CODE = re.compile(r"^([A-Z]{2})\s*-\s")
_ADDRESS = re.compile(r"^\d+\s+(?:[A-Za-z]+\s+)+([A-Za-z]+)\.?$")
#: Fragments that continue the previous name after a comma inside it ("Montgomery County Constable,
#: Precinct 3 (TX)", "Bureau of Alcohol, Tobacco, Firearms and Explosives").
_CONTINUATION = re.compile(r"^(?:Precinct|Pct\.?|Inc\.?|LLC|Jr\.?|Tobacco|Firearms)\b")


@dataclass(frozen=True)
class Organization:
    """One organization granted access, with what could be inferred about it and why."""

    name: str
    state: str | None
    kind: OrgKind
    #: How the state was read ("code TX", "name Texas", "(GA)", "curated NCRIC"), or why not ("several: ...").
    state_evidence: str | None = None
    #: The federal agency or phrase that made it federal.
    federal_agency: str | None = None


def split_organizations(text: str) -> list[str]:
    """The names in a comma-separated sharing list: whitespace normalized, continuations rejoined, no repeats."""
    names: list[str] = []
    for fragment in text.split(","):
        fragment = " ".join(fragment.split())
        if not fragment:
            continue
        if names and (_CONTINUATION.match(fragment) or _campus_of(names[-1], fragment)):
            names[-1] = f"{names[-1]}, {fragment}"
        else:
            names.append(fragment)
    return list(dict.fromkeys(names))


def _campus_of(name: str, fragment: str) -> bool:
    """"University of California, Berkeley": a campus after a state university, not an agency of its own."""
    tokens = _TOKEN.findall(fragment)
    return (any(name.endswith(f"University of {state}") for state in places.STATE_NAMES) and len(tokens) <= 3
            and not any(token in US_STATES or token in places.AGENCY_SUFFIXES for token in tokens))


@lru_cache(maxsize=8192)
def infer(name: str) -> Organization:
    """The state and kind of one organization name (see module docstring)."""
    state, evidence = infer_state(name)
    kind, agency = infer_kind(name, state)
    return Organization(name=name, state=state, kind=kind, state_evidence=evidence, federal_agency=agency)


def infer_state(name: str) -> tuple[str | None, str | None]:
    """``(postal code, evidence)`` from the strongest rule that names exactly one state; unknown is ``(None, ...)``."""
    for rule in (_parenthesized, _codes, _curated, _named_states):
        found = rule(name)
        states = sorted({state for state, _ in found})
        if len(states) == 1:
            return found[0]
        if len(states) > 1:
            return None, "several: " + ", ".join(evidence for _, evidence in found)
    return None, None


def _parenthesized(name: str) -> list[tuple[str, str]]:
    found = []
    for inner in _PARENTHESIZED.findall(name):
        inner = inner.strip()
        code = inner.upper() if len(inner) == 2 and inner.upper() in US_STATES else None
        code = code or places.STATE_NAMES.get(inner.title())
        if code:
            found.append((code, f"({inner})"))
    leading = _LEADING_CODE.match(name)
    if leading and leading[1] in US_STATES:
        found.append((leading[1], f"{leading[1]} -"))
    return found


def _codes(name: str) -> list[tuple[str, str]]:
    """Postal-code tokens; an ambiguous one ("CO", "SD", "IN") only where Flock puts a state."""
    tokens = _TOKEN.findall(name)
    plain, ambiguous = [], []
    for i, token in enumerate(tokens):
        if token not in US_STATES:
            continue
        if token not in places.AMBIGUOUS_CODES:
            plain.append((token, f"code {token}"))
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        preceding = tokens[i - 1] if i else None
        last_after_place = following is None and preceding is not None and preceding not in ("County", "Co")
        if following in places.AGENCY_SUFFIXES or last_after_place:
            ambiguous.append((token, f"code {token}"))
    return plain or ambiguous


def _curated(name: str) -> list[tuple[str, str]]:
    return [(state, f"curated {phrase}") for phrase, state in places.CURATED_STATES.items()
            if _has_phrase(name, phrase, case_sensitive=True)]


def _named_states(name: str) -> list[tuple[str, str]]:
    """State names that name the state, not a place named after it ("Kansas City", "Nevada County")."""
    return [(places.STATE_NAMES[match[0]], f"name {match[0]}") for match in _state_name_matches(name)]


def _state_name_matches(name: str) -> list[re.Match[str]]:
    found = []
    for match in _STATE_NAME.finditer(name):
        after = _TOKEN.findall(name[match.end():])
        before = _TOKEN.findall(name[:match.start()])
        if (after and after[0] in places.PLACE_WORDS) or (before and before[-1] in places.PLACE_PREFIXES):
            continue
        found.append(match)
    return found


_STATE_NAME = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(places.STATE_NAMES, key=len, reverse=True)) + r")(?![\w])"
)


def infer_kind(name: str, state: str | None = None) -> tuple[OrgKind, str | None]:
    """``(kind, federal agency)``: federal first, then tribal, private, state, local; else unknown."""
    agency = federal_agency(name, state)
    if agency:
        return "federal", agency
    address = _ADDRESS.match(name)
    if address and address[1] in places.STREET_WORDS:
        return "private", None
    for kind, phrases in places.KIND_PHRASES:
        if kind == "state" and _starts_with_state(name):
            return "state", None  # "Texas Financial Crimes Intelligence Center", "Ohio Bureau of ..."
        if any(_has_phrase(name, phrase) for phrase in phrases):
            return kind, None  # type: ignore[return-value]
    return "unknown", None


def federal_agency(name: str, state: str | None = None) -> str | None:
    """The federal agency a name belongs to, or None (see :data:`tracker.portals.places.FEDERAL_ACRONYMS`)."""
    if any(_has_phrase(name, phrase) for phrase in places.NOT_FEDERAL_PHRASES):
        return None
    for token in _TOKEN.findall(name):
        if token in places.FEDERAL_ACRONYMS and not (token in places.STATE_REUSED_ACRONYMS and state):
            return places.FEDERAL_ACRONYMS[token]
    return next((phrase for phrase in places.FEDERAL_PHRASES if _has_phrase(name, phrase)), None)


def _starts_with_state(name: str) -> bool:
    """"Texas Department of Public Safety", "WI Department of Justice": a state's own body."""
    tokens = _TOKEN.findall(name)
    if len(tokens) > 1 and tokens[0] in US_STATES and tokens[1] in _STATE_BODY_WORDS:
        return True
    return any(match.start() == 0 for match in _state_name_matches(name))


_STATE_BODY_WORDS = frozenset({"Department", "Dept", "Bureau", "Board", "Division", "Office"})


def _has_phrase(text: str, phrase: str, case_sensitive: bool | None = None) -> bool:
    """Whole-word match; all-capital phrases (acronyms) are case-sensitive unless told otherwise."""
    if case_sensitive is None:
        case_sensitive = phrase.isupper()
    return _phrase_pattern(phrase, case_sensitive).search(text) is not None


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str, case_sensitive: bool) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", 0 if case_sensitive else re.IGNORECASE)
