"""tracker.alerts.filters and tracker.alerts.comment: what a subscription asks for; how to comment on an item."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from db.models import Jurisdiction
from tracker.alerts.comment import how_to_comment
from tracker.alerts.filters import Near, Subject, SubscriptionFilters, county_name, distance_km

OAKLAND = Jurisdiction(id="ocd-division/country:us/state:ca/place:oakland", name="Oakland", kind="city", state="CA",
                       county="Alameda", lat=37.8044, lon=-122.2712)
SAN_MATEO = Jurisdiction(id="ocd-division/country:us/state:ca/county:san_mateo", name="San Mateo County",
                         kind="county", state="CA")
NOWHERE = Jurisdiction(id="civicplus:somewhere", name="Somewhere", kind="city", state="OR")


def subject(place: Jurisdiction | None = OAKLAND, **fields: object) -> Subject:
    return Subject(**{"kind": "upcoming_vote", "jurisdiction": place, "vendor": "flock", "vendor_name": "Flock Safety",
                      "amount": 600000.0, "category": "alpr",
                      "text": "Approve forty Falcon license plate reader cameras.", **fields})


def test_distance_is_great_circle_kilometres() -> None:
    assert distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.001)  # a degree along the equator
    assert distance_km(37.8044, -122.2712, 34.0522, -118.2437) == pytest.approx(552.7, abs=0.1)  # Oakland-LA
    assert distance_km(10.0, 20.0, 10.0, 20.0) == 0.0


def test_county_names_compare_without_the_word_county() -> None:
    assert county_name("Alameda County") == county_name("county of alameda") == "alameda"
    assert county_name("san_mateo") == "san mateo"


@pytest.mark.parametrize(("filters", "matches"), [
    ({}, True),
    ({"states": ["ca"]}, True), ({"states": ["OR", "WA"]}, False),
    ({"counties": ["Alameda County"]}, True), ({"counties": ["Marin"]}, False),
    ({"jurisdictions": ["ocd-division/country:us/state:ca/place:oakland"]}, True),
    ({"near": {"lat": 37.77, "lon": -122.42, "radius_km": 20}}, True),
    ({"near": {"lat": 34.05, "lon": -118.24, "radius_km": 100}}, False),
    ({"vendors": ["Flock"]}, True), ({"vendors": ["flock safety"]}, True), ({"vendors": ["motorola"]}, False),
    ({"kinds": ["upcoming_vote", "new_contract"]}, True), ({"kinds": ["portal_changed"]}, False),
    ({"categories": ["alpr"]}, True), ({"categories": ["parking_lpr"]}, False),
    ({"min_amount": 600000}, True), ({"min_amount": 600001}, False),
    ({"keywords": ["falcon", "drone"]}, True), ({"keywords": ["camera"]}, False),  # whole words: "cameras" is not
    ({"states": ["CA"], "vendors": ["flock"], "min_amount": 1_000_000}, False),  # every filter must match
])
def test_each_filter_must_match(filters: dict, matches: bool) -> None:
    assert SubscriptionFilters.model_validate(filters).matches(subject()) is matches


def test_filters_needing_a_missing_fact_do_not_match_but_an_unknown_category_passes() -> None:
    assert not SubscriptionFilters(min_amount=1).matches(subject(amount=None))
    assert not SubscriptionFilters(near=Near(lat=44.0, lon=-123.0, radius_km=500)).matches(subject(NOWHERE))
    assert not SubscriptionFilters(states=["CA"]).matches(subject(None))
    assert SubscriptionFilters(categories=["alpr"]).matches(subject(category=None))
    assert SubscriptionFilters(counties=["San Mateo"]).matches(subject(SAN_MATEO))


def test_filters_are_validated_and_stored_without_defaults() -> None:
    assert SubscriptionFilters(states=["ca"], min_amount=5).stored() == {"states": ["CA"], "min_amount": 5.0}
    with pytest.raises(ValidationError):
        SubscriptionFilters.model_validate({"kinds": ["everything"]})
    with pytest.raises(ValidationError):
        SubscriptionFilters.model_validate({"state": ["CA"]})  # a typo must not silently match everything


AGENDA = """CITY COUNCIL AGENDA

Public comment may be submitted by email to clerk@city.example.gov until noon, or in person. To speak
remotely, join via Zoom at https://city.example.gov/zoom.

1. Approve the minutes.
2. Approve a license plate reader agreement with Flock Safety.
"""


def test_comment_instructions_come_from_the_item_first_then_the_header() -> None:
    start = AGENDA.index("2. Approve a license")
    header = how_to_comment(AGENDA, start, AGENDA[start:])
    assert header is not None
    assert header.text.startswith("Public comment may be submitted by email to clerk@city.example.gov")
    assert (header.emails, header.urls) == (("clerk@city.example.gov",), ("https://city.example.gov/zoom",))
    item = "3. Flock agreement. Written comments on this item may be sent to police@city.example.gov."
    own = how_to_comment(AGENDA + item, len(AGENDA), item)
    assert own is not None and own.emails[0] == "police@city.example.gov"
    assert how_to_comment("1. Approve the minutes.\n2. Flock.", 24, "2. Flock.") is None
