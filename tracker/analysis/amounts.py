"""Dollar amounts with their role, and the total contract value among them.

Agenda items state money many ways: "not to exceed $68,500/year or $342,500/5 year agreement",
"$144,800 over the remaining four years ... for a total not-to-exceed amount of $1,618,100", "grant in the
amount of $22,000". Each figure gets a role from the words around it; the total is the strongest role
present (explicit total > not-to-exceed > plain contract amount), never a grant, annual or unit price.

The total is the amount of *this* action, so some figures never are: what was spent or approved before
("previously approved $40,000", a sentence that tells the item's history), a budget appropriation, a
statewide program pool, a price that only applies if a program is kept,
and, in a bundle where the plate readers are one line among body cameras or radios, every line but the
plate readers' own (:func:`total_value` with owners). With no total but a yearly price, the item's total is
unknown and the yearly price is reported as such (:func:`annual_value`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tracker.analysis.models import Amount, AmountRole, Evidence
from tracker.analysis.numbers import DOLLARS_WORD, MONEY, money_value
from tracker.analysis.tense import tells_the_past

_BEFORE = 90  # characters of left context that can give a figure its role
_AFTER = 45
_RIGHT_ROLES: list[tuple[AmountRole, re.Pattern]] = [
    ("per_camera", re.compile(
        r"^\s*(?:a|/)\s*(?:camera|unit|device|reader|location|pole|site)s?\b"
        r"|^[^.;$]{0,25}?\b(?:per|each)\s+(?:[\w-]+\s+){0,3}?(?:camera|unit|device|reader|location|pole|site)s?\b"
        r"(?!\s+(?:system|program|network|project))", re.I)),
    ("grant", re.compile(r"^\s*(?:[\w-]+\s+){0,2}?grants?\b", re.I)),
    ("first_year", re.compile(r"^\s*(?:for|in)\s+(?:the\s+)?(?:first|initial|1st)[- ]year\b|^\s*(?:for\s+)?year\s+(?:one|1)\b", re.I)),
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
        r"\b(?:annual(?:ly)?|yearly|per\s+year|each\s+year|recurring|ongoing|subscription\s+fee)\b[^$]{0,40}$", re.I)),
    ("monthly", re.compile(r"\bmonthly\b[^$]{0,30}$", re.I)),
    ("grant", re.compile(r"\bgrants?\b(?![- ]funded)[^$]{0,70}$", re.I)),
]
# Figures that belong to the past or to a larger whole, whatever role their wording gives them.
_BACKGROUND: list[tuple[AmountRole, re.Pattern]] = [
    ("previous", re.compile(
        r"\b(?:previously|prior(?:\s+year)?|originally|initially\s+approved|last\s+(?:year|fiscal\s+year)|spent"
        r"|to\s+date|has\s+paid|have\s+paid|was\s+(?:approved|awarded|authorized)|were\s+(?:approved|awarded)"
        r"|existing\s+(?:contract|agreement)\s+(?:amount|value|of))\b[^$]{0,60}$", re.I)),
    ("budget", re.compile(
        r"\b(?:appropriat\w*|budget\s+(?:adjustment|amendment|transfer|increase)s?|amend(?:s|ed|ing)?\s+the\s+"
        r"[\w\s/-]{0,30}?budget|(?:operating|capital)\s+budget|fund\s+balance|budgeted\s+(?:amount|funds?|funding)|budget\s+(?:includes|included|contains|allocated|allocates|of))\b"
        r"[^$]{0,60}$", re.I)),
    ("pool", re.compile(
        r"\b(?:statewide|state-wide|nationwide|program-wide|across\s+the\s+state|state\s+(?:has\s+)?(?:allocated|awarded)"
        r"|(?:total|overall)\s+(?:program|grant\s+program)\s+(?:funding|budget|pool))\b[^$]{0,60}$", re.I)),
    ("conditional", re.compile(
        r"\b(?:if|should)\s+(?:the\s+)?(?:city|county|town|village|council|board|department|we)\s+"
        r"(?:continues?|keeps?|renews?|extends?|decides?\s+to\s+(?:continue|keep|renew|extend))\b[^$]{0,60}$", re.I)),
]
_CONDITIONAL_AFTER = re.compile(
    r"[^.;$]{0,40}\b(?:if|should)\s+(?:the\s+)?(?:city|county|town|village|council|board|program|we)\b[^.;$]{0,20}"
    r"\b(?:continue|keep|renew|extend|retain)", re.I)
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


# Where one requested action of a list ends: "(5) Approval of a Budget Amendment to Appropriate ...".
_CLAUSE_START = re.compile(r";|\n|\(\s*\d{1,2}\s*\)|(?<![\w.])\d{1,2}\)|(?<![\w.$,])[a-h]\)")
_BUDGET_CLAUSE = re.compile(r"\b(?:budget\s+(?:amendment|adjustment|transfer|increase)s?|appropriat\w*)\b", re.I)


def _in_budget_clause(text: str, start: int) -> bool:
    """True when the figure belongs to a listed action that appropriates money, not to the agreement."""
    clause = max((m.end() for m in _CLAUSE_START.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    return _BUDGET_CLAUSE.search(text, clause, start) is not None


# An appropriation that *is* the purchase: "appropriation and expenditure of ...", "... is required to purchase".
_SPENT_ON_IT = re.compile(
    r"\b(?:expenditures?|to\s+(?:\w+\s+){0,2}?(?:purchase|acquire|lease|buy)|for\s+the\s+(?:purchase|acquisition|lease))\b",
    re.I)


def _spent_on_it(text: str, start: int, end: int) -> bool:
    clause = max((m.end() for m in _CLAUSE_START.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    return _SPENT_ON_IT.search(text, clause, min(len(text), end + 80)) is not None


def _role(text: str, start: int, end: int) -> AmountRole:
    left = _left_context(text, start)
    for role, pattern in _BACKGROUND:
        if pattern.search(left) and not (role == "budget" and _spent_on_it(text, start, end)):
            return role
    if _in_budget_clause(text, start) and not _spent_on_it(text, start, end):
        return "budget"
    if tells_the_past(text, start):
        return "previous"
    role = _wording_role(text, left, end)
    if role in ("total", "not_to_exceed", "other") and _CONDITIONAL_AFTER.match(text, end, end + 90):
        return "conditional"
    return role


def _wording_role(text: str, left: str, end: int) -> AmountRole:
    """The role the words right after a figure, else right before it, give it."""
    right = text[end : end + _AFTER]
    for role, pattern in _RIGHT_ROLES:
        if pattern.search(right):
            return role
    for role, pattern in _LEFT_ROLES:
        if pattern.search(left):
            return role
    return "other"


# A budget or price table row as text extraction gives it: a label, a gap, figures without "$".
_ROW_FIGURE = re.compile(r"(?<![\w$.,])(?P<int>\d{1,3}(?:,\d{3})+)(?:\.(?P<cents>\d{2}))?(?P<scale>)[ \t]*$", re.M)


def find_amounts(text: str, row_labels: Iterable[tuple[int, int]] = ()) -> list[Amount]:
    """Every dollar figure in ``text`` with its role and evidence.

    ``row_labels`` are spans naming the plate readers: a line that holds one and ends in a bare figure
    ("Flock ALPR cameras (12)      36,000.00") is a table row, and its last figure is an amount too.
    """
    matches = [*MONEY.finditer(text), *DOLLARS_WORD.finditer(text)]
    if not matches:
        matches += _row_figures(text, row_labels)
    amounts = []
    for m in sorted(matches, key=lambda m: m.start()):
        value = money_value(m)
        if value <= 0:
            continue
        amounts.append(
            Amount(usd=value, role=_role(text, m.start(), m.end()), evidence=Evidence(start=m.start(), end=m.end(), text=m.group(0)))
        )
    return _changed_figures(text, amounts)


def _row_figures(text: str, row_labels: Iterable[tuple[int, int]]) -> list[re.Match]:
    """The last bare figure of each line that names the plate readers, after a column gap."""
    found = {}
    for start, end in row_labels:
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        m = _ROW_FIGURE.search(text, end, line_end)
        if m and re.search(r"[ \t]{2,}|\t", text[end : m.start()] + " "):
            found[m.start()] = m
    return list(found.values())


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


# Where one line of a bundle ends: a new line, a semicolon, a sentence, an enumeration mark.
_LINE_BREAK = re.compile(r"\n|;|\.\s|\(\w\)\s|\b\d\)\s|\u2022")
Span = tuple[int, int]


def _owner(text: str, amount: Amount, alpr: list[Span], other: list[Span]) -> str | None:
    """Which thing a figure prices, "alpr" or "other": the nearest one named before it on its line
    (or, when none is, just after it: "$50,000 for license plate readers")."""
    start, end = amount.evidence.start, amount.evidence.end
    line_start = max((m.end() for m in _LINE_BREAK.finditer(text, 0, start)), default=0)
    after = _LINE_BREAK.search(text, end)
    line_end = after.start() if after else len(text)
    before = [(s, "alpr") for s, e in alpr if line_start <= s and e <= start]
    # Other equipment right after a plate-reader name is what the readers go on ("ALPR for 3 patrol vehicles").
    before += [(s, "other") for s, e in other if line_start <= s and e <= start
               and not any(max(line_start, s - 60) <= a < s for a, _ in alpr)]
    if before:
        return max(before)[1]
    following = [(s, "alpr") for s, e in alpr if end <= s < min(line_end, end + 60)]
    following += [(s, "other") for s, e in other if end <= s < min(line_end, end + 60)]
    return min(following)[1] if following else None


def total_value(amounts: list[Amount], text: str = "", alpr: list[Span] = (), other: list[Span] = ()) -> Amount | None:
    """The total contract value: the largest figure of the strongest role present.

    Given the spans that name the plate readers (``alpr``) and other equipment (``other``), a bundle that
    prices other things on their own lines gives only the plate readers' line, or no total at all.
    """
    pool = amounts
    owners = [_owner(text, a, list(alpr), list(other)) for a in amounts] if other else []
    if "other" in owners:
        # A total stated after the other lines is the whole bundle's.
        first_other = min(a.evidence.start for a, owner in zip(amounts, owners) if owner == "other")
        pool = [a for a, owner in zip(amounts, owners)
                if owner == "alpr" and not (a.role == "total" and a.evidence.start > first_other)]
    for roles in (("total",), ("not_to_exceed",), ("other",)):
        candidates = [a for a in pool if a.role in roles]
        if candidates:
            return max(candidates, key=lambda a: a.usd)
    return None


def annual_value(amounts: list[Amount], text: str) -> Amount | None:
    """The yearly price an item states, reported when it states no total (the first one: the current year);
    a price that applies only if the program is kept counts when it is a yearly one."""
    for a in amounts:
        after = text[a.evidence.end : a.evidence.end + _AFTER]
        if a.role == "annual" or (a.role == "conditional" and _wording_role(after, "", 0) == "annual"):
            return a
    return None
