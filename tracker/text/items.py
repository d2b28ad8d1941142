"""Split agenda, minutes and staff-report text into items, each a span of the document text.

An item starts at the beginning of a line with an item label: a number or letter ("12.", "A.", "(3)",
"VII."), a sub-item ("5.a", "5A."), a keyword ("Item 7", "ITEM NO. 4"), a consent code ("C-1"), a
Legistar file number ("23-0456", "File #: 23-117", "RES-2024-15"), a staff-report header ("SUBJECT:",
"RE:") or a section heading ("CONSENT CALENDAR"). It runs until the next item starts, so a heading never
swallows the items below it.

Labels at the start of a line are only candidates: wrapped sentences also start lines ("99. YouTube ...",
"2) Direct staff ..."), and staff reports carry numbered lists of their own. So numbered and lettered
labels are read as an outline: a label is accepted when it continues a level that is open ("4." after
"3."), starts a new inner level at 1/A/a/I, or continues a level closed by an outer item (Burbank numbers
items 1-3 under NEW BUSINESS and 4-10 under CONSENT CALENDAR). A list restarting at "1." inside item 5
is text of item 5, but a level that is not the innermost may restart inside it (LADWP numbers 1-6 in
its preamble, then again under each lettered section). A first label other than 1 (an excerpt of a
packet) is accepted only if its successor follows. "Agenda Item 5" repeated as a running page header
starts one item, not one per page. Label columns that PDF extraction detached from their text ("1.\\n2.\\nTitle ...") are ignored.

An agenda whose outline cannot be read (fewer than two numbered or lettered items accepted: numbers that
jump, as on agendas that number items across meetings) is split at its numbered headings instead: the
longest run of "N." labels whose numbers go up, if it has at least three. :func:`split_document` says which
reading was used (``split_by``). Items also know their parent: the item whose heading they sit under (a
lettered sub-item under its numbered item, a numbered item under its section heading), so the analysis can
read a sub-item's subject from the headings above it.

A title is the item's heading. The first item has no label, so its title is its first line that is not
boilerplate: a page number, a date or time line ("DATE: June 4, 2025"), a URL or a web page's chrome.

One regex pass over the text finds the candidates and one pass over them decides: linear, and fast
enough for whole packets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Literal

from tracker.text.models import PAGE_BREAK, ExtractedText

#: How far an outline level may jump (items withdrawn from an agenda leave gaps).
_MAX_GAP = 3
#: Outlines deeper than this keep their innermost levels (bounds the work per label).
_MAX_DEPTH = 6
_TITLE_CHARS = 200
#: Boilerplate lines are short; longer lines are not tested (bounds the regex's work).
_BOILERPLATE_CHARS = 120
#: The fewest numbered headings that make a split when the outline cannot be read.
_MIN_HEADINGS = 3

SplitBy = Literal["outline", "numbered_headings", "whole"]

_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|december"
           r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_WEEKDAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun"
# A line that is only a page number ("1", "- 2 -", "Page 3 of 12", "1 of 4 11/15/22, 9:54 PM"), a date or time
# ("DATE: June 4, 2025", "Tuesday, January 25, 2022, at 10:00 A.M.", "05:00pm"), a URL, a phone number or a web
# page's chrome: never an item's title. Each piece of a date line ends where the next must start (no digit
# or letter run can be cut two ways), so a long line of digits cannot make the match backtrack exponentially.
_BOILERPLATE = re.compile(
    rf"""^(?:
      [-–—\s]*(?:page\s*)?\d{{1,4}}(?:\s*of\s*\d{{1,4}})?[-–—\s]*(?:\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b.*)?
    | (?:(?:meeting\s+|agenda\s+)?(?:date|time|when)\s*:\s*)?
      (?:(?:{_WEEKDAYS})\b\.?\s*
        |(?:{_MONTHS})\b\.?\s*\d{{1,2}}(?!\d)(?:st|nd|rd|th)?(?:,?\s*\d{{4}}(?!\d))?\s*
        |\d{{1,2}}/\d{{1,2}}/\d{{2,4}}(?!\d)\s*|\d{{4}}-\d{{2}}-\d{{2}}(?!\d)\s*
        |\d{{1,2}}(?!\d)(?::\d{{2}})?(?:\s*[ap]\.?m\b\.?)?\s*
        |at\s+|[-–—,]\s*)+
    | (?:https?://|www\.)\S*.*
    | \(?\d{{3}}\)?[\s.-]*\d{{3}}[\s.-]\d{{4}}
    | skip\s+to\s+(?:main\s+)?content|contact\s+us|about\s+us|log\s*in|(?:share\s+)?menu|home|search
    | previous\s+next\s+close
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

_HEADINGS = (
    r"CALL\ TO\ ORDER|ROLL\ CALL|PLEDGE\ OF\ ALLEGIANCE|FLAG\ SALUTE|INVOCATION"
    r"|CONSENT\ (?:CALENDAR|AGENDA|ITEMS?)|PUBLIC\ HEARINGS?"
    r"|(?:NEW|OLD|UNFINISHED|CONTINUED|OTHER)\ BUSINESS"
    r"|(?:ACTION|DISCUSSION|INFORMATION(?:AL)?|REGULAR|BUSINESS)\ (?:ITEMS?|AGENDA|CALENDAR)"
    r"|(?:GENERAL\ |ORAL\ |WRITTEN\ )?PUBLIC\ (?:COMMENTS?|COMMUNICATIONS?|FORUM)"
    r"|(?:ORAL|WRITTEN)\ COMMUNICATIONS?"
    r"|(?:OPEN|CLOSED|STUDY|WORK|SPECIAL)\ SESSION|RECESS|ADJOURN(?:MENT|ED)?"
    r"|PRESENTATIONS?|PROCLAMATIONS?|ANNOUNCEMENTS?|(?:APPROVAL\ OF\ (?:THE\ )?)?MINUTES"
    r"|(?:STAFF|COUNCIL|COMMISSION|BOARD|COMMITTEE|CITY\ MANAGER|MAYOR|DEPARTMENT(?:\ DIRECTOR)?)"
    r"(?:\ MEMBER)?'?S?\ (?:REPORTS?|COMMENTS|COMMUNICATIONS)"
)
# The headings that hold items; the others (call to order, roll call, public comment, adjournment...) are steps.
_SECTIONS = re.compile(
    r"CONSENT|PUBLIC HEARING|(?:NEW|OLD|UNFINISHED|CONTINUED|OTHER) BUSINESS"
    r"|(?:ACTION|DISCUSSION|INFORMATION(?:AL)?|REGULAR|BUSINESS) |(?:OPEN|CLOSED|STUDY|WORK|SPECIAL) SESSION"
    r"|PRESENTATION|PROCLAMATION|(?:STAFF|COUNCIL|COMMISSION|BOARD|COMMITTEE|CITY MANAGER|MAYOR|DEPARTMENT)"
)
_TITLE_START = r"""[A-ZÀ-ÖØ-Þ0-9"'“‘(\[$]"""
# After a label: a title starting like one (never a lowercase word of a wrapped sentence) or nothing.
_AFTER_LABEL = rf"(?:[ \t]+(?={_TITLE_START})|[ \t]*$)"
_LABEL = (
    rf"""[ \t]*(?P<label>
      (?P<heading>(?:{_HEADINGS}))(?![A-Za-z])
    | (?P<subject>SUBJECT|Subject|RE|Re)[ \t]*:[ \t]*
    | (?:(?:Agenda[ \t]+|AGENDA[ \t]+)?(?:Item|ITEM)[ \t]*(?:No\.?|NO\.?|Number|NUMBER|\#)?[ \t]*:?[ \t]*
         (?P<keyword>\d{{1,3}}(?:\.?[A-Za-z]\b|\.\d{{1,2}})?)[.:)]?
      | (?:(?:File|FILE)[ \t]*(?:\#|No\.?|NO\.?|ID)[ \t]*:?|ID[ \t]*\#?[ \t]*:?)[ \t]*
         (?P<file>\d{{2,4}}-\d{{1,5}}|[A-Z]{{1,5}}-\d{{2,4}}-\d{{1,5}})
      | (?P<legistar>\d{{2}}-\d{{3,5}}|[A-Z]{{1,5}}-\d{{2,4}}-\d{{1,5}})
      | (?P<code>[A-Z]{{1,3}})-(?P<code_number>\d{{1,3}})[.:)]?
      | (?P<parent>\d{{1,3}})(?:\.(?P<sub>\d{{1,2}}|[A-Za-z])\.?|(?P<sub_letter>[A-Za-z])[.)])
      | (?P<number>\d{{1,3}})(?:\.\.?|\)|(?=\t))
      | \((?P<paren_number>\d{{1,2}})\)
      | (?P<roman>(?=[IVXLC]{{2}})(?:XC|XL|L?X{{0,3}})(?:IX|IV|V?I{{0,3}}))[.)]
      | \(?(?P<letter>[A-Za-z])[.)]
      ){_AFTER_LABEL})
    """
)
# A label after a newline, and one at the very start of the text. The newline is a literal the regex engine
# skips to at C speed; "^" with MULTILINE is tried at every character (the search ran at half the speed).
_CANDIDATE = re.compile(r"\n" + _LABEL, re.MULTILINE | re.VERBOSE)
_FIRST_CANDIDATE = re.compile(_LABEL, re.MULTILINE | re.VERBOSE)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One item: its label (``number``), title line and full text, as offsets into the document text.

    A dataclass rather than a pydantic model: packets have thousands of items and validation would
    cost more than finding them.
    """

    ordinal: int
    number: str | None
    title: str
    text: str
    page: int | None
    start: int
    end: int
    #: The ``ordinal`` of the item whose heading this one sits under (None at the top level).
    parent: int | None = None


@dataclass(frozen=True, slots=True)
class SplitDocument:
    """The items of a document and which reading of its structure cut them (see the module docstring)."""

    items: list[AgendaItem]
    split_by: SplitBy

    def ancestors(self, item: AgendaItem) -> list[AgendaItem]:
        """The items ``item`` sits under, outermost first."""
        chain = []
        parent = item.parent
        while parent is not None:
            chain.append(self.items[parent - 1])
            parent = chain[-1].parent
        return chain[::-1]


@dataclass
class _Candidate:
    """A line that may start an item; ``levels`` are the outline readings of its label as (level, value)."""

    start: int
    label_end: int
    number: str | None
    levels: list[tuple[str, int]] = field(default_factory=list)
    heading: bool = False
    #: A heading that holds items ("CONSENT CALENDAR"), not a step of the meeting ("ROLL CALL").
    section: bool = False
    parent: int | None = None
    upcoming: dict[str, int] = field(default_factory=dict)
    #: Index (in the accepted list) of the candidate whose heading this one sits under.
    under: int | None = None

    @property
    def outlined(self) -> bool:
        """Numbered or lettered, so read as part of the outline (not a heading, keyword or file label)."""
        return bool(self.levels)


def split_items(extracted: ExtractedText | str) -> list[AgendaItem]:
    """Split a document into agenda items; text without item structure is one item."""
    return split_document(extracted).items


def split_document(extracted: ExtractedText | str) -> SplitDocument:
    """Split a document into agenda items and say how: by its outline, its numbered headings, or not at all."""
    text = extracted if isinstance(extracted, str) else extracted.text
    page_at = None if isinstance(extracted, str) else extracted.page_at
    first = len(text) - len(text.lstrip())
    if first == len(text):
        return SplitDocument([], "whole")
    # Pages start lines too; the replacement keeps offsets unchanged.
    lines_text = text.replace(PAGE_BREAK, "\n")
    candidates = _drop_label_columns(lines_text, _candidates(lines_text))
    starts = _accepted(candidates)
    split_by: SplitBy = "outline"
    if sum(c.outlined or c.parent is not None for c in starts) < 2:
        starts, split_by = _numbered_headings(candidates, starts)
    if not starts or starts[0].start > first:
        starts.insert(0, _Candidate(start=first, label_end=first, number=None))
        starts[1:] = [_shifted(c) for c in starts[1:]]
    if len(starts) == 1:
        split_by = "whole"
    items = []
    for ordinal, (candidate, next_start) in enumerate(
        zip(starts, [c.start for c in starts[1:]] + [len(text)]), start=1
    ):
        body = text[candidate.start:next_start].rstrip()
        items.append(
            AgendaItem(
                ordinal=ordinal,
                number=candidate.number,
                title=_title(lines_text, candidate, candidate.start + len(body)),
                text=body,
                page=page_at(candidate.start) if page_at else None,
                start=candidate.start,
                end=candidate.start + len(body),
                parent=None if candidate.under is None else candidate.under + 1,
            )
        )
    return SplitDocument(items, split_by)


def _shifted(candidate: _Candidate) -> _Candidate:
    """``candidate`` with its parent index moved past an inserted first item."""
    if candidate.under is not None:
        candidate.under += 1
    return candidate


def _candidates(text: str) -> list[_Candidate]:
    """Every line whose start looks like an item label."""
    first = _FIRST_CANDIDATE.match(text)
    return [_candidate(match) for match in ([first] if first else []) + list(_CANDIDATE.finditer(text))]


def _candidate(match: re.Match[str]) -> _Candidate:
    """Read one label match: its printed number and its possible outline levels."""
    start, label_end = match.start("label"), match.end("label")
    if heading := match["heading"]:
        return _Candidate(start, start, None, heading=True, section=bool(_SECTIONS.match(heading)))
    if match["subject"]:
        return _Candidate(start, label_end, None)
    if number := match["keyword"] or match["file"] or match["legistar"]:
        return _Candidate(start, label_end, number)
    if match["code"]:
        number = f"{match['code']}-{match['code_number']}"
        return _Candidate(start, label_end, number, [(f"code {match['code']}", int(match["code_number"]))])
    if match["parent"]:
        sub = match["sub"] or match["sub_letter"]
        separator = "." if match["sub"] else ""
        return _Candidate(start, label_end, f"{match['parent']}{separator}{sub}", parent=int(match["parent"]))
    if number := match["number"] or match["paren_number"]:
        return _Candidate(start, label_end, number, [("number", int(number))])
    if roman := match["roman"]:
        return _Candidate(start, label_end, roman, [("roman", _roman(roman))])
    letter = match["letter"]
    levels = [("upper" if letter.isupper() else "lower", ord(letter.lower()) - ord("a") + 1)]
    if letter in "IVXLC":
        levels.append(("roman", _ROMAN_VALUES[letter]))
    return _Candidate(start, label_end, letter, levels)


def _roman(numeral: str) -> int:
    """The value of a Roman numeral below 100 (the label regex only matches well-formed ones)."""
    values = [_ROMAN_VALUES[char] for char in numeral]
    return sum(-v if v < after else v for v, after in zip(values, values[1:] + [0]))


def _drop_label_columns(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """Remove runs of bare labels on consecutive lines, a label column detached from its titles."""
    bare = [c.label_end == _line_end(text, c.label_end) and c.outlined for c in candidates]
    keep = []
    for i, candidate in enumerate(candidates):
        follows = i > 0 and bare[i - 1] and not text[candidates[i - 1].label_end:candidate.start].strip()
        followed = (
            i + 1 < len(candidates) and bare[i + 1] and not text[candidate.label_end:candidates[i + 1].start].strip()
        )
        if not (bare[i] and (follows or followed)):
            keep.append(candidate)
    return keep


def _accepted(candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates that read as an outline of items (see the module docstring), each knowing its parent."""
    upcoming: dict[str, int] = {}
    for candidate in reversed(candidates):  # what comes next on each level, for excerpt starts
        candidate.upcoming = {level: upcoming[level] for level, _ in candidate.levels if level in upcoming}
        upcoming.update(candidate.levels)
    open_levels: list[str] = []
    last: dict[str, int] = {}
    owner: dict[str, int] = {}  # level -> index in ``accepted`` of its latest item
    section = None  # index of the latest section heading
    last_reference = None
    accepted: list[_Candidate] = []
    for candidate in candidates:
        candidate.under = section
        if candidate.heading:
            open_levels.clear()
            candidate.under, section = None, len(accepted) if candidate.section else None
        elif candidate.parent is not None:
            if last.get("number", candidate.parent) != candidate.parent:
                continue
            if "number" in owner:
                candidate.under = owner["number"]
        elif candidate.outlined:
            level = _fitting_level(candidate, open_levels, last)
            if level is None:
                continue
            last[level] = dict(candidate.levels)[level]
            if level in open_levels and last[level] == 1 and level in owner:
                # An outer level restarting inside: the items read as inside its last item were not.
                restarted = accepted[owner[level]]
                for inner in accepted[owner[level] + 1:]:
                    if inner.under == owner[level]:
                        inner.under = restarted.under
            _open(open_levels, level, last[level])
            outer = open_levels[-2] if len(open_levels) > 1 else None
            if outer in owner:
                candidate.under = owner[outer]
            owner[level] = len(accepted)
        elif candidate.number is not None:  # "Item 5" or "File #: 23-117", repeated as a running header
            if candidate.number == last_reference:
                continue
            last_reference = candidate.number
        accepted.append(candidate)
    return accepted


def _numbered_headings(candidates: list[_Candidate], outline: list[_Candidate]) -> tuple[list[_Candidate], SplitBy]:
    """The outline's headings and keyword labels plus the longest run of numbered labels whose numbers go up.

    Used when the outline reading found almost no numbered or lettered items; a run shorter than
    ``_MIN_HEADINGS`` (a numbered list in a one-record text) leaves the outline reading as it was.
    """
    run = _increasing_run([c for c in candidates if c.levels and c.levels[0][0] == "number"])
    if len(run) < _MIN_HEADINGS:
        return outline, "outline"
    starts = sorted([c for c in outline if not c.outlined and c.parent is None] + run, key=lambda c: c.start)
    section = None
    for index, candidate in enumerate(starts):
        candidate.under = None if candidate.heading else section
        if candidate.heading:
            section = index if candidate.section else None
    return starts, "numbered_headings"


def _increasing_run(numbered: list[_Candidate]) -> list[_Candidate]:
    """The longest subsequence of ``numbered`` whose numbers strictly increase (patience sorting, n log n)."""
    tails: list[int] = []  # the smallest last number of a run of each length
    tail_index: list[int] = []
    previous: list[int | None] = []
    for index, candidate in enumerate(numbered):
        value = candidate.levels[0][1]
        length = bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[length], tail_index[length] = value, index
        previous.append(tail_index[length - 1] if length else None)
    run = []
    at = tail_index[-1] if tail_index else None
    while at is not None:
        run.append(numbered[at])
        at = previous[at]
    return run[::-1]


def _open(open_levels: list[str], level: str, value: int) -> None:
    """Make ``level`` the innermost open level, closing the levels inside it."""
    if level in open_levels and value != 1:
        del open_levels[open_levels.index(level) + 1:]
        return
    if level in open_levels:  # an outer level restarting inside the current one
        open_levels.remove(level)
    open_levels.append(level)
    del open_levels[:-_MAX_DEPTH]


def _fitting_level(candidate: _Candidate, open_levels: list[str], last: dict[str, int]) -> str | None:
    """The outline level the label continues or starts, preferring levels already open."""

    def continues(level: str, value: int) -> bool:
        return level in last and last[level] < value <= last[level] + _MAX_GAP

    for level, value in candidate.levels:
        if level in open_levels and continues(level, value):
            return level
    for level, value in candidate.levels:
        if level in open_levels:
            if value == 1 and level != open_levels[-1]:
                return level
            continue
        if value == 1 or continues(level, value):
            return level
        following = candidate.upcoming.get(level)
        if level not in last and following is not None and value < following <= value + _MAX_GAP:
            return level
    return None


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _title(text: str, candidate: _Candidate, end: int) -> str:
    """The rest of the label's line, or the next line when the label stands alone; skipping boilerplate lines
    (page numbers, dates, URLs) when the item has no label of its own (the first item) or stands alone."""
    line = text[candidate.label_end:_line_end(text, candidate.label_end)]
    labeled = candidate.heading or candidate.label_end > candidate.start
    if labeled and line.strip():
        return " ".join(line.split())[:_TITLE_CHARS]
    offset, fallback = candidate.label_end, ""
    while offset < end:
        line_end = min(_line_end(text, offset), end)
        line = " ".join(text[offset:line_end].split())
        if line and not (len(line) <= _BOILERPLATE_CHARS and _BOILERPLATE.match(line)):
            return line[:_TITLE_CHARS]
        fallback = fallback or line
        offset = line_end + 1
    return fallback[:_TITLE_CHARS]
