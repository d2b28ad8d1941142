"""tracker.alerts.raise_alerts: each event becomes one alert, with one pending delivery per matching subscription.

The agenda and minutes are hand-made in the shape of a small California city's, ingested for real (text,
items, analysis) and linked into contracts before alerting, as the main job does.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from db.engine import session_factory
from db.models import Alert, Delivery, Meeting, Subscription
from db.repository import Repository
from tracker.alerts import Near, SubscriptionFilters, raise_alerts, subscribe
from tracker.contracts import link_contracts
from tracker.ingest import ingest_document
from tracker.sources import register_source

AGENDA = b"""CITY OF MILLBROOK
REGULAR CITY COUNCIL MEETING AGENDA
Tuesday, March 3, 2026 - 6:00 PM

PUBLIC COMMENT: Members of the public may address the Council on any item. Written comments may be
submitted by email to cityclerk@millbrook.gov by 3:00 PM on the day of the meeting, or through eComment
at https://millbrook.example.gov/ecomment.

1. CALL TO ORDER
2. CONSENT CALENDAR
2.1 Approve the minutes of the February 17, 2026 regular meeting.
2.2 Adopt Resolution No. 2026-14 authorizing the City Manager to execute a two-year agreement with
Flock Group Inc. for forty (40) Falcon automated license plate reader cameras in an amount not to exceed
$600,000. (File No. 26-0112)
3. ADJOURNMENT
"""

MINUTES = b"""CITY OF MILLBROOK
MINUTES OF THE REGULAR CITY COUNCIL MEETING

