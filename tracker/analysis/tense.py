"""Is a sentence about what was done before? Staff reports tell the history before the request.

"The City signed a contract with Flock Safety for 13 cameras", "On August 15, 2023, the City Council
approved a five-year agreement", "A Purchase Order was issued on 12/4/2024 ... in the amount of $49,650":
the figures of such sentences are background, never the facts of the action the item asks for. A sentence
that also asks for something ("authorize the City Manager to execute") is the request, whatever history
it recites. "Approved" and "awarded" alone do not make a sentence history: that is how minutes record the
decision the item is about ("the agreement with Flock Safety for $50,000 was approved 5-0").
"""

from __future__ import annotations

import re

# Where a sentence ends: a full stop before a space, a semicolon, a line break, a bullet.
_SENTENCE_END = re.compile(r"\.\s|;|\n|\u2022")
_DONE_PASSIVE = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:issued|signed|executed|purchased|"
    r"installed|entered|deployed|budgeted|paid|spent|received|acquired|leased)\b", re.I)
_DONE_ACTIVE = re.compile(
    r"\b(?:city|county|town|village|council|board|department|district|agency|we|it|commission|staff|chief)\s+"
    r"(?:\w+\s+){0,3}?(?:signed|entered|purchased|installed|executed|received|deployed|"
    r"implemented|began|started|acquired|leased|contracted|paid|spent)\b", re.I)
_DATED_START = re.compile(
    r"^\W*(?:on|in|since|during|beginning\s+in)\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"(?:\s+\d{1,2})?,?\s+)?(?:\d{1,2}/\d{1,2}/)?(?:19|20)\d\d\b|^\W*(?:previously|prior\s+to|last\s+year|in\s+the\s+past)",
    re.I)
# Asking: the verbs of a decision still to be taken, in their request forms.
_ASKS = re.compile(
    r"\b(?:authoriz(?:e|ing)|approv(?:e|ing)|award(?:ing)?|execute|enter\s+into|accept(?:ing)?|ratify|adopt"
    r"|recommend(?:s|ed|ing)?|request(?:s|ing)?|seeking|will|would|to\s+(?:purchase|lease|install|add|expand|renew))\b",
    re.I)


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The bounds of the sentence holding offset ``pos``."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, pos - 600), pos)), default=max(0, pos - 600))
    end_match = _SENTENCE_END.search(text, pos)
    return start, end_match.start() if end_match else len(text)


# Staff-report section headings: history ("PRIOR BOARD ACTIONS:") and this action's cost ("FISCAL IMPACT:").
_HEADING = re.compile(r"^[ \t\u2022*-]*(?P<name>[A-Z][A-Z /&-]{3,60}?)\s*:", re.M)
_HISTORY = re.compile(r"\b(?:PRIOR|PREVIOUS|PAST)\b[A-Z /&-]*\bACTIONS?\b|\bHISTORY\b|\bPRIOR\s+(?:COUNCIL|BOARD)\b")
_COST = re.compile(r"\b(?:FISCAL|FINANCIAL|BUDGET(?:ARY)?|COST)\b")


def _section(text: str, pos: int) -> str:
    """The name of the staff-report section ``pos`` lies in, or ""."""
    last = None
    for last in _HEADING.finditer(text, max(0, pos - 3000), pos):
        pass
    return last.group("name") if last else ""


def tells_the_past(text: str, pos: int) -> bool:
    """True when the sentence at ``pos`` reports what was already done and asks for nothing.

    Under a history heading ("PRIOR BOARD ACTIONS:") everything is the past; under a cost heading
    ("FINANCIAL SUMMARY:") a recited purchase order is the price of this action, whatever its tense.
    """
    section = _section(text, pos)
    if _HISTORY.search(section):
        return True
    if _COST.search(section):
        return False
    start, end = sentence_at(text, pos)
    sentence = text[start:end]
    if _ASKS.search(sentence):
        return False
    return bool(_DATED_START.search(sentence) or _DONE_PASSIVE.search(sentence) or _DONE_ACTIVE.search(sentence))
