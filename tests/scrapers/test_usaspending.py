"""USAspending: hand-made recorded-shape API answers (see files/usaspending/README.md) crawled by the real spider."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Finding, Item
from scrapers.replay import Exchange, replaying
from scrapers.spiders.usaspending import AWARD_PAGE, award_text, build_queries, subaward_url
from tracker.text import split_items

FILES = Path(__file__).parent / "files" / "usaspending"
HOST = "api.usaspending.gov"
JSON = {"Content-Type": "application/json"}
YEAR = ("--since", "2024-01-01", "--until", "2024-12-31")
VIGILANT = AWARD_PAGE + "CONT_AWD_70CMSD24C00000031_7012_-NONE-_-NONE-"
CBP_LPR = AWARD_PAGE + "CONT_AWD_70B03C24F00000412_7014_70B03C21D00000090_7014"
USCIS = AWARD_PAGE + "CONT_AWD_70SBUR24F00000119_7003_GS00F061GA_4732"
FLOCK = AWARD_PAGE + "CONT_AWD_140P2124P0088_1443_-NONE-_-NONE-"
RADIOS = AWARD_PAGE + "CONT_AWD_70CMSD24F00000207_7012_70CMSD21D00000004_7012"
CLEAR = AWARD_PAGE + "CONT_AWD_70CMSD24P00000055_7012_-NONE-_-NONE-"
PERCEPTICS = AWARD_PAGE + "CONT_AWD_70B02C23C00000045_7014_-NONE-_-NONE-?subaward=LDS-CBP-2024-017"


def api(host: str = HOST) -> list[Exchange]:
    """The seven searches of a default crawl, answered in the order the spider sends them."""
    answers = ["awards-technology-page-1", "awards-technology-page-2", "awards-vendors", "awards-agency-vendors",
               "subawards-technology", "subawards-empty", "subawards-empty"]
    robots = Exchange(url=f"https://{host}/robots.txt", body=b"User-agent: *\nDisallow:\n",
                      headers={"Content-Type": "text/plain"})
    return [robots, *(Exchange(url=f"https://{host}/api/v2/search/spending_by_award/", method="POST",
                               body=(FILES / f"{name}.json").read_bytes(), headers=JSON) for name in answers)]


def entry(site, host: str = HOST, slug: str = "federal") -> dict:
    return {"id": f"usaspending:{slug}", "name": "Federal awards", "state": "DC", "platform": "usaspending",
            "url": site.base(host) + "/api/v2"}


def findings(db_url: str) -> dict[str, tuple[bool, str | None, float | None]]:
    """Each stored document's finding: URL -> (relevant, vendor, total_usd)."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            rows = session.execute(select(Document.url, Finding.relevant, Finding.vendor, Finding.total_usd)
                                   .join(Item, Item.document_id == Document.id)
                                   .join(Finding, Finding.item_id == Item.id))
            return {url: (relevant, vendor, total) for url, relevant, vendor, total in rows}
    finally:
        engine.dispose()


