"""How many plate-reader cameras an item buys or covers.

A count belongs to the plate readers only when the noun phrase it quantifies names them ("twenty-six (26)
Automated License Plate Reader Cameras", "10 Flock cameras", "ALPR units at 69 locations"); "114
body-worn cameras" does not. "Four additional units" is growth, not the size of the system, so it is
reported as ``cameras_added``; "from 10 to 20 cameras" gives both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.analysis.matching import Match
from tracker.analysis.numbers import COUNT, parse_count

_NOUN = r"(?:cameras?|units?|systems?|readers?|ALPRs?|LPRs?|devices?|poles?|trailers?|kits?)"
_WORD = rf"(?!(?:{COUNT})\b)(?!(?:years?|months?|days?|weeks?|of|for|to|and|or|at|from|with|in|on)\b)[(\[\"']?[A-Za-z][\w'’.&-]*[)\]\"',]?"
_QUANTIFIED = re.compile(
    rf"(?<![\w$.,])(?P<count>{COUNT})(?![\w%])\s*(?:-\s*)?(?P<phrase>(?:{_WORD}\s+){{0,8}}?){_NOUN}\b",
    re.IGNORECASE,
)
_AT_LOCATIONS = re.compile(rf"\b{_NOUN}\s+(?:at|in|across)\s+(?P<count>{COUNT})\s+(?:locations|sites|intersections)\b", re.I)
_FROM_TO = re.compile(rf"\bfrom\s+(?P<before>{COUNT})\s+to\s+(?P<after>{COUNT})\b", re.I)
_ADDED = re.compile(r"\b(?:additional|more|new|another|extra|added)\b", re.I)
_NOT_COUNTS = re.compile(r"\b(?:body|worn|dash|in-car|radio|phone|laptop|computer|taser)\b", re.I)


@dataclass(frozen=True)
class CameraCount:
    """A camera figure and the span that states it."""

    total: int | None
    added: int | None
    start: int
    end: int


def _names_plate_readers(start: int, end: int, alpr_spans: list[Match]) -> bool:
    return any(start <= m.start and m.end <= end + 1 for m in alpr_spans)


def _from_to(text: str, start: int) -> tuple[int, int] | None:
    window = text[max(0, start - 60) : start + 40]
    m = _FROM_TO.search(window)
    if not m:
        return None
    before, after = parse_count(m.group("before")), parse_count(m.group("after"))
    if before is None or after is None or after <= before:
        return None
    return before, after


def find_camera_counts(text: str, alpr_spans: list[Match]) -> list[CameraCount]:
    """Camera counts whose noun phrase contains one of ``alpr_spans`` (technology or vendor names)."""
    counts = []
    for m in _QUANTIFIED.finditer(text):
        value = parse_count(m.group("count"))
        phrase = m.group("phrase")
        if value is None or value == 0 or value > 5000 or _NOT_COUNTS.search(phrase):
            continue
        noun_is_alpr = re.search(r"\b(?:ALPR|LPR)s?$", m.group(0), re.I) is not None
        if not (noun_is_alpr or _names_plate_readers(m.end("count"), m.end(), alpr_spans)):
            continue
        growth = _from_to(text, m.start())
        if growth:
            counts.append(CameraCount(growth[1], growth[1] - growth[0], m.start(), m.end()))
        elif _ADDED.search(phrase) or _ADDED.search(text[max(0, m.start() - 12) : m.start()]):
            counts.append(CameraCount(None, value, m.start(), m.end()))
        else:
            counts.append(CameraCount(value, None, m.start(), m.end()))
    for m in _AT_LOCATIONS.finditer(text):
        if _names_plate_readers(max(0, m.start() - 40), m.end(), alpr_spans) or re.match(r"(?:ALPR|LPR)", m.group(0), re.I):
            value = parse_count(m.group("count"))
            if value:
                counts.append(CameraCount(value, None, m.start(), m.end()))
    counts.sort(key=lambda c: c.start)
    return counts


def headline_count(counts: list[CameraCount]) -> tuple[int | None, int | None, CameraCount | None]:
    """The system size and growth an item states: the first total, and the first added figure."""
    total = next((c for c in counts if c.total is not None), None)
    added = next((c for c in counts if c.added is not None), None)
    return (total.total if total else None, added.added if added else None, total or added)
