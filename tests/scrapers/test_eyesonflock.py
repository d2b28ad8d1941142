"""Eyes on Flock: the aggregator's JSON read by the spider, stored as licensed snapshots, changes alerted.

``files/eyesonflock/data.json`` is hand-made in the published shape (see the README beside it): no
recording of the API exists. In-process tests read it through the spider once; the end-to-end test crawls
it from 127.0.0.1 with ``alpr-tracker crawl`` and lists it with ``alpr-tracker portals``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from db.engine import make_engine, session_factory
from db.models import Alert
from scrapers.items import DocumentItem, SourceStatusItem
from scrapers.replay import Exchange, replaying
from scrapers.spiders.eyesonflock import EyesOnFlockSpider
from tests.scrapers.test_flock_transparency import SB34, portals_json, snapshot_count
from tracker.alerts.candidates import portal_changes
from tracker.digest.model import alert_view
from tracker.digest.render import fact_rows
from tracker.portals.eyesonflock import ATTRIBUTION, LICENSE, page_from_record
from tracker.registry.urls import EYESONFLOCK_API, entry_point

DATA = Path(__file__).resolve().parent / "files" / "eyesonflock" / "data.json"
RECORDS = {record["slug"]: record for record in json.loads(DATA.read_bytes())["portals"]}
#: A registry row needs a state, and "US" is only for federal bodies; each portal's own source takes the
#: record's state, so the aggregator row's state decides nothing here.
SOURCE = {"id": "eyesonflock", "name": "Eyes on Flock", "state": "CA", "platform": "eyesonflock",
          "url": EYESONFLOCK_API}
SPIDER = EyesOnFlockSpider.from_crawler(get_crawler(EyesOnFlockSpider), sources=[SOURCE])


def answer(body: bytes) -> list:
    [request] = SPIDER.requests_for(SOURCE)
    response = TextResponse(request.url, body=body, request=Request(request.url, meta=request.meta),
                            headers={"Content-Type": "application/json"})
    return list(SPIDER.parse_data(response))


@pytest.fixture(scope="module")
def documents() -> list[DocumentItem]:
    return answer(DATA.read_bytes())


def test_the_registry_entry_point_is_the_data_endpoint() -> None:
    assert entry_point("eyesonflock", "https://eyesonflock.com/") == "https://eyesonflock.com/api/v1/data"
    assert entry_point("eyesonflock", "eyesonflock") == EYESONFLOCK_API


def test_each_portal_record_is_one_json_portal_page(documents) -> None:
    assert [document.url for document in documents] == [f"{EYESONFLOCK_API}#{slug}" for slug in RECORDS]
    assert {(document.kind, document.mime, document.source) for document in documents} == {
        ("portal_page", "application/json", "eyesonflock")}


def test_a_documents_body_is_its_record(documents) -> None:
    assert json.loads(documents[0].body) == RECORDS["berkeley-ca-pd"]


def test_a_documents_title_names_the_agency_and_the_aggregator(documents) -> None:
    assert documents[2].title == "Riverside County CA SO transparency portal, as read by Eyes on Flock (eyesonflock.com)"


@pytest.mark.parametrize(("body", "problem"), [
    (b"<!DOCTYPE html><html><title>Just a moment...</title></html>", "the answer is not JSON (JSONDecodeError"),
    (b'{"summary": {"total_portals": 0}}', "the JSON answer has no 'portals' list"),
    (b'{"summary": {}, "portals": []}', "none of its 0 portal records has a slug and a state"),
    (b'{"portals": [{"city": "Nowhere"}]}', "none of its 1 portal records has a slug and a state"),
])
def test_an_answer_that_is_not_the_apis_is_the_sources_error(body: bytes, problem: str) -> None:
    [status] = answer(body)
    assert isinstance(status, SourceStatusItem) and status.ok is False
    assert status.error.startswith(f"{EYESONFLOCK_API}: {problem}")


def test_records_without_a_slug_are_skipped_and_the_rest_read() -> None:
    body = json.dumps({"portals": [{"city": "Nowhere"}, RECORDS["vallejo-ca-pd"]]}).encode()
    [document] = answer(body)
    assert document.url.endswith("#vallejo-ca-pd")


@pytest.mark.parametrize(("slug", "expected"), [
    ("berkeley-ca-pd", ("Berkeley CA PD", 30, 52, 764_047, 6_816, 442, 3, 0)),
    ("vallejo-ca-pd", ("Vallejo CA PD", 30, 121, 508_445, 35_373, 639, 2, 3)),
    ("riverside-county-ca-sd", ("Riverside County CA SO", 30, 1_750, 5_686_352, 337_433, 13_255, 2, 0)),
    ("example-tx-pd", ("Example TX PD", 365, 121, 410_000, 2_100, 0, 3, 1)),
])
def test_a_record_reads_as_the_portal_it_states(slug: str, expected: tuple) -> None:
    page = page_from_record(RECORDS[slug])
    assert (page.agency, page.retention_days, page.camera_count, page.vehicles_detected_30d, page.hotlist_hits_30d,
            page.searches_30d, len(page.organizations), len(page.organizations_received)) == expected
    assert page.origin == "eyesonflock" and page.found


def test_a_records_stamp_audit_and_policy_are_kept() -> None:
    page = page_from_record(RECORDS["example-tx-pd"])
    assert page.updated_at.isoformat() == "2026-04-20T08:00:00+00:00"
    assert page.search_audit.url == "https://transparency.flocksafety.com/example-tx-pd/search-audit.csv"
    assert page.policies == {} and page.fields["organization_count"] == "3"
    assert page_from_record(RECORDS["berkeley-ca-pd"]).policies["Prohibited Uses"].startswith("Immigration enforcement")


def edited(**changes: dict) -> bytes:
    """The fixture with some records' fields replaced (slug -> fields)."""
    data = json.loads(DATA.read_bytes())
    for record in data["portals"]:
        record.update(changes.get(record["slug"].replace("-", "_"), {}))
    return json.dumps(data).encode()