1. CALL TO ORDER
2. CONSENT CALENDAR
2.2 Resolution No. 2026-14: agreement with Flock Group Inc. for forty (40) automated license plate reader
cameras, not to exceed $600,000. (File No. 26-0112)
AYES: Ortiz, Lee, Park, Nguyen. NOES: Chen. Motion carried 4-1.
3. ADJOURNMENT
"""

MILLBROOK = "ocd-division/country:us/state:ca/county:san_mateo/place:millbrook"
MEETING = dt.datetime(2026, 3, 3, 18, tzinfo=dt.UTC)
BEFORE = dt.datetime(2026, 2, 20, 9, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
#: Subscriptions that match the Millbrook item, and those that must not.
MATCHING = {"california": SubscriptionFilters(states=["CA"], kinds=["upcoming_vote"]),
            "bay-area": SubscriptionFilters(near=Near(lat=37.77, lon=-122.42, radius_km=40)),
            "big-flock": SubscriptionFilters(vendors=["flock"], min_amount=500_000),
            "falcon": SubscriptionFilters(keywords=["Falcon"], counties=["San Mateo"])}
NOT_MATCHING = {"texas": SubscriptionFilters(states=["TX"]),
                "new-york": SubscriptionFilters(near=Near(lat=40.71, lon=-74.0, radius_km=100)),
                "millions": SubscriptionFilters(min_amount=1_000_000),
                "motorola": SubscriptionFilters(vendors=["motorola"]),
                "facial": SubscriptionFilters(keywords=["facial recognition"]),
                "portals-only": SubscriptionFilters(kinds=["portal_changed"])}


def _subscribe_everyone(session: Session) -> None:
    for name, filters in {**MATCHING, **NOT_MATCHING}.items():
        subscribe(session, name=name, filters=filters, channel="webhook", target=f"https://hooks.example.org/{name}")
    subscribe(session, name="paused", filters=SubscriptionFilters(), channel="email", target="paused@example.org")
    session.scalars(select(Subscription).where(Subscription.name == "paused")).one().active = False


@pytest.fixture
def meeting(repo: Repository, session: Session) -> Meeting:
    """Millbrook (San Mateo County) with its March council meeting, its agenda ingested, and the subscribers."""
    source = register_source(repo, {"id": "civicplus:millbrook-ca", "name": "Millbrook", "state": "CA",
                                    "platform": "civicplus", "url": "https://millbrook.example.gov/AgendaCenter",
                                    "lat": 37.6, "lon": -122.1,
                                    "ocd_id": MILLBROOK})
    meeting, _ = repo.upsert_meeting(source_id=source.id, external_id="2026-03-03", body="City Council",
                                     start=MEETING, url="https://millbrook.example.gov/AgendaCenter/2026-03-03")
    ingest(repo, meeting, "agenda", AGENDA)
    _subscribe_everyone(session)
    session.commit()
    return meeting


def ingest(repo: Repository, meeting: Meeting, kind: str, body: bytes) -> None:
    ingest_document(repo, url=f"https://millbrook.example.gov/{kind}-2026-03-03.txt", body=body,
                    source_id=meeting.source_id, meeting_id=meeting.id, kind=kind, mime="text/plain",
                    meeting_date=MEETING.date())


def deliveries(session: Session, kind: str) -> dict[str, tuple[str, int]]:
    rows = session.execute(select(Subscription.name, Delivery.status, Delivery.attempts)
                           .join(Delivery, Delivery.subscription_id == Subscription.id)
                           .join(Alert, Delivery.alert_id == Alert.id).where(Alert.kind == kind))
    return {name: (status, attempts) for name, status, attempts in rows}


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_an_upcoming_vote_is_one_alert_delivered_to_each_matching_subscription(session: Session,
                                                                             meeting: Meeting) -> None:
    link_contracts(session, today=BEFORE.date())
    report = raise_alerts(session, now=BEFORE)
    session.commit()
    assert dict(report.created) == {"upcoming_vote": 1, "new_contract": 1}
    [vote] = session.scalars(select(Alert).where(Alert.kind == "upcoming_vote")).all()
    assert vote.dedupe_key == "upcoming_vote:civicplus:millbrook-ca:2026-03-03:file:26-0112"
    facts = vote.facts
    assert {k: facts[k] for k in ("jurisdiction", "state", "body", "meeting_date", "item_number", "vendor_name",
                                  "camera_count", "total_usd", "term_months", "document_url")} == {
        "jurisdiction": "Millbrook", "state": "CA", "body": "City Council", "meeting_date": "2026-03-03",
        "item_number": "2.2", "vendor_name": "Flock Safety", "camera_count": 40, "total_usd": 600000.0,
        "term_months": 24, "document_url": "https://millbrook.example.gov/agenda-2026-03-03.txt"}
    assert dt.datetime.fromisoformat(facts["meeting_start"]) == MEETING  # the same instant, in local time
    assert facts["meeting_start"].endswith("-08:00") and "Flock Group Inc." in facts["evidence"]
    assert facts["status"] == "on the agenda"
    assert "cityclerk@millbrook.gov" in facts["how_to_comment"]
    assert (facts["comment_emails"], facts["comment_urls"]) == (["cityclerk@millbrook.gov"],
                                                                ["https://millbrook.example.gov/ecomment"])
    assert vote.contract_id is not None and vote.finding_id == facts["finding_id"]
    assert deliveries(session, "upcoming_vote") == {name: ("pending", 0) for name in MATCHING}
    # "california" only wants upcoming votes; the others take the new contract too.
    assert set(deliveries(session, "new_contract")) == set(MATCHING) - {"california"}


def test_running_again_creates_nothing(session: Session, meeting: Meeting) -> None:
    link_contracts(session, today=BEFORE.date())
    raise_alerts(session, now=BEFORE)
    session.commit()
    alerts, queued = count(session, Alert), count(session, Delivery)
    assert link_contracts(session, today=BEFORE.date()).linked == 0
    again = raise_alerts(session, now=BEFORE)
    session.commit()
    assert (again.offered, sum(again.created.values()), again.deliveries) == (1, 0, 0)
    assert (count(session, Alert), count(session, Delivery)) == (alerts, queued)


def test_minutes_approving_it_change_the_contract_and_vote_no_more(repo: Repository, session: Session,
                                                                   meeting: Meeting) -> None:
    link_contracts(session, today=BEFORE.date())
    raise_alerts(session, now=BEFORE)
    ingest(repo, meeting, "minutes", MINUTES)
    link_contracts(session, today=AFTER.date())
    report = raise_alerts(session, now=AFTER)
    assert dict(report.created) == {"contract_changed": 1}  # the meeting is past: no upcoming vote any more
    [changed] = session.scalars(select(Alert).where(Alert.kind == "contract_changed")).all()
    assert changed.dedupe_key == f"contract_changed:{MILLBROOK}:flock:file:26-0112:1"
    changes = changed.facts["changes"]
    assert changes["status"]["before"] == "proposed" and changes["status"]["after"] == "approved"
    assert changes["status"]["evidence"]["text"] == "Motion carried 4-1."
    assert changes["end_date"] == {"after": "2028-03-02", "evidence": changes["end_date"]["evidence"]}
    assert changed.facts["document_url"] == "https://millbrook.example.gov/minutes-2026-03-03.txt"
    assert set(deliveries(session, "contract_changed")) == set(MATCHING) - {"california"}
    assert sum(raise_alerts(session, now=AFTER).created.values()) == 0


STAFF_REPORT = b"""CITY OF MILLBROOK STAFF REPORT
SUBJECT: Agreement with Flock Group Inc. for automated license plate reader cameras (File No. 26-0112)
RECOMMENDATION: Adopt the resolution authorizing a two-year agreement for forty (40) cameras.
"""
VAGUE_AGENDA = b"""SAMPLE COUNTY BOARD OF SUPERVISORS AGENDA
1. Approval of the consent calendar.
2. Sheriff's Office public safety technology agreement.
"""
COUNTY_REPORT = b"""SAMPLE COUNTY STAFF REPORT
SUBJECT: Sole source purchase of Vigilant Solutions license plate recognition cameras for the Sheriff's Office
RECOMMENDATION: Execute a three (3) year agreement with Motorola Solutions, Inc. for twelve (12) automated
license plate recognition (ALPR) cameras in a total amount not to exceed $125,400.
"""


def test_a_staff_report_is_the_vote_only_when_the_agenda_does_not_show_it(repo: Repository, session: Session,
                                                                          meeting: Meeting) -> None:
    ingest(repo, meeting, "staff_report", STAFF_REPORT)  # the agenda already shows this item
    county = register_source(repo, {"id": "legistar:sample-county-ca", "name": "Sample County", "state": "CA",
                                    "kind": "county", "platform": "legistar",
                                    "url": "https://webapi.legistar.com/v1/samplecounty"})
    board, _ = repo.upsert_meeting(source_id=county.id, external_id="9001", body="Board of Supervisors", start=MEETING)
    for kind, body in (("agenda", VAGUE_AGENDA), ("staff_report", COUNTY_REPORT)):
        ingest_document(repo, url=f"https://samplecounty.example.gov/{kind}.txt", body=body, source_id=county.id,
                        meeting_id=board.id, kind=kind, mime="text/plain", meeting_date=MEETING.date())
    raise_alerts(session, now=BEFORE)
    votes = session.execute(select(Alert.dedupe_key, Alert.facts).where(Alert.kind == "upcoming_vote")
                            .order_by(Alert.dedupe_key)).all()
    assert [key for key, _ in votes] == ["upcoming_vote:civicplus:millbrook-ca:2026-03-03:file:26-0112",
                                         "upcoming_vote:legistar:sample-county-ca:9001:vendor:motorola"]
    county_vote = votes[1].facts
    assert (county_vote["document_kind"], county_vote["body"], county_vote["total_usd"]) == (
        "staff_report", "Board of Supervisors", 125400.0)


def test_an_agenda_read_after_its_meeting_is_no_upcoming_vote(session: Session, meeting: Meeting) -> None:
    link_contracts(session, today=AFTER.date())
    report = raise_alerts(session, now=AFTER)
    assert dict(report.created) == {"new_contract": 1}


def _blocked(engine: Engine) -> Callable[[], bool]:
    """Whether another connection is waiting for a lock (PostgreSQL can tell; SQLite cannot, so wait)."""
    if engine.dialect.name != "postgresql":
        return lambda: (time.sleep(0.5), True)[1]

    def waiting() -> bool:
        with engine.connect() as connection:
            return bool(connection.scalar(text("SELECT count(*) FROM pg_stat_activity "
                                               "WHERE wait_event_type = 'Lock' AND datname = current_database()")))
    return waiting


def test_a_run_overlapping_an_uncommitted_one_creates_nothing_twice(engine: Engine, meeting: Meeting) -> None:
    factory = session_factory(engine)
    with factory.begin() as session:
        link_contracts(session, today=BEFORE.date())
    first = factory()
    report = raise_alerts(first, now=BEFORE)  # inserted, not committed: the second run cannot see it
    second: list[object] = []

    def overlapping() -> None:
        with factory.begin() as session:
            second.append(raise_alerts(session, now=BEFORE))

    thread = threading.Thread(target=overlapping)
    thread.start()
    blocked = _blocked(engine)
    deadline = time.monotonic() + 10
    while not blocked() and time.monotonic() < deadline:
        time.sleep(0.05)
    first.commit()
    first.close()
    thread.join(30)
    assert not thread.is_alive()
    [late] = second
    assert sum(report.created.values()) == 2 and sum(late.created.values()) == 0 and late.deliveries == 0
    with factory() as session:
        assert count(session, Alert) == 2
        assert count(session, Delivery) == report.deliveries == len(MATCHING) * 2 - 1


def test_two_simultaneous_runs_create_each_alert_and_delivery_once(engine: Engine, meeting: Meeting) -> None:
    factory = session_factory(engine)
    start = threading.Barrier(2)
    reports: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait(5)
            with factory.begin() as session:
                link_contracts(session, today=BEFORE.date())
                reports.append(raise_alerts(session, now=BEFORE))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(sum(r.created.values()) for r in reports) in ([0, 2], [1, 1])
    with factory() as session:
        assert sorted(session.scalars(select(Alert.kind))) == ["new_contract", "upcoming_vote"]
        assert count(session, Delivery) == len(MATCHING) * 2 - 1
        assert deliveries(session, "upcoming_vote") == {name: ("pending", 0) for name in MATCHING}
