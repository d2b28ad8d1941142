"""The pages and the JSON API over the replayed demo crawl (a Flock agenda item and a Motorola report)."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from tests.web.conftest import SCRIPT
from tracker.web import create_app


@pytest.fixture(scope="module")
def client(demo_db: str) -> TestClient:
    return TestClient(create_app(demo_db))


def test_the_flock_contract_has_vendor_place_and_evidence(client: TestClient) -> None:
    page = client.get("/api/contracts", params={"vendor": "Flock Safety"}).json()
    [contract] = page["items"]
    assert contract["vendor"] == "flock" and contract["state"] == "CA" and contract["camera_count"] == 20
    assert "Flock Group Inc." in contract["evidence"]["vendor"]["text"]
    assert contract["evidence"]["vendor"]["url"].startswith("http://127.0.0.1:")
    assert page["next_cursor"] is None
    schema = client.get("/openapi.json").json()
    assert schema["paths"]["/api/contracts"]["get"]["responses"]["200"]
    assert {"vendor", "evidence", "jurisdiction"} <= set(schema["components"]["schemas"]["ContractOut"]["properties"])


def test_cursor_paging_walks_every_contract_once(client: TestClient) -> None:
    first = client.get("/api/contracts", params={"limit": 1}).json()
    second = client.get("/api/contracts", params={"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [c["id"] for c in first["items"] + second["items"]] == [1, 2] and second["next_cursor"] is None


@pytest.mark.parametrize(("query", "hint"), [({"state": "Califrnia"}, "California"), ({"vendor": "Flok"}, "flock"),
                                             ({"status": "aproved"}, "approved")])
def test_an_unknown_filter_value_is_a_400_with_close_matches(client: TestClient, query: dict, hint: str) -> None:
    response = client.get("/api/contracts", params=query)
    assert response.status_code == 400 and hint in response.json()["error"]


def test_detail_search_and_lists(client: TestClient) -> None:
    detail = client.get("/api/contracts/1").json()
    assert detail["events"] and detail["events"][0]["document_url"]
    assert client.get("/api/contracts/999").json() == {"error": "no contract 999"}
    hits = client.get("/api/search", params={"q": "flock"}).json()
    assert hits and "<mark>" in hits[0]["snippet"]
    assert {j["id"] for j in client.get("/api/jurisdictions").json()} == {"civicplus:sample-city-ca",
                                                                          "legistar:sample-county-ca"}
    assert client.get("/api/alerts", params={"kind": "upcoming_vote"}).status_code == 200
    assert client.get("/api/alerts", params={"kind": "vote"}).status_code == 400


@pytest.mark.parametrize("path", ["/", "/contracts", "/contracts/1", "/contracts/2",
                                  "/jurisdictions/civicplus:sample-city-ca"])
def test_a_scraped_script_is_text_on_every_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert SCRIPT not in response.text and "&lt;script&gt;" in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_home_page_has_the_map_and_is_small(client: TestClient) -> None:
    response = client.get("/")
    assert len(response.content) < 300_000 and response.text.count('class="place') == 2
    assert "How to comment" in response.text and "http" not in response.text.split("<svg")[0].split("<body>")[0]


def test_the_table_filters_and_feeds_follow_the_filter(client: TestClient) -> None:
    page = client.get("/contracts", params={"vendor": "flock"}).text
    assert "/contracts/1" in page and "/contracts/2" not in page
    atom = client.get("/feeds/alerts.atom", params={"vendor": "motorola"}).text
    assert "Motorola" in atom and "Flock Group" not in atom
    assert "BEGIN:VEVENT" in client.get("/feeds/votes.ics").text


def test_rate_limit_and_cors(demo_db: str) -> None:
    limited = TestClient(create_app(demo_db, rate_per_minute=2))
    assert limited.get("/api/portals").status_code == 200
    assert limited.get("/api/portals", headers={"origin": "https://example.org"}).headers[
        "access-control-allow-origin"] == "*"
    refused = limited.get("/api/portals")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1 and "error" in refused.json()


def test_a_big_body_is_refused_before_the_app(client: TestClient) -> None:
    response = client.post("/api/contracts", content=b"x" * 20_000)
    assert response.status_code == 413 and "bytes" in response.json()["error"]


def test_markers_ring_places_whose_portal_shares_out_of_state() -> None:
    from tracker.web.pages import _markers

    base = {"id": "x", "name": "X", "state": "CA", "lat": 37.8, "lon": -122.27, "camera_count": 16,
            "total_usd": 0.0, "status": "approved"}
    markers = _markers([{**base, "portal": {"federal": 0, "out_of_state": 3}},
                        {**base, "portal": {"federal": 0, "out_of_state": 0}},
                        {**base, "lat": None, "portal": None}])
    assert len(markers) == 2  # a place without coordinates is listed in the table, not drawn
    shared, quiet = markers
    assert shared["shares"] and not quiet["shares"] and shared["r"] == 8.0 and shared["color"] == "#b00020"
