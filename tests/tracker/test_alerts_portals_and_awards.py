"""tracker.alerts: changed transparency portals and federal awards, each alerted once.

The portal is the real Costa Mesa Flock page from ``../shared/fixtures`` (its second version gains the FBI
and a Texas agency); the award notice is hand-made in the shape of the USAspending spider's award text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Alert, Delivery, Subscription
from db.repository import Repository
from tracker.alerts import SubscriptionFilters, raise_alerts, subscribe
from tracker.ingest import ingest_document
from tracker.portals.store import store_portal_snapshot
from tracker.sources import register_source

PORTALS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "flock_transparency"
COSTA_MESA = "https://transparency.flocksafety.com/costa-mesa-ca-pd"

AWARD = """Federal grant (USAspending): Project Grant (B)
Award ID: 15PBJA-23-GG-01234-MUMU
Recipient: City of Millbrook
Awarding agency: Department of Justice, Bureau of Justice Assistance
Description: FY23 Byrne JAG grant to purchase automated license plate reader cameras for the Millbrook
Police Department.
Award amount: total obligated ${amount}
"""


def store_portal(repo: Repository, body: bytes) -> None:
    source = register_source(repo, {"id": "flock_transparency:costa-mesa-ca-pd", "name": "Costa Mesa", "state": "CA",
                                    "platform": "flock_transparency", "url": COSTA_MESA})
    document, _ = repo.upsert_document(url=COSTA_MESA, content_sha256=hashlib.sha256(body).hexdigest(),
                                       source_id=source.id, kind="portal_page")
    store_portal_snapshot(repo, source.id, document, body)


def delivered_to(session: Session, kind: str) -> set[str]:
    return set(session.scalars(select(Subscription.name).join(Delivery, Delivery.subscription_id == Subscription.id)
                               .join(Alert, Delivery.alert_id == Alert.id).where(Alert.kind == kind)))


@pytest.fixture
def subscribers(session: Session) -> None:
    for name, filters in {"fbi-watch": SubscriptionFilters(keywords=["FBI"]),
                          "california": SubscriptionFilters(states=["CA"]),
                          "federal-money": SubscriptionFilters(kinds=["federal_award"], min_amount=100_000),
                          "votes-only": SubscriptionFilters(kinds=["upcoming_vote"])}.items():
        subscribe(session, name=name, filters=filters, channel="email", target=f"{name}@example.org")


def test_a_portal_that_starts_sharing_with_the_fbi_is_one_alert(repo: Repository, session: Session,
                                                                subscribers: None) -> None:
    page = (PORTALS / "costa-mesa-ca-pd.html").read_bytes()
    store_portal(repo, page)
    assert sum(raise_alerts(session).created.values()) == 0  # a first snapshot is no change
    store_portal(repo, page.replace(b"Alhambra CA PD, ", b"Alhambra CA PD, FBI, Austin TX PD, "))
    report = raise_alerts(session)
    assert dict(report.created) == {"portal_changed": 1}
    [alert] = session.scalars(select(Alert)).all()
    assert alert.dedupe_key.startswith("portal_changed:snapshot:")
    assert [flag["name"] for flag in alert.facts["changes"]["new_federal"]] == ["FBI"]
    assert [flag["name"] for flag in alert.facts["changes"]["new_out_of_state"]] == ["Austin TX PD"]
    assert "new federal access: FBI" in alert.facts["evidence"]
    assert alert.facts["document_url"] == COSTA_MESA and alert.facts["vendor_name"] == "Flock Safety"
    assert delivered_to(session, "portal_changed") == {"fbi-watch", "california"}
    assert sum(raise_alerts(session).created.values()) == 0


def test_a_federal_award_is_alerted_once_even_when_its_record_is_revised(repo: Repository, session: Session,
                                                                         subscribers: None) -> None:
    source = register_source(repo, {"id": "usaspending:alpr", "name": "USAspending", "state": "US", "kind": "federal",
                                    "platform": "usaspending", "url": "https://api.usaspending.gov/api/v2"})
    url = "https://www.usaspending.gov/award/ASST_NON_15PBJA23GG01234MUMU_015"
    for amount in ("150,000", "175,000"):  # the record is re-fetched with a new amount: the same award
        ingest_document(repo, url=url, body=AWARD.replace("{amount}", amount).encode(), source_id=source.id,
                        kind="procurement_notice", mime="text/plain")
        report = raise_alerts(session)
        assert dict(report.created) == ({"federal_award": 1} if amount == "150,000" else {})
    [alert] = session.scalars(select(Alert)).all()
    assert alert.dedupe_key == f"federal_award:{url}"
    assert (alert.facts["award_id"], alert.facts["total_usd"], alert.facts["document_url"]) == (
        "15PBJA-23-GG-01234-MUMU", 150000.0, url)
    assert delivered_to(session, "federal_award") == {"federal-money"}  # nationwide: no state to match "CA"
