"""A replayed Legistar crawl whose upcoming Flock item title carries a ``<script>``: the API returns the
contract with vendor, place and evidence, and every page shows the script as text."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pytest

from scrapers.replay import replaying
from tests.scrapers.conftest import write_registry
from tests.scrapers.test_legistar import API, API_HOST, api
from tests.test_legistar_items_alert import FLOCK_TITLE, ITEMS, _event
from tests.test_main_job import _command
from tracker.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SCRIPT = "<script>document.title='owned'</script>"


@pytest.mark.slow
def test_a_replayed_flock_item_is_served_with_its_evidence(tmp_path: Path) -> None:
    day = dt.date.today() + dt.timedelta(days=5)
    db = f"sqlite:///{tmp_path}/main.sqlite"
    fast = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ALPR_DOCUMENT_REFRESH_HOURS=0"]
    items = [{**ITEMS[0], "EventItemTitle": f"{FLOCK_TITLE} {SCRIPT}"}]
    exchanges = [api(f"{API}/events", [_event(day)], match_query=False),
                 api(f"{API}/events/7701/eventitems", items, match_query=False)]
    with replaying(exchanges) as site:
        registry = write_registry(tmp_path / "registry.csv", [{
            "id": "legistar:riverbend", "name": "Riverbend", "state": "OR", "platform": "legistar",
            "url": site.base(API_HOST) + "/v1/riverbend"}])
        _command("run", "--registry", str(registry), "--no-progress", "--format", "json", *fast, "--db", db)

    client = TestClient(create_app(db))
    [contract] = client.get("/api/contracts", params={"vendor": "Flock", "state": "Oregon"}).json()["items"]
    assert contract["vendor"] == "flock" and contract["jurisdiction"] == "Riverbend" and contract["state"] == "OR"
    assert contract["camera_count"] == 26 and "Flock Group Inc." in contract["evidence"]["vendor"]["text"]
    ref = client.get("/openapi.json").json()["paths"]["/api/contracts"]["get"]["responses"]["200"]
    assert ref["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ContractPage"}

    [place] = client.get("/api/jurisdictions").json()
    pages = ["/", "/contracts", f"/contracts/{contract['id']}", f"/jurisdictions/{place['id']}"]
    for path in pages:
        text = client.get(path).text
        assert SCRIPT not in text, path
    assert "&lt;script&gt;document.title=" in client.get(f"/contracts/{contract['id']}").text
