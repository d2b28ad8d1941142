"""Contract terms and data-retention periods, both stated as durations.

Terms: "three (3) years with two one-year extensions" is 36 months (the options are not the term),
"66 month", "Two-Year Term", "over five years", "July 1, 2025 through June 30, 2026", or "through December
2029" counted from the meeting date. Retention: "retained for 30 days", "increased from 30 days to one
year" (the new value counts).
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.analysis.numbers import COUNT, parse_count

_UNIT_MONTHS = {"year": 12, "yr": 12, "month": 1, "mo": 1, "week": 12 / 52, "day": 12 / 365}
_UNIT_DAYS = {"year": 365, "yr": 365, "month": 30, "mo": 30, "week": 7, "day": 1, "hour": 1 / 24}
_DURATION = re.compile(
    rf"(?<![\w$.,])(?P<count>{COUNT})\s*[- ]?\s*(?P<unit>years?|yrs?|months?|mos?|weeks?|days?|hours?)\b(?!\s*old)",
    re.I,
)
_TERM_CONTEXT = re.compile(
    r"\b(?:term|agreement|contract|lease|subscription|period|service|services|over|extend|extended|renewal|license"
    r"|pilot|extensions?|options?)\b",
    re.I,
)
_OPTION = re.compile(r"^\s*(?:extensions?|renewals?|options?|renewal\s+options?)\b", re.I)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"


def _date_pattern(g: str) -> str:
    """A written date ("June 30, 2026", "Dec. 2029") with groups prefixed by ``g``."""
    return (
        rf"(?P<{g}month>{_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+"
        rf"(?:(?P<{g}day>\d{{1,2}}),?\s+)?(?P<{g}year>(?:19|20)\d\d)"
    )


_RANGE = re.compile(
    r"(?:from|beginning|commencing|starting|effective|period\s+of)?\s*" + _date_pattern("a")
    + r",?\s*(?:through|thru|to|until|-|–)\s*" + _date_pattern("b"),
    re.I,
)
_THROUGH = re.compile(r"\b(?:through|thru|until|ending|expiring|expires)\s+" + _date_pattern("b"), re.I)
_RETENTION = re.compile(r"\b(?:retention|retain(?:ed|s)?|stored|storage|purged?|deleted|kept|keep)\b", re.I)
_FROM_TO_DURATION = re.compile(
    rf"from\s+(?:{COUNT})\s*[- ]?\s*(?:years?|months?|days?)\s+to\s+(?P<count>{COUNT})\s*[- ]?\s*(?P<unit>years?|months?|days?|hours?)\b",
    re.I,
)


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
    for m in _DURATION.finditer(text):
        unit = _unit(m.group("unit"))
        if unit not in ("year", "yr", "month", "mo"):
            continue
        before = text[max(0, m.start() - 25) : m.start()]
        if re.search(rf"(?:{COUNT})\s*$", before, re.I) or _OPTION.match(text[m.end() : m.end() + 20]):
            continue  # "two one-year extensions": an option, not the base term
        context = text[max(0, m.start() - 60) : m.end() + 60]
        count = parse_count(m.group("count"))
        if count and _TERM_CONTEXT.search(context) and not re.search(r"fiscal|budget|ago|old\b", context[:70], re.I):
            months = round(count * _UNIT_MONTHS[unit])
            if 0 < months <= 240:
                return months, m.start(), m.end()
    m = _RANGE.search(text)
    if m:
        months = _months_between(_date(m, "a"), _date(m, "b"))
        if months:
            return months, m.start(), m.end()
    m = _THROUGH.search(text)
    if m and meeting_date:
        months = _months_between(meeting_date, _date(m, "b"))
        if months:
            return months, m.start(), m.end()
    return None


def find_retention(text: str) -> tuple[int, int, int] | None:
    """Data retention in days, with its span: the duration nearest after a retention word."""
    for cue in _RETENTION.finditer(text):
        window_end = min(len(text), cue.end() + 120)
        changed = _FROM_TO_DURATION.search(text, cue.start(), window_end)
        m = changed or _DURATION.search(text, cue.start(), window_end)
        if not m:
            continue
        count = parse_count(m.group("count"))
        if count:
            return round(count * _UNIT_DAYS[_unit(m.group("unit"))]), cue.start(), m.end()
    return None
