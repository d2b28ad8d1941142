"""Eyes on Flock: every Flock transparency portal it follows, from one key-free JSON call.

``GET https://eyesonflock.com/api/v1/data`` answers ``{summary, portals: [...]}`` (about 1,500 portals;
fields in :mod:`tracker.portals.eyesonflock`). Its data is CC BY-SA 4.0: the spider passes each portal's
record on as one ``portal_page`` document (JSON, at ``{api}#{slug}``), and the storage pipeline keeps it as a
snapshot of the portal's own source with that license and attribution. It reaches portals whose own pages
answer scripted visitors with a bot challenge.

The answer is checked before anything is stored: a body that is not JSON, has no ``portals`` list, or no
record with a ``slug`` and a ``state`` is the source's error, never an ok crawl that read nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from scrapy.http import Request, Response

from scrapers.items import DocumentItem, SourceStatusItem
from scrapers.spiders.base import PlatformSpider
from tracker.portals.eyesonflock import ATTRIBUTION, REQUIRED, agency_name

_CHECK = "check that the source's URL is the /api/v1/data endpoint and open it in a browser"


class EyesOnFlockSpider(PlatformSpider):
    """The Eyes on Flock aggregator's data endpoint: one record per Flock portal."""

    name = platform = "eyesonflock"

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request]:
        yield self.listing_request(source["url"], source, self.parse_data,
                                   headers={"Accept": "application/json"})

    def parse_data(self, response: Response) -> Iterable[DocumentItem | SourceStatusItem]:
        """One document per valid portal record; an answer that is not the API's is the source's error."""
        source = response.meta["source"]
        records, skipped, problem = portal_records(response.body)
        if problem:
            yield SourceStatusItem(source=source, ok=False, error=f"{response.url}: {problem}; {_CHECK}")
            return
        if skipped:
            self.logger.warning("%s: %d portal records without %s were skipped", response.url, skipped,
                                " or ".join(REQUIRED))
            self.crawler.stats.inc_value(f"alpr/source/{source}/records_skipped", skipped)
        for record in records:
            yield DocumentItem(
                source=source, url=f"{response.url}#{record['slug']}", kind="portal_page",
                title=f"{agency_name(record)} transparency portal, as read by {ATTRIBUTION}",
                body=json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8"),
                mime="application/json",
            )


def portal_records(body: bytes) -> tuple[list[dict[str, Any]], int, str | None]:
    """``(usable records, how many entries were skipped, None)``, or ``([], 0, what is wrong with the answer)``."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return [], 0, f"the answer is not JSON ({error.__class__.__name__}: {error})"
    portals = data.get("portals") if isinstance(data, dict) else None
    if not isinstance(portals, list):
        return [], 0, "the JSON answer has no 'portals' list (the API may have changed)"
    usable = [record for record in portals if isinstance(record, dict) and all(record.get(k) for k in REQUIRED)]
    if not usable:
        return [], 0, f"none of its {len(portals)} portal records has a {' and a '.join(REQUIRED)}"
    return usable, len(portals) - len(usable), None
