"""Analyze a whole document: split it into items and analyze each one that could concern ALPR.

Most items of a 300-page packet never mention a lexicon phrase; a one-pass pre-filter skips them, so the
full rules run only where they can matter (this is what keeps analysis far faster than PDF extraction).
A sub-item is analyzed with the headings it sits under as its context: "c) License Plate Recognition"
under a parking-enforcement contract is parking LPR (the context gives the subject, never facts).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.analysis.engine import analyze_item
from tracker.analysis.lexicon import Lexicon, load_lexicon
from tracker.analysis.matching import has_trigger
from tracker.analysis.models import Finding
from tracker.text.items import AgendaItem, SplitBy, split_document
from tracker.text.models import ExtractedText

_EVIDENCE_CHARS = 400
#: How much of each enclosing item is its heading: enough for a wrapped title and its first lines, not a
#: whole staff report that happens to precede its lettered exhibits.
_CONTEXT_CHARS = 600
_SENTENCE_END = re.compile(r"[.;!?]\s|\n\s*\n")


@dataclass(frozen=True)
class ItemFinding:
    """One item of a document and its finding; ``page`` is the page the item starts on."""

    item: AgendaItem
    finding: Finding

    @property
    def evidence(self) -> str:
        """The sentence that made the item relevant, trimmed for display."""
        fact = self.finding.facts.get("relevance")
        text = self.item.text
        if fact is None:
            return text[:_EVIDENCE_CHARS].strip()
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, fact.evidence.start)), default=0)
        end_match = _SENTENCE_END.search(text, fact.evidence.end)
        end = end_match.start() + 1 if end_match else len(text)
        return " ".join(text[start:end][:_EVIDENCE_CHARS].split())


@dataclass(frozen=True)
class DocumentFindings:
    """The findings of every item of a document, and how the document was split (``split_by``)."""

    split_by: SplitBy
    results: list[ItemFinding]

    @property
    def relevant(self) -> list[ItemFinding]:
        """The ALPR-relevant items (``alpr`` and ``parking_lpr``)."""
        return [r for r in self.results if r.finding.relevant]


def analyze_items(items: list[AgendaItem], meeting_date: dt.date | None = None,
                  lexicon: Lexicon | None = None) -> list[ItemFinding]:
    """Findings for every item of a document (the pre-filter makes skipped items ``not_alpr``).

    ``items`` are the items of one split, in order: a sub-item's parents are found among them.
    """
    lexicon = lexicon or load_lexicon()
    by_ordinal = {item.ordinal: item for item in items}
    results = []
    for item in items:
        if has_trigger(item.text, lexicon):
            finding = analyze_item(item.text, meeting_date, lexicon, context=_context(item, by_ordinal))
        else:
            finding = Finding(relevant=False, category="not_alpr", confidence=0.97,
                              reasons=["no technology or vendor name"])
        results.append(ItemFinding(item, finding))
    return results


def _context(item: AgendaItem, by_ordinal: dict[int, AgendaItem]) -> str:
    """The headings ``item`` sits under, outermost first (empty at the top level).

    A parent always comes earlier in the document, so the walk up stops even on hand-built items.
    """
    headings = []
    child, parent = item, _parent(item, by_ordinal)
    while parent is not None and parent.ordinal < child.ordinal:
        headings.append(parent.text[:_CONTEXT_CHARS])
        child, parent = parent, _parent(parent, by_ordinal)
    return "\n".join(reversed(headings))


def _parent(item: AgendaItem, by_ordinal: dict[int, AgendaItem]) -> AgendaItem | None:
    return None if item.parent is None else by_ordinal.get(item.parent)


def analyze_document(extracted: ExtractedText | str, meeting_date: dt.date | None = None,
                     lexicon: Lexicon | None = None) -> DocumentFindings:
    """Split an extracted document and analyze every item."""
    split = split_document(extracted)
    return DocumentFindings(split.split_by, analyze_items(split.items, meeting_date, lexicon))


def relevant_items(extracted: ExtractedText, meeting_date: dt.date | None = None,
                   lexicon: Lexicon | None = None) -> list[ItemFinding]:
    """The ALPR-relevant items (``alpr`` and ``parking_lpr``) of an extracted document."""
    return analyze_document(extracted, meeting_date, lexicon).relevant