@pytest.mark.slow
def test_a_crawl_stores_licensed_snapshots_keyed_on_data_last_updated_and_alerts_changes(crawl) -> None:
    def crawled(body: bytes):
        with replaying([Exchange(url=EYESONFLOCK_API, body=body, headers={"Content-Type": "application/json"})]) as site:
            return crawl([{**SOURCE, "url": site.base("eyesonflock.com") + "/api/v1/data"}],
                         settings={"ALPR_DOCUMENT_REFRESH_HOURS": "0"})

    first = crawled(DATA.read_bytes())
    assert first.returncode == 0, first.stderr
    assert [(row["source"], row["status"]) for row in first.summary] == [("eyesonflock", "ok")]
    rows = {row["source"]: row for row in portals_json(first.db_url)}
    assert sorted(rows) == [f"eyesonflock:{slug}" for slug in sorted(RECORDS)]
    assert {(row["license"], row["attribution"]) for row in rows.values()} == {(LICENSE, ATTRIBUTION)}
    example = rows["eyesonflock:example-tx-pd"]
    assert [(flag["name"], flag["reason"], flag["law"]) for flag in example["flagged_organizations"]] == [
        ("HSI Houston", "federal", None), ("Tulsa OK PD", "out_of_state", None)]
    assert (example["url"], example["state"]) == ("https://transparency.flocksafety.com/example-tx-pd", "TX")
    assert rows["eyesonflock:vallejo-ca-pd"]["received_from_count"] == 3

    # Usage counts moved but data_last_updated did not: the aggregator has no new version, nothing is stored.
    second = crawled(edited(vallejo_ca_pd={"total_searches": 700}))
    assert second.returncode == 0 and snapshot_count(second.db_url) == 4

    # Berkeley re-published: longer retention, an FBI office granted access.
    berkeley = {"data_last_updated": "2026-05-01T00:00:00.000Z", "data_retention": 90,
                "organizations_shared_with": [*RECORDS["berkeley-ca-pd"]["organizations_shared_with"], "FBI"]}
    third = crawled(edited(berkeley_ca_pd=berkeley))
    assert third.returncode == 0 and snapshot_count(third.db_url) == 5
    [row] = portals_json(third.db_url, "--source", "eyesonflock:berkeley-ca-pd")
    assert (row["snapshot"], row["retention_days"], row["attribution"]) == (2, 90, ATTRIBUTION)
    assert row["changes"]["retention_days"] == {"before": 30, "after": 90}
    assert [(flag["name"], flag["law"]) for flag in row["changes"]["new_federal"]] == [("FBI", SB34)]

    engine = make_engine(third.db_url)
    try:
        with session_factory(engine)() as session:
            [alert] = list(portal_changes(session))
    finally:
        engine.dispose()
    assert alert.facts["source"] == "eyesonflock:berkeley-ca-pd"
    assert alert.facts["evidence"] == "retention days 30 → 90; new federal access: FBI; organizations added: FBI"
    # The license travels with the data into every digest: the credit line is one of the alert's facts.
    view = alert_view(Alert(id=1, kind=alert.kind, dedupe_key=alert.dedupe_key, facts=alert.facts,
                            created_at=dt.datetime(2026, 4, 28, tzinfo=dt.UTC)))
    assert ("Data", f"{ATTRIBUTION}, {LICENSE}") in fact_rows(view)
