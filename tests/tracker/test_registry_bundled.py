"""Invariants of the compiled bundled registry: enough governing bodies, each placed, zoned and sourced."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app
from tracker.registry import RegistryEntry, load_registry, starter_registry_path
from tracker.registry.models import NATIONWIDE, US_STATES

#: (south, north, west, east) boxes; Alaska's Aleutians cross the 180th meridian, hence its two boxes.
BOXES = {
    "AK": ((51.0, 71.6, -180.0, -129.9), (51.0, 53.1, 172.0, 180.0)),
    "HI": ((18.8, 22.3, -160.3, -154.7),),
    "PR": ((17.8, 18.6, -67.3, -65.2),),
    "VI": ((17.6, 18.5, -65.1, -64.5),),
    "GU": ((13.2, 13.7, 144.6, 145.0),),
    "MP": ((14.1, 20.6, 144.8, 146.1),),
    "AS": ((-14.6, -11.0, -171.2, -168.1),),
}
CONTIGUOUS = ((24.4, 49.5, -124.9, -66.9),)
OCD = re.compile(
    r"^ocd-division/country:us/(state:[a-z]{2}|district:dc|territory:[a-z]{2})/(place|county|parish|borough):[a-z0-9._~-]+$"
)


@pytest.fixture(scope="module")
def entries() -> list[RegistryEntry]:
    return load_registry(starter_registry_path())


@pytest.fixture(scope="module")
def bodies(entries: list[RegistryEntry]) -> list[RegistryEntry]:
    """The enabled governing bodies: every enabled row but the nationwide (federal, aggregator) sources."""
    return [e for e in entries if e.enabled and e.state != NATIONWIDE]


def _inside(state: str, lat: float, lon: float) -> bool:
    return any(s <= lat <= n and w <= lon <= e for s, n, w, e in BOXES.get(state, CONTIGUOUS))


def test_at_least_two_thousand_enabled_bodies_with_entry_points(bodies: list[RegistryEntry]) -> None:
    assert len(bodies) >= 2000
    assert all(e.platform and e.url.startswith("https://") for e in bodies)


def test_ids_unique_and_states_valid(entries: list[RegistryEntry]) -> None:
    assert len({e.id for e in entries}) == len(entries)
    assert all(e.state in US_STATES or (e.state == NATIONWIDE and e.kind in ("federal", "aggregator"))
               for e in entries)


def test_every_body_is_placed_in_its_state(bodies: list[RegistryEntry]) -> None:
    outside = [(e.id, e.lat, e.lon) for e in bodies if e.lat is None or e.lon is None or not _inside(e.state, e.lat, e.lon)]
    assert outside == []
    assert all(e.county and e.county.strip() for e in bodies)


def test_every_city_and_county_has_an_ocd_id_of_its_state_and_no_district_takes_one(
        bodies: list[RegistryEntry]) -> None:
    governments = [e for e in bodies if e.kind in ("city", "county")]
    malformed = [e.id for e in governments if not (e.ocd_id and OCD.match(e.ocd_id))]
    assert malformed == [] and len(governments) >= 1500
    assert all(f":{e.state.lower()}/" in e.ocd_id for e in bodies if e.ocd_id)
    # A district or agency located in a city is not that city: with its id, the two became one jurisdiction.
    kinds: dict[str, set[str]] = {}
    for entry in bodies:
        if entry.ocd_id:
            kinds.setdefault(entry.ocd_id, set()).add(entry.kind or "city")
    assert {ocd: found for ocd, found in kinds.items() if len(found) > 1} == {}


def test_every_entry_has_provenance_and_every_disabled_one_a_reason(entries: list[RegistryEntry]) -> None:
    assert all(e.provenance and e.provenance.strip() for e in entries)
    # It names where to look: a public URL, a recorded page under shared/, or a repository's file.
    vague = [e.id for e in entries if not re.search(r"https?://|shared/|\w/\w", e.provenance or "")]
    assert vague == []
    assert all(e.disabled_reason for e in entries if not e.enabled)


def test_unplaced_rows_get_no_state_centre_point(entries: list[RegistryEntry]) -> None:
    unplaced = [e for e in entries if e.state != NATIONWIDE and e.county is None]
    assert unplaced and all(not e.enabled and e.lat is None and e.timezone is None for e in unplaced)


def test_zones_come_from_the_place_not_the_state(entries: list[RegistryEntry]) -> None:
    by_place = {(e.name, e.state): e for e in entries if e.kind == "city"}
    assert by_place[("Knoxville", "TN")].timezone == "America/New_York"
    assert by_place[("Knoxville", "TN")].county == "Knox County"
    assert by_place[("El Paso", "TX")].timezone == "America/Denver"
    assert by_place[("San Jose", "CA")].ocd_id == "ocd-division/country:us/state:ca/place:san_jose"


def test_namesakes_and_counties_resolve_to_the_right_place(entries: list[RegistryEntry]) -> None:
    by_id = {e.id: e for e in entries}
    nash = by_id["civicplus:nc-nashcounty"]
    assert (nash.county, nash.ocd_id) == ("Nash County", "ocd-division/country:us/state:nc/county:nash")
    assert by_id["civicplus:ia-knoxville"].county == "Marion County"  # Iowa's Knoxville, not Tennessee's
    assert by_id["civicplus:ia-knoxville"].timezone == "America/Chicago"


def test_unprovisioned_legistar_clients_are_disabled(entries: list[RegistryEntry]) -> None:
    chicago = {e.id: e for e in entries}["legistar:chicago"]
    assert not chicago.enabled and "not set up in InSite" in (chicago.disabled_reason or "")


def test_sources_list_counts_the_enabled_bodies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                bodies: list[RegistryEntry]) -> None:
    monkeypatch.setenv("ALPR_TRACKER_DB", f"sqlite:///{tmp_path}/sources.sqlite")
    result = CliRunner().invoke(app, ["sources", "list", "--registry", str(starter_registry_path()),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    enabled = [r for r in rows if r["enabled"] and r["state"] != NATIONWIDE]
    assert len(enabled) == len(bodies) >= 2000
    fields = ("county", "lat", "lon", "timezone", "provenance")
    assert [r["source"] for r in enabled if any(r.get(f) in (None, "") for f in fields)] == []
