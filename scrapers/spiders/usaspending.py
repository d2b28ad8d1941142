"""USAspending: federal contracts, grants and their sub-awards for plate-reading technology and its vendors.

``POST {api}/search/spending_by_award/`` (``api`` is the registry entry point, ``https://api.usaspending.gov/api/v2``)
lists prime awards, or sub-awards with ``"subawards": true``, that match ``filters`` (keys are ANDed,
values of one key ORed), 100 rows a ``page`` until ``page_metadata.hasNext`` is false. ``award_type_codes``
may only hold codes of one group (contracts, IDVs, grants), so every group is its own search.

Three searches keep precision up, named after the API's own filters in the entry's ``options``:

- ``keywords``: the technology's names, from any recipient at any agency;
- ``recipient_search_text``: companies that sell nothing but plate reading (Flock, Vigilant): all their awards;
- ``agency_recipient_search_text`` at ``agencies``: companies that sell plate-reader data among much else
  (Motorola Solutions' radios, Thomson Reuters' and LexisNexis' legal research), only where that data
  matters most: awards of immigration enforcement (ICE, CBP).

An entry without any of the three runs all three with the lists below; an entry that names some runs only
those (``keywords: [...]`` alone is a keyword watch). ``award_types`` (``contracts``, ``idvs``, ``grants``),
``subawards`` (default true) and ``days_back`` (default 365) complete the options.

A search finds candidates; the analysis engine decides. So a record is not a document to fetch but a
``procurement_notice`` made here, its body a plain-text rendering (:func:`award_text`) whose words the
engine reads like an agenda item's, its URL the award's public page, the same on every crawl.

Searches run one request at a time, one after another: the API is a shared public service, and a failure
of one search (the API's message becomes the source's error) does not stop the next.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scrapers.items import DocumentItem, SourceStatusItem
from scrapers.records import long_date
from scrapers.spiders.base import PlatformSpider

AWARD_PAGE = "https://www.usaspending.gov/award/"
PAGE_SIZE = 100
#: The API searches no earlier (older data only through its bulk downloads).
EARLIEST = dt.date(2007, 10, 1)
#: Federal awards run for years and are modified long after they are signed: a wider default window.
DEFAULT_DAYS_BACK = 365
TEXT_MIME = "text/plain; charset=utf-8"

TECHNOLOGY_KEYWORDS = ["license plate reader", "license plate recognition", "plate recognition", "ALPR", "LPR"]
ALPR_VENDORS = ["Flock Group", "Flock Safety", "Vigilant Solutions"]
AGENCY_VENDORS = ["Motorola Solutions", "Thomson Reuters", "West Publishing", "LexisNexis"]
IMMIGRATION_AGENCIES = ["U.S. Immigration and Customs Enforcement", "U.S. Customs and Border Protection"]
HOMELAND_SECURITY = "Department of Homeland Security"
#: The options that each name one search (see module docstring).
SEARCH_OPTIONS = ("keywords", "recipient_search_text", "agency_recipient_search_text")

AWARD_TYPES = {
    "contracts": ["A", "B", "C", "D"],
    "idvs": ["IDV_A", "IDV_B", "IDV_B_A", "IDV_B_B", "IDV_B_C", "IDV_C", "IDV_D", "IDV_E"],
    "grants": ["02", "03", "04", "05"],
}
_GROUP_NAMES = {"contracts": "contract award", "idvs": "indefinite delivery vehicle", "grants": "grant award"}
#: Groups whose sub-awards the API lists (procurement and assistance sub-awards).
SUBAWARD_GROUPS = ("contracts", "grants")
_COMMON_FIELDS = ["Award ID", "Recipient Name", "Recipient UEI", "Awarding Agency", "Awarding Sub Agency",
                  "Funding Agency", "Funding Sub Agency", "Description", "Start Date", "Award Amount",
                  "Primary Place of Performance", "Last Modified Date"]
AWARD_FIELDS = {
    "contracts": [*_COMMON_FIELDS, "End Date", "Contract Award Type", "NAICS", "PSC"],
    "idvs": [*_COMMON_FIELDS, "Last Date to Order", "Contract Award Type", "NAICS", "PSC"],
    "grants": [*_COMMON_FIELDS, "End Date", "Award Type", "CFDA Number"],
}
SUBAWARD_FIELDS = ["Sub-Award ID", "Sub-Award Type", "Sub-Awardee Name", "Sub-Recipient UEI", "Sub-Award Date",
                   "Sub-Award Amount", "Sub-Award Description", "Sub-Award Primary Place of Performance",
                   "Awarding Agency", "Awarding Sub Agency", "Prime Award ID", "Prime Recipient Name"]


@dataclass(frozen=True)
class Query:
    """One search of the API: what it is for (named in errors), its filters, its award group and level."""

    purpose: str
    filters: dict[str, Any]
    group: str
    subawards: bool = False

    def body(self, page: int) -> dict[str, Any]:
        """The JSON body asking for ``page`` of this search, sorted by award id so paging is stable."""
        return {
            "filters": self.filters,
            "fields": SUBAWARD_FIELDS if self.subawards else AWARD_FIELDS[self.group],
            "subawards": self.subawards,
            "sort": "Sub-Award ID" if self.subawards else "Award ID",
            "order": "asc",
            "limit": PAGE_SIZE,
            "page": page,
        }


def _strings(value: str | Iterable[str]) -> list[str]:
    """A list option, also when a registry row gives one string (``keywords: ALPR``)."""
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _agencies(value: str | Mapping[str, Any] | Iterable[str | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``agencies`` filter objects; a bare name is an awarding sub-agency (ICE, CBP...)."""
    listed = [value] if isinstance(value, (str, Mapping)) else value
    return [dict(a) if isinstance(a, Mapping) else {"type": "awarding", "tier": "subtier", "name": a} for a in listed]


