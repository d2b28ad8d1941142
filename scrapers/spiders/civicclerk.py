"""CivicClerk: the events of the date window, their published files as text, and their items' attachments.

The registry's ``url`` is the tenant's API base, ``https://{tenant}.api.civicclerk.com/v1`` (OData v4,
JSON). Requests:

- ``{url}/Events?$filter=startDateTime ge YYYY-MM-DDT00:00:00Z and startDateTime lt YYYY-MM-DDT00:00:00Z
  &$orderby=startDateTime``: ``{"value": [...], "@odata.nextLink": ...}``; the server pages on its own
  (15 events a page on the tenants seen) and ``@odata.nextLink`` is followed until a page has none.
  Each event becomes a meeting: ``id``, ``eventName`` (the meeting's name: one category, "City
  Council", holds its regular meetings, work sessions and hearings, so the category is only the name of
  an event that has none; the items model has no separate committee field), ``startDateTime`` (local
  wall-clock time, although it ends in ``Z``).
- Each entry of the event's ``publishedFiles`` (``fileId``, ``type``: Agenda, Agenda Packet, Minutes,
  Notice, Other; ``name``) is a typed link, its kind from :func:`scrapers.links.kind_from_label` of its
  ``type`` (the clerk's choice), or of its ``name`` when the type names no kind, and is requested as text,
  ``{url}/Meetings/GetMeetingFileStream(fileId=N,plainText=true)``: CivicClerk extracts it, so no PDF
  work is needed. A scanned file has no text layer and comes back (nearly) empty: its PDF,
  ``plainText=false``, is fetched instead, so text extraction can read it with OCR.
- ``{url}/Meetings/{agendaId}`` for an event with an agenda: the agenda's ``items``, nested through
  ``childItems``; each item's ``attachmentsList`` entries (not ``isDeleted``, not ``isPublished: false``)
  are fetched from ``{url}/Meetings/GetAttachmentFile(fileId={id})`` (their kind from their file name,
  a staff report when it names none), stable URLs where
  the entries' own ``pdfVersionFullPath`` links are signed and expire. That is where contract terms
  are. Some agendas have no item list (404): their published files still cover the meeting.

Everything is on the API host. Past events are followed into their items on every crawl (the events
carry no modification time); stored files are not fetched again
(:mod:`scrapers.middlewares.known_documents`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scrapers.items import DocumentItem, DocumentKind, MeetingItem, SourceStatusItem
from scrapers.links import Link, attachment_kind, kind_from_label
from scrapers.spiders.base import PlatformSpider, meeting_status

#: Fewer letters and digits than this in a text stream: the file is a scan without a text layer.
MIN_TEXT_CHARS = 20

_API_HEADERS = {"Accept": "application/json"}


def events_query(since: dt.date, until: dt.date) -> str:
    """The OData query of the events starting within the window (both days included), in time order."""
    end = until + dt.timedelta(days=1)
    return urlencode({
        "$filter": f"startDateTime ge {since.isoformat()}T00:00:00Z and startDateTime lt {end.isoformat()}T00:00:00Z",
        "$orderby": "startDateTime",
    }, quote_via=quote, safe="$:")


def file_kind(file_type: str | None, name: str | None = None) -> DocumentKind:
    """What a published file is: its ``type`` says it ("Agenda Packet" is a packet), its free-text ``name``
    only when the type ("Other", "Notice") names no kind."""
    kind = kind_from_label(file_type)
    return kind if kind != "other" else kind_from_label(name)


def file_stream_url(base: str, file_id: int, plain_text: bool) -> str:
    """A published file's own bytes (``plainText=false``) or CivicClerk's text of it (``true``)."""
    return f"{base}/Meetings/GetMeetingFileStream(fileId={file_id},plainText={'true' if plain_text else 'false'})"


def parse_start(value: str | None) -> dt.datetime | None:
    """``startDateTime`` as the clerk entered it: ``2026-03-10T18:00:00Z`` is 6 PM local, not UTC."""
    try:
        return dt.datetime.fromisoformat(str(value or "").removesuffix("Z")[:19])
    except ValueError:
        return None


def portal_url(api_base: str, event_id: int) -> str | None:
    """The event's page on the tenant's public portal, for a CivicClerk-hosted API base."""
    host = urlsplit(api_base).hostname or ""
    if not host.endswith(".api.civicclerk.com"):
        return None
    return f"https://{host.removesuffix('.api.civicclerk.com')}.portal.civicclerk.com/event/{event_id}/files"


def item_attachments(items: list[Any]) -> Iterator[tuple[int, str, DocumentKind]]:
    """(attachment id, title, kind) of every published attachment of ``items`` and their child items."""
    for item in items:
        if not isinstance(item, dict):
            continue
        name = " ".join(re.sub(r"<[^>]+>", " ", str(item.get("agendaObjectItemName") or "")).split())
        for attachment in item.get("attachmentsList") or []:
            if not isinstance(attachment, dict) or not isinstance(attachment.get("id"), int):
                continue
            if attachment.get("isDeleted") or attachment.get("isPublished") is False:
                continue
            label = " ".join(str(attachment.get("fileName") or attachment.get("mediaFileName") or "").split())
            title = ": ".join(part for part in (name[:200], label) if part) or "Attachment"
            yield attachment["id"], title, attachment_kind(label)
        yield from item_attachments(item.get("childItems") or [])


def has_text(body: bytes) -> bool:
    """Whether a text stream holds text (a scan's is empty, or a few stray characters)."""
    return sum(char.isalnum() for char in body.decode("utf-8", "replace")) >= MIN_TEXT_CHARS


class CivicClerkSpider(PlatformSpider):
    """Meetings, agendas, packets, minutes and item attachments from the CivicClerk API."""

    name = platform = "civicclerk"

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        url = f"{source['url'].rstrip('/')}/Events?{events_query(self.since, self.until)}"
        yield self.listing_request(url, source, self.parse_events, headers=_API_HEADERS)

    def parse_events(self, response: Response) -> Iterable[MeetingItem | Request | SourceStatusItem]:
        """One page of events: each event's meeting, files and item list; then the next page.

        A page whose events none has an ``id`` and a ``startDateTime`` the spider can read is the source's
        error (the API changed): its meetings would otherwise be dropped without a word.
        """
        source = self.sources[response.meta["source"]]
        page = _json(response)
        events = page.get("value") if isinstance(page, dict) else None
        if not isinstance(events, list):
            yield SourceStatusItem(source=source["id"], ok=False,
                                   error=f"{response.url}: the answer is not CivicClerk's OData list of events")
            return
        entries = [event for event in events if isinstance(event, dict)]
        readable = [(event, start) for event in entries
                    if isinstance(event.get("id"), int) and (start := parse_start(event.get("startDateTime")))]
        status = self.unreadable(source["id"], response.url, len(entries) - len(readable), len(entries),
                                 "events have no id or no startDateTime the spider can read")
        if status:
            yield status
            if not status.ok:  # nothing on this page was read: its error, and no guess at the rest
                return
        for event, start in readable:
            yield from self._event(event, start, source)
        next_link = page.get("@odata.nextLink")
        if isinstance(next_link, str) and next_link:
            yield self.listing_request(response.urljoin(next_link), source, self.parse_events, headers=_API_HEADERS)

    def _event(self, event: dict[str, Any], start: dt.datetime,
               source: dict[str, Any]) -> Iterable[MeetingItem | Request]:
        base, external_id = source["url"].rstrip("/"), str(event["id"])
        name = _words(event.get("eventName")) or _words(event.get("categoryName")) or "Meeting"
        meeting_title = f"{name} {start.date().isoformat()}"
        files = [(file_kind(f.get("type"), f.get("name")), f["fileId"], _words(f.get("name") or f.get("type")))
                 for f in event.get("publishedFiles") or [] if isinstance(f, dict) and isinstance(f.get("fileId"), int)]
        status = meeting_status(start.date(), None, name)
        yield MeetingItem(source=source["id"], external_id=external_id, body=name, start=start, status=status,
                          url=portal_url(base, event["id"]),
                          links=[Link(title=label or kind, href=file_stream_url(base, file_id, False), kind=kind)
                                 for kind, file_id, label in files])
        for kind, file_id, label in files:
            request = self.document_request(file_stream_url(base, file_id, True), source["id"], kind,
                                            meeting=external_id, title=f"{meeting_title}: {label or kind}")
            yield request.replace(callback=self.parse_file_text, meta={**request.meta, "file_id": file_id})
        if isinstance(event.get("agendaId"), int) and event["agendaId"] > 0 and event.get("hasAgenda") is not False:
            request = self.listing_request(f"{base}/Meetings/{event['agendaId']}", source, self.parse_agenda,
                                           headers=_API_HEADERS,
                                           meta={"meeting": external_id, "meeting_title": meeting_title})
            yield request.replace(errback=self.agenda_failed)

    def parse_file_text(self, response: Response) -> Iterable[DocumentItem | Request]:
        """A published file's text, or, for a scan without text, a request for the file itself."""
        if has_text(response.body):
            yield from self.parse_document(response)
            return
        source, doc = self.sources[response.meta["source"]], response.meta["document"]
        url = file_stream_url(source["url"].rstrip("/"), response.meta["file_id"], False)
        yield self.document_request(url, source["id"], doc["kind"], meeting=doc["meeting"], title=doc["title"])

    def parse_agenda(self, response: Response) -> Iterable[Request | SourceStatusItem]:
        """An agenda's item list: every published attachment is requested, a staff report unless its name says more."""
        source = self.sources[response.meta["source"]]
        agenda = _json(response)
        if not isinstance(agenda, dict) or not isinstance(agenda.get("items"), list):
            yield SourceStatusItem(source=source["id"], ok=False,
                                   error=f"{response.url}: the answer is not a CivicClerk agenda with items")
            return
        base = source["url"].rstrip("/")
        for attachment_id, title, kind in item_attachments(agenda["items"]):
            yield self.document_request(f"{base}/Meetings/GetAttachmentFile(fileId={attachment_id})", source["id"],
                                        kind, meeting=response.meta["meeting"],
                                        title=f"{response.meta['meeting_title']}: {title}")

    def agenda_failed(self, failure: Failure) -> Iterable[SourceStatusItem]:
        """An agenda without an item list (404) is normal; any other failure is the source's error."""
        if failure.check(HttpError) and failure.value.response.status == 404:
            self.crawler.stats.inc_value("civicclerk/agendas_without_items")
            return
        yield from self.listing_failed(failure)


def _words(value: Any) -> str:
    """A JSON text field with its whitespace collapsed ("" for null)."""
    return " ".join(str(value or "").split())


def _json(response: Response) -> Any:
    try:
        return json.loads(response.body.decode("utf-8-sig"))
    except ValueError:  # not JSON, or not UTF-8
        return None
