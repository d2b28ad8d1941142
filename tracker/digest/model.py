"""What a digest says about one alert, read from the Alert row, and how alerts are grouped by place.

An :class:`AlertView` is the one place that reads an alert's free-form ``facts`` (filled by
``tracker.alerts``), falling back to the alert's contract and its jurisdiction for what the facts leave
out. Everything here is scraped text: the views only clean it (control characters out, links limited to
http and https); escaping is the renderers' job, each for its own format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from db.models import Alert

#: How each alert kind is named to a reader; an unknown kind reads as its own words.
KIND_LABELS = {
    "upcoming_vote": "Upcoming vote",
    "new_contract": "New contract",
    "contract_changed": "Contract changed",
    "portal_changed": "Transparency portal changed",
    "federal_award": "Federal award",
}
#: Digest order within a place: what a reader can still act on comes first.
_KIND_ORDER = {kind: rank for rank, kind in enumerate(KIND_LABELS)}

# C0 controls (PDF form feeds, NULs...) are invalid in XML 1.0 and meaningless in mail; tab and newline stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_EVIDENCE_LIMIT = 600
# RFC 3986 reserved and unreserved characters, and "%" so that existing escapes stay as they are.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def clean(value: object) -> str | None:
    """Scraped text made safe to carry in any format: no control characters, no surrounding blanks."""
    if value is None:
        return None
    text = _CONTROL.sub(" ", str(value)).strip()
    return text or None


def line(value: object) -> str | None:
    """Scraped text for a one-line field (a name, a title): :func:`clean`, with all whitespace runs one space."""
    text = clean(value)
    return " ".join(text.split()) if text else None


def safe_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL, else None: a ``javascript:`` link must never become a link.

    Characters outside RFC 3986 (quotes, angle brackets, ``|``, backslash...) are percent-encoded, so the URL
    can stand inside any format's link syntax unchanged.
    """
    url = clean(value)
    if url is None or any(c.isspace() for c in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _integer(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() else None


def _when(value: object) -> datetime | date | None:
    """An ISO date or datetime from the facts; a datetime without offset is taken as UTC."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return value
    text = clean(value)
    if text is None:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _evidence(value: object) -> str | None:
    """The supporting text (a string, or an analysis Evidence dict), cut to a readable length."""
    if isinstance(value, Mapping):
        value = value.get("text")
    text = clean(value)
    if text is not None and len(text) > _EVIDENCE_LIMIT:
        text = text[: _EVIDENCE_LIMIT - 1].rstrip() + "…"
    return text


def _first(facts: Mapping[str, Any], *keys: str) -> Any:
    return next((facts[k] for k in keys if facts.get(k) not in (None, "")), None)


@dataclass(frozen=True)
class AlertView:
    """One alert as every digest format shows it: cleaned, typed, with the place it concerns."""

    id: int
    kind: str
    dedupe_key: str
    created_at: datetime
    state: str | None
    jurisdiction: str | None
    body: str | None = None
    meeting_start: datetime | date | None = None
    item_number: str | None = None
    title: str | None = None
    vendor: str | None = None
    product: str | None = None
    camera_count: int | None = None
    total_usd: float | None = None
    term_months: int | None = None
    status: str | None = None
    action: str | None = None
    agency: str | None = None
    how_to_comment: str | None = None
    document_url: str | None = None
    evidence: str | None = None
    #: Whose data this is, when a third party's license asks for credit ("Eyes on Flock ..., CC BY-SA 4.0").
    credit: str | None = None
    #: The meeting's IANA zone (``America/Chicago``): a calendar shows the event in it, across DST changes.
    zone: str | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The kind as a reader reads it."""
        return KIND_LABELS.get(self.kind) or self.kind.replace("_", " ").capitalize()

    @property
    def place(self) -> str:
        """``Oakland, CA``; whichever half is known; ``Unknown place`` when neither is."""
        return ", ".join(p for p in (self.jurisdiction, self.state) if p) or "Unknown place"

    @property
    def subject(self) -> str:
        """What the alert is about: the item's title, else vendor and product."""
        return self.title or " ".join(p for p in (self.vendor, self.product) if p) or "license plate readers"

    @property
    def headline(self) -> str:
        """One line: what happened, with whom, where."""
        return f"{self.label}: {self.subject} ({self.place})"

    def as_json(self) -> dict[str, Any]:
        """The view as JSON-ready values (the ``--format json`` object and the webhook's ``alerts``)."""
        when = self.meeting_start.isoformat() if self.meeting_start else None
        return {
            "id": self.id, "kind": self.kind, "label": self.label, "dedupe_key": self.dedupe_key,
            "created_at": self.created_at.isoformat(), "state": self.state, "jurisdiction": self.jurisdiction,
            "body": self.body, "meeting_start": when, "item_number": self.item_number, "title": self.title,
            "vendor": self.vendor, "product": self.product, "camera_count": self.camera_count,
            "total_usd": self.total_usd, "term_months": self.term_months, "status": self.status,
            "action": self.action, "agency": self.agency, "how_to_comment": self.how_to_comment,
            "document_url": self.document_url, "evidence": self.evidence, "facts": dict(self.facts),
        }


def alert_view(alert: Alert) -> AlertView:
    """Read an alert: its facts first, then its contract (and the contract's jurisdiction) for the rest.

    Fact names read (tracker.alerts writes them): jurisdiction, state, body, meeting_start or meeting_date,
    item_number, title, vendor_name or vendor, product, camera_count, total_usd, term_months, status, action,
    agency, how_to_comment, document_url, evidence (text or ``{"text": ...}``), attribution, license and
    timezone.
    """
    facts: Mapping[str, Any] = alert.facts or {}
    contract = alert.contract
    place = contract.jurisdiction if contract is not None else None

    def fact(*keys: str, fallback: object = None) -> Any:
        value = _first(facts, *keys)
        return fallback if value is None else value

    return AlertView(
        id=alert.id, kind=alert.kind, dedupe_key=alert.dedupe_key, created_at=alert.created_at,
        state=line(fact("state", fallback=place.state if place else None)),
        jurisdiction=line(fact("jurisdiction", "jurisdiction_name", fallback=place.name if place else None)),
        body=line(fact("body")),
        meeting_start=_when(fact("meeting_start", "meeting_date", "vote_date")),
        item_number=line(fact("item_number")),
        title=line(fact("title")),
        vendor=line(fact("vendor_name", "vendor", fallback=contract.vendor if contract else None)),
        product=line(fact("product", fallback=", ".join(contract.products) if contract else None)),
        camera_count=_integer(fact("camera_count", fallback=contract.camera_count if contract else None)),
        total_usd=_number(fact("total_usd", fallback=contract.total_usd if contract else None)),
        term_months=_integer(fact("term_months", fallback=contract.term_months if contract else None)),
        status=line(fact("status", fallback=contract.status if contract else None)),
        action=line(fact("action")),
        agency=line(fact("agency", fallback=contract.agency if contract else None)),
        how_to_comment=clean(fact("how_to_comment")),
        document_url=safe_url(fact("document_url", "url")),
        evidence=_evidence(fact("evidence", "evidence_text")),
        credit=line(", ".join(str(v) for v in (facts.get("attribution"), facts.get("license")) if v)),
        zone=line(fact("timezone", fallback=place.timezone if place else None)),
        facts=dict(facts),
    )


@dataclass(frozen=True)
class PlaceGroup:
    """The alerts of one place (state, jurisdiction), in reading order."""

    state: str | None
    jurisdiction: str | None
    alerts: tuple[AlertView, ...]

    @property
    def place(self) -> str:
        """The group's heading."""
        return self.alerts[0].place


def _reading_order(view: AlertView) -> tuple[Any, ...]:
    when = view.meeting_start
    moment = when if isinstance(when, datetime) else (
        datetime(when.year, when.month, when.day, tzinfo=UTC) if when else view.created_at)
    return (_KIND_ORDER.get(view.kind, len(_KIND_ORDER)), moment, view.id)


def group_by_place(views: Iterable[AlertView]) -> list[PlaceGroup]:
    """Group alerts by (state, jurisdiction), places sorted by state then name, unknown places last."""
    groups: dict[tuple[str | None, str | None], list[AlertView]] = {}
    for view in views:
        groups.setdefault((view.state, view.jurisdiction), []).append(view)

    def place_order(key: tuple[str | None, str | None]) -> tuple[Any, ...]:
        state, name = key
        return (state is None, (state or "").casefold(), name is None, (name or "").casefold())

    return [
        PlaceGroup(state=state, jurisdiction=name, alerts=tuple(sorted(groups[(state, name)], key=_reading_order)))
        for state, name in sorted(groups, key=place_order)
    ]


@dataclass(frozen=True)
class Digest:
    """A set of alerts for one reader, grouped by place; ``title`` says what they asked for
    (:func:`tracker.digest.title.subscription_title`) or what it is (a preview)."""

    title: str
    groups: tuple[PlaceGroup, ...]
    generated_at: datetime

    @classmethod
    def of(cls, title: str, views: Iterable[AlertView], generated_at: datetime) -> Digest:
        """Group ``views`` into a digest."""
        return cls(title=title, groups=tuple(group_by_place(views)), generated_at=generated_at)

    @property
    def alerts(self) -> list[AlertView]:
        """Every alert, in digest order."""
        return [view for group in self.groups for view in group.alerts]

    @property
    def summary(self) -> str:
        """How many alerts, where (a few places named): ``2 alerts: Oakland, CA; Austin, TX``."""
        count, places = len(self.alerts), [group.place for group in self.groups]
        if not count:
            return "no alerts"
        named = "; ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
        noun = "alert" if count == 1 else "alerts"
        return f"{count} {noun}: {named}"

    @property
    def subject(self) -> str:
        """An email subject or chat heading: the title, then the summary, on one line (ASCII punctuation: a
        non-ASCII dash becomes an encoded word that mail readers show with a doubled space)."""
        return " ".join(f"{self.title} ({self.summary})".split())
