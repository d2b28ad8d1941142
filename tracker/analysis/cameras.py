"""How many plate-reader cameras an item buys or covers.

A count belongs to the plate readers when the noun phrase it quantifies names them ("twenty-six (26)
Automated License Plate Reader Cameras", "10 Flock cameras", "ALPR units at 69 locations", "23 dash cameras
with integrated ALPR"); "114 body-worn cameras" does not. Each figure is a *total* (system size), *added*
(growth: "four additional units", "add an additional 32") or *existing* ("currently utilizes five readers");
see :func:`headline_count` for which one an item reports.

What is not a count: "a license plate reader system" (an article quantifies a system, not its cameras),
"up to 20 cameras" (a ceiling), a model or phase number, a year. Counts stated per model or per site in
one enumeration ("six Falcon cameras and two Sparrow cameras") are summed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tracker.analysis.matching import Match
from tracker.analysis.numbers import COUNT, parse_count
from tracker.analysis.tense import tells_the_past

_NOUN = r"(?:cameras?|units?|systems?|readers?|ALPRs?|LPRs?|devices?|poles?|trailers?|kits?|licenses?(?=\s+for\b))"
_WORD = (
    rf"(?!(?:{COUNT})\b)(?!(?:years?|months?|days?|weeks?|of|for|to|and|or|at|from|with|in|on|onto|into|per|by)(?![\w-]))"
    r"[(\[\"']?[A-Za-z][\w'’.&-]*[)\]\"',]?"
)
_NOUN_RE = re.compile(rf"\b(?P<noun>{_NOUN})\b(?P<tail>\s+(?:with|for)\s+(?:\w+\s+){{0,2}})?", re.I)
# Matched against the words before a noun: a count, then at most eight modifier words up to the noun.
_COUNT_BEFORE = re.compile(
    rf"(?<![\w$.,])(?P<count>{COUNT}|an?)(?![\w%])\s*(?:-\s*)?(?P<phrase>(?:{_WORD}\s+){{0,8}}?)$", re.IGNORECASE
)
_LOOKBACK = 160


@dataclass(frozen=True)
class _Quantified:
    """A count and the noun it quantifies (offsets into the whole text)."""

    count: str
    phrase: str
    noun: str
    tail: bool
    start: int
    count_end: int
    end: int


def _quantified_nouns(text: str) -> list[_Quantified]:
    """Each camera-like noun with the count in front of it. Anchoring on the (rare) nouns keeps the
    number-word alternation off most of the text."""
    found = []
    for noun in _NOUN_RE.finditer(text):
        window_start = max(0, noun.start() - _LOOKBACK)
        m = _COUNT_BEFORE.search(text, window_start, noun.start())
        if m:
            found.append(_Quantified(m.group("count"), m.group("phrase"), noun.group("noun"), bool(noun.group("tail")),
                                     m.start(), m.end("count"), noun.end()))
    return found


_AT_LOCATIONS = re.compile(rf"\s+(?:\w+\s+){{0,3}}?(?:at|in|across)\s+(?P<count>{COUNT})\s+(?:locations|sites|intersections)\b", re.I)
_FROM_TO = re.compile(rf"\bfrom\s+(?P<before>{COUNT})\s+to\s+(?P<after>{COUNT})\b", re.I)
_ADDED = re.compile(r"\b(?:additional|more|new|another|extra|added|adding|add)\b", re.I)
_EXISTING = re.compile(r"\b(?:currently|existing|already|presently|now|original|originally|current)\b(?:\s+\w+){0,3}\s*$"
                       r"|\b(?:has|have|had)\s+(?:had|used|operated|deployed|installed|maintained|utilized)\s*$", re.I)
# "... and one mobile camera in use": what is already there.
_IN_USE = re.compile(r"\s*(?:currently\s+)?(?:in\s+(?:use|service|operation|place)|already\s+(?:installed|in\s+use))\b", re.I)
_EXPLICIT_TOTAL = re.compile(r"\b(?:total|totaling|totalling|overall|citywide|network)\s+(?:of\s+)?$", re.I)
_NOT_COUNTS = re.compile(r"\b(?:body|worn|radio|phone|laptop|computer|taser|ptz|cctv|security|video|surveillance)\b", re.I)
_SINGULAR = re.compile(r"^(?:system|camera|unit|reader|trailer)$", re.I)
# "Axon Fleet 3 in-car cameras", "Phase 2 cameras": a model or phase number, not a count.
_MODEL_NUMBER = re.compile(r"\b(?:fleet|gen|generation|model|series|version|v|mk|type|phase)[ \t]*$", re.I)
# "February 18, 2026" before "... cameras" on the next line: a plain four-digit year is never a count.
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# "Flock Falcon automated license plate reader (ALPR) cameras: 6" (quotes and proposals list them so).
_LABELED_COUNT = re.compile(r"[ \t]*[:=][ \t]*(?P<count>\d{1,4})(?![\d,.]\d)")
_CEILING = re.compile(r"\b(?:up\s+to|a\s+maximum\s+of|maximum\s+of|no\s+more\s+than|not\s+to\s+exceed|max\.?)\s*$", re.I)
# "add an additional 32", "for a total of 30": the camera noun is left out because the item named it.
_BARE_ADDED = re.compile(
    rf"\b(?:add|adding|install|installing|purchase|purchasing|deploy|deploying)\s+(?:an?\s+)?additional\s+"
    rf"(?P<count>{COUNT})(?![\w%$])(?!\s*(?:years?|months?|days?|weeks?|hours?|percent|%|dollars|feet))", re.I)
_BARE_TOTAL = re.compile(
    rf"\bfor\s+a\s+(?:new\s+)?total\s+of\s+(?P<count>{COUNT})(?![\w%$,.]\d?)"
    rf"(?!\s*(?:years?|months?|days?|weeks?|hours?|percent|%|dollars|feet|locations?|sites?))", re.I)
# Between two counts of one enumeration: "six Falcon cameras and two Sparrow cameras".
# A per-site list may name the site between them: "4 ALPR cameras at Main St, 3 ALPR cameras at Oak Ave".
_ENUMERATION = re.compile(
    r"^(?:\s+(?:at|on|in|near|along|for)\s+[^.;:$\d\n]{1,50}?)?\s*(?:,\s*(?:and|plus)?|and|plus|&|\+)\s*$", re.I)
_NOT_A_THING = re.compile(r"^\s*(?:program|policy|pilot|project|technology|data|software|services?|agreement|contract|grant)\b", re.I)

Kind = Literal["total", "added", "existing", "explicit_total", "loose", "loose_added"]


@dataclass(frozen=True)
class CameraCount:
    """A camera figure, what it measures, and the span that states it."""

    value: int
    kind: Kind
    start: int
    end: int


def _names_plate_readers(start: int, end: int, alpr_spans: list[Match]) -> bool:
    return any(start <= m.start and m.end <= end + 1 for m in alpr_spans)


def _from_to(text: str, start: int) -> tuple[int, int] | None:
    m = _FROM_TO.search(text[max(0, start - 60) : start + 40])
    if not m:
        return None
    before, after = parse_count(m.group("before")), parse_count(m.group("after"))
    if before is None or after is None or after <= before:
        return None
    return before, after


def _kind(text: str, q: _Quantified) -> Kind:
    before = text[max(0, q.start - 40) : q.start]
    if _EXPLICIT_TOTAL.search(before):
        return "explicit_total"
    if _EXISTING.search(before) or _IN_USE.match(text, q.end) or tells_the_past(text, q.start):
        return "existing"
    if _ADDED.search(q.phrase) or _ADDED.search(before[-14:]):
        return "added"
    return "total"


def _quantified(text: str, alpr_spans: list[Match]) -> list[CameraCount]:
    counts = []
    for q in _quantified_nouns(text):
        if q.count.lower() in ("a", "an"):
            continue  # "a license plate reader system": one system of unstated size
        value = parse_count(q.count)
        if not value or value > 5000 or re.search(r"\b(?:body|worn|taser|radio|phone|laptop|computer)\b", q.phrase, re.I):
            continue
        if _YEAR.match(q.count) or _MODEL_NUMBER.search(text, max(0, q.start - 16), q.start):
            continue
        if _CEILING.search(text, max(0, q.start - 24), q.start):
            continue  # "up to 20 cameras" is what the contract allows, not what it buys
        if _SINGULAR.match(q.noun) and _NOT_A_THING.match(text[q.end :]):
            continue  # "one Camera program" quantifies a program, not cameras
        noun_is_alpr = re.fullmatch(r"(?:ALPR|LPR)s?", q.noun, re.I) is not None
        growth = _from_to(text, q.start)
        # "the ALPR camera network from 10 to 20 cameras": the plate-reader name precedes the range;
        # "23 dash cameras with integrated ALPR": it follows the noun.
        anchor = max(0, q.start - 60) if growth else q.count_end
        end = q.end + 45 if q.tail else q.end
        if noun_is_alpr or _names_plate_readers(anchor, end, alpr_spans):
            if growth:
                counts += [CameraCount(growth[1], "explicit_total", q.start, q.end),
                           CameraCount(growth[1] - growth[0], "added", q.start, q.end)]
            else:
                counts.append(CameraCount(value, _kind(text, q), q.start, q.end))
        elif q.noun.lower().startswith("camera") and not _NOT_COUNTS.search(q.phrase):
            # "17 additional cameras" in an ALPR item: growth, like a named count; what is there already is not
            kind = _kind(text, q)
            if kind != "existing":
                counts.append(CameraCount(value, "loose_added" if kind == "added" else "loose", q.start, q.end))
    return counts


def _labeled(text: str, alpr_spans: list[Match]) -> list[CameraCount]:
    """"... license plate reader (ALPR) cameras: 6": a camera noun with its count after a colon, on a line
    that names the plate readers before the noun."""
    counts = []
    for noun in _NOUN_RE.finditer(text):
        m = _LABELED_COUNT.match(text, noun.end("noun"))
        if not m:
            continue
        line_start = text.rfind("\n", 0, noun.start()) + 1
        if _names_plate_readers(line_start, noun.end("noun"), alpr_spans) and int(m.group("count")):
            counts.append(CameraCount(int(m.group("count")), "total", noun.start(), m.end()))
    return counts


def _bare(text: str, alpr_spans: list[Match]) -> list[CameraCount]:
    """Counts whose camera noun is understood, in an item that names the plate readers."""
    if not alpr_spans:
        return []
    counts = []
    for pattern, kind in ((_BARE_ADDED, "added"), (_BARE_TOTAL, "explicit_total")):
        for m in pattern.finditer(text):
            value = parse_count(m.group("count"))
            if value and value <= 5000 and not _YEAR.match(m.group("count")):
                counts.append(CameraCount(value, kind, m.start(), m.end()))
    return counts


def _summed(text: str, counts: list[CameraCount]) -> list[CameraCount]:
    """Merge plain totals listed one after another ("6 Falcon cameras and 2 Sparrow cameras") into one."""
    merged: list[CameraCount] = []
    for c in counts:
        last = merged[-1] if merged else None
        if last and last.kind == c.kind == "total" and c.start >= last.end and _ENUMERATION.match(text[last.end : c.start]):
            merged[-1] = CameraCount(last.value + c.value, "total", last.start, c.end)
        else:
            merged.append(c)
    return merged


def find_camera_counts(text: str, alpr_spans: list[Match]) -> list[CameraCount]:
    """Camera figures anchored on ``alpr_spans`` (technology or vendor names), in text order."""
    counts = _quantified(text, alpr_spans) + _labeled(text, alpr_spans) + _bare(text, alpr_spans)
    for span in alpr_spans:
        m = _AT_LOCATIONS.match(text, span.end)
        value = parse_count(m.group("count")) if m else None
        if value:
            counts.append(CameraCount(value, "total", span.start, m.end()))
    # "six ... reader cameras" quantifies both nouns: one figure per count, its widest noun phrase.
    widest = {}
    for c in sorted(counts, key=lambda c: (c.start, c.end)):
        widest[(c.start, c.kind)] = c
    return _summed(text, sorted(widest.values(), key=lambda c: c.start))


def headline_count(counts: list[CameraCount], amends_existing: bool) -> tuple[int | None, int | None, CameraCount | None]:
    """(system size, cameras added, span) an item reports.

    An explicit total wins ("for a total of 30"), then the first plain total; the cameras a *new* agreement
    adds are its size ("an Agreement for an Additional Forty-Three (43) cameras", an agreement "for the
    expansion" that adds 32), but an amendment's or renewal's additions are not the size of the system it
    amends. Bare "N cameras" in an ALPR item count only when nothing else does.
    """
    kinds = ("explicit_total", "total", "added", "loose_added", "loose")
    first = {kind: next((c for c in counts if c.kind == kind), None) for kind in kinds}
    added = first["added"] or first["loose_added"]
    size = first["explicit_total"] or first["total"] or (None if amends_existing else added) or first["loose"]
    return (size.value if size else None, added.value if added else None, size or added)
