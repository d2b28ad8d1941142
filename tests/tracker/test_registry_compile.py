"""Compiling the registry: names matched to GeoNames places and counties the way governments write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.registry import RegistryEntry
from tracker.registry.compile import (
    SOURCES,
    Gazetteer,
    Place,
    bare_key,
    checked_client,
    compile_registry,
    legistar_clients,
    locate,
    name_key,
    write_starter,
)
from tracker.registry.io import load_registry

PLACES = [
    Place("Knoxville", "TN", 35.96064, -83.92074, "America/New_York", 190740, "Knox County"),
    Place("Knoxville", "GA", 32.72431, -83.99769, "America/New_York", 500, "Crawford County"),
    Place("Farragut", "TN", 35.88452, -84.15353, "America/New_York", 22000, "Knox County"),
    Place("Saint Paul", "MN", 44.94441, -93.09327, "America/Chicago", 311527, "Ramsey County"),
    Place("Springfield", "MO", 37.21533, -93.29824, "America/Chicago", 169176, "Greene County"),
    Place("Springfield", "MO", 38.0, -92.0, "America/Chicago", 800, "Osage County"),
    Place("Shawnee", "OH", 39.6, -82.2, "America/New_York", 646, "Perry County"),
    Place("Tega Cay", "SC", 35.02431, -81.02785, "America/New_York", 9608, "York County"),
    Place("Fairfax", "VA", 38.84622, -77.30637, "America/New_York", 24483, "City of Fairfax"),
    Place("Chantilly", "VA", 38.89428, -77.43109, "America/New_York", 23039, "Fairfax County"),
    Place("Reston", "VA", 38.96872, -77.3411, "America/New_York", 58404, "Fairfax County"),
    Place("Houma", "LA", 29.59577, -90.71953, "America/Chicago", 33727, "Terrebonne Parish"),
    Place("New York City", "NY", 40.71427, -74.00597, "America/New_York", 8804190, "New York County"),
    Place("Kansas City", "KS", 39.11417, -94.62746, "America/Chicago", 156607, "Wyandotte County"),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(PLACES)


def row(name: str, state: str, kind: str | None = "city", **fields: object) -> RegistryEntry:
    return RegistryEntry(id=f"civicplus:{name_key(name).replace(' ', '')}", name=name, state=state,
                         platform="civicplus", url="x", kind=kind, provenance="test", **fields)


def test_keys_fold_case_accents_abbreviations_and_government_words() -> None:
    assert name_key("St. Paul") == name_key("Saint Paul") == "saint paul"
    assert name_key("Cañon City") == "canon city"
    assert name_key("Lee's Summit") == "lees summit"
    assert bare_key(name_key("City of Knoxville")) == bare_key(name_key("Knoxville Township")) == "knoxville"


@pytest.mark.parametrize("name", ["Knoxville", "City of Knoxville", "Knoxville City", "Knoxville Police Department"])
def test_a_city_however_written_is_its_place(gazetteer: Gazetteer, name: str) -> None:
    found = locate(row(name, "TN"), gazetteer)
    assert found is not None
    assert (found.county, found.timezone, found.ocd_id) == (
        "Knox County", "America/New_York", "ocd-division/country:us/state:tn/place:knoxville")


def test_abbreviations_and_run_together_names(gazetteer: Gazetteer) -> None:
    st_paul = locate(row("City of St. Paul", "MN"), gazetteer)
    assert st_paul and st_paul.ocd_id.endswith("/place:st._paul") and st_paul.county == "Ramsey County"
    assert locate(row("Tegacay", "SC"), gazetteer).county == "York County"  # civic-scraper's spelling


def test_namesakes_prefer_the_most_populous_unless_the_county_is_known(gazetteer: Gazetteer) -> None:
    assert gazetteer.place("Springfield", "MO").county == "Greene County"
    assert gazetteer.place("Springfield", "MO", county="Osage County").population == 800
    assert gazetteer.place("Springfield", "MO", county="Cole County") is None


def test_a_township_never_takes_its_namesake_village(gazetteer: Gazetteer) -> None:
    assert locate(row("Shawnee Township", "OH"), gazetteer) is None
    assert locate(row("Shawnee", "OH"), gazetteer) is not None


def test_a_county_is_the_centre_of_its_places_in_their_zone(gazetteer: Gazetteer) -> None:
    fairfax = locate(row("Fairfax County", "VA", kind="county"), gazetteer)
    assert fairfax and (fairfax.county, fairfax.ocd_id) == (
        "Fairfax County", "ocd-division/country:us/state:va/county:fairfax")
    assert fairfax.lat == pytest.approx((38.89428 + 38.96872) / 2, abs=1e-4)
    city = locate(row("City of Fairfax", "VA"), gazetteer)  # Virginia's independent city, not the county
    assert city and city.county == "City of Fairfax" and city.ocd_id.endswith("/place:fairfax")
    parish = locate(row("Terrebonne Parish", "LA", kind="county"), gazetteer)
    assert parish and parish.ocd_id == "ocd-division/country:us/state:la/parish:terrebonne"


def test_county_words_inside_a_longer_name(gazetteer: Gazetteer) -> None:
    clerk = locate(row("Knox County Clerk", "TN", kind="county"), gazetteer)
    assert clerk and clerk.ocd_id == "ocd-division/country:us/state:tn/county:knox"
    preserve = locate(row("Forest Preserves of Knox County", "TN", kind="special_district"), gazetteer)
    assert preserve and preserve.county == "Knox County"


def test_unknown_places_are_not_guessed(gazetteer: Gazetteer) -> None:
    assert locate(row("Nowhere", "TN"), gazetteer) is None
    assert locate(row("Knoxville", "IA"), gazetteer) is None  # a namesake in another state is not taken
    assert locate(row("Alpine County", "CA", kind="county"), gazetteer) is None


def test_compile_disables_what_it_cannot_place_and_writes_a_loadable_file(tmp_path: Path,
                                                                          gazetteer: Gazetteer) -> None:
    sites = tmp_path / "civicplus_sites.csv"
    sites.write_text(
        "end_point,begin_year,end_year,scraper_type,whitelisted,name,state,country,govt_level,meeting_bodies\n"
        "http://tn-knoxville.civicplus.com/AgendaCenter,2015,2020,civicplus,TRUE,Knoxville,TN,USA,Municipality,[]\n"
        "http://tn-nowhere.civicplus.com/AgendaCenter,2015,2020,civicplus,TRUE,Nowhere,TN,USA,Municipality,[]\n"
        "http://ab-banff.civicplus.com/AgendaCenter,2010,2020,civicplus,TRUE,Banff,AB,CANADA,Municipality,[]\n"
    )
    compiled = {e.id: e for e in compile_registry(gazetteer, sites)}
    knoxville, nowhere = compiled["civicplus:tn-knoxville"], compiled["civicplus:tn-nowhere"]
    assert knoxville.enabled and (knoxville.county, knoxville.timezone) == ("Knox County", "America/New_York")
    assert not nowhere.enabled and "no GeoNames place" in nowhere.disabled_reason and nowhere.lat is None
    assert "civicplus:ab-banff" not in compiled
    out = tmp_path / "starter.yaml"
    write_starter(list(compiled.values()), out)
    assert load_registry(out) == list(compiled.values())


def test_a_government_word_may_be_missing_from_the_name_but_not_cut_from_a_body(gazetteer: Gazetteer) -> None:
    new_york = locate(row("New York", "NY"), gazetteer)
    assert new_york and new_york.ocd_id == "ocd-division/country:us/state:ny/place:new_york"
    assert locate(row("Kansas library", "KS", kind="agency"), gazetteer) is None


def test_a_district_named_for_its_county_is_placed_there(gazetteer: Gazetteer) -> None:
    water = locate(row("Knox Utility District", "TN", kind="special_district"), gazetteer)
    assert water and water.ocd_id == "ocd-division/country:us/state:tn/county:knox"
    assert locate(row("Knox", "TN"), gazetteer) is None  # a city is never its county


def test_unprovisioned_legistar_clients_are_moved_or_disabled() -> None:
    clients = legistar_clients(SOURCES / "legistar_clients.csv")

    def legistar(client: str) -> RegistryEntry:
        return RegistryEntry(id=f"legistar:{client}", name="X", state="TX", platform="legistar", url=client)

    austin = checked_client(legistar("austin"), clients)
    assert (austin.id, austin.url, austin.enabled) == (
        "legistar:austintexas", "https://webapi.legistar.com/v1/austintexas", True)
    assert checked_client(legistar("kcmo"), clients).url == "https://webapi.legistar.com/v1/kansascity"
    lacity = checked_client(legistar("lacity"), clients)
    assert not lacity.enabled and "not set up in InSite" in lacity.disabled_reason
    assert checked_client(legistar("seattle"), clients) == legistar("seattle")
