"""What a portal's labelled boxes mean: labels classified by their words, values read by their kind.

Flock words its labels differently from portal to portal and year to year ("Number of LPR and other
cameras", "Number of owned cameras"; "Vehicles detected in the last 30 days", "Unique vehicles detected
in the last 30 days"; "Organizations granted access to X data", "External organizations with access",
"Agencies NCRIC Shares With", "Sharing Network Data With"; "Data retention (in days)", "Data Retention").
Since May 2026 a box may carry a one-sentence description under its label ("Organizations granted access to
X data.", "Total user search sessions over the last 30 days."): a label the rules do not know is classified
by its description, and a count is never read from it. Portals may also list
the organizations sharing *their* data with the agency ("Organizations sharing their data with X"): that
list is kept apart (``organizations_received``), since sharing laws restrict what the agency gives out.
So nothing here depends on a box's position: each label is matched against word rules, first rule wins,
and anything unrecognized is kept as policy text. :mod:`tracker.portals.parser` finds the boxes.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote

from tracker.portals.organizations import split_organizations

FieldKind = Literal[
    "organizations_received", "organizations", "retention", "search_audit", "hotlist_hits", "hotlists",
    "vehicles_detected", "searches", "cameras", "devices", "policy",
]

#: Label rules, first match wins (case-insensitive, on the label with white space collapsed).
LABEL_RULES: tuple[tuple[FieldKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
        # The organizations are the ones sharing ("Organizations sharing their data with Fullerton CA PD"):
        # data the portal's agency receives. "Agencies NCRIC Shares With" is NCRIC sharing: the next rule.
        ("organizations_received", r"\b(?:organi[sz]ations?|agencies)\s+(?:that\s+|which\s+|who\s+)?"
                                   r"shar(?:e|es|ing)\b|\breceiv(?:e|es|ed|ing)\b.*\bfrom\b"),
        # "Sharing with Partners" is prose about sharing, not a list: only "shares with" or "sharing ... data with".
        ("organizations", r"\borgani[sz]ations?\b|\bagencies\b.*\b(?:access|shar)|\bshares? with\b"
                          r"|\bsharing\b.*\bdata with\b"),
        ("retention", r"\bretention\b|\bretain"),
        ("search_audit", r"\baudit\b"),
        ("hotlist_hits", r"\bhits\b|\balerts? (?:generated|triggered)\b"),
        ("hotlists", r"\bhot ?lists?\b(?!.*\bpolic)"),
        ("vehicles_detected", r"\bvehicles?\b.*\bdetect|\bdetections\b|\bplates? (?:read|detected)\b"),
        ("searches", r"\bsearch(?:es)?\b(?!.*\bpolic)"),
        ("cameras", r"\bcameras?\b|\ba?lprs\b"),
        ("devices", r"^number of\b|\bdevices?\b"),
    )
)
#: The usage counts are Flock's rolling 30-day figures; a label naming another window is kept as text only.
USAGE_WINDOW_DAYS = 30
_WINDOW = re.compile(r"\b(?:last|past|previous)\s+(\d+)\s+days?\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
#: A line that is nothing but a count ("341,081"): preferred over a number within words.
_COUNT_LINE = re.compile(r"^\s*(\d[\d,]*)\s*$", re.MULTILINE)
_DURATION = re.compile(r"(\d[\d,]*)\s*(day|week|month|year)s?\b", re.IGNORECASE)
_DAYS_PER = {"day": 1, "week": 7, "month": 30, "year": 365}
_LPR = re.compile(r"\b(?:a?lpr|license plate|falcon|sparrow)\b", re.IGNORECASE)
_LIST_SEPARATORS = re.compile(r"[,;\n]")
#: A list box that states there is no one: "None", "N/A", or the 2026 portal's empty state ("San Diego CA PD
#: is not sharing data with any partner networks.").
_NO_NAMES = re.compile(r"^(?:none|n/?a|not applicable)\.?$|\bnot shar(?:e|ing)\b|\bdoes not share\b"
                       r"|\bno (?:partners?|organi[sz]ations?|agencies)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RawField:
    """One labelled box as found on the page: the label, its text, and its list items and links if any."""

    label: str
    text: str
    items: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    #: The description printed under the label, if any ("The number of days data is retained.").
    note: str = ""


@dataclass(frozen=True)
class SearchAudit:
    """The public search audit a portal publishes (Flock's "Download CSV": every search of the last 30 days)."""

    url: str | None
    searches: int | None = None
    #: Searches whose stated reason is blank: California requires a purpose for each access (Civ. Code 1798.90.52).
    without_reason: int | None = None
    first_search: str | None = None
    last_search: str | None = None


@dataclass
class Usage:
    """The facts read from a page's boxes (see :class:`tracker.portals.parser.PortalPage`)."""

    retention_days: int | None = None
    camera_count: int | None = None
    devices: dict[str, int] = field(default_factory=dict)
    hotlists: list[str] | None = None
    vehicles_detected_30d: int | None = None
    hotlist_hits_30d: int | None = None
    searches_30d: int | None = None
    organizations: list[str] | None = None
    organizations_received: list[str] | None = None
    policies: dict[str, str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    search_audit: SearchAudit | None = None
    fields: dict[str, str] = field(default_factory=dict)


def classify(label: str) -> FieldKind:
    """Which fact a label announces (``policy`` for any text the rules do not know)."""
    label = " ".join(label.split())
    return next((kind for kind, pattern in LABEL_RULES if pattern.search(label)), "policy")


#: Kinds a description may give a box whose label the rules do not know: only the sharing lists. A policy's
#: description ("Uses for which searches are never run.") must not turn its text into a count.
_KINDS_BY_DESCRIPTION = frozenset({"organizations", "organizations_received"})


def box_kind(label: str, note: str = "") -> FieldKind:
    """A box's kind by its label, else, for a sharing list, by its description ("Sharing Network Data With"
    is told by "Organizations granted access to X data.")."""
    kind = classify(label)
    if kind == "policy" and note and classify(note) in _KINDS_BY_DESCRIPTION:
        return classify(note)
    return kind


def read_fields(raw: list[RawField]) -> Usage:
    """The facts of a page's labelled boxes; the first box of each kind wins, every box is kept in ``fields``."""
    usage = Usage()
    cameras: list[tuple[str, int]] = []
    for box in raw:
        label = " ".join(box.label.split())
        if not label or label in usage.fields:
            continue
        usage.fields[label] = box.text
        kind = box_kind(label, box.note)
        if kind == "organizations" and usage.organizations is None:
            usage.organizations = _names(box)
        elif kind == "organizations_received" and usage.organizations_received is None:
            usage.organizations_received = _names(box)
        elif kind == "retention" and usage.retention_days is None:
            usage.retention_days = parse_days(box.text)
        elif kind == "search_audit" and usage.search_audit is None:
            usage.search_audit = search_audit(box.links)
        elif kind == "hotlists" and usage.hotlists is None:
            usage.hotlists = list(box.items) or _split_list(box.text)
        elif kind in ("hotlist_hits", "vehicles_detected", "searches"):
            _set_usage(usage, kind, f"{label} {box.note}", box.text)
        elif kind in ("cameras", "devices"):
            count = parse_count(box.text)
            if count is not None:
                usage.devices[label] = count
                if kind == "cameras":
                    cameras.append((label, count))
        elif kind == "policy":
            usage.policies[label] = box.text
        usage.links.extend(link for link in box.links if link.startswith("http") and link not in usage.links)
    usage.camera_count = _camera_count(cameras)
    return usage


def _set_usage(usage: Usage, kind: FieldKind, label: str, text: str) -> None:
    """Set a 30-day usage count unless the label (or its description) names another window or the count is
    already set."""
    window = _WINDOW.search(label)
    if window and int(window[1]) != USAGE_WINDOW_DAYS:
        return
    attribute = f"{kind}_30d"
    if getattr(usage, attribute) is None:
        setattr(usage, attribute, parse_count(text))


def _camera_count(cameras: list[tuple[str, int]]) -> int | None:
    """The ALPR camera count: the box that names plate readers, else the only (or first) camera box."""
    plate_readers = [count for label, count in cameras if _LPR.search(label)]
    if plate_readers:
        return plate_readers[0]
    return cameras[0][1] if cameras else None


def _names(box: RawField) -> list[str]:
    """The names a list box shows; none when it shows none (an empty box, as Stanford's real page has) or
    states that there are none in one sentence that is no list: never the sentence as a name, and never a
    real list dropped for a word in it ("Boise PD (no agencies outside Idaho), Ada County SO")."""
    text = box.text.strip()
    if not box.items and _NO_NAMES.search(text) and not _LIST_SEPARATORS.search(text.rstrip(".")):
        return []
    if box.items:
        return list(dict.fromkeys(" ".join(item.split()) for item in box.items if item.strip()))
    return split_organizations(box.text)


def _split_list(text: str) -> list[str]:
    return [part for part in (" ".join(p.split()) for p in _LIST_SEPARATORS.split(text)) if part]


def parse_count(text: str) -> int | None:
    """``"1,298,161"`` -> 1298161; None for "N/A" or no number. A line that is only a number wins, and the
    days of a window ("over the last 30 days") are never the count."""
    line = _COUNT_LINE.search(text or "")
    if line:
        return int(line[1].replace(",", ""))
    found = _NUMBER.search(_WINDOW.sub(" ", text or ""))
    if not found:
        return None
    return int(float(found[0].replace(",", "")))


def parse_days(text: str) -> int | None:
    """A retention period in days: "365 days", "30", "1 year" (365), "6 months" (180); None if unstated."""
    found = _DURATION.search(text or "")
    if found:
        return int(found[1].replace(",", "")) * _DAYS_PER[found[2].lower()]
    return parse_count(text)


def search_audit(links: tuple[str, ...]) -> SearchAudit | None:
    """The search audit behind a box's link: an embedded ``data:`` CSV is counted, a URL is kept."""
    for link in links:
        if link.startswith("data:") and "," in link:
            return _embedded_audit(unquote(link.split(",", 1)[1]))
        if link.startswith("http"):
            return SearchAudit(url=link)
    return None


def _embedded_audit(text: str) -> SearchAudit:
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    dates = sorted(row["searchDate"] for row in rows if row.get("searchDate"))
    without_reason = None
    if "reason" in (reader.fieldnames or ()):
        without_reason = sum(1 for row in rows if not (row.get("reason") or "").strip())
    return SearchAudit(url=None, searches=len(rows), without_reason=without_reason,
                       first_search=dates[0] if dates else None, last_search=dates[-1] if dates else None)
