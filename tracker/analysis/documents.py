"""Analyze a whole document: split it into items and analyze each one that could concern ALPR.

Most items of a 300-page packet never mention a lexicon phrase; a one-pass pre-filter skips them, so the
full rules run only where they can matter (this is what keeps analysis far faster than PDF extraction).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.analysis.engine import analyze_item
from tracker.analysis.lexicon import Lexicon, load_lexicon
from tracker.analysis.matching import has_trigger
from tracker.analysis.models import Finding
from tracker.text.items import AgendaItem, split_items
from tracker.text.models import ExtractedText

_EVIDENCE_CHARS = 400
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


def analyze_items(items: list[AgendaItem], meeting_date: dt.date | None = None,
                  lexicon: Lexicon | None = None) -> list[ItemFinding]:
    """Findings for every item of a document (the pre-filter makes skipped items ``not_alpr``)."""
    lexicon = lexicon or load_lexicon()
    results = []
    for item in items:
        if has_trigger(item.text, lexicon):
            finding = analyze_item(item.text, meeting_date, lexicon)
        else:
            finding = Finding(relevant=False, category="not_alpr", confidence=0.97, reasons=["no technology or vendor name"])
        results.append(ItemFinding(item, finding))
    return results


def relevant_items(extracted: ExtractedText, meeting_date: dt.date | None = None,
                   lexicon: Lexicon | None = None) -> list[ItemFinding]:
    """The ALPR-relevant items (``alpr`` and ``parking_lpr``) of an extracted document."""
    return [r for r in analyze_items(split_items(extracted), meeting_date, lexicon) if r.finding.relevant]
