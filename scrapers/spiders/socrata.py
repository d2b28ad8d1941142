"""Socrata open-data portals: a city's or county's contracts dataset, row by row, as procurement notices.

The entry point is the dataset's SODA resource, ``https://{domain}/resource/{dataset}.json`` (see
:func:`tracker.registry.urls.entry_point`). Rows come a page at a time, ``$limit``/``$offset`` with
``$order=:id`` so paging is stable, with ``$select=:*, *`` so each row carries its Socrata row id ``:id``.

Every dataset names its columns its own way, so the entry's ``options`` say which to read (for Chicago's
contracts, ``rsxa-ify5``, and San Francisco's supplier contracts, ``cqi5-hm2d``, :data:`PRESETS` already
know; an entry's own options win):

- ``fields``: ``{"vendor", "agency", "description", "amount", "date", "start", "end"}`` -> column names
  (Chicago: ``vendor_name``, ``department``, ``purchase_order_description``, ``award_amount``,
  ``approval_date``, ``start_date``, ``end_date``);
- ``where`` (SoQL ``$where``) and ``q`` (``$q`` full-text search) choose the rows. Without either, rows whose
  description names the technology or whose vendor is a plate-reader company (``keywords``, ``vendors``)
  are chosen, so a city's whole contract register is not crawled for a handful of rows; with no such
  column known either, a full-text search for :data:`FALLBACK_QUERY` does;
- ``fields.date`` limits rows to the crawl window (``--since``/``--until``, else ``days_back`` days);
- ``key_fields``: columns that identify a row for good (Chicago: contract number and revision). Without
  them the row id ``:id`` does, which a dataset replaced in full renumbers.

Each row becomes a ``procurement_notice`` whose body is the row as plain text (:func:`row_text`), mapped
columns first with labels the analysis engine reads, then every other column, and whose URL selects
that one row from the resource, the same on every crawl.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scrapers.items import DocumentItem, SourceStatusItem
from scrapers.records import long_date
from scrapers.spiders.base import PlatformSpider

TEXT_MIME = "text/plain; charset=utf-8"
PAGE_SIZE = 1000
#: Contracts are approved months before anything is built: a wider window than meetings' by default.
DEFAULT_DAYS_BACK = 365
#: Words matched in the description column when no ``where``/``q`` is given (``upper(...) like '%WORD%'``).
TECHNOLOGY_KEYWORDS = ["LICENSE PLATE", "LPR", "PLATE RECOGNITION", "PLATE READER"]
#: Companies that sell plate reading and little else, matched in the vendor column.
ALPR_VENDORS = ["FLOCK", "VIGILANT", "REKOR", "ELSAG", "PLATESMART", "NEOLOGY"]
_LABELS = {"vendor": "Vendor", "agency": "Agency", "description": "Description"}
#: The names ``options.fields`` maps to columns; columns mapped under other names are shown as raw columns.
FIELD_NAMES = ("vendor", "agency", "description", "amount", "date", "start", "end")
#: Column mappings of datasets whose columns are known, by (host, dataset id): a registry row needs only the URL.
PRESETS: dict[tuple[str, str], dict[str, Any]] = {
    ("data.cityofchicago.org", "rsxa-ify5"): {
        "fields": {"vendor": "vendor_name", "agency": "department", "description": "purchase_order_description",
                   "amount": "award_amount", "date": "approval_date", "start": "start_date", "end": "end_date"},
        "key_fields": ["purchase_order_contract_number", "revision_number"],
    },
    ("data.sfgov.org", "cqi5-hm2d"): {
        "fields": {"vendor": "prime_contractor", "agency": "department", "description": "contract_title",
                   "amount": "agreed_amt", "date": "term_start_date", "start": "term_start_date",
                   "end": "term_end_date"},
        "key_fields": ["contract_no"],
    },
}
#: The full-text search (``$q``) of a dataset whose columns are unknown, when the entry chooses no rows itself.
FALLBACK_QUERY = "license plate"


def dataset_id(resource: str) -> str:
    """``rsxa-ify5`` of ``https://data.cityofchicago.org/resource/rsxa-ify5.json``."""
    return urlsplit(resource).path.rsplit("/", 1)[-1].removesuffix(".json")