def test_default_searches_cover_technology_vendors_and_immigration_agencies() -> None:
    queries = build_queries({}, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert [(q.purpose, q.subawards) for q in queries] == [
        ("technology keywords", False), ("plate-reader vendors", False), ("data vendors at selected agencies", False),
        ("technology keywords", True), ("plate-reader vendors", True), ("data vendors at selected agencies", True),
    ]
    body = queries[2].body(3)
    assert body["page"] == 3 and body["limit"] == 100 and body["subawards"] is False and body["sort"] == "Award ID"
    filters = body["filters"]
    assert filters["award_type_codes"] == ["A", "B", "C", "D"]
    assert filters["time_period"] == [{"start_date": "2024-01-01", "end_date": "2024-12-31"}]
    assert "Motorola Solutions" in filters["recipient_search_text"] and "keywords" not in filters
    assert {a["name"] for a in filters["agencies"]} == {"U.S. Immigration and Customs Enforcement",
                                                         "U.S. Customs and Border Protection"}
    assert "Sub-Award Description" in queries[3].body(1)["fields"] and queries[3].body(1)["sort"] == "Sub-Award ID"


def test_options_name_the_searches_that_run_and_the_award_groups() -> None:
    period = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    options = {"keywords": ["plate reader"], "award_types": ["idvs", "grants"]}
    queries = build_queries(options, *period)
    # Only the named search runs; IDVs have no sub-award search of their own, grants do.
    assert [(q.group, q.subawards, q.filters["keywords"]) for q in queries] == [
        ("idvs", False, ["plate reader"]), ("grants", False, ["plate reader"]), ("grants", True, ["plate reader"])]
    assert queries[1].filters["award_type_codes"] == ["02", "03", "04", "05"]
    # The starter registry's vendor watch: one recipient, prime awards only.
    [vendor] = build_queries({"recipient_search_text": ["Flock Group"], "subawards": False}, *period)
    assert vendor.filters["recipient_search_text"] == ["Flock Group"] and "agencies" not in vendor.filters
    brokers = build_queries({"agency_recipient_search_text": ["LexisNexis"], "agencies": ["U.S. Secret Service"]}, *period)
    assert brokers[0].filters["agencies"] == [{"type": "awarding", "tier": "subtier", "name": "U.S. Secret Service"}]
    with pytest.raises(ValueError, match="'loans'"):
        build_queries({"award_types": ["loans"]}, *period)


def test_a_record_renders_as_one_item_that_names_the_immigration_agency() -> None:
    row = {"Award ID": "70CMSD24C00000031", "Recipient Name": "VIGILANT SOLUTIONS, LLC",
           "Awarding Agency": "Department of Homeland Security",
           "Awarding Sub Agency": "U.S. Immigration and Customs Enforcement",
           "Description": "1. ACCESS TO LPR DATA\n2. TRAINING", "Award Amount": 1523400.0,
           "Start Date": "2024-03-29", "End Date": "2027-03-28"}
    text = award_text(row, "contracts")
    assert len(split_items(text)) == 1  # a numbered description does not split the record
    assert "Immigration enforcement: awarded by U.S. Immigration and Customs Enforcement" in text
    assert "Award amount: total obligated $1,523,400.00" in text
    assert "Period of performance March 29, 2024 through March 28, 2027" in text
    assert subaward_url({"prime_award_generated_internal_id": "CONT_AWD_X", "Sub-Award ID": "7/A"}) == \
        AWARD_PAGE + "CONT_AWD_X?subaward=7%2FA"


def test_awards_and_subawards_are_stored_as_procurement_notices_and_analyzed(crawl) -> None:
    with replaying(api()) as site:
        result = crawl([entry(site)], *YEAR)
    assert result.returncode == 0, result.stderr
    # Seven searches, page 2 of the first included; nothing unrecorded was asked for.
    assert sum(method == "POST" for method, _, _ in site.requests) == 7 and not site.unmatched
    documents = {d["url"]: d for d in result.documents()}
    assert set(documents) == {VIGILANT, CBP_LPR, USCIS, FLOCK, RADIOS, CLEAR, PERCEPTICS}
    assert {(d["kind"], d["status"], d["mime"]) for d in documents.values()} == {
        ("procurement_notice", "ok", "text/plain")}
    assert {url for url, d in documents.items() if d["alpr_findings"] >= 1} == {VIGILANT, CBP_LPR, FLOCK, PERCEPTICS}
    found = findings(result.db_url)
    assert found[VIGILANT] == (True, "motorola", 1523400.0)
    assert found[CBP_LPR] == (True, "motorola", 412000.0)
    assert found[FLOCK] == (True, "flock", 36000.0)
    assert found[PERCEPTICS] == (True, "perceptics", 655000.0)
    assert found[RADIOS][:2] == (False, "motorola")  # Motorola radios for ICE: found by the search, not ALPR
    assert not found[USCIS][0] and not found[CLEAR][0]  # "LPR" cards for permanent residents; a legal database
    [summary] = result.summary
    assert summary["status"] == "ok" and summary["documents"] == 7 and summary["alpr_items"] == 4


def test_an_api_error_is_the_sources_error_and_another_source_goes_on(crawl) -> None:
    broken = Exchange(url="https://broken.usaspending.example/api/v2/search/spending_by_award/", method="POST",
                      status=400, body=(FILES / "error-400.json").read_bytes(),
                      headers=JSON)
    with replaying([*api(), broken]) as site:
        entries = [entry(site), entry(site, "broken.usaspending.example", "broken")]
        result = crawl(entries, *YEAR)
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["usaspending:federal"]["status"] == "ok"
    assert by_source["usaspending:federal"]["documents"] == 7
    assert by_source["usaspending:broken"]["status"] == "error"
    error = by_source["usaspending:broken"]["last_error"]
    assert "HTTP 400" in error and "'last year' is not a valid date (YYYY-MM-DD)" in error


def test_a_second_crawl_stores_no_second_copy(crawl) -> None:
    """Record URLs are the awards' public pages, whatever API host answered: a re-crawl updates nothing."""
    with replaying(api()) as site:
        first = crawl([entry(site)], *YEAR)
    with replaying(api()) as site:
        second = crawl([entry(site)], *YEAR)
    assert first.returncode == second.returncode == 0, second.stderr
    before, after = first.documents(), second.documents()
    assert len(after) == len(before) == 7
    assert {(d["url"], d["content_sha256"]) for d in after} == {(d["url"], d["content_sha256"]) for d in before}
    assert sum(d["alpr_findings"] for d in after) == 4
