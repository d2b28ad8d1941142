"""BoardDocs: each committee's meeting list, then every meeting's detailed agenda, attachments and minutes.

A site lives at ``https://go.boarddocs.com/{state}/{site}/Board.nsf`` (a Lotus Domino database). Its public
page ``/Public`` names the committees (``committeeid`` attributes; ``options.committee_id`` in the registry
skips that page). ``POST BD-GetMeetingsList?open`` with ``current_committee_id`` answers a JSON list of
``{unique, name, numberdate: "YYYYMMDD"}``, every meeting of the committee, so the window is applied here.

A meeting's ``name`` is its own name ("Board Meeting @ 6:30 p.m.", "CANCELLED-Regular Board Meeting"), never
the committee's: a time in it is the meeting's start (the zone is the registry entry's, as everywhere) and
is taken out of the name ("@ 6:30 p.m.", a time closing the name or one of its "/" parts, "(5:30 p.m.)");
a cancelled, postponed, or rescheduled-to-another-day meeting is ``cancelled`` (the only status the items
model has for a meeting that does not take place on its listed day). When the name has no time, the
meeting's page, ``BD-GetMeeting``, often prints it in its ``.meeting-description`` ("6:30 p.m. | Learning
and Teaching Center"): it is asked for, and the meeting is yielded again with that start.

Per-meeting agents are POSTed as BoardDocs' own pages call them, ``id`` and ``current_committee_id`` in a
form body; the same pair also goes into the query (Domino agents ignore arguments after ``?open``, the
site's own script adds a random one), so each document keeps a URL of its own:

- ``BD-GetMeeting?open``: the meeting's page (name, date, description with the time);
- ``PRINT-AgendaDetailed?open``: the printable agenda with each item's text and its files
  (``/Board.nsf/files/{id}/$file/{name}``), fetched as the agenda; ``BD-GetAgenda`` would need one more
  call per item for the files;
- ``BD-GetMinutes?open``: the minutes of a held meeting, empty until they are published.
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
from twisted.python.failure import Failure

from scrapers.items import DocumentItem, MeetingItem, SourceStatusItem
from scrapers.links import Link, attachment_kind
from scrapers.spiders.base import CLOCK, PlatformSpider, clock_time, meeting_status

_NUMBERDATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_INLINE_COMMITTEE = re.compile(r"""current_committee_id["']?\s*[:=]\s*["']([A-Z0-9]{8,})["']""")
#: The time written into a name: "@ 6:30 p.m." (a range too), "(5:30 p.m.)", or a time ending the name or a "/" part.
_NAME_TIME = re.compile(rf"\s*@\s*{CLOCK}(?:\s*[-\u2013]\s*{CLOCK})?|\s*\(\s*{CLOCK}\s*\)"
                        rf"|\s+{CLOCK}(?:\s*[-\u2013]\s*{CLOCK})?(?=\s*(?:/|$))", re.IGNORECASE)
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


def meeting_name(name: str) -> str:
    """A listed name without the time written into it ("Board Meeting @ 6:30 p.m." is "Board Meeting")."""
    return " ".join(_NAME_TIME.sub("", name).split()).strip(" -")


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
            yield self._meetings_request(source, committee, "")

    def parse_public(self, response: Response) -> Iterable[Request | SourceStatusItem]:
        """The public page: one meeting-list request per committee it names."""
        source = self.sources[response.meta["source"]]
        found = committees(response.text)
        if not found:
            yield SourceStatusItem(source=source["id"], ok=False,
                                   error=f"{response.url}: no committee on the public page; set options.committee_id")
        for committee, name in found:
            yield self._meetings_request(source, committee, name)

    def _meetings_request(self, source: dict[str, Any], committee: str, body: str) -> Request:
        return self.listing_request(
            f"{source['url'].rstrip('/')}/BD-GetMeetingsList?open", source, self.parse_meetings,
            method="POST", body=urlencode({"current_committee_id": committee}), headers=_FORM,
            meta={"committee": committee, "body": body},
        )

    def parse_meetings(self, response: Response) -> Iterable[MeetingItem | Request | SourceStatusItem]:
        """The committee's meetings in the window, each with its agenda, minutes once held, and its page when
        the name gives no time."""
        source, committee = response.meta["source"], response.meta["committee"]
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
            yield from self._meeting(base, committee, meeting, day, response.meta.get("body", ""), source)

    def _meeting(self, base: str, committee: str, meeting: dict[str, Any], day: dt.date, committee_name: str,
                 source: str) -> Iterable[MeetingItem | Request]:
        """One listed meeting: its item, its agenda and minutes requests, and its page if its time is unknown."""
        unique, listed = str(meeting["unique"]), " ".join(str(meeting.get("name") or "").split())
        title = meeting_name(listed) or committee_name or "Meeting"
        clock = clock_time(listed)
        status = meeting_status(day, None, listed)
        agenda = self._agent_post(base, "PRINT-AgendaDetailed", unique, committee)
        item = MeetingItem(source=source, external_id=unique, body=title,
                           start=dt.datetime.combine(day, clock or dt.time()), status=status,
                           url=f"{base}/goto?open&id={unique}",
                           links=[Link(title="Detailed agenda", href=agenda.url, kind="agenda")])
        yield item
        request = self.document_request(agenda.url, source, "agenda", meeting=unique, title=f"{title} agenda",
                                        method="POST", body=agenda.body, headers=_FORM)
        yield request.replace(callback=self.parse_agenda)
        if status == "held":
            minutes = self._agent_post(base, "BD-GetMinutes", unique, committee)
            request = self.document_request(minutes.url, source, "minutes", meeting=unique, title=f"{title} minutes",
                                            method="POST", body=minutes.body, headers=_FORM)
            yield request.replace(callback=self.parse_minutes)
        if clock is None and status != "cancelled":  # a meeting that does not take place has no start to refine
            # Only a refinement of the start: its failure (BoardDocs often answers bots 403) is not the source's,
            # whose listing was read; it is counted, and the meeting keeps its day.
            page = self._agent_post(base, "BD-GetMeeting", unique, committee)
            yield Request(page.url, callback=self.parse_meeting_page, errback=self.meeting_page_failed, method="POST",
                          body=page.body, headers=_FORM,
                          meta={"source": source, "meeting": item.model_dump(), **self.robots_meta(source)})

    @staticmethod
    def _agent_post(base: str, agent: str, unique: str, committee: str) -> Request:
        """A per-meeting agent call: the form body BoardDocs expects, the same pair in the query (module docstring)."""
        form = urlencode({"id": unique, "current_committee_id": committee})
        return Request(f"{base}/{agent}?open&{form}", method="POST", body=form)

    def meeting_page_failed(self, failure: Failure) -> None:
        """A meeting page that could not be read: counted on its source (the meeting keeps its listed day)."""
        self.crawler.stats.inc_value(f"alpr/source/{failure.request.meta['source']}/meeting_pages_unread")

    def parse_meeting_page(self, response: Response) -> Iterable[MeetingItem]:
        """A meeting's page (``BD-GetMeeting``): the meeting again, with the time its description gives."""
        if not response.css(".meeting-name"):  # not a meeting page (a bot challenge): as unread
            self.crawler.stats.inc_value(f"alpr/source/{response.meta['source']}/meeting_pages_unread")
            return
        clock = clock_time(" ".join(response.css(".meeting-description ::text").getall()))
        if clock is not None:
            meeting = MeetingItem(**response.meta["meeting"])
            yield meeting.model_copy(update={"start": dt.datetime.combine(meeting.start.date(), clock)})

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
