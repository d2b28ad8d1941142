"""eSCRIBE meeting portals: one calendar query over the date window lists every meeting and its documents.

Public portals live at ``https://pub-{site}.escribemeetings.com``. Their calendar is filled by an ASP.NET
page method, ``POST /MeetingsCalendarView.aspx/GetCalendarMeetings`` with the JSON body
``{"calendarStartDate": "YYYY-MM-DD", "calendarEndDate": "YYYY-MM-DD"}``; the answer is ``{"d": [...]}``,
one object per meeting with ``ID`` (a GUID), ``MeetingName``, ``MeetingType``, ``StartDate``
(``YYYY/MM/DD HH:MM:SS``, local time), ``Url`` and ``MeetingDocumentLink``, a list of
``{Type, Format, Title, Url}``. Files are ``FileStream.ashx?DocumentId=N``; the HTML agenda
(``Meeting.aspx?Id=...&Agenda=Agenda&lang=English``) is stored too, and the attachments of its items
(more ``FileStream.ashx`` links) are fetched as staff reports: that is where contract terms are.

A document's ``Type`` fixes its kind where the platform means something by it (:data:`TYPE_KINDS`: an
``AgendaCover`` is only the agenda's first page, ``PostAgenda`` the agenda as published after the meeting,
with what was decided); any other entry is what its ``Title`` says (:func:`scrapers.links.kind_from_label`:
"Agenda (PDF)", "Board of Ethics Regular Meeting Agenda - Spanish", "Minutes of June 3"). Real answers
(National City and Chula Vista CA, as City Bureau's tests keep them) give ``Url`` relative with or without
a leading slash, or empty for a meeting with no page yet, and cancelled meetings as "Cancellation Notice of
a Regular City Council Meeting".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.http import Request, Response

from scrapers.items import DocumentItem, DocumentKind, MeetingItem, SourceStatusItem
from scrapers.links import Link, kind_from_label
from scrapers.spiders.base import PlatformSpider, meeting_status

CALENDAR_PATH = "/MeetingsCalendarView.aspx/GetCalendarMeetings"

_START = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_MS_EPOCH = re.compile(r"/Date\((-?\d+)")
#: Item attachments on an HTML agenda: file links inside the ``AgendaItem...`` blocks.
_ITEM_FILES = ("//*[contains(@class, 'AgendaItem')]"
               "//a[contains(translate(@href, 'FILESTREAM', 'filestream'), 'filestream.ashx')]")


#: ``MeetingDocumentLink`` types whose meaning is the platform's, not their title's (None: no text to read).
TYPE_KINDS: dict[str, DocumentKind | None] = {
    "agendacover": None, "video": None, "postagenda": "minutes", "postminutes": "minutes",
    "agendapackage": "packet", "merged": "packet"}


def document_kind(link: dict[str, Any]) -> DocumentKind | None:
    """What a ``MeetingDocumentLink`` entry is, or None for what holds no text (videos, cover pages)."""
    kind = str(link.get("Type") or "").lower()
    if str(link.get("Format") or "").lower() == "video":
        return None
    if kind in TYPE_KINDS:
        return TYPE_KINDS[kind]
    return kind_from_label(str(link.get("Title") or "")) if link.get("Title") else kind_from_label(kind)


def parse_start(value: str | None) -> dt.datetime | None:
    """``StartDate`` as published: ``2026/03/10 18:00:00`` (local time), or a ``/Date(ms)/`` timestamp."""
    if not value:
        return None
    epoch = _MS_EPOCH.search(value)
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch[1]) / 1000, tz=dt.UTC)
    found = _START.search(value)
    if not found:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in found.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _is_agenda_page(url: str) -> bool:
    return urlsplit(url).path.lower().endswith("/meeting.aspx")


class EscribeSpider(PlatformSpider):
    """Meetings, agendas (PDF and HTML), packets, minutes and item attachments from eSCRIBE portals."""

    name = platform = "escribe"
    status_reasons = {
        403: "refused; eSCRIBE portals sit behind Cloudflare, which blocks some automated clients",
        500: "the calendar page method failed (the portal may have changed its API)",
    }

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        body = json.dumps({"calendarStartDate": self.since.isoformat(), "calendarEndDate": self.until.isoformat()})
        yield self.listing_request(
            source["url"].rstrip("/") + CALENDAR_PATH, source, self.parse_calendar, method="POST", body=body,
            headers={"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"},
            meta={"site": source["url"].rstrip("/") + "/"},
        )

    def parse_calendar(self, response: Response) -> Iterable[MeetingItem | Request | SourceStatusItem]:
        """Each meeting of the window, then a request for each of its documents.

        An answer whose meetings none has an ``ID`` and a ``StartDate`` the spider can read is the source's
        error (the API changed): its meetings would otherwise be dropped without a word.
        """
        source = response.meta["source"]
        try:
            meetings = json.loads(response.text)["d"]
        except (ValueError, KeyError, TypeError, AttributeError):
            meetings = None
        if not isinstance(meetings, list):
            yield SourceStatusItem(source=source, ok=False,
                                   error=f"{response.url}: the calendar answer is not eSCRIBE's {{\"d\": [...]}} JSON")
            return
        entries = [meeting for meeting in meetings if isinstance(meeting, dict)]
        readable = [(meeting, start) for meeting in entries
                    if meeting.get("ID") and (start := parse_start(meeting.get("StartDate"))) is not None]
        status = self.unreadable(source, response.url, len(entries) - len(readable), len(entries),
                                 "meetings have no ID or no StartDate the spider can read")
        if status:
            yield status
            if not status.ok:  # nothing on this page was read: its error, and no guess at the rest
                return
        for meeting, start in readable:
            yield from self._meeting(meeting, start, source, response.meta["site"])

    def _meeting(self, meeting: dict[str, Any], start: dt.datetime, source: str,
                 site: str) -> Iterable[MeetingItem | Request]:
        if not self.since <= start.date() <= self.until:
            return
        external_id = str(meeting["ID"])
        title = str(meeting.get("MeetingName") or meeting.get("MeetingType") or "Meeting").strip()
        documents = []
        for link in meeting.get("MeetingDocumentLink") or []:
            kind = document_kind(link) if isinstance(link, dict) else None
            url = urljoin(site, str(link.get("Url") or "").strip()) if kind else ""
            if kind and url.startswith(("http://", "https://")):
                documents.append((kind, url, str(link.get("Title") or kind).strip()))
        status = meeting_status(start.date(), None, title)
        yield MeetingItem(source=source, external_id=external_id, body=str(meeting.get("MeetingType") or title).strip(),
                          start=start, status=status, url=urljoin(site, meeting["Url"]) if meeting.get("Url") else None,
                          links=[Link(title=name, href=url, kind=kind) for kind, url, name in documents])
        for kind, url, name in documents:
            request = self.document_request(url, source, kind, meeting=external_id, title=f"{title}: {name}")
            yield request.replace(callback=self.parse_agenda_page) if _is_agenda_page(url) else request

    def parse_agenda_page(self, response: Response) -> Iterable[DocumentItem | Request]:
        """An HTML agenda: stored like any document, and each item's attachments requested."""
        yield from self.parse_document(response)
        document = response.meta["document"]
        for link in response.xpath(_ITEM_FILES):
            url = response.urljoin(link.attrib["href"])
            name = " ".join(" ".join(link.xpath(".//text()").getall()).split()) or link.attrib.get("title", "")
            labelled = kind_from_label(name)  # an item's attachment is its backup unless its label says more
            kind: DocumentKind = "staff_report" if labelled in ("other", "agenda") else labelled
            yield self.document_request(url, response.meta["source"], kind, meeting=document["meeting"],
                                        title=name or None)
