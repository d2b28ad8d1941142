"""BoardDocs: each committee's meeting list, then every meeting's detailed agenda, attachments and minutes.

A site lives at ``https://go.boarddocs.com/{state}/{site}/Board.nsf`` (a Lotus Domino database). Its public
page ``/Public`` names the committees (``committeeid`` attributes; ``options.committee_id`` in the registry
skips that page). ``POST BD-GetMeetingsList?open`` with ``current_committee_id`` answers a JSON list of
``{unique, name, numberdate: "YYYYMMDD"}``, every meeting of the committee, so the window is applied here.
``PRINT-AgendaDetailed?open&id={unique}&current_committee_id={committee}`` is the printable agenda with
each item's text and its files (``/Board.nsf/files/{id}/$file/{name}``); public scrapers call it with a
POST body or, as here, with the same parameters in the query, which gives each agenda its own URL.
``BD-GetMinutes?open`` (a POST) answers the minutes of a held meeting, empty until they are published.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from parsel import Selector
from scrapy.http import Request, Response

from scrapers.items import DocumentItem, DocumentKind, MeetingItem, SourceStatusItem
from scrapers.spiders.base import PlatformSpider, meeting_status

_NUMBERDATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_INLINE_COMMITTEE = re.compile(r"""current_committee_id["']?\s*[:=]\s*["']([A-Z0-9]{8,})["']""")
_CANCELLED = re.compile(r"\bcancel(?:l?ed|lation)\b", re.IGNORECASE)
_FILE_SIZE = re.compile(r"\s*\(\s*[\d.,]+\s*[KMG]?B\s*\)\s*$", re.IGNORECASE)
_FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "X-Requested-With": "XMLHttpRequest"}


def committees(html: str) -> list[tuple[str, str]]:
    """``(id, name)`` of the committees a ``/Public`` page offers, in page order."""
    page = Selector(text=html)
    found: dict[str, str] = {}
    for node in page.xpath("//*[@committeeid]"):
        name = node.attrib.get("aria-label") or node.xpath("normalize-space(.)").get("")
        found.setdefault(node.attrib["committeeid"], name)
    for option in page.xpath("//select[@name='committeeid' or @id='committees']/option[@value != '']"):
        found.setdefault(option.attrib["value"], option.xpath("normalize-space(.)").get(""))
    if not found:
        inline = _INLINE_COMMITTEE.search(html)
        if inline:
            found[inline[1]] = ""
    return list(found.items())


def meeting_day(value: Any) -> dt.date | None:
    """``numberdate`` (``20260310``; some sites give ``2026-03-10T19:00:00``) as a date."""
    found = _NUMBERDATE.search(str(value or ""))
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


def attachment_kind(title: str) -> DocumentKind:
    """Approved minutes travel as attachments of a later meeting's consent item; the rest back up an item."""
    return "minutes" if "minutes" in title.lower() else "staff_report"


class BoardDocsSpider(PlatformSpider):
    """Meetings, detailed agendas, item attachments and minutes from BoardDocs sites."""

    name = platform = "boarddocs"
    status_reasons = {403: "BoardDocs refused the request (it turns away clients it takes for bots; retry later)"}

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        configured = source.get("options", {}).get("committee_id")
        if not configured:
            yield self.listing_request(f"{source['url'].rstrip('/')}/Public", source, self.parse_public)
            return
        for committee in [configured] if isinstance(configured, str) else configured:
            yield self._meetings_request(source, committee, "Board")

    def parse_public(self, response: Response) -> Iterable[Request | SourceStatusItem]:
        """The public page: one meeting-list request per committee it names."""
        source = self.sources[response.meta["source"]]
        found = committees(response.text)
        if not found:
            yield SourceStatusItem(source=source["id"], ok=False,
                                   error=f"{response.url}: no committee on the public page; set options.committee_id")
        for committee, name in found:
            yield self._meetings_request(source, committee, name or "Board")

    def _meetings_request(self, source: dict[str, Any], committee: str, body: str) -> Request:
        return self.listing_request(
            f"{source['url'].rstrip('/')}/BD-GetMeetingsList?open", source, self.parse_meetings,
            method="POST", body=urlencode({"current_committee_id": committee}), headers=_FORM,
            meta={"committee": committee, "body": body},
        )

    def parse_meetings(self, response: Response) -> Iterable[MeetingItem | Request | SourceStatusItem]:
        """The committee's meetings in the window, each with its agenda, and minutes once it was held."""
        source, committee, body = response.meta["source"], response.meta["committee"], response.meta["body"]
        try:
            meetings = json.loads(response.text)
        except ValueError:
            meetings = None
        if not isinstance(meetings, list):
            yield SourceStatusItem(source=source, ok=False,
                                   error=f"{response.url}: the meeting list is not BoardDocs' JSON array")
            return
        base = response.url.split("/BD-GetMeetingsList", 1)[0]
        for meeting in meetings:
            day = meeting_day(meeting.get("numberdate")) if isinstance(meeting, dict) else None
            if day is None or not meeting.get("unique") or not self.since <= day <= self.until:
                continue
            unique, title = str(meeting["unique"]), str(meeting.get("name") or body).strip()
            query = urlencode({"id": unique, "current_committee_id": committee})
            agenda = f"{base}/PRINT-AgendaDetailed?open&{query}"
            status = "cancelled" if _CANCELLED.search(title) else meeting_status(day)
            yield MeetingItem(source=source, external_id=unique, body=body, start=dt.datetime.combine(day, dt.time()),
                              status=status, url=f"{base}/goto?open&id={unique}",
                              links=[{"title": "Detailed agenda", "href": agenda}])
            request = self.document_request(agenda, source, "agenda", meeting=unique, title=f"{title} agenda")
            yield request.replace(callback=self.parse_agenda)
            if status == "held":
                minutes = self.document_request(f"{base}/BD-GetMinutes?open&{query}", source, "minutes", meeting=unique,
                                                title=f"{title} minutes", method="POST", body=query, headers=_FORM)
                yield minutes.replace(callback=self.parse_minutes)

    def parse_agenda(self, response: Response) -> Iterable[DocumentItem | Request]:
        """The detailed agenda: stored, and the files of its items requested."""
        yield from self.parse_document(response)
        files: dict[str, str] = {}
        for link in response.xpath("//a[contains(@href, '/files/') and contains(@href, '$file')]"):
            title = _FILE_SIZE.sub("", link.xpath("normalize-space(.)").get(""))
            files.setdefault(response.urljoin(link.attrib["href"]), title)
        for url, title in files.items():
            yield self.document_request(url, response.meta["source"], attachment_kind(title),
                                        meeting=response.meta["document"]["meeting"], title=title or None)

    def parse_minutes(self, response: Response) -> Iterable[DocumentItem]:
        """Minutes, unless the answer is empty: BoardDocs answers so until the minutes are published."""
        if response.xpath("normalize-space(string(/))").get(""):
            yield from self.parse_document(response)
