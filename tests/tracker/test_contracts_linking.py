"""tracker.contracts.link_contracts: agendas, minutes and amendments of one city become one contract.

The documents are hand-made in the shape of a small California city's council agenda and minutes, and go
through the real ingestion (text extraction, item splitting, analysis) before linking.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Contract, ContractEvent, Item, Meeting, Source
from db.repository import Repository
from tracker.contracts import contract_listing, link_contracts
from tracker.ingest import ingest_document
from tracker.sources import register_source

AGENDA = b"""CITY OF MILLBROOK
REGULAR CITY COUNCIL MEETING AGENDA
Tuesday, March 3, 2026 - 6:00 PM

PUBLIC COMMENT: Members of the public may address the Council on any item. Written comments may be
submitted by email to cityclerk@millbrook.gov by 3:00 PM on the day of the meeting.

1. CALL TO ORDER
2. CONSENT CALENDAR
2.1 Approve the minutes of the February 17, 2026 regular meeting.
2.2 Adopt Resolution No. 2026-14 authorizing the City Manager to execute a two-year agreement with
Flock Group Inc. for forty (40) Falcon automated license plate reader cameras in an amount not to exceed
$600,000. Data will be retained for 30 days. (File No. 26-0112)
3. PUBLIC HEARINGS
3.1 Adopt an ordinance amending the zoning code for accessory dwelling units.
4. ADJOURNMENT
"""

MINUTES = b"""CITY OF MILLBROOK
MINUTES OF THE REGULAR CITY COUNCIL MEETING
March 3, 2026

1. CALL TO ORDER
The meeting was called to order at 6:02 PM.
2. CONSENT CALENDAR
2.1 Approve the minutes of the February 17, 2026 regular meeting.
Motion carried 5-0.
2.2 Resolution No. 2026-14: agreement with Flock Group Inc. for forty (40) automated license plate reader
cameras, not to exceed $600,000. (File No. 26-0112)
Motion by Councilmember Ortiz, second by Councilmember Lee, to adopt Resolution No. 2026-14.
AYES: Ortiz, Lee, Park, Nguyen. NOES: Chen. Motion carried 4-1.
4. ADJOURNMENT
"""

AMENDMENT = b"""CITY OF MILLBROOK
REGULAR CITY COUNCIL MEETING AGENDA
Tuesday, September 15, 2026 - 6:00 PM

1. CALL TO ORDER
2. CONSENT CALENDAR
2.1 Approve Amendment No. 1 to the agreement with Flock Group Inc. approved by Resolution No. 2026-14,
adding ten (10) additional license plate reader cameras for an additional $90,000, for a total not to
exceed $690,000.
3. ADJOURNMENT
"""

AMENDMENT_MINUTES = b"""CITY OF MILLBROOK
MINUTES OF THE REGULAR CITY COUNCIL MEETING
September 15, 2026

1. CALL TO ORDER
2. CONSENT CALENDAR
Motion by Councilmember Park, second by Councilmember Lee, to approve the Consent Calendar.
Motion carried 5-0.
2.1 Amendment No. 1 to the Flock Group Inc. license plate reader agreement (Resolution No. 2026-14),
adding ten (10) cameras.
3. ADJOURNMENT
"""

MARCH = dt.datetime(2026, 3, 3, 18, tzinfo=dt.UTC)
SEPTEMBER = dt.datetime(2026, 9, 15, 18, tzinfo=dt.UTC)
BEFORE = dt.date(2026, 2, 20)
LATER = dt.date(2026, 11, 1)


def add_meeting(repo: Repository, source: Source, external_id: str, start: dt.datetime) -> Meeting:
    meeting, _ = repo.upsert_meeting(source_id=source.id, external_id=external_id, body="City Council", start=start)
    return meeting


def ingest(repo: Repository, meeting: Meeting, kind: str, name: str, body: bytes) -> None:
    assert meeting.start is not None
    result = ingest_document(repo, url=f"https://millbrook.example.gov/{name}.txt", body=body,
                             source_id=meeting.source_id, meeting_id=meeting.id, kind=kind, mime="text/plain",
                             meeting_date=meeting.start.date())
    assert result.relevant >= 1


@pytest.fixture
def city(repo: Repository) -> tuple[Meeting, Meeting]:
    """Millbrook's CivicPlus source with its March and September council meetings."""
    source = register_source(repo, {"id": "civicplus:millbrook-ca", "name": "Millbrook", "state": "CA",
                                    "platform": "civicplus", "url": "https://millbrook.example.gov/AgendaCenter",
                                    "lat": 37.6, "lon": -122.1})
    return add_meeting(repo, source, "2026-03-03", MARCH), add_meeting(repo, source, "2026-09-15", SEPTEMBER)