def build_queries(options: Mapping[str, Any], start: dt.date, end: dt.date) -> list[Query]:
    """Every search of one source, in the order they run: each search per award group, prime then sub-awards."""
    named = {key: _strings(options[key]) for key in SEARCH_OPTIONS if key in options}
    lists = named or {"keywords": TECHNOLOGY_KEYWORDS, "recipient_search_text": ALPR_VENDORS,
                      "agency_recipient_search_text": AGENCY_VENDORS}
    agencies = _agencies(options.get("agencies", IMMIGRATION_AGENCIES))
    searches = []
    if lists.get("keywords"):
        searches.append(("technology keywords", {"keywords": lists["keywords"]}))
    if lists.get("recipient_search_text"):
        searches.append(("plate-reader vendors", {"recipient_search_text": lists["recipient_search_text"]}))
    if lists.get("agency_recipient_search_text") and agencies:
        searches.append(("data vendors at selected agencies",
                         {"recipient_search_text": lists["agency_recipient_search_text"], "agencies": agencies}))
    period = [{"start_date": start.isoformat(), "end_date": end.isoformat()}]
    queries = []
    for group in _strings(options.get("award_types", ["contracts"])):
        if group not in AWARD_TYPES:
            raise ValueError(f"unknown award type group {group!r} (one of {', '.join(AWARD_TYPES)})")
        levels = (False, True) if options.get("subawards", True) and group in SUBAWARD_GROUPS else (False,)
        for subawards in levels:
            for purpose, filters in searches:
                filters = {**filters, "award_type_codes": AWARD_TYPES[group], "time_period": period}
                queries.append(Query(purpose, filters, group, subawards))
    return queries


def _money(value: Any) -> str | None:
    try:
        return f"${float(value):,.2f}"
    except (TypeError, ValueError):
        return None


def _line(label: str, *values: Any, sep: str = " / ") -> str | None:
    """``label: value`` on one line (values joined, empty ones left out), or None when all are empty."""
    parts = [" ".join(str(v).split()) for v in values if v not in (None, "", [], {})]
    return f"{label}: {sep.join(parts)}" if parts else None


