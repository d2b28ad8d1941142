"""Importing civic-scraper's real CivicPlus site list (read in place from ../shared)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tracker.registry import RegistryEntry, import_civic_scraper_sites
from tracker.registry.civicscraper import PROVENANCE, infer_kind, ocd_division_id, ocd_slug

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SITES = SHARED / "registry" / "civicplus_sites.csv"


@pytest.fixture(scope="module")
def entries() -> list[RegistryEntry]:
    return import_civic_scraper_sites(SITES)


@pytest.fixture(scope="module")
def by_id(entries: list[RegistryEntry]) -> dict[str, RegistryEntry]:
    return {e.id: e for e in entries}


def test_every_us_row_is_imported_once(entries: list[RegistryEntry]) -> None:
    # 1,550 rows, of which 23 are Canadian (AB, BC, SK).
    assert len(entries) == 1527
    assert len({e.id for e in entries}) == len(entries)
    assert not {"AB", "BC", "SK"} & {e.state for e in entries}


def test_nash_county(by_id: dict[str, RegistryEntry]) -> None:
    nash = by_id["civicplus:nc-nashcounty"]
    assert nash.name == "Nash County"
    assert (nash.state, nash.platform, nash.kind) == ("NC", "civicplus", "county")
    assert nash.url == "https://nc-nashcounty.civicplus.com/AgendaCenter"
    assert nash.ocd_id == "ocd-division/country:us/state:nc/county:nash"
    assert nash.bodies[0] == "Board of Commissioners" and len(nash.bodies) == 8
    assert nash.options == {"archive_years": [2013, 2020]}
    assert nash.enabled and nash.provenance == PROVENANCE


def test_municipality_and_special_district(by_id: dict[str, RegistryEntry]) -> None:
    las_cruces = by_id["civicplus:nm-lascruces"]
    assert (las_cruces.kind, las_cruces.ocd_id) == ("city", "ocd-division/country:us/state:nm/place:las_cruces")
    assert "City Council" in las_cruces.bodies
    water = by_id["civicplus:ca-alamedacountywater"]  # civic-scraper calls it a County
    assert (water.kind, water.ocd_id) == ("special_district", None)


def test_rows_not_whitelisted_are_disabled(by_id: dict[str, RegistryEntry]) -> None:
    assert by_id["civicplus:dev135"].enabled is False
    assert by_id["civicplus:dev135"].disabled_reason == "civic-scraper's list does not whitelist this site"
    assert by_id["civicplus:nc-nashcounty"].disabled_reason is None
    assert by_id["civicplus:dev135"].name == "Cape May County"


def test_kinds_cover_the_list(entries: list[RegistryEntry]) -> None:
    kinds = Counter(e.kind for e in entries)
    assert kinds["city"] > 1000 and kinds["county"] > 250
    assert kinds["special_district"] > 50 and kinds["agency"] > 10


@pytest.mark.parametrize(
    ("name", "level", "kind"),
    [
        ("Chino Valley Fire District", "Other", "special_district"),
        ("Andover Public Schools", "Other", "special_district"),
        ("Moline library", "Other", "agency"),
        ("Lane Council of Governments", "Other", "agency"),
        ("Assumption Parish", "Other", "county"),
        ("Town of Hingham", "Other", "city"),
        ("Alabaster", "Municipality", "city"),
        ("Grayhawk Community Association", "Other", None),
    ],
)
def test_infer_kind(name: str, level: str, kind: str | None) -> None:
    assert infer_kind(name, level) == kind


def test_ocd_ids() -> None:
    assert ocd_division_id("LA", "Assumption Parish", "county") == "ocd-division/country:us/state:la/parish:assumption"
    assert ocd_division_id("IL", "Village of Oak Park", "city") == "ocd-division/country:us/state:il/place:oak_park"
    assert ocd_division_id("CA", "Santa Clara Valley Habitat Agency", "agency") is None
    assert ocd_slug("Coeur d'Alene") == "coeur_d~alene"
    assert ocd_slug("St. Louis") == "st._louis"
