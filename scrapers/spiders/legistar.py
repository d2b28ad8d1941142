"""Legistar Web API: the events of the date window, their agendas and minutes, and their items' attachments.

The registry's ``url`` is the client's API base, ``https://webapi.legistar.com/v1/{client}``. Requests
(OData v3; ``Accept: application/json``, or the API answers XML):

- ``{url}/events?$filter=EventDate ge datetime'YYYY-MM-DD' and EventDate le datetime'YYYY-MM-DD'
  &$orderby=EventDate,EventId&$top=1000&$skip=N``: pages of at most 1,000 rows (the API's cap; it says
  nothing when it truncates), asked for until a page comes back short. Each event becomes a meeting
  (``EventId`` its id, ``EventBodyName``, ``EventDate`` + ``EventTime``, ``EventInSiteURL``; cancelled when
  ``EventAgendaStatusName``, ``EventComment`` or ``EventLocation`` says so: clerks write "Cancelled" where the
  place would be, as Long Beach's calendar shows); ``EventAgendaFile`` is its agenda and ``EventMinutesFile`` its
  minutes. An event without an ``EventId`` or a readable ``EventDate`` is the source's error, not skipped in
  silence.
- ``{url}/events/{EventId}/eventitems?AgendaNote=1&MinutesNote=1&Attachments=1``: the agenda items, each
  with ``EventItemMatterAttachments``; every ``MatterAttachmentHyperlink`` is fetched as a staff report.
  That is where contracts are: an item titled "Public Safety Technology Services" is an ALPR purchase
  only in its staff report.

Incremental crawls: when the source last succeeded (``last_success_at``), a past event is followed into
its items only if its ``EventLastModifiedUtc`` is at or after that time minus :data:`MODIFIED_MARGIN`
(the API's clock and late edits); upcoming events are always followed, since their items and attachments
are still being added. Agenda and minutes links are always requested: stored ones are skipped before
they leave (:mod:`scrapers.middlewares.known_documents`).

HTTP statuses with a Legistar meaning: 500 for a client name the API does not know (its message says
``LegistarConnectionString setting is not set up in InSite for client``), 403 for a client whose API is
turned off, or that requires a token. Files live on Legistar's storage hosts (:data:`FILE_DOMAINS`),
which every source of this spider may therefore reach.

Registry ``options`` (all optional):

- ``bodies``: list of body names (``EventBodyName``, compared without case); only their events are
  crawled. Default: every body, since contracts often pass through committees first.
- ``token``: API token sent as ``?token=`` with every API request, for clients that require one (never
  with file requests, and removed from stored error messages).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scrapers.items import DocumentItem, DocumentKind, MeetingItem, SourceStatusItem
from scrapers.links import Link
from scrapers.reasons import failure_reason
from scrapers.spiders.base import PlatformSpider, clock_time, meeting_status

#: Rows per events page: the Web API never returns more, whatever ``$top`` asks.
PAGE_SIZE = 1000
#: A past event modified this long before the last successful crawl is still followed into its items.
MODIFIED_MARGIN = dt.timedelta(days=1)
#: Hosts serving Legistar's files (agendas, minutes, attachments) and InSite pages: the client's own
#: ``{client}.legistar.com`` and ``{client}.legistar1.com``, where many clients keep files (LA Metro, Maui County).
FILE_DOMAINS = ("legistar.com", "legistar1.com", "legistar.granicus.com", "legistar1.granicus.com",
                "legistar2.granicus.com", "legistar3.granicus.com")
ITEMS_QUERY = "AgendaNote=1&MinutesNote=1&Attachments=1"
#: An event's own files: (document kind, event field, label).
_EVENT_FILES: tuple[tuple[DocumentKind, str, str], ...] = (
    ("agenda", "EventAgendaFile", "Agenda"), ("minutes", "EventMinutesFile", "Minutes"))

_API_HEADERS = {"Accept": "application/json"}
_TEXT_MIME = "text/plain; charset=utf-8"


def events_query(since: dt.date, until: dt.date, skip: int) -> str:
    """The OData query of one events page of the window, in a stable order so pages neither skip nor repeat."""
    return urlencode({
        "$filter": f"EventDate ge datetime'{since.isoformat()}' and EventDate le datetime'{until.isoformat()}'",
        "$orderby": "EventDate,EventId",
        "$top": str(PAGE_SIZE),
        "$skip": str(skip),
    }, quote_via=quote, safe="$,")


def parse_start(date: str | None, time: str | None) -> dt.datetime | None:
    """``EventDate`` (``2026-03-10T00:00:00``) at ``EventTime`` (``6:30 PM``, ``10 AM``; missing or free text:
    midnight)."""
    try:
        day = dt.datetime.fromisoformat(str(date)[:19]).replace(hour=0, minute=0, second=0, microsecond=0)
    except ValueError:
        return None
    clock = clock_time(time)
    return dt.datetime.combine(day.date(), clock) if clock else day


def event_status(event: dict[str, Any], day: dt.date, today: dt.date | None = None) -> str:
    """``cancelled`` when the agenda status, the comment or the location says so, else scheduled or held by
    the date."""
    return meeting_status(day, today, *(str(event.get(field) or "") for field in
                                         ("EventAgendaStatusName", "EventComment", "EventLocation")))


def _utc_naive(value: str | None) -> dt.datetime | None:
    """An API or database timestamp as naive UTC (the API's ``...Utc`` fields carry no zone)."""
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed.astimezone(dt.UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def follow_items(event: dict[str, Any], day: dt.date, last_success_at: str | None,
                 today: dt.date | None = None) -> bool:
    """Whether an event's items must be read: first crawl, upcoming event, or changed since the last success."""
    if last_success_at is None or day >= (today or dt.date.today()):
        return True
    since = _utc_naive(last_success_at)
    modified = _utc_naive(event.get("EventLastModifiedUtc"))
    return since is None or modified is None or modified >= since - MODIFIED_MARGIN


def without_token(url: str) -> str:
    """``url`` without its ``token`` parameter: error messages are stored and shown."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "token"]
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote, safe="$,'")))


def item_attachments(item: dict[str, Any], meeting_title: str) -> list[tuple[str, str]]:
    """(URL, title) of each file attached to an event item's matter, titled by file number, item and name."""
    heading = " ".join(" ".join(filter(None, (item.get("EventItemMatterFile"), item.get("EventItemTitle")))).split())
    found = []
    for attachment in item.get("EventItemMatterAttachments") or []:
        if not isinstance(attachment, dict):
            continue
        url = str(attachment.get("MatterAttachmentHyperlink") or "").strip()
        if url.startswith(("http://", "https://")):
            name = " ".join(str(attachment.get("MatterAttachmentName") or "Attachment").split())
            found.append((url, f"{heading[:200] or meeting_title}: {name}"))
    return found


def item_text(item: dict[str, Any], position: int) -> str:
    """One event item as an agenda item the engine reads: its file number (the linker's action number), its
    title, and the minutes' action, passed flag and tally (the contract's outcome), so an upcoming agenda's
    ALPR item is found before any agenda PDF exists."""
    def field(name: str) -> str:
        return " ".join(str(item.get(name) or "").split())
    matter = field("EventItemMatterFile")
    kind = field("EventItemMatterType")
    heading = f"File {matter}" + (f" ({kind})" if kind else "") + ": " if matter else ""
    outcome = []
    if field("EventItemActionName"):
        outcome.append(f"Action: {field('EventItemActionName')}.")
    if item.get("EventItemPassedFlag") in (0, 1):
        outcome.append("Motion passed." if item["EventItemPassedFlag"] == 1 else "Motion failed.")  # votes.py's words
    if field("EventItemTally"):
        outcome.append(f"Vote: {field('EventItemTally')}.")
    return " ".join(filter(None, (f"Item {position}. {heading}{field('EventItemTitle')}", *outcome)))


def agenda_text(items: list[Any]) -> str:
    """The event's titled items, one paragraph each (untitled rows are breaks and headings of no matter)."""
    titled = [i for i in items if isinstance(i, dict) and str(i.get("EventItemTitle") or "").strip()]
    return "\n\n".join(item_text(item, n) for n, item in enumerate(titled, start=1))


def _api_message(failure: Failure) -> str | None:
    """The API's own words for a failed request (``{"Message": ...}`` or a short text), if any."""
    if not failure.check(HttpError):
        return None
    body = failure.value.response.body[:2000].decode("utf-8", "replace").strip()
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = body
    if isinstance(parsed, dict):
        parsed = parsed.get("ExceptionMessage") or parsed.get("Message") or ""
    text = " ".join(str(parsed).split())
    return text if text and len(text) <= 300 and "<" not in text else None


class LegistarSpider(PlatformSpider):
    """Meetings, agendas, minutes and item attachments from the Legistar Web API."""

    name = platform = "legistar"
    status_reasons = {
        500: "unknown Legistar client (no client of this name on webapi.legistar.com; check the registry url)",
        403: "restricted client (the API is turned off for this client, or it needs options.token)",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Let every source reach Legistar's file hosts besides its API (copies: the entries stay as given)."""
        super().__init__(*args, **kwargs)
        for source_id, source in self.sources.items():
            options = dict(source.get("options") or {})
            options["allowed_domains"] = [*options.get("allowed_domains", []), *FILE_DOMAINS]
            self.sources[source_id] = {**source, "options": options}

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        yield self._events_request(source, skip=0)

    def _api_url(self, source: dict[str, Any], path: str, query: str) -> str:
        token = (source.get("options") or {}).get("token")
        if token:
            query += "&" + urlencode({"token": token})
        return f"{source['url'].rstrip('/')}/{path}?{query}"

    def _events_request(self, source: dict[str, Any], skip: int) -> Request:
        url = self._api_url(source, "events", events_query(self.since, self.until, skip))
        return self.listing_request(url, source, self.parse_events, headers=_API_HEADERS,
                                    meta={"events_skip": skip})

    def parse_events(self, response: Response) -> Iterable[MeetingItem | Request | SourceStatusItem]:
        """One page of events: each wanted event's meeting, files and items; then the next page if full."""
        source = self.sources[response.meta["source"]]
        events = _json_list(response)
        if events is None:
            yield SourceStatusItem(source=source["id"], ok=False,
                                   error=f"{without_token(response.url)}: the answer is not a Legistar Web API list")
            return
        wanted = (source.get("options") or {}).get("bodies") or []
        bodies = {" ".join(b.split()).lower() for b in ([wanted] if isinstance(wanted, str) else wanted)}
        placed = [(event, _placed(event)) for event in events]
        unreadable = [event for event, start in placed if start is None]
        status = self.unreadable(source["id"], without_token(response.url), len(unreadable), len(events),
                                 "events have no EventId or no readable EventDate (first: "
                                 f"{json.dumps(unreadable[0], default=str)[:160]})" if unreadable else "")
        if status:
            yield status
        for event, start in placed:
            if start is not None and (not bodies or _body(event).lower() in bodies):
                yield from self._event(event, start, source)
        if len(events) >= PAGE_SIZE:
            yield self._events_request(source, response.meta["events_skip"] + len(events))

    def _event(self, event: dict[str, Any], start: dt.datetime,
               source: dict[str, Any]) -> Iterable[MeetingItem | Request]:
        external_id, body = str(event["EventId"]), _body(event) or "Meeting"
        files: list[tuple[DocumentKind, str, str]] = [
            (kind, str(event[field]).strip(), label) for kind, field, label in _EVENT_FILES
            if str(event.get(field) or "").strip().startswith(("http://", "https://"))
        ]
        yield MeetingItem(source=source["id"], external_id=external_id, body=body, start=start,
                          status=event_status(event, start.date()), url=event.get("EventInSiteURL") or None,
                          links=[Link(title=label, href=url, kind=kind) for kind, url, label in files])
        meeting_title = f"{body} {start.date().isoformat()}"
        for kind, url, label in files:
            yield self.document_request(url, source["id"], kind, meeting=external_id, title=f"{meeting_title}: {label}")
        if follow_items(event, start.date(), source.get("last_success_at")):
            url = self._api_url(source, f"events/{external_id}/eventitems", ITEMS_QUERY)
            yield self.listing_request(url, source, self.parse_event_items, headers=_API_HEADERS,
                                       meta={"meeting": external_id, "meeting_title": meeting_title})

    def parse_event_items(self, response: Response) -> Iterable[DocumentItem | Request | SourceStatusItem]:
        """An event's agenda items: their list as one text agenda (a stable URL, so an unchanged list is
        stored once and a changed one updates), and every matter attachment requested as a staff report."""
        source, meeting = response.meta["source"], response.meta["meeting"]
        items = _json_list(response)
        if items is None:
            yield SourceStatusItem(source=source, ok=False,
                                   error=f"{without_token(response.url)}: the answer is not a Legistar Web API list")
            return
        text = agenda_text(items)
        if text:
            # Once the meeting has acted, the list is its minutes (contracts read decisions from minutes only),
            # kept beside the agenda the list was before.
            acted = any(isinstance(i, dict) and (i.get("EventItemActionName") or i.get("EventItemPassedFlag")
                                                 in (0, 1)) for i in items)
            kind: DocumentKind = "minutes" if acted else "agenda"
            yield DocumentItem(source=source, url=without_token(response.url) + ("#minutes" if acted else ""),
                               kind=kind, meeting_external_id=meeting, body=text.encode("utf-8"), mime=_TEXT_MIME,
                               title=f"{response.meta['meeting_title']}: agenda items" + (", acted" if acted else ""))
        for item in items:
            if isinstance(item, dict):
                for url, title in item_attachments(item, response.meta["meeting_title"]):
                    yield self.document_request(url, source, "staff_report", meeting=meeting, title=title)

    def listing_failed(self, failure: Failure) -> Iterable[SourceStatusItem]:
        """An events page or an event's items that failed: the source's error (so the next crawl does not
        skip the items as unchanged), with the API's own message and without the token."""
        yield SourceStatusItem(source=failure.request.meta["source"], ok=False,
                               error=f"{without_token(failure.request.url)}: {self.reason(failure)}")

    def reason(self, failure: Failure) -> str:
        """A failure in words. Legistar's meanings of 500 and 403 hold for the events listing, the first
        request of a client: an item list or a file failing later is no sign of a wrong or closed client.
        API failures carry the API's own message."""
        meta = failure.request.meta
        if "document" in meta:
            return failure_reason(failure)
        reason = super().reason(failure) if "events_skip" in meta else failure_reason(failure)
        message = _api_message(failure)
        return f"{reason}; the API says: {message}" if message else reason


def _placed(event: Any) -> dt.datetime | None:
    """An events row's start, or None when it is no event the spider can place (no object, no ``EventId``, no
    readable ``EventDate``)."""
    if not isinstance(event, dict) or event.get("EventId") is None:
        return None
    return parse_start(event.get("EventDate"), event.get("EventTime"))


def _body(event: dict[str, Any]) -> str:
    return " ".join(str(event.get("EventBodyName") or "").split())


def _json_list(response: Response) -> list[Any] | None:
    try:
        parsed = json.loads(response.text)
    except (ValueError, AttributeError):
        return None
    return parsed if isinstance(parsed, list) else None
