"""Read one stored finding as a :class:`~tracker.contracts.model.Step`: change, stage, date, facts, evidence.

The stage comes from the kind of document: an agenda, packet or staff report *proposes*; minutes record
the outcome, read from the vote the analysis found in the item, else from the vote that approved the
whole consent calendar the item sits in, else from an action line ("ACTION: Approved"); a procurement
record *awards* (or *solicits*, for a request for proposals). Items that are not about an agreement
(a policy, a presentation) are not steps.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from db.models import Document, Finding, Item, Meeting
from tracker.analysis.models import Evidence
from tracker.analysis.models import Finding as Analysis
from tracker.analysis.votes import find_vote
from tracker.contracts.identifiers import find_identifiers
from tracker.contracts.model import CHANGE_OF_ACTION, Change, EvidenceRef, Sourced, Stage, Step

#: Analysis actions that concern an agreement (``policy`` and ``discussion`` do not).
CONTRACT_ACTIONS = frozenset({*CHANGE_OF_ACTION, "new", "purchase", "lease", "grant", "rfp"})
#: Vendor of a contract whose items name none.
UNKNOWN_VENDOR = "unknown"
_EVIDENCE_CHARS = 300
_SENTENCE_END = re.compile(r"[.;!?]\s|\n\s*\n")
#: Words whose period ends no sentence ("Resolution No. 2026-14", "Flock Group Inc. for").
_ABBREVIATIONS = frozenset({"no", "nos", "inc", "co", "corp", "ltd", "llc", "st", "mr", "ms", "mrs", "dr", "vs",
                            "jr", "sr", "dept", "approx", "u.s", "e.g", "i.e"})
_ACTION_LINE = re.compile(
    r"^\s*(?:action|disposition|result|council action|board action)\s*[:\-]\s*"
    r"(?P<word>approved|adopted|passed|carried|denied|rejected|failed|continued|tabled|postponed|deferred)\b",
    re.I | re.M,
)
_ACTION_WORDS: dict[str, Stage] = {
    "approved": "approved", "adopted": "approved", "passed": "approved", "carried": "approved",
    "denied": "rejected", "rejected": "rejected", "failed": "rejected",
    "continued": "continued", "tabled": "continued", "postponed": "continued", "deferred": "continued",
}
_CONSENT = re.compile(r"\bconsent\b", re.I)
_AGENCY = re.compile(
    r"\b(?:(?:[A-Z][\w.'&-]*|of|the)\s+){0,4}?(?:Police|Sheriff(?:'s)?|Public\s+Safety|Marshal(?:'s)?)"
    r"\s+(?:Department|Office|Bureau|Division|Agency)\b"
)
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DATE = re.compile(
    rf"\b(?P<month>(?:{_MONTHS})[a-z]*)\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)"
    r"|\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d)\b",
    re.I,
)


@dataclass(frozen=True)
class Context:
    """Where a finding sits: its item, document, meeting and jurisdiction."""

    finding: Finding
    item: Item
    document: Document
    meeting: Meeting | None
    jurisdiction_id: str


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if match.group(0)[0] != ".":
        return True
    word = re.search(r"[\w.]*$", text[max(0, match.start() - 8) : match.start()])
    return word is None or word.group(0).lower() not in _ABBREVIATIONS


def sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, whitespace collapsed; a long one is cut around the span ("…")."""
    first = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start) if _ends_sentence(text, m)), default=0)
    stop = next((m for m in _SENTENCE_END.finditer(text, end) if _ends_sentence(text, m)), None)
    last = stop.start() + 1 if stop else len(text)
    if last - first > _EVIDENCE_CHARS:
        left = max(first, min(start - (_EVIDENCE_CHARS - (end - start)) // 2, last - _EVIDENCE_CHARS))
        right = min(last, left + _EVIDENCE_CHARS)
        return ("…" if left > first else "") + " ".join(text[left:right].split()) + ("…" if right < last else "")
    return " ".join(text[first:last].split())


def _dates(text: str) -> list[dt.date]:
    found = []
    for m in _DATE.finditer(text):
        try:
            if m.group("month"):
                name = m.group("month").lower()
                month = next(i for i, prefix in enumerate(_MONTHS.split("|"), 1) if name.startswith(prefix))
                found.append(dt.date(int(m.group("year")), month, int(m.group("day"))))
            else:
                found.append(dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))))
        except ValueError:
            continue  # "February 30"
    return found


def section_heading(item: Item, before: Sequence[Item]) -> Item | None:
    """The heading of the section ``item`` is in, from the items before it (nearest first).

    Sub-items ("3.2") belong to their parent ("3. CONSENT CALENDAR"); flat items to the last unnumbered
    heading above them.
    """
    parent = item.number.split(".")[0] if item.number and "." in item.number else None
    for other in before:
        if other.number is None or (parent is not None and other.number.rstrip(".") == parent):
            return other
        if parent is not None and not other.number.startswith(parent + "."):
            return None  # left the parent's sub-items without meeting the parent
    return None


def _ref(ctx: Context, text: str) -> EvidenceRef:
    return EvidenceRef(ctx.finding.id, ctx.document.id, ctx.item.id, ctx.document.url, text)


