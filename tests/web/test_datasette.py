"""The shipped Datasette metadata opens the demo database and every canned query runs without error."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

datasette_app = pytest.importorskip("datasette.app")

METADATA = Path(__file__).resolve().parents[2] / "tracker" / "web" / "datasette" / "metadata.yaml"


def test_every_canned_query_runs_on_the_demo_database(demo_db: str) -> None:
    path = demo_db.removeprefix("sqlite:///")
    metadata = yaml.safe_load(METADATA.read_text())
    queries = metadata["databases"]["alpr-tracker"]["queries"]
    assert set(queries) == {"contracts_by_state", "upcoming_votes", "federal_awards", "portals_sharing_out_of_state"}
    name = Path(path).stem  # the demo's file is demo.sqlite: its key is the file's stem
    metadata["databases"] = {name: metadata["databases"]["alpr-tracker"]}
    datasette = datasette_app.Datasette([path], metadata=metadata)

    async def run() -> dict[str, dict]:
        found = {}
        for query in queries:
            response = await datasette.client.get(f"/{name}/{query}.json?_shape=objects")
            assert response.status_code == 200, (query, response.text[:500])
            found[query] = response.json()
        table = await datasette.client.get(f"/{name}/contracts.json")
        assert table.status_code == 200
        return found

    found = asyncio.run(run())
    assert found["contracts_by_state"]["rows"] == [{"state": "CA", "contracts": 2, "cameras": 32,
                                                    "total_usd": 185400.0}]
    assert len(found["upcoming_votes"]["rows"]) == 2