def source_options(resource: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's options over its dataset's preset; the full-text fallback when nothing would choose rows."""
    merged = {**PRESETS.get(((urlsplit(resource).hostname or "").lower(), dataset_id(resource)), {}), **options}
    fields = merged.get("fields") or {}
    if not (merged.get("where") or merged.get("q") or fields.get("description") or fields.get("vendor")):
        merged["q"] = FALLBACK_QUERY
    return merged


def _strings(value: str | list[str]) -> list[str]:
    """A list option, also when a registry row gives one string (``vendors: FLOCK``)."""
    return [value] if isinstance(value, str) else [str(v) for v in value]


def soql_text(value: str) -> str:
    """A SoQL string literal (single quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


def row_filter(options: Mapping[str, Any], start: dt.date, end: dt.date) -> str | None:
    """The ``$where`` of a source: its own, or the technology/vendor default, and the date window."""
    fields = options.get("fields") or {}
    clauses = []
    if options.get("where"):
        clauses.append(f"({options['where']})")
    elif not options.get("q"):
        likes = [f"upper({fields[column]}) like {soql_text('%' + word.upper() + '%')}"
                 for column, words in (("description", _strings(options.get("keywords", TECHNOLOGY_KEYWORDS))),
                                       ("vendor", _strings(options.get("vendors", ALPR_VENDORS))))
                 if fields.get(column) for word in words]
        if likes:
            clauses.append("(" + " OR ".join(likes) + ")")
    if fields.get("date"):
        clauses.append(f"{fields['date']} between {soql_text(start.isoformat() + 'T00:00:00')}"
                       f" and {soql_text(end.isoformat() + 'T23:59:59')}")
    return " AND ".join(clauses) or None


def page_url(resource: str, options: Mapping[str, Any], where: str | None, offset: int) -> str:
    """One page of the resource, in row-id order."""
    params = {"$select": ":*, *", "$order": ":id", "$limit": int(options.get("page_size", PAGE_SIZE)),
              "$offset": offset}
    if where:
        params["$where"] = where
    if options.get("q"):
        params["$q"] = options["q"]
    return f"{resource}?{urlencode(params, quote_via=quote)}"


def row_url(resource: str, row: Mapping[str, Any], key_fields: list[str]) -> str:
    """A URL selecting exactly this row: by ``key_fields``, else by ``:id``, else (no id) by its content."""
    if key_fields and all(row.get(k) not in (None, "") for k in key_fields):
        where = " AND ".join(f"{k}={soql_text(str(row[k]))}" for k in key_fields)
    elif row.get(":id"):
        where = f":id={soql_text(str(row[':id']))}"
    else:
        digest = hashlib.sha256(json.dumps(row, sort_keys=True).encode("utf-8")).hexdigest()[:16]
        return f"{resource}#row-{digest}"
    return f"{resource}?{urlencode({'$where': where}, quote_via=quote, safe=':$=')}"


def _flat(value: Any) -> str:
    """A cell as one line: URL cells (``{"url": ...}``) by their URL, other objects as compact JSON."""
    if isinstance(value, Mapping):
        value = value.get("url") or json.dumps(value, sort_keys=True)
    elif isinstance(value, list):
        value = ", ".join(_flat(v) for v in value)
    return " ".join(str(value).split())


def _money(value: Any) -> str:
    try:
        return f"${float(str(value).replace('$', '').replace(',', '')):,.2f}"
    except ValueError:
        return _flat(value)


def row_text(row: Mapping[str, Any], fields: Mapping[str, str], heading: str) -> str:
    """A row as plain text for the analysis engine: one item, mapped columns labeled, then the rest raw."""
    value = {name: row.get(fields[name]) for name in FIELD_NAMES if row.get(fields.get(name, "")) not in (None, "")}
    lines = [heading]
    lines += [f"{_LABELS[name]}: {_flat(value[name])}" for name in ("vendor", "agency", "description") if name in value]
    if "amount" in value:
        lines.append(f"Amount: total {_money(value['amount'])}")  # "total": the engine's cue for the contract value
    start, end = long_date(value.get("start")), long_date(value.get("end"))
    if start and end:
        lines.append(f"Term {start} through {end}")
    if "date" in value:
        lines.append(f"Date: {long_date(value['date']) or _flat(value['date'])}")
    mapped = {fields[name] for name in FIELD_NAMES if name in fields}
    # Column names are lowercase identifiers, so a line never starts like an agenda item label ("12.", "RE:").
    lines += [f"{column}: {_flat(cell)}" for column, cell in row.items()
              if column not in mapped and not column.startswith(":") and cell not in (None, "", [], {})]
    return "\n".join(lines) + "\n"


def api_message(response: Response) -> str | None:
    """Socrata's error message (``{"message": ..., "code"/"errorCode": ...}``), if the body has one."""
    try:
        data = json.loads(response.text)
    except (ValueError, AttributeError):
        return None
    message = data.get("message") if isinstance(data, dict) else None
    return " ".join(str(message).split()) if message else None


class SocrataSpider(PlatformSpider):
    """Rows of Socrata contract datasets, as procurement notices."""

    name = platform = "socrata"
    status_reasons = {400: "the portal rejected the query (a column name or SoQL clause is wrong)",
                      404: "no such dataset on this portal"}

    def window(self, options: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
        """``--since``/``--until`` when given; else ``options.days_back`` days up to the window's end."""
        if self._since:
            return self.since, self.until
        return dt.date.today() - dt.timedelta(days=int(options.get("days_back", DEFAULT_DAYS_BACK))), self.until

    def options(self, source: Mapping[str, Any]) -> dict[str, Any]:
        """The source's options, over its dataset's preset (see :func:`source_options`)."""
        return source_options(self.resource(source), source.get("options") or {})

    @staticmethod
    def resource(source: Mapping[str, Any]) -> str:
        """The source's SODA resource URL, without any query a registry row may carry."""
        return source["url"].split("?", 1)[0]

    def requests_for(self, source: dict[str, Any]) -> Iterable[Request | SourceStatusItem]:
        options = self.options(source)
        try:
            yield self.page_request(source, row_filter(options, *self.window(options)), 0)
        except (ValueError, TypeError) as error:  # a registry typo is this source's error, not the crawl's
            yield SourceStatusItem(source=source["id"], ok=False, error=f"options: {error}")

    def page_request(self, source: Mapping[str, Any], where: str | None, offset: int) -> Request:
        return self.listing_request(page_url(self.resource(source), self.options(source), where, offset), source,
                                    self.parse_rows, meta={"where": where, "offset": offset})

    def parse_rows(self, response: Response) -> Iterator[DocumentItem | SourceStatusItem | Request]:
        """Each row as a procurement notice; the next page while pages come back full."""
        source = self.sources[response.meta["source"]]
        try:
            rows = json.loads(response.body)
        except ValueError:
            rows = None
        if not isinstance(rows, list):  # a portal's HTML error page, or an error object served as 200
            yield SourceStatusItem(source=source["id"], ok=False,
                                   error=f"{response.url}: the answer is not a list of rows")
            return
        resource, options = self.resource(source), self.options(source)
        fields = options.get("fields") or {}
        heading = f"{source['name']}: record of dataset {dataset_id(resource)} ({urlsplit(resource).hostname}, Socrata)"
        for row in rows:
            text = row_text(row, fields, heading)
            vendor, description = row.get(fields.get("vendor", "")), row.get(fields.get("description", ""))
            title = " - ".join(_flat(v) for v in (vendor, description) if v) or None
            yield DocumentItem(source=source["id"], url=row_url(resource, row, _strings(options.get("key_fields", []))),
                               kind="procurement_notice", title=title, body=text.encode("utf-8"), mime=TEXT_MIME)
        if len(rows) >= int(options.get("page_size", PAGE_SIZE)):
            yield self.page_request(source, response.meta["where"], response.meta["offset"] + len(rows))

    def listing_failed(self, failure: Failure) -> Iterator[SourceStatusItem]:
        """The portal's own message (a bad column, a SoQL syntax error) as the source's error."""
        message = api_message(failure.value.response) if failure.check(HttpError) else None
        reason = self.reason(failure) + (f": {message}" if message else "")
        yield SourceStatusItem(source=failure.request.meta["source"], ok=False,
                               error=f"{failure.request.url}: {reason}")