def _place(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return None
    parts = [value.get("city_name"), value.get("state_code") or value.get("country_name")]
    return ", ".join(p for p in parts if p) or None


def _coded(value: Any) -> str | None:
    """A ``{"code", "description"}`` object (NAICS, PSC) as ``code description``."""
    if isinstance(value, Mapping):
        return " ".join(str(v) for v in (value.get("code"), value.get("description")) if v) or None
    return value or None


def _immigration_note(agency: Any, sub_agency: Any) -> str | None:
    """A line saying an award comes from immigration enforcement or homeland security, which watchdogs track."""
    if sub_agency in IMMIGRATION_AGENCIES:
        return f"Immigration enforcement: awarded by {sub_agency} ({HOMELAND_SECURITY})."
    if agency == HOMELAND_SECURITY:
        return f"Homeland security: awarded by the {HOMELAND_SECURITY}."
    return None


def award_text(row: Mapping[str, Any], group: str) -> str:
    """A prime award as plain text for the analysis engine: one item, labeled lines, nothing left out."""
    kind = row.get("Contract Award Type") or row.get("Award Type")
    amount = _money(row.get("Award Amount"))
    start, end = long_date(row.get("Start Date")), long_date(row.get("End Date"))
    header = f"Federal {_GROUP_NAMES[group]} (USAspending)"
    lines = [
        _line(header, kind) or header,
        _line("Award ID", row.get("Award ID")),
        _line("Recipient", row.get("Recipient Name")),
        _line("Recipient UEI", row.get("Recipient UEI")),
        _line("Awarding agency", row.get("Awarding Agency"), row.get("Awarding Sub Agency")),
        _line("Funding agency", row.get("Funding Agency"), row.get("Funding Sub Agency")),
        _immigration_note(row.get("Awarding Agency"), row.get("Awarding Sub Agency")),
        _line("Description", row.get("Description")),
        # "total obligated $X": the engine reads the figure as the total value (a colon would cut the cue).
        f"Award amount: total obligated {amount}" if amount else None,
        f"Period of performance {start} through {end}" if start and end else _line("Start date", start),
        _line("Last date to order", long_date(row.get("Last Date to Order"))),
        _line("Assistance listing", row.get("CFDA Number")),
        _line("Product or service", _coded(row.get("PSC"))),
        _line("Industry (NAICS)", _coded(row.get("NAICS"))),
        _line("Place of performance", _place(row.get("Primary Place of Performance"))),
        _line("Last modified", long_date(row.get("Last Modified Date"))),
    ]
    return "\n".join(line for line in lines if line) + "\n"


def subaward_text(row: Mapping[str, Any]) -> str:
    """A sub-award as plain text: the sub-recipient and its work, under the prime award it belongs to."""
    amount = _money(row.get("Sub-Award Amount"))
    header = "Federal sub-award (USAspending)"
    lines = [
        _line(header, row.get("Sub-Award Type")) or header,
        _line("Sub-award ID", row.get("Sub-Award ID")),
        _line("Sub-recipient", row.get("Sub-Awardee Name")),
        _line("Sub-recipient UEI", row.get("Sub-Recipient UEI")),
        _line("Prime recipient", row.get("Prime Recipient Name")),
        _line("Prime award ID", row.get("Prime Award ID")),
        _line("Awarding agency", row.get("Awarding Agency"), row.get("Awarding Sub Agency")),
        _immigration_note(row.get("Awarding Agency"), row.get("Awarding Sub Agency")),
        _line("Description", row.get("Sub-Award Description")),
        f"Sub-award amount: total {amount}" if amount else None,
        _line("Sub-award date", long_date(row.get("Sub-Award Date"))),
        _line("Place of performance", _place(row.get("Sub-Award Primary Place of Performance"))),
    ]
    return "\n".join(line for line in lines if line) + "\n"


def award_url(row: Mapping[str, Any]) -> str | None:
    """The award's public page (``generated_internal_id`` is USAspending's stable award key)."""
    key = row.get("generated_internal_id")
    return AWARD_PAGE + quote(str(key), safe="") if key else None


def subaward_url(row: Mapping[str, Any]) -> str | None:
    """The prime award's page (which lists its sub-awards), told apart by the sub-award's own number."""
    prime, number = row.get("prime_award_generated_internal_id"), row.get("Sub-Award ID") or row.get("internal_id")
    if not prime or not number:
        return None
    return f"{AWARD_PAGE}{quote(str(prime), safe='')}?subaward={quote(str(number), safe='')}"


def api_message(response: Response) -> str | None:
    """The API's own error message: ``{"detail": "..."}`` or ``{"detail": {"message": "..."}}``."""
    try:
        data = json.loads(response.text)
    except (ValueError, AttributeError):
        return None
    detail = data.get("detail", data) if isinstance(data, dict) else None
    if isinstance(detail, dict):
        detail = detail.get("message")
    return " ".join(str(detail).split()) if detail else None


class UsaSpendingSpider(PlatformSpider):
    """Federal prime awards and sub-awards for plate-reading technology, as procurement notices."""

    name = platform = "usaspending"
    status_reasons = {400: "the API rejected the search", 422: "the API could not run the search"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: (source, url) of the records yielded in this crawl: several searches find the same award.
        self.seen: set[tuple[str, str]] = set()

    def window(self, options: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
        """The search period: ``--since``/``--until`` when given, else ``options.days_back`` days up to today.

        The base spider's default window (two months back and ahead) is made for meetings; awards are signed
        in the past and modified for years, so without an explicit ``--since`` a wider one applies.
        """
        today = dt.date.today()
        if self._since:
            start = self.since
        else:
            start = today - dt.timedelta(days=int(options.get("days_back", DEFAULT_DAYS_BACK)))
        end = self.until if self._until else today
        return max(start, EARLIEST), end

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request | SourceStatusItem]:
        options = source.get("options") or {}
        try:
            queries = build_queries(options, *self.window(options))
        except (ValueError, TypeError) as error:  # a registry typo is this source's error, not the crawl's
            yield SourceStatusItem(source=source["id"], ok=False, error=f"options: {error}")
            return
        if queries:
            yield self.search_request(source["id"], queries, 0, 1)

    def search_request(self, source_id: str, queries: list[Query], index: int, page: int) -> Request:
        """``page`` of search ``index``; the remaining searches ride along in ``meta``."""
        source = self.sources[source_id]
        url = source["url"].rstrip("/")
        if not url.endswith("/api/v2"):
            url += "/api/v2"
        return self.listing_request(
            f"{url}/search/spending_by_award/", source, self.parse_results, method="POST",
            body=json.dumps(queries[index].body(page)), headers={"Content-Type": "application/json"},
            dont_filter=True,  # two sources may run the same search; each needs its own answer
            meta={"queries": queries, "index": index, "page": page},
        )

    def parse_results(self, response: Response) -> Iterator[DocumentItem | SourceStatusItem | Request]:
        """Every row of a page as a procurement notice; then the next page, or the next search."""
        meta = response.meta
        query: Query = meta["queries"][meta["index"]]
        try:
            data = json.loads(response.body)
            results = data.get("results") or []
        except (ValueError, AttributeError):  # a maintenance page, or JSON without results
            yield SourceStatusItem(source=meta["source"], ok=False,
                                   error=f"{response.url} ({query.purpose}): the answer is not a search result")
            yield from self.next_search(meta)
            return
        for row in results:
            item = self.record(meta["source"], row, query)
            if item is not None:
                yield item
        if results and (data.get("page_metadata") or {}).get("hasNext"):
            yield self.search_request(meta["source"], meta["queries"], meta["index"], meta["page"] + 1)
        else:
            yield from self.next_search(meta)

    def next_search(self, meta: Mapping[str, Any]) -> Iterator[Request]:
        if meta["index"] + 1 < len(meta["queries"]):
            yield self.search_request(meta["source"], meta["queries"], meta["index"] + 1, 1)

    def record(self, source_id: str, row: Mapping[str, Any], query: Query) -> DocumentItem | None:
        """One award or sub-award as a ``procurement_notice`` document (None when it has no stable key)."""
        if query.subawards:
            url, text = subaward_url(row), subaward_text(row)
            title = f"Sub-award {row.get('Sub-Award ID')} to {row.get('Sub-Awardee Name')}"
        else:
            url, text = award_url(row), award_text(row, query.group)
            title = f"{row.get('Award ID')}: {row.get('Recipient Name')}"
        if url is None:
            self.logger.warning("USAspending row without an award key skipped: %s", row)
            return None
        if (source_id, url) in self.seen:
            return None
        self.seen.add((source_id, url))
        return DocumentItem(source=source_id, url=url, kind="procurement_notice", title=title,
                            body=text.encode("utf-8"), mime=TEXT_MIME)

    def listing_failed(self, failure: Failure) -> Iterator[SourceStatusItem | Request]:
        """The API's message as the source's error; the remaining searches still run."""
        request = failure.request
        message = api_message(failure.value.response) if failure.check(HttpError) else None
        reason = self.reason(failure) + (f": {message}" if message else "")
        query: Query = request.meta["queries"][request.meta["index"]]
        yield SourceStatusItem(source=request.meta["source"], ok=False,
                               error=f"{request.url} ({query.purpose}, page {request.meta['page']}): {reason}")
        yield from self.next_search(request.meta)
