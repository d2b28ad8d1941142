"""``alpr-tracker sources``: registry editing, health from the database, checks and detection on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrapers.replay import Exchange, page, replaying
from tracker.cli import app
from tracker.registry import load_registry

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ALPR_TRACKER_DB", f"sqlite:///{tmp_path}/sources.sqlite")
    monkeypatch.setenv("ALPR_TRACKER_REGISTRY", str(tmp_path / "registry.yaml"))

    def run(*args: str):
        return CliRunner().invoke(app, ["sources", *args])

    return run


def _add(invoke, id_: str, url: str, platform: str = "civicplus", state: str = "NC") -> None:
    result = invoke("add", "--id", id_, "--name", id_.split(":")[1].title(), "--state", state,
                    "--platform", platform, "--url", url)
    assert result.exit_code == 0, result.output


def test_add_normalizes_and_rejects_bad_entries(invoke, tmp_path: Path) -> None:
    _add(invoke, "civicplus:nash", "https://nc-nashcounty.civicplus.com/AgendaCenter/ViewFile/Agenda/_05052020-382")
    [entry] = load_registry(tmp_path / "registry.yaml")
    assert entry.url == "https://nc-nashcounty.civicplus.com/AgendaCenter"
    duplicate = invoke("add", "--id", "civicplus:nash", "--name", "N", "--state", "NC", "--platform", "civicplus",
                       "--url", "https://x.civicplus.com/AgendaCenter")
    assert duplicate.exit_code != 0 and "already" in duplicate.output
    bad_state = invoke("add", "--id", "civicplus:x", "--name", "X", "--state", "ZZ", "--platform", "civicplus",
                       "--url", "https://x.civicplus.com/AgendaCenter")
    assert bad_state.exit_code != 0 and "state" in bad_state.output


def test_disable_and_enable_change_the_registry_and_list_shows_it(invoke, tmp_path: Path) -> None:
    _add(invoke, "civicplus:nash", "https://nc-nashcounty.civicplus.com/AgendaCenter")
    assert invoke("disable", "civicplus:nash").exit_code == 0
    assert load_registry(tmp_path / "registry.yaml")[0].enabled is False
    [row] = json.loads(invoke("list", "--format", "json").output)
    assert row["source"] == "civicplus:nash" and row["enabled"] is False and row["status"] == "new"
    assert invoke("enable", "civicplus:nash").exit_code == 0
    assert load_registry(tmp_path / "registry.yaml")[0].enabled is True
    assert invoke("disable", "civicplus:nope").exit_code != 0


def test_check_tells_working_moved_and_broken_sources_apart(invoke) -> None:
    listing = SHARED / "fixtures" / "civicplus" / "las-cruces-nm-search-results.html"
    with replaying([
        page("http://good.example/AgendaCenter", listing),
        Exchange("http://moved.example/AgendaCenter", body=b"<html><a href='/News'>News</a></html>",
                 headers={"Content-Type": "text/html"}),
        Exchange("http://legistar.example/v1/nowhere/bodies?$top=1", status=500, body=b"{}"),
    ]) as site:
        _add(invoke, "civicplus:good", site.base("good.example") + "/AgendaCenter")
        _add(invoke, "civicplus:moved", site.base("moved.example") + "/AgendaCenter")
        _add(invoke, "legistar:nowhere", site.base("legistar.example") + "/v1/nowhere", platform="legistar")
        result = invoke("check", "--format", "json", "--timeout", "5")
    rows = {row["source"]: row for row in json.loads(result.output)}
    assert result.exit_code == 1
    assert rows["civicplus:good"]["ok"] is True
    assert rows["civicplus:moved"]["ok"] is False and "no longer links to civicplus" in rows["civicplus:moved"]["message"]
    assert rows["legistar:nowhere"]["status"] == 500 and "unknown client" in rows["legistar:nowhere"]["message"]


def test_detect_reads_a_fetched_page_and_a_saved_one(invoke) -> None:
    viewpublisher = SHARED / "fixtures" / "granicus" / "walnut-creek-ca-viewpublisher.html"
    result = invoke("detect", "https://www.walnut-creek.org/meetings", "--html", str(viewpublisher), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["platform"] == "granicus"
    listing = SHARED / "fixtures" / "civicplus" / "alameda-county-water-district-ca.html"
    with replaying([page("http://acwd.example/meetings", listing)]) as site:
        fetched = invoke("detect", site.base("acwd.example") + "/meetings", "--format", "json")
    assert fetched.exit_code == 0, fetched.output
    assert "civicplus" in {row["platform"] for row in json.loads(fetched.output)}
    nothing = invoke("detect", "https://example.org/", "--html", str(SHARED / "corpus" / "agenda-items-dev.jsonl"))
    assert nothing.exit_code == 1


def test_the_bundled_registry_lists_two_thousand_placed_enabled_bodies(invoke) -> None:
    """The issue's measure, through the command a user runs: every enabled body says where it is and why
    we believe it exists (county, lat/lon, zone, provenance naming a public URL or dataset)."""
    bundled = Path(__file__).resolve().parents[1] / "tracker" / "registry" / "data" / "starter.yaml"
    result = invoke("list", "--registry", str(bundled), "--format", "json")
    assert result.exit_code == 0, result.output[-500:]
    rows = json.loads(result.output)
    nationwide = {row["source"] for row in rows if row["kind"] in ("federal", "aggregator")}
    assert nationwide and all(row["state"] == "US" for row in rows if row["source"] in nationwide)
    enabled = [row for row in rows if row["enabled"] and row["source"] not in nationwide]  # governing bodies
    assert len(enabled) >= 2000
    unplaced = [row["source"] for row in enabled
                if not (row["county"] and row["lat"] is not None and row["lon"] is not None and row["timezone"])]
    assert unplaced == []
    assert [row["source"] for row in enabled if not row["provenance"]] == []
