"""tracker.digest.title: a digest is titled by what its subscription asks for, never by its handle."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Jurisdiction, Subscription
from tracker.alerts.filters import SubscriptionFilters
from tracker.digest.title import subscription_title, title_of


def stored(**filters: object) -> dict[str, object]:
    """Filters as ``subscribe`` stores them (state names become codes, vendor aliases families)."""
    return SubscriptionFilters.model_validate(filters).stored()


def test_vendor_and_state_read_as_words() -> None:
    assert subscription_title(stored(vendors=["Flock Safety"], states=["California"])) == (
        "ALPR alerts: Flock Safety in California")


def test_no_filter_is_every_alert() -> None:
    assert subscription_title({}) == "ALPR alerts"


def test_kinds_places_amounts_and_keywords_are_all_said() -> None:
    filters = stored(kinds=["upcoming_vote", "new_contract"], counties=["Alameda"], states=["OR", "WA"],
                     near={"lat": 37.8044, "lon": -122.2712, "radius_km": 25}, min_amount=100000,
                     keywords=["drone"], categories=["parking_lpr"], vendors=["motorola", "unknownco"])
    assert subscription_title(filters) == (
        "ALPR alerts (upcoming votes and new contracts): Motorola Solutions (Vigilant) or unknownco in Alameda County, "
        "Oregon, Washington or 1 more; parking plate readers; $100,000 or more; mentioning \"drone\"")


def test_a_long_list_names_three_and_counts_the_rest() -> None:
    title = subscription_title(stored(states=["CA", "OR", "WA", "NV", "AZ"]))
    assert title == "ALPR alerts in California, Oregon, Washington or 2 more"


def test_jurisdictions_are_named_from_the_database(session: Session) -> None:
    oakland = Jurisdiction(id="ocd-division/country:us/state:ca/place:oakland", name="Oakland", kind="city",
                           state="CA")
    subscription = Subscription(name="oak-1", channel="email", target="a@b.c",
                                filters={"jurisdictions": [oakland.id, "ocd-division/country:us/state:ca/place:x"]})
    session.add_all([oakland, subscription])
    session.flush()
    assert title_of(session, subscription) == (
        "ALPR alerts in Oakland, CA or ocd-division/country:us/state:ca/place:x")
