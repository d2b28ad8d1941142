"""Contract terms and data-retention periods, both stated as durations.

Terms: "three (3) years with two one-year extensions" is 36 months (the options are not the term),
"66 month", "Two-Year Term", "over five years", "July 1, 2025 through June 30, 2026", or "through December
2029" counted from the meeting date. Retention: "retained for 30 days", "increased from 30 days to one
year" (the new value counts).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.analysis.numbers import COUNT, parse_count

_UNIT_MONTHS = {"year": 12, "yr": 12, "month": 1, "mo": 1, "week": 12 / 52, "day": 12 / 365}
_UNIT_DAYS = {"year": 365, "yr": 365, "month": 30, "mo": 30, "week": 7, "day": 1, "hour": 1 / 24}
_UNIT_RE = re.compile(r"\b(?P<unit>years?|yrs?|months?|mos?|weeks?|days?|hours?)\b(?![- ]?old)", re.I)
_COUNT_BEFORE = re.compile(rf"(?<![\w$.,])(?P<count>{COUNT})\s*[- ]?\s*$", re.I)


@dataclass(frozen=True)
class _Duration:
    """A count of time units (offsets into the whole text)."""

    count: str
    unit: str
    start: int
    end: int


def _durations(text: str, start: int = 0, end: int | None = None) -> list[_Duration]:
    """Durations in ``text[start:end]``, found from their (rare) unit words backwards."""
    found = []
    for unit in _UNIT_RE.finditer(text, start, len(text) if end is None else end):
        m = _COUNT_BEFORE.search(text, max(start, unit.start() - 40), unit.start())
        if m:
            found.append(_Duration(m.group("count"), unit.group("unit"), m.start(), unit.end()))
    return found

_TERM_CONTEXT = re.compile(
    r"\b(?:term|agreement|contract|lease|subscription|period|service|services|over|extend|extended|renewal|license"
    r"|pilot|extensions?|options?)\b",
    re.I,
)
_NOT_TERM = re.compile(r"fiscal|budget|ago|old\b", re.I)
_OPTION = re.compile(r"^\s*(?:extensions?|renewals?|options?|renewal\s+options?)\b", re.I)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"


def _date_pattern(g: str) -> str:
    """A written date ("June 30, 2026", "Dec. 2029") with groups prefixed by ``g``."""
    return (
        rf"(?P<{g}month>{_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+"
        rf"(?:(?P<{g}day>\d{{1,2}}),?\s+)?(?P<{g}year>(?:19|20)\d\d)"
    )


# A date range is found from its separator ("through", "to", "-") forwards and then backwards, so the
# month-name alternation never runs over the whole text.
_RANGE_END = re.compile(r"\b(?:through|thru|to|until)\s+" + _date_pattern("b") + r"|[-–]\s*" + _date_pattern("c"), re.I)
_RANGE_START = re.compile(_date_pattern("a") + r",?\s*$", re.I)
_THROUGH = re.compile(r"\b(?:through|thru|until|ending|expiring|expires)\s+" + _date_pattern("b"), re.I)
_RETENTION = re.compile(r"\b(?:retention|retain(?:ed|s)?|stored|storage|purged?|deleted|kept|keep)\b", re.I)
_OPTION_COUNT_BEFORE = re.compile(rf"(?:{COUNT})\s*$", re.I)


def _month_number(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS.split("|"), 1) if m.startswith(name.lower().rstrip(".")[:3]))


def _date(match: re.Match, g: str) -> dt.date:
    day = int(match.group(f"{g}day") or 1)
    return dt.date(int(match.group(f"{g}year")), _month_number(match.group(f"{g}month")), min(day, 28))


def _months_between(start: dt.date, end: dt.date) -> int | None:
    months = (end.year - start.year) * 12 + end.month - start.month + (1 if end.day >= 28 else 0)
    return months if 0 < months <= 240 else None


def _unit(word: str) -> str:
    word = word.lower().rstrip("s")
    return {"yr": "yr", "mo": "mo"}.get(word, word)


def find_term(text: str, meeting_date: dt.date | None = None) -> tuple[int, int, int] | None:
    """The contract term in months, with the span that states it: (months, start, end)."""
    for d in _durations(text):
        unit = _unit(d.unit)
        if unit not in ("year", "yr", "month", "mo"):
            continue
        if _OPTION_COUNT_BEFORE.search(text, max(0, d.start - 25), d.start) or _OPTION.match(text, d.end):
            continue  # "two one-year extensions": an option, not the base term
        context = text[max(0, d.start - 60) : d.end + 60]
        count = parse_count(d.count)
        if count and _TERM_CONTEXT.search(context) and not _NOT_TERM.search(context[:70]):
            months = round(count * _UNIT_MONTHS[unit])
            if 0 < months <= 240:
                return months, d.start, d.end
    for end in _RANGE_END.finditer(text):
        start = _RANGE_START.search(text, max(0, end.start() - 30), end.start())
        months = _months_between(_date(start, "a"), _date(end, "b" if end.group("bmonth") else "c")) if start else None
        if months:
            return months, start.start(), end.end()
    m = _THROUGH.search(text) if meeting_date else None
    if m:
        months = _months_between(meeting_date, _date(m, "b"))
        if months:
            return months, m.start(), m.end()
    return None


def find_retention(text: str) -> tuple[int, int, int] | None:
    """Data retention in days, with its span: the duration nearest after a retention word.

    "increased from 30 days to one year": the new value counts.
    """
    for cue in _RETENTION.finditer(text):
        for d in _durations(text, cue.start(), min(len(text), cue.end() + 120)):
            if _is_old_value(text, d):
                continue
            count = parse_count(d.count)
            if count:
                return round(count * _UNIT_DAYS[_unit(d.unit)]), cue.start(), d.end
    return None


def _is_old_value(text: str, d: _Duration) -> bool:
    """True for the "30 days" of "from 30 days to one year"."""
    return re.match(r"\s+to\s", text[d.end : d.end + 5]) is not None and "from" in text[max(0, d.start - 6) : d.start].lower()