def only_contract(session: Session) -> dict[str, Any]:
    [contract] = contract_listing(session)
    return contract


def test_an_agenda_item_is_a_proposed_contract_whose_fields_point_at_the_agenda(
        repo: Repository, session: Session, city: tuple[Meeting, Meeting]) -> None:
    ingest(repo, city[0], "agenda", "agenda-2026-03-03", AGENDA)
    report = link_contracts(session, today=BEFORE)
    assert (report.findings, report.linked, report.contracts_created) == (1, 1, 1)
    contract = only_contract(session)
    assert {k: contract[k] for k in ("vendor", "agreement_key", "status", "products", "camera_count", "total_usd",
                                     "term_months", "retention_days", "start_date")} == {
        "vendor": "flock", "agreement_key": "file:26-0112", "status": "proposed", "products": ["Falcon"],
        "camera_count": 40, "total_usd": 600000.0, "term_months": 24, "retention_days": 30, "start_date": None}
    [event] = contract["events"]
    assert (event["kind"], event["occurred_on"], event["item_number"]) == ("proposed", dt.date(2026, 3, 3), "2.2")
    item = session.get_one(Item, event["item_id"])
    for field in ("vendor", "camera_count", "total_usd", "term_months", "retention_days", "products", "status"):
        evidence = contract["field_evidence"][field]
        assert (evidence["url"], evidence["item_id"], evidence["document_id"]) == (
            "https://millbrook.example.gov/agenda-2026-03-03.txt", item.id, item.document_id)
        assert " ".join(evidence["text"].split()) in " ".join(item.text.split())
    assert "not to exceed $600,000" in contract["field_evidence"]["total_usd"]["text"]
    assert contract["field_evidence"]["retention_days"]["text"] == "Data will be retained for 30 days."


def test_minutes_approve_it_and_an_amendment_adds_cameras_and_money(
        repo: Repository, session: Session, city: tuple[Meeting, Meeting]) -> None:
    march, september = city
    steps = [(march, "agenda", AGENDA, "proposed"), (march, "minutes", MINUTES, "approved"),
             (september, "agenda", AMENDMENT, "approved"), (september, "minutes", AMENDMENT_MINUTES, "amended")]
    for n, (meeting, kind, body, status) in enumerate(steps):
        ingest(repo, meeting, kind, f"{kind}-{n}", body)
        link_contracts(session, today=LATER)
        assert only_contract(session)["status"] == status
    contract = only_contract(session)
    assert [(e["kind"], e["occurred_on"], e["document_kind"]) for e in contract["events"]] == [
        ("proposed", dt.date(2026, 3, 3), "agenda"), ("approved", dt.date(2026, 3, 3), "minutes"),
        ("amendment_proposed", dt.date(2026, 9, 15), "agenda"), ("amended", dt.date(2026, 9, 15), "minutes")]
    assert {k: contract[k] for k in ("camera_count", "total_usd", "term_months", "start_date", "end_date")} == {
        "camera_count": 50, "total_usd": 690000.0, "term_months": 24, "start_date": dt.date(2026, 3, 3),
        "end_date": dt.date(2028, 3, 2)}
    evidence = contract["field_evidence"]
    # The amendment passed with the consent calendar: the vote is in the section heading, not in the item.
    assert evidence["status"]["url"].endswith("minutes-3.txt") and evidence["status"]["text"] == "Motion carried 5-0."
    assert evidence["start_date"]["url"].endswith("minutes-1.txt") and "4-1" in evidence["start_date"]["text"]
    assert "for a total not to exceed $690,000" in evidence["total_usd"]["text"]


def test_linking_everything_at_once_gives_the_same_contract(
        repo: Repository, session: Session, city: tuple[Meeting, Meeting]) -> None:
    march, september = city
    # Arriving in reverse order changes nothing: the timeline is sorted by meeting date.
    arrivals = [(september, "minutes", AMENDMENT_MINUTES), (september, "agenda", AMENDMENT),
                (march, "minutes", MINUTES), (march, "agenda", AGENDA)]
    for n, (meeting, kind, body) in enumerate(arrivals):
        ingest(repo, meeting, kind, f"{kind}-{n}", body)
    report = link_contracts(session, today=LATER)
    assert (report.linked, report.contracts_created, report.contracts_changed) == (4, 1, 0)
    contract = only_contract(session)
    assert (contract["status"], contract["camera_count"], contract["total_usd"]) == ("amended", 50, 690000.0)
    assert [e["kind"] for e in contract["events"]] == ["proposed", "approved", "amendment_proposed", "amended"]