def _minutes_stage(ctx: Context, analysis: Analysis, heading: Item | None) -> tuple[Stage, str]:
    """The outcome minutes record for the item, and the words that record it."""
    text = ctx.item.text
    if analysis.vote and analysis.vote.outcome:
        return analysis.vote.outcome, sentence(text, analysis.vote.evidence.start, analysis.vote.evidence.end)
    if heading is not None and _CONSENT.search(heading.title or ""):
        vote = find_vote(heading.text)
        if vote and vote.outcome:
            return vote.outcome, sentence(heading.text, vote.evidence.start, vote.evidence.end)
    line = _ACTION_LINE.search(text)
    if line:
        return _ACTION_WORDS[line.group("word").lower()], sentence(text, line.start(), line.end())
    return "considered", _title(ctx.item)


def _title(item: Item) -> str:
    return " ".join((item.title or item.text[:_EVIDENCE_CHARS]).split())


def _stage(ctx: Context, analysis: Analysis, heading: Item | None) -> tuple[Stage, str]:
    kind = ctx.document.kind
    if kind == "minutes":
        stage, words = _minutes_stage(ctx, analysis, heading)
        if analysis.action == "rfp" and stage == "approved":
            return "solicited", words  # approving a request for proposals approves no contract yet
        return stage, words
    if analysis.action == "rfp":
        return "solicited", _title(ctx.item)
    if kind == "procurement_notice":
        return "awarded", _title(ctx.item)
    return "proposed", _title(ctx.item)


def _fact(analysis: Analysis, *names: str) -> Evidence | None:
    return next((analysis.facts[n].evidence for n in names if n in analysis.facts), None)


def _values(ctx: Context, analysis: Analysis) -> tuple[dict[str, Sourced], Sourced | None]:
    text = ctx.item.text

    def sourced(value: object, evidence: Evidence | None) -> Sourced:
        words = sentence(text, evidence.start, evidence.end) if evidence else _title(ctx.item)
        return Sourced(value, _ref(ctx, words))

    values: dict[str, Sourced] = {}
    if analysis.vendor:
        values["vendor"] = sourced(analysis.vendor, _fact(analysis, "vendor"))
    for name in ("camera_count", "total_usd", "term_months", "retention_days"):
        value = getattr(analysis, name)
        if value is not None:
            values[name] = sourced(value, _fact(analysis, name))
    if analysis.product:
        values["products"] = sourced([analysis.product], _fact(analysis, "product"))
    if analysis.sharing:
        tags = sorted(analysis.sharing)
        values["sharing"] = sourced(tags, _fact(analysis, *(f"sharing.{tag}" for tag in tags)))
    term = _fact(analysis, "term_months")
    dates = _dates(term.text) if term else []
    if len(dates) >= 2 and dates[0] < dates[-1]:
        values["start_date"], values["end_date"] = sourced(dates[0], term), sourced(dates[-1], term)
    agency = _AGENCY.search(text)
    if agency:
        words = agency.group(0).split()
        while words[0].islower():  # "the Police Department", "of the Sheriff's Office"
            words.pop(0)
        values["agency"] = sourced(" ".join(words), Evidence(
            start=agency.start(), end=agency.end(), text=agency.group(0)))
    added = None
    if analysis.cameras_added is not None:
        added = sourced(analysis.cameras_added, _fact(analysis, "cameras_added", "camera_count"))
    return values, added


def is_contract_item(analysis: Analysis) -> bool:
    """True for a relevant item that concerns an agreement: a contract action, or a price or camera count."""
    if not analysis.relevant:
        return False
    if analysis.action is not None:
        return analysis.action in CONTRACT_ACTIONS
    return analysis.total_usd is not None or analysis.camera_count is not None


def occurred_on(document: Document, meeting: Meeting | None) -> dt.date | None:
    """The day of the step: the meeting's (its published wall-clock date), else when the record was fetched."""
    if meeting is not None and meeting.start is not None:
        return meeting.start.date()
    return document.fetched_at.date() if document.fetched_at else None


def read_step(ctx: Context, heading: Item | None = None) -> Step | None:
    """The step a finding shows, or None when its item is not about an agreement.

    ``heading`` is the item's section heading (:func:`section_heading`), consulted for consent votes.
    """
    analysis = ctx.finding.to_analysis()
    if not is_contract_item(analysis) or ctx.document.kind == "portal_page":
        return None
    change: Change = CHANGE_OF_ACTION.get(analysis.action or "", "new")
    stage, words = _stage(ctx, analysis, heading)
    values, added = _values(ctx, analysis)
    return Step(
        finding_id=ctx.finding.id, item_id=ctx.item.id, document_id=ctx.document.id,
        document_kind=ctx.document.kind, url=ctx.document.url, meeting_id=ctx.document.meeting_id,
        occurred_on=occurred_on(ctx.document, ctx.meeting), jurisdiction_id=ctx.jurisdiction_id,
        vendor=analysis.vendor or UNKNOWN_VENDOR, change=change, stage=stage, stage_evidence=_ref(ctx, words),
        item_number=ctx.item.number, identifiers=find_identifiers(ctx.item.text, ctx.item.number), values=values,
        cameras_added=added,
    )


def needs_heading(ctx: Context) -> bool:
    """True when the outcome may only be stated by the section heading (minutes without a vote of their own)."""
    if ctx.document.kind != "minutes":
        return False
    vote = ctx.finding.facts.get("vote")
    return not (vote and vote.get("outcome"))
