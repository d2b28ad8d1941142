"""Find every lexicon phrase in a text in one pass, with exact offsets into the original text.

Matching runs on a *normalized* copy: ASCII lower case, hyphens, slashes, underscores and all white space
turned into single spaces, curly quotes straightened. Runs of spaces are collapsed with an offset map, so a
match in the normalized copy always maps back to the original span (the evidence). One Aho-Corasick
automaton (pyahocorasick) holds the whole lexicon: a pass costs the same for 20 phrases or 2,000.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from tracker.analysis.lexicon import Lexicon, Term, load_lexicon

_SEPARATORS = "-\u2010\u2011\u2012\u2013\u2014_/\\\n\r\t\f\v\xa0\u2028\u2029"
_TABLE = str.maketrans(
    {**{chr(c): chr(c + 32) for c in range(65, 91)}, **{c: " " for c in _SEPARATORS}, "\u2019": "'", "\u2018": "'"}
)
_SPACE_RUN = re.compile(r" {2,}")
_NON_SPACE_SEPARATORS = [c for c in _SEPARATORS if not c.isspace()]
# Word suffixes a phrase may carry and still match ("reader" in "readers", "amend" in "amended"); names
# (vendors, products) only take a plural or possessive, so "Flock" never matches "flocked".
_SUFFIXES = ("s", "es", "ed", "d", "ing", "'s")
_NAME_SUFFIXES = ("s", "'s")
_NAME_KINDS = frozenset({"vendor", "reseller", "product"})


@dataclass(frozen=True)
class Match:
    """A lexicon term found at ``start:end`` of the original text."""

    term: Term
    start: int
    end: int


# The same mapping as _TABLE, in two steps that run at C speed: the few non-ASCII characters by str.replace,
# then the ASCII ones on the UTF-8 bytes (bytes.translate leaves every byte of a multi-byte character alone,
# so letters outside ASCII keep their case exactly as str.translate(_TABLE) leaves them). str.translate
# falls back to a per-character lookup on any text with a non-ASCII character: most agendas ("–", "’").
_NON_ASCII = {chr(c): replacement for c, replacement in _TABLE.items() if c > 127}
_ASCII_TABLE = bytes(ord(_TABLE.get(b, chr(b))) for b in range(128)) + bytes(range(128, 256))


def _translated(text: str) -> str:
    """``text.translate(_TABLE)``, faster."""
    for char, replacement in _NON_ASCII.items():
        if char in text:
            text = text.replace(char, replacement)
    return text.encode("utf-8", "surrogatepass").translate(_ASCII_TABLE).decode("utf-8", "surrogatepass")


class NormalizedText:
    """The normalized copy of a text and the map from its offsets back to the original's."""

    def __init__(self, text: str):
        self.original = text
        self._lowered = _translated(text)
        self.text = _SPACE_RUN.sub(" ", self._lowered)
        self._offsets: tuple[list[int], list[int]] | None = None

    def _offset_map(self) -> tuple[list[int], list[int]]:
        """Normalized offsets after which characters were removed, and the count removed up to each."""
        if self._offsets is None:
            breaks, removed_so_far, removed = [], [], 0
            for run in _SPACE_RUN.finditer(self._lowered):
                start, end = run.span()
                breaks.append(start + 1 - removed)
                removed += end - start - 1
                removed_so_far.append(removed)
            self._offsets = breaks, removed_so_far
        return self._offsets

    def to_original(self, offset: int) -> int:
        """Map an offset in the normalized text to the original text."""
        breaks, removed = self._offset_map()
        i = bisect.bisect_right(breaks, offset) - 1
        return offset + (removed[i] if i >= 0 else 0)


def _normalize_phrase(phrase: str) -> str:
    return " ".join(phrase.translate(_TABLE).split())


# Term kinds that can make an item relevant or name its vendor: the pre-filter looks for these only.
TRIGGER_KINDS = frozenset({"tech", "vendor", "reseller"})


@lru_cache(maxsize=8)
def _automaton(lexicon: Lexicon, kinds: frozenset[str] | None = None) -> ahocorasick.Automaton:
    by_key: dict[str, list[Term]] = {}
    for term in lexicon.terms:
        if kinds is None or term.kind in kinds:
            by_key.setdefault(_normalize_phrase(term.phrase), []).append(term)
    automaton = ahocorasick.Automaton()
    for key, terms in by_key.items():
        automaton.add_word(key, (len(key), tuple(terms)))
    automaton.make_automaton()
    return automaton


def _left_boundary(norm: str, original: str, start: int, orig_start: int, term: Term) -> bool:
    if start == 0 or not norm[start - 1].isalnum():
        return True
    # "forALPR": OCR dropped the space before an acronym; its case still marks the word start.
    return term.case_sensitive and original[orig_start - 1].islower() and original[orig_start].isupper()


def _right_end(norm: str, end: int, suffixes: tuple[str, ...]) -> int | None:
    """Where the word really ends, allowing one of ``suffixes``; None when inside a longer word."""
    if end == len(norm) or not norm[end].isalnum():
        return end
    for suffix in suffixes:
        stop = end + len(suffix)
        if norm.startswith(suffix, end) and (stop == len(norm) or not norm[stop].isalnum()):
            return stop
    return None


def _case_ok(term: Term, span: str) -> bool:
    phrase = term.phrase
    return span.startswith(phrase) or span.startswith(phrase.upper())


def scan(text: str, lexicon: Lexicon | None = None) -> list[Match]:
    """All lexicon matches in ``text``, ordered by start offset (overlaps kept)."""
    lexicon = lexicon or load_lexicon()
    normalized = NormalizedText(text)
    norm, original = normalized.text, normalized.original
    found: list[Match] = []
    for last, (length, terms) in _automaton(lexicon).iter(norm):
        start, end = last - length + 1, last + 1
        orig_start = normalized.to_original(start)
        for term in terms:
            word_end = _right_end(norm, end, _NAME_SUFFIXES if term.kind in _NAME_KINDS else _SUFFIXES)
            if word_end is None:
                continue
            orig_end = normalized.to_original(word_end - 1) + 1
            if not _left_boundary(norm, original, start, orig_start, term):
                continue
            if term.case_sensitive and not _case_ok(term, original[orig_start:orig_end]):
                continue
            found.append(Match(term, orig_start, orig_end))
    unique = {(m.term.kind, m.term.key, m.term.strength, m.start, m.end): m for m in found}
    return sorted(unique.values(), key=lambda m: (m.start, -m.end))


def has_trigger(text: str, lexicon: Lexicon | None = None) -> bool:
    """Cheap pre-filter: does a technology or vendor name occur at all (ignoring word boundaries)?

    An item without one can never be relevant, so the full rules are skipped for it.
    """
    lexicon = lexicon or load_lexicon()
    # No offsets needed here, so C-speed str methods replace the offset-preserving translation.
    lowered = text.lower()
    for separator in _NON_SPACE_SEPARATORS:
        if separator in lowered:
            lowered = lowered.replace(separator, " ")
    for _ in _automaton(lexicon, TRIGGER_KINDS).iter(" ".join(lowered.split()).replace("\u2019", "'")):
        return True
    return False
