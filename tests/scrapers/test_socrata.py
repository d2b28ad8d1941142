"""Socrata: hand-made recorded-shape pages of Chicago's contracts dataset (see files/socrata/README.md), real crawls."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Finding, Item
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.socrata import FALLBACK_QUERY, PRESETS, page_url, row_filter, row_text, row_url, source_options
from tracker.text import split_items

FILES = Path(__file__).parent / "files" / "socrata"
HOST = "data.cityofchicago.org"
RESOURCE = f"https://{HOST}/resource/rsxa-ify5.json"
FIELDS = {"vendor": "vendor_name", "agency": "department", "description": "purchase_order_description",
          "amount": "award_amount", "date": "approval_date", "start": "start_date", "end": "end_date"}
OPTIONS = {"dataset": "rsxa-ify5", "fields": FIELDS, "page_size": 2,
           "key_fields": ["purchase_order_contract_number", "revision_number"]}
SINCE, UNTIL = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
YEAR = ("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())


def chicago() -> list[Exchange]:
    """Both pages under the exact query the spider must send (the filter is checked on its own below)."""
    where = row_filter(OPTIONS, SINCE, UNTIL)
    return [
        Exchange(url=f"https://{HOST}/robots.txt", body=b"User-agent: *\nDisallow:\n",
                 headers={"Content-Type": "text/plain"}),
        page(page_url(RESOURCE, OPTIONS, where, 0), FILES / "chicago-contracts-page-1.json"),
        page(page_url(RESOURCE, OPTIONS, where, 2), FILES / "chicago-contracts-page-2.json"),
    ]


def entry(site) -> dict:
    return {"id": "socrata:chicago-contracts", "name": "Chicago", "state": "IL", "platform": "socrata",
            "url": site.base(HOST) + "/resource/rsxa-ify5.json", "options": OPTIONS}


def by_contract(documents: list[dict]) -> dict[str, dict]:
    """Documents by the contract number their URL selects."""
    return {d["url"].split("purchase_order_contract_number=%27", 1)[1].split("%27", 1)[0]: d for d in documents}


def findings(db_url: str) -> dict[str, tuple[bool, str | None, float | None, int | None]]:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            rows = session.execute(
                select(Document.url, Finding.relevant, Finding.vendor, Finding.total_usd, Finding.term_months)
                .join(Item, Item.document_id == Document.id).join(Finding, Finding.item_id == Item.id))
            return {url.split("%27", 2)[1]: tuple(rest) for url, *rest in rows}
    finally:
        engine.dispose()


def test_the_default_filter_names_the_technology_and_vendors_within_the_window() -> None:
    where = row_filter(OPTIONS, SINCE, UNTIL)
    assert "upper(purchase_order_description) like '%LICENSE PLATE%'" in where
    assert "upper(vendor_name) like '%FLOCK%'" in where
    assert where.endswith(") AND approval_date between '2024-01-01T00:00:00' and '2024-12-31T23:59:59'")
    own = row_filter({**OPTIONS, "where": "vendor_name = 'O''HARE LPR'"}, SINCE, UNTIL)
    assert own.startswith("(vendor_name = 'O''HARE LPR') AND approval_date between")
    assert row_filter({"q": "license plate"}, SINCE, UNTIL) is None  # $q alone; no columns to filter on


def test_known_datasets_need_no_options_and_unknown_ones_fall_back_to_a_text_search() -> None:
    chicago = source_options(RESOURCE, {"dataset_name": "Contracts"})  # the starter registry's row
    assert chicago["fields"] == FIELDS and chicago["key_fields"] == OPTIONS["key_fields"] and "q" not in chicago
    assert source_options(RESOURCE, {"fields": {"vendor": "supplier"}})["fields"] == {"vendor": "supplier"}
    assert source_options("https://data.sfgov.org/resource/cqi5-hm2d.json", {}) == PRESETS[("data.sfgov.org", "cqi5-hm2d")]
    unknown = "https://data.cityofnewyork.us/resource/5jwd-xj5z.json"
    assert source_options(unknown, {})["q"] == FALLBACK_QUERY
    assert "q" not in source_options(unknown, {"where": "agency = 'NYPD'"})
    assert source_options(unknown, {"fields": {"amount": "amount"}})["q"] == FALLBACK_QUERY  # no column to filter


def test_row_urls_select_one_row_and_the_text_is_one_item() -> None:
    row = {":id": "row-3x9k~ab2q_fz8m", "purchase_order_contract_number": "1254871", "revision_number": "0",
           "purchase_order_description": "1. ALPR CAMERAS\n2. INSTALLATION", "vendor_name": "FLOCK GROUP INC",
           "award_amount": "1250000", "contract_pdf": {"url": "http://ecm.example/doc?docId=1"}}
    assert row_url(RESOURCE, row, OPTIONS["key_fields"]) == \
        f"{RESOURCE}?$where=purchase_order_contract_number=%271254871%27%20AND%20revision_number=%270%27"
    assert row_url(RESOURCE, row, []) == f"{RESOURCE}?$where=:id=%27row-3x9k~ab2q_fz8m%27"
    text = row_text(row, FIELDS, "Chicago")
    assert len(split_items(text)) == 1
    assert "Amount: total $1,250,000.00" in text and "contract_pdf: http://ecm.example/doc?docId=1" in text
    assert ":id" not in text


def test_rows_of_both_pages_are_stored_as_procurement_notices_and_analyzed(crawl) -> None:
    with replaying(chicago()) as site:
        result = crawl([entry(site)], *YEAR)
    assert result.returncode == 0, result.stderr
    assert not site.unmatched
    pages = [parse_qs(urlsplit(url).query) for method, url, _ in site.requests if "/resource/" in url]
    assert [(p["$offset"], p["$limit"], p["$order"], p["$select"]) for p in pages] == [
        (["0"], ["2"], [":id"], [":*, *"]), (["2"], ["2"], [":id"], [":*, *"])]
    documents = by_contract(result.documents())
    assert set(documents) == {"1254871", "1261002", "1270415"}
    assert {(d["kind"], d["status"]) for d in documents.values()} == {("procurement_notice", "ok")}
    assert [n for n, d in sorted(documents.items()) if d["alpr_findings"] >= 1] == ["1254871", "1261002"]
    found = findings(result.db_url)
    assert found["1254871"] == (True, "flock", 1250000.0, 36)
    assert found["1261002"] == (True, "motorola", 486500.0, 12)
    assert found["1270415"][0] is False  # license-plate brackets for the fleet
    [summary] = result.summary
    assert summary["status"] == "ok" and summary["documents"] == 3 and summary["alpr_items"] == 2


def test_a_rejected_query_is_the_sources_error_and_another_source_goes_on(crawl) -> None:
    broken = Exchange(url="https://data.example-county.gov/resource/abcd-1234.json", status=400, match_query=False,
                      body=(FILES / "error-400.json").read_bytes(), headers={"Content-Type": "application/json"})
    with replaying([*chicago(), broken]) as site:
        county = {"id": "socrata:example-county", "name": "Example County", "state": "IL", "platform": "socrata",
                  "url": site.base("data.example-county.gov") + "/resource/abcd-1234.json",
                  "options": {"fields": {"vendor": "vendor_nme"}}}
        result = crawl([entry(site), county], *YEAR)
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["socrata:chicago-contracts"]["status"] == "ok"
    assert by_source["socrata:chicago-contracts"]["documents"] == 3
    assert by_source["socrata:example-county"]["status"] == "error"
    error = by_source["socrata:example-county"]["last_error"]
    assert "HTTP 400" in error and "No such column: vendor_nme" in error


def test_a_second_crawl_stores_no_second_copy(crawl) -> None:
    with replaying(chicago()) as site:
        first = crawl([entry(site)], *YEAR)
        second = crawl([entry(site)], *YEAR)
    assert first.returncode == second.returncode == 0, second.stderr
    before, after = first.documents(), second.documents()
    assert len(after) == len(before) == 3
    assert {(d["url"], d["content_sha256"]) for d in after} == {(d["url"], d["content_sha256"]) for d in before}
