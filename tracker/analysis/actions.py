"""What the item does: the procurement action, or that it only talks about the technology.

Actions come from the lexicon's ``actions`` groups, most specific first (a termination outranks the
word "agreement"). Two kinds of words look like actions and are not:

- contract *clauses* and other senses of the verbs: "either party may terminate", "termination for
  convenience", "suspended registration", "budget amendment" describe terms or other business, so they
  never make the item a termination, suspension or amendment;
- *talk* about the technology: an update, a presentation, a records request, or news of a vote that
  already happened ("readers were authorized and have been purchased") is ``discussion``, not the
  purchase it mentions, so an alert says what it is and no contract is read from it. Policy and
  ordinance texts with no contract verb are ``policy`` by the lexicon's own order.
"""

from __future__ import annotations

import re

from tracker.analysis.lexicon import Lexicon
from tracker.analysis.matching import Match

_RFP_IS_AWARD = ("award", "execute", "enter into", "entering into")
_CLAUSE_BEFORE = re.compile(
    r"(?:\b(?:may|can|could|might|shall|will|would)\s+(?:be\s+)?|\bright\s+to\s+|\boption\s+to\s+|\bparty\s+(?:may\s+)?"
    r"|\bearly\s+|\bnotice\s+of\s+|\bwithout\s+|\bupon\s+|\ballow(?:s|ing)?\s+(?:for\s+)?|\bpermit(?:s|ting)?\s+"
    r"|\bprovid(?:e|es|ing)\s+for\s+)$", re.I)
_CLAUSE_AFTER = re.compile(
    r"\s*(?:for\s+(?:convenience|cause|default)|clauses?\b|provisions?\b|rights?\b|with(?:out)?\s+cause"
    r"|upon\s+\d+|at\s+any\s+time|by\s+either\s+party|in\s+(?:the\s+)?(?:case|event)\s+of"
    r"|(?:of\s+)?(?:this|the)\s+(?:agreement|contract)\s+(?:upon|with|by|if|in\s+(?:the\s+)?(?:case|event)\s+of))", re.I)
_OTHER_SENSE = {
    "suspension": re.compile(r"\b(?:registrations?|driver'?s?|licen[cs]es?|plates?)\s+(?:\w+\s+)?$|^\s*(?:of\s+)?(?:the\s+)?"
                             r"(?:vehicle\s+)?(?:registrations?|driver'?s?\s+licen[cs]es?|licen[cs]es?\b)", re.I),
    # a budget amendment, a motion's, or authority for later ones ("an amendment to the motion", "the motion, with an amendment")
    "amendment": re.compile(r"\b(?:budget|appropriations?|fiscal\s+year|fy\s*\d{2,4})\b[^.;]{0,20}$|\bmotions?\b[^.;]{0,40}$|\b(?:further|future|subsequent)\s+$"
                            r"|^\s*(?:to|of)\s+(?:the|his|her|their)\s+motion"
                            r"|^\w*\s+(?:(?:the|to\s+the)\s+)?(?:fy\s*[\d/-]{2,9}\s+|fiscal\s+year\s+[\d/-]{2,9}\s+|[\d/-]{4,9}\s+)?"
                            r"(?:budget|appropriations?)\b", re.I),
}
# An item that only reports: its first words ("Update:", "Presentation on", "Receive and file ...").
_BRIEFING = re.compile(
    r"^\W*(?:(?:item\s+)?[\w.()-]{1,8}[.):]?\s+)?(?:(?:status|staff|informational|progress|quarterly|annual)\s+)?"
    r"(?:update|report|presentation|briefing|overview|information(?:al)?\s+(?:item|only|report)|discussion(?!\s+and\s+(?:possible\s+)?action)"
    r"|receive\s+(?:and\s+file|a\s+(?:report|presentation|briefing|update)|an\s+(?:update|overview))|study\s+session"
    r"|work\s+session)\b", re.I)
_RECORDS_REQUEST = re.compile(
    r"\b(?:public\s+records?\s+(?:act\s+)?requests?|records\s+requests?|open\s+records\s+requests?|foia\s+requests?"
    r"|cpra\s+requests?|freedom\s+of\s+information)\b", re.I)
# A past-tense report of what was done since a decision: "have been purchased", "were installed". Not
# "was approved": minutes record the decision the item is about that way ("approved by a vote of 5-0").
_DONE = re.compile(r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:purchased|installed|deployed|"
                   r"delivered|activated)\b", re.I)
# What an item asks a body to do: the verbs of a decision still to be taken.
_ASKS = re.compile(
    r"\b(?:approv(?:e|al|ing)|authoriz(?:e|ation|ing)|award(?:ing)?|execut(?:e|ion|ing)|enter(?:ing)?\s+into|accept(?:ing)?"
    r"|ratif(?:y|ication)|adopt(?:ion|ing)?|consider(?:ation)?|request(?:ing)?\s+(?:approval|authorization)|recommend"
    r"|purchase\s+of|waiv(?:e|er|ing))\b", re.I)


def first_of(matches: list[Match], order: list[str]) -> Match | None:
    """The first group of ``order`` that matched, at its first match (procurement, funding, actions)."""
    by_key: dict[str, Match] = {}
    for m in matches:
        by_key.setdefault(m.term.key, m)
    return next((by_key[k] for k in order if k in by_key), None)


def _is_action(m: Match, text: str) -> bool:
    before, after = text[max(0, m.start - 40) : m.start], text[m.end : m.end + 50]
    if m.term.key in ("termination", "suspension", "cancellation") and (
            _CLAUSE_BEFORE.search(before) or _CLAUSE_AFTER.match(after)):
        return False
    other = _OTHER_SENSE.get(m.term.key)
    return not (other and (other.search(before) or other.search(after)))


def _only_talks(text: str) -> re.Match | None:
    """The words that make an item a briefing, records request or report of a past vote, if it is one."""
    records = _RECORDS_REQUEST.search(text)
    if records:
        return records
    asks = [m for m in _ASKS.finditer(text) if not _DONE.search(text, max(0, m.start() - 30), m.end() + 1)]
    briefing = _BRIEFING.match(text)
    if briefing and not any(m.start() < 200 for m in asks):
        return briefing
    done = _DONE.search(text)
    return done if done and not asks else None


def find_action(matches: list[Match], lexicon: Lexicon, text: str) -> tuple[str, int, int] | None:
    """The item's action as (key, start, end): a procurement action, ``policy`` or ``discussion``."""
    talk = _only_talks(text)
    if talk:
        return "discussion", talk.start(), talk.end()
    order = list(lexicon.action_order)
    lowered = text.lower()
    if any(word in lowered for word in _RFP_IS_AWARD):
        order.remove("rfp")  # "award the contract pursuant to RFP 24-01" is an award, not a solicitation
    found = first_of([m for m in matches if _is_action(m, text)], order)
    return (found.term.key, found.start, found.end) if found else None
