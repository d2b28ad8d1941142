"""PrimeGov public portals: the archived meetings of each year the window touches, and the upcoming ones.

The registry's ``url`` is the portal, ``https://{client}.primegov.com``. Its unauthenticated JSON API:

- ``{url}/api/v2/PublicPortal/ListArchivedMeetings?year=YYYY``: the past meetings of one year;
- ``{url}/api/v2/PublicPortal/ListUpcomingMeetings``: the meetings to come.

Both answer a JSON list of meetings: ``id``, ``title``, ``date`` (``Oct 21, 2021``) and ``time``
(``10:00 AM``), on newer portals also ``dateTime`` (ISO, local wall-clock time), ``videoUrl`` and a
``documentList``. Each document entry is one compiled output of one template: ``templateId``,
``templateName`` ("Agenda", "HTML Agenda", "Journal", "Packet", "Notice of Cancellation"...) and
``compileOutputType`` (1 PDF, 3 HTML). A template is one document here, fetched as its PDF,
``{url}/Public/CompiledDocument?meetingTemplateId={templateId}&compileOutputType=1``, which redirects to
a signed link on Azure blob storage that expires within days: the redirect is followed and the file is
stored under the portal's URL. A template published only as HTML is its agenda page,
``{url}/Portal/Meeting?meetingTemplateId={templateId}``; an entry without a template (vote summaries) is
``{url}/Public/CompiledDocument?compiledMeetingDocumentFileId={id}``.

A template's kind is its name read by :func:`scrapers.links.kind_from_label` ("Journal" is LA's minutes,
"HTML Packet" a packet). A meeting is cancelled when its title says so or it publishes a "Notice of
Cancellation" or a "Recess Notice" (LA's council posts one instead of meeting).

**robots.txt.** Every PrimeGov host answers ``User-agent: *`` / ``Disallow: /``, so with robots.txt obeyed (the
default) each listing fails as "robots.txt disallows crawling {host}; set options.robots: ignore only if you
have permission". A source whose operator has that permission says ``options: {robots: ignore}`` in the
registry (see :mod:`scrapers.spiders.base`).

Archived meetings outside the window are skipped. Upcoming meetings are always crawled, whatever the
window: an agenda published for next month is the earliest warning of a vote. The lists carry no
modification time, so incremental crawls rely on the stored documents
(:mod:`scrapers.middlewares.known_documents`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Request, Response

from scrapers.items import DocumentKind, MeetingItem, SourceStatusItem
from scrapers.links import Link, kind_from_label
from scrapers.spiders.base import PlatformSpider, meeting_status

ARCHIVED_PATH = "/api/v2/PublicPortal/ListArchivedMeetings"
UPCOMING_PATH = "/api/v2/PublicPortal/ListUpcomingMeetings"
PDF_OUTPUT = 1
HTML_OUTPUT = 3

#: PrimeGov's own word for a meeting called off, besides the shared ones: a published "Recess Notice".
_RECESS_NOTICE = re.compile(r"\brecess\s+notice\b", re.IGNORECASE)
_API_HEADERS = {"Accept": "application/json"}


def parse_start(meeting: dict[str, Any]) -> dt.datetime | None:
    """The meeting's local start: ``dateTime`` where the portal gives it, else ``date`` at ``time``."""
    stamp = str(meeting.get("dateTime") or "").strip()
    if stamp:
        try:
            return dt.datetime.fromisoformat(stamp.removesuffix("Z")[:19]).replace(tzinfo=None)
        except ValueError:
            pass
    day = " ".join(str(meeting.get("date") or "").split())
    try:
        start = dt.datetime.strptime(day, "%b %d, %Y")
    except ValueError:
        return None
    try:
        clock = dt.datetime.strptime(" ".join(str(meeting.get("time") or "").split()).upper(), "%I:%M %p")
    except ValueError:
        return start
    return start.replace(hour=clock.hour, minute=clock.minute)


def meeting_documents(base: str, documents: list[Any]) -> list[tuple[DocumentKind, str, str]]:
    """(kind, URL, template name) of each template of a ``documentList``: its PDF where there is one."""
    outputs: dict[Any, dict[int, dict[str, Any]]] = {}
    for entry in documents:
        if not isinstance(entry, dict):
            continue
        template = entry.get("templateId")
        key = template if isinstance(template, int) and template > 0 else ("file", entry.get("id"))
        outputs.setdefault(key, {}).setdefault(entry.get("compileOutputType"), entry)
    found = []
    for key, by_output in outputs.items():
        entry = by_output.get(PDF_OUTPUT) or next(iter(by_output.values()))
        output = entry.get("compileOutputType")
        if isinstance(key, tuple):
            if entry.get("id") is None:
                continue
            url = f"{base}/Public/CompiledDocument?" + urlencode({"compiledMeetingDocumentFileId": entry["id"]})
        elif output == HTML_OUTPUT:
            url = f"{base}/Portal/Meeting?" + urlencode({"meetingTemplateId": key})
        else:
            query = {"meetingTemplateId": key, "compileOutputType": output}
            url = f"{base}/Public/CompiledDocument?" + urlencode(query)
        name = " ".join(str(entry.get("templateName") or "").split())
        name = re.sub(r"^HTML\s+", "", name, flags=re.IGNORECASE) or "Document"
        found.append((kind_from_label(name), url, name))
    return found


