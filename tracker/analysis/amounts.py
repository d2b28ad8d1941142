"""Dollar amounts with their role, and the total contract value among them.

Agenda items state money many ways: "not to exceed $68,500/year or $342,500/5 year agreement",
"$144,800 over the remaining four years ... for a total not-to-exceed amount of $1,618,100", "grant in the
amount of $22,000". Each figure gets a role from the words around it; the total is the strongest role
present (explicit total > not-to-exceed > plain contract amount), never a grant, annual or unit price.
"""

from __future__ import annotations

import re

from tracker.analysis.models import Amount, AmountRole, Evidence
from tracker.analysis.numbers import DOLLARS_WORD, MONEY, money_value

_BEFORE = 90  # characters of left context that can give a figure its role
_AFTER = 45
_RIGHT_ROLES: list[tuple[AmountRole, re.Pattern]] = [
    ("per_camera", re.compile(r"^\s*(?:per|each|a|/)\s*(?:camera|unit|device|reader|location|pole|site)s?\b", re.I)),
    ("monthly", re.compile(r"^\s*(?:per|a|each|/)\s*(?:month|mo)\b|^\s*monthly\b", re.I)),
    ("annual", re.compile(r"^\s*(?:per|a|each|/)\s*(?:year|yr|annum)\b|^\s*(?:annually|yearly|per\s+fiscal\s+year)\b", re.I)),
    ("total", re.compile(
        r"^\s*(?:/\s*\d+\s*[- ]?year|over\s+(?:the\s+)?(?:\w+[- ])?(?:\(\d+\)\s*)?(?:years?|months?|term|life)"
        r"|for\s+(?:the\s+|a\s+)?(?:\w+[- ])?(?:\(\d+\)\s*)?[- ]?(?:year|month)s?\s+(?:term|agreement|contract|period)"
        r"|total\b|in\s+total|for\s+the\s+(?:entire|full|initial)\s+term)", re.I)),
]
_LEFT_ROLES: list[tuple[AmountRole, re.Pattern]] = [
    ("per_camera", re.compile(r"\b(?:per|each)\s+(?:camera|unit|device|reader)\b[^$]{0,25}$", re.I)),
    ("first_year", re.compile(r"\b(?:first|initial|1st)[- ]year\b[^$]{0,40}$|\byear\s+(?:one|1)\b[^$]{0,30}$", re.I)),
    ("total", re.compile(
        r"\b(?:total|totaling|totalling|aggregate|cumulative|grand\s+total|overall|combined|in\s+all)\b[^$]{0,45}$",
        re.I)),
    ("not_to_exceed", re.compile(
        r"(?:not\s*-?\s*to\s*-?\s*exceed|\bNTE\b|\bup\s+to\b|\bmaximum\s+(?:of|amount)|shall\s+not\s+exceed"
        r"|\bnot\s+exceeding|\bcap\s+of|\bceiling\s+of)[^$]{0,50}$", re.I)),
    ("annual", re.compile(
        r"\b(?:annual(?:ly)?|yearly|per\s+year|each\s+year|recurring|ongoing|subscription\s+fee)\b[^$]{0,30}$", re.I)),
    ("monthly", re.compile(r"\bmonthly\b[^$]{0,30}$", re.I)),
    ("grant", re.compile(r"\bgrants?\b(?![- ]funded)[^$]{0,70}$", re.I)),
]
_CLAUSE_BREAK = re.compile(r"[.;:]\s|\band\b|\bor\b|\(\w\)|\b\d\)", re.I)


def _left_context(text: str, start: int) -> str:
    """The words before a figure, cut at the previous figure or clause break."""
    left = text[max(0, start - _BEFORE) : start]
    dollar = left.rfind("$")
    if dollar >= 0:
        left = left[dollar + 1 :]
        left = left[re.match(r"[\d\s,.]*(?:million|thousand)?", left, re.I).end() :]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    # Keep the last clause, but "total not to exceed" may span an "and": only cut at sentence stops.
    stops = [b for b in breaks if b.group(0)[0] in ".;:"]
    return left[stops[-1].end() :] if stops else left


def _role(text: str, start: int, end: int) -> AmountRole:
    right = text[end : end + _AFTER]
    for role, pattern in _RIGHT_ROLES:
        if pattern.search(right):
            return role
    left = _left_context(text, start)
    for role, pattern in _LEFT_ROLES:
        if pattern.search(left):
            return role
    return "other"


def find_amounts(text: str) -> list[Amount]:
    """Every dollar figure in ``text`` with its role and evidence."""
    amounts = []
    matches = sorted([*MONEY.finditer(text), *DOLLARS_WORD.finditer(text)], key=lambda m: m.start())
    for m in matches:
        value = money_value(m)
        if value <= 0:
            continue
        amounts.append(
            Amount(usd=value, role=_role(text, m.start(), m.end()), evidence=Evidence(start=m.start(), end=m.end(), text=m.group(0)))
        )
    return _changed_figures(text, amounts)


_FROM = re.compile(r"\bfrom\s*$", re.I)
_TO = re.compile(r"^\s*to\s*$", re.I)


def _changed_figures(text: str, amounts: list[Amount]) -> list[Amount]:
    """"increase the not-to-exceed amount from $60,000 to $90,000": the new figure takes the role, the old
    one is only ``previous`` (an amendment's total is what the contract becomes)."""
    for old, new in zip(amounts, amounts[1:]):
        if _FROM.search(text[max(0, old.evidence.start - 12) : old.evidence.start]) and _TO.match(
                text[old.evidence.end : new.evidence.start]):
            if new.role == "other":
                new.role = old.role
            old.role = "previous"
    return amounts


def total_value(amounts: list[Amount]) -> Amount | None:
    """The total contract value: the largest figure of the strongest role present."""
    for roles in (("total",), ("not_to_exceed",), ("other",)):
        candidates = [a for a in amounts if a.role in roles]
        if candidates:
            return max(candidates, key=lambda a: a.usd)
    return None
