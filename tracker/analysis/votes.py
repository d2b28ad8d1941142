"""Vote tallies and outcomes as minutes record them ("Motion carried 5-0", "AYES: Smith, Lee; NOES: None")."""

from __future__ import annotations

import re

from tracker.analysis.models import Evidence, Vote

_TALLY = re.compile(
    r"\b(?:vote[ds]?|carried|passed|approved|adopted|failed|defeated|motion)\b[^.\d]{0,40}?"
    r"(?<![\d$,.])(?P<ayes>\d{1,2})\s*(?:-|–|to)\s*(?P<noes>\d{1,2})(?:\s*(?:-|–)\s*(?P<other>\d{1,2}))?(?![\d,%]|\.\d)",
    re.I,
)
_ROLL = re.compile(
    r"\b(?P<kind>AYES?|YEAS?|NOES?|NAYS?|ABSENT|ABSTAIN(?:ED|S|ING)?|RECUSED)\s*[:\-]\s*(?P<names>[^:\n]*?)"
    r"(?=\s*\b(?:AYES?|YEAS?|NOES?|NAYS?|ABSENT|ABSTAIN\w*|RECUSED)\s*[:\-]|[\n.]|$)",
)
_OUTCOMES = [
    ("rejected", re.compile(r"\bmotion (?:failed|was defeated|died)|\b(?:denied|rejected|failed to pass)\b", re.I)),
    ("continued", re.compile(r"\b(?:continued to|tabled|postponed|deferred|held over|pulled from the agenda)\b", re.I)),
    ("approved", re.compile(
        r"\bmotion (?:carried|passed|approved|adopted)|\b(?:carried|passed|adopted|approved) unanimously"
        r"|\bunanimously (?:approved|adopted|carried|passed)|\bmotion carries", re.I)),
]


def _count_names(names: str) -> int:
    names = names.strip().strip(",;")
    if not names or re.fullmatch(r"(?i)none|n/a|-+|0", names):
        return 0
    if names.isdigit():
        return int(names)
    return len([n for n in re.split(r",|;|\band\b|&", names) if n.strip()])


def find_vote(text: str) -> Vote | None:
    """The vote an item records, or None when it records none."""
    tally = _TALLY.search(text)
    roll = {m.group("kind")[:2].upper(): (m, _count_names(m.group("names"))) for m in _ROLL.finditer(text)}
    outcome_match = next(((name, m) for name, p in _OUTCOMES if (m := p.search(text))), None)
    if not (tally or roll or outcome_match):
        return None
    vote = Vote(evidence=Evidence(start=0, end=0, text=""))
    spans = []
    if tally:
        vote.ayes, vote.noes = int(tally.group("ayes")), int(tally.group("noes"))
        vote.absent = int(tally.group("other")) if tally.group("other") else None
        spans.append((tally.start(), tally.end()))
    for key, attr in (("AY", "ayes"), ("YE", "ayes"), ("NO", "noes"), ("NA", "noes"), ("AB", "absent")):
        if key in roll and getattr(vote, attr) is None:
            setattr(vote, attr, roll[key][1])
            spans.append((roll[key][0].start(), roll[key][0].end()))
    if outcome_match:
        vote.outcome = outcome_match[0]
        spans.append((outcome_match[1].start(), outcome_match[1].end()))
    elif vote.ayes is not None and vote.noes is not None:
        vote.outcome = "approved" if vote.ayes > vote.noes else "rejected"
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    vote.evidence = Evidence(start=start, end=end, text=text[start:end])
    return vote
