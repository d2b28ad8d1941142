"""tracker.contracts.reading: evidence sentences and the section an agenda item sits in."""

from __future__ import annotations

from db.models import Item
from tracker.contracts.reading import section_heading, sentence


def test_the_evidence_is_the_whole_sentence_abbreviations_included() -> None:
    text = "2.2 Adopt Resolution No. 2026-14 with Flock Group Inc. for $600,000. Data is kept 30 days."
    start = text.index("$600,000")
    assert sentence(text, start, start + 8) == "2.2 Adopt Resolution No. 2026-14 with Flock Group Inc. for $600,000."


def test_a_long_sentence_is_cut_around_the_fact() -> None:
    text = "Intro. " + "word " * 100 + "for the amount of $5,000 in all " + "more " * 100 + "end."
    start = text.index("$5,000")
    evidence = sentence(text, start, start + 6)
    assert "$5,000" in evidence and evidence.startswith("…") and evidence.endswith("…")
    assert len(evidence) <= 302


def items(*labels: tuple[str | None, str]) -> list[Item]:
    return [Item(ordinal=n, number=number, title=title, text=title) for n, (number, title) in enumerate(labels)]


def test_a_sub_item_belongs_to_its_parent_and_a_flat_item_to_the_heading_above() -> None:
    outline = items(("2", "CONSENT CALENDAR"), ("2.1", "Minutes"), ("2.2", "Flock agreement"))
    assert section_heading(outline[2], outline[1::-1]) is outline[0]
    flat = items((None, "CONSENT CALENDAR"), ("5", "Minutes"), ("6", "Flock agreement"))
    assert section_heading(flat[2], flat[1::-1]) is flat[0]
    stray = items(("1", "CALL TO ORDER"), ("3.1", "Flock agreement"))
    assert section_heading(stray[1], stray[:1]) is None  # left 3's sub-items without meeting 3