def video_url(value: Any) -> str | None:
    """A meeting's ``videoUrl`` as an absolute URL, or None: portals give it absolute or protocol-relative
    (Clayton County GA: ``//claytoncountyga.granicus.com/MediaPlayer.php?clip_id=461``), which is https."""
    url = str(value or "").strip()
    url = f"https:{url}" if url.startswith("//") else url
    return url if url.startswith(("http://", "https://")) else None


def meeting_state(meeting: dict[str, Any], documents: list[tuple[DocumentKind, str, str]], day: dt.date,
                  today: dt.date | None = None) -> str:
    """``cancelled`` when the title says so or a notice of cancellation is published, else by the date."""
    names = [name for _, _, name in documents]
    if any(_RECESS_NOTICE.search(name) for name in names):
        return "cancelled"
    return meeting_status(day, today, str(meeting.get("title") or ""), *names)


class PrimeGovSpider(PlatformSpider):
    """Meetings, agendas, packets and minutes from PrimeGov public portals."""

    name = platform = "primegov"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: (source, meeting id) already yielded: a meeting of today can be both archived and upcoming.
        self._seen: set[tuple[str, str]] = set()

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        base = source["url"].rstrip("/")
        for year in range(self.since.year, self.until.year + 1):
            yield self.listing_request(f"{base}{ARCHIVED_PATH}?year={year}", source, self.parse_meetings,
                                       headers=_API_HEADERS, meta={"upcoming": False})
        yield self.listing_request(base + UPCOMING_PATH, source, self.parse_meetings, headers=_API_HEADERS,
                                   meta={"upcoming": True})

    def parse_meetings(self, response: Response) -> Iterable[MeetingItem | Request | SourceStatusItem]:
        """One list of meetings: each one in the window (every upcoming one), then its documents.

        A list whose meetings none has an ``id`` and a start the spider can read is the source's error (the
        API changed): its meetings would otherwise be dropped without a word.
        """
        source = self.sources[response.meta["source"]]
        try:
            meetings = json.loads(response.body.decode("utf-8-sig"))
        except ValueError:  # not JSON, or not UTF-8
            meetings = None
        if not isinstance(meetings, list):
            yield SourceStatusItem(source=source["id"], ok=False,
                                   error=f"{response.url}: the answer is not PrimeGov's JSON list of meetings")
            return
        entries = [meeting for meeting in meetings if isinstance(meeting, dict)]
        readable = [(meeting, start) for meeting in entries
                    if meeting.get("id") is not None and (start := parse_start(meeting)) is not None]
        status = self.unreadable(source["id"], response.url, len(entries) - len(readable), len(entries),
                                 "meetings have no id or no dateTime (or date) the spider can read")
        if status:
            yield status
            if not status.ok:  # nothing on this page was read: its error, and no guess at the rest
                return
        for meeting, start in readable:
            yield from self._meeting(meeting, start, source, response.meta["upcoming"])

    def _meeting(self, meeting: dict[str, Any], start: dt.datetime, source: dict[str, Any],
                 upcoming: bool) -> Iterable[MeetingItem | Request]:
        if not upcoming and not self.since <= start.date() <= self.until:
            return
        external_id = str(meeting["id"])
        if (source["id"], external_id) in self._seen:
            return
        self._seen.add((source["id"], external_id))
        title = " ".join(str(meeting.get("title") or "").split()) or "Meeting"
        documents = meeting_documents(source["url"].rstrip("/"), meeting.get("documentList") or [])
        links = [Link(title=name, href=url, kind=kind) for kind, url, name in documents]
        video = video_url(meeting.get("videoUrl"))
        if video:
            links.append(Link(title="Video", href=video))
        yield MeetingItem(source=source["id"], external_id=external_id, body=title, start=start,
                          status=meeting_state(meeting, documents, start.date()), links=links)
        for kind, url, name in documents:
            yield self.document_request(url, source["id"], kind, meeting=external_id,
                                        title=f"{title} {start.date().isoformat()}: {name}")