def _rows(session: Session) -> list[tuple[Any, ...]]:
    contracts = [(c.id, c.status, c.camera_count, c.total_usd, c.field_evidence, c.updated_at)
                 for c in session.scalars(select(Contract).order_by(Contract.id))]
    events = [(e.id, e.contract_id, e.finding_id, e.kind, e.updated_at)
              for e in session.scalars(select(ContractEvent).order_by(ContractEvent.id))]
    return [*contracts, *events]


def test_linking_again_changes_nothing(repo: Repository, session: Session, city: tuple[Meeting, Meeting]) -> None:
    ingest(repo, city[0], "agenda", "agenda", AGENDA)
    ingest(repo, city[0], "minutes", "minutes", MINUTES)
    link_contracts(session, today=LATER)
    session.commit()
    before = _rows(session)
    again = link_contracts(session, today=LATER)
    assert (again.findings, again.linked, again.contracts_created, again.contracts_changed) == (0, 0, 0, 0)
    session.commit()
    session.expire_all()
    assert _rows(session) == before


def test_a_contract_whose_term_has_ended_is_expired(repo: Repository, session: Session,
                                                    city: tuple[Meeting, Meeting]) -> None:
    ingest(repo, city[0], "agenda", "agenda", AGENDA)
    ingest(repo, city[0], "minutes", "minutes", MINUTES)
    link_contracts(session, today=LATER)
    report = link_contracts(session, today=dt.date(2028, 3, 3))
    assert (report.linked, report.contracts_changed) == (0, 1)
    contract = only_contract(session)
    assert contract["status"] == "expired" and contract["end_date"] == dt.date(2028, 3, 2)
    assert contract["field_evidence"]["status"] == contract["field_evidence"]["end_date"]


TWO_ITEMS = b"""CITY OF MILLBROOK
REGULAR CITY COUNCIL MEETING AGENDA

1. CONSENT CALENDAR
1.1 Approve Agreement No. 2026-031 with Flock Group Inc. for twelve (12) automated license plate reader
cameras at city parks in an amount not to exceed $36,000.
1.2 Approve Agreement No. 2026-032 with Flock Group Inc. for four (4) license plate reader trailers for the
Police Department in an amount not to exceed $52,000.
"""

REJECTED = b"""CITY OF MILLBROOK
MINUTES OF THE REGULAR CITY COUNCIL MEETING

1. CONSENT CALENDAR
1.1 Agreement No. 2026-031 with Flock Group Inc. for automated license plate reader cameras at city parks.
Motion to approve failed 2-3.
1.2 Agreement No. 2026-032 with Flock Group Inc. for license plate reader trailers.
Motion carried 5-0.
"""


def test_two_agreements_at_one_meeting_stay_apart_and_each_gets_its_own_vote(
        repo: Repository, session: Session, city: tuple[Meeting, Meeting]) -> None:
    ingest(repo, city[0], "agenda", "agenda", TWO_ITEMS)
    ingest(repo, city[0], "minutes", "minutes", REJECTED)
    link_contracts(session, today=LATER)
    contracts = {c["agreement_key"]: c for c in contract_listing(session)}
    assert sorted(contracts) == ["contract:2026-031", "contract:2026-032"]
    parks, trailers = contracts["contract:2026-031"], contracts["contract:2026-032"]
    assert (parks["status"], parks["camera_count"], parks["total_usd"]) == ("rejected", 12, 36000.0)
    assert (trailers["status"], trailers["camera_count"], trailers["total_usd"]) == ("approved", 4, 52000.0)
    assert trailers["agency"] == "Police Department"
    assert [e["kind"] for e in parks["events"]] == ["proposed", "rejected"]


def test_a_document_of_no_known_jurisdiction_is_not_linked(repo: Repository, session: Session) -> None:
    ingest_document(repo, url="https://example.org/agenda.txt", body=AGENDA, source_id=None, mime="text/plain")
    report = link_contracts(session, today=BEFORE)
    assert (report.findings, report.unplaced, report.linked) == (1, 1, 0)
    assert contract_listing(session) == []
