"""db.repository: upserts are idempotent and say whether they created, changed or left a row alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Base, Document, Finding, Item, Jurisdiction, Source, Subscription
from db.repository import Repository
from tracker.analysis import models as analysis

OAKLAND = {"id": "ocd-division/country:us/state:ca/place:oakland", "name": "Oakland", "kind": "city", "state": "CA"}
FETCHED = datetime(2026, 3, 1, 12, tzinfo=UTC)
AGENDA = [
    {"number": "1", "title": "Call to order", "text": "Call to order and roll call."},
    {"number": "5.1", "title": "Flock Safety agreement", "text": "Approve 40 license plate reader cameras."},
    {"number": "9", "title": "Adjournment", "text": "Adjourn."},
]


def count(session: Session, model: type[Base]) -> int:
    return session.scalars(select(func.count()).select_from(model)).one()


@pytest.fixture
def source(repo: Repository) -> Source:
    """Oakland's Legistar source."""
    repo.upsert_jurisdiction(**OAKLAND)
    url = "https://webapi.legistar.com/v1/oakland"
    return repo.upsert_source(jurisdiction_id=OAKLAND["id"], platform="legistar", url=url)[0]


@pytest.fixture
def document(repo: Repository, source: Source) -> Document:
    """A stored agenda of a stored meeting."""
    meeting, _ = repo.upsert_meeting(source_id=source.id, external_id="12345", body="City Council")
    document, _ = repo.upsert_document(
        url="https://oakland.legistar.com/View.ashx?M=A&ID=12345", content_sha256="a" * 64, kind="agenda",
        source_id=source.id, meeting_id=meeting.id, fetched_at=FETCHED, text="...",
    )
    return document


def test_upsert_reports_created_then_unchanged_then_changed(repo: Repository, session: Session) -> None:
    created, state = repo.upsert_jurisdiction(**OAKLAND)
    assert state == "created" and created.updated_at is None
    _, state = repo.upsert_jurisdiction(**OAKLAND)
    assert state == "unchanged"
    changed, state = repo.upsert_jurisdiction(**{**OAKLAND, "name": "City of Oakland"})
    assert state == "changed"
    assert changed.name == "City of Oakland" and changed.updated_at is not None
    assert count(session, Jurisdiction) == 1


def test_upsert_keeps_the_columns_it_is_not_given(repo: Repository) -> None:
    repo.upsert_jurisdiction(**OAKLAND, county="Alameda")
    jurisdiction, state = repo.upsert_jurisdiction(**OAKLAND)
    assert state == "unchanged" and jurisdiction.county == "Alameda"


def test_upsert_needs_the_whole_natural_key(repo: Repository) -> None:
    with pytest.raises(ValueError, match="platform"):
        repo.upsert_source(jurisdiction_id=OAKLAND["id"], url="https://example.org")


def test_equal_json_in_another_key_order_is_unchanged(repo: Repository) -> None:
    fields = {"name": "ca", "channel": "atom", "target": "feeds/ca.atom"}
    repo.upsert(Subscription, **fields, filters={"states": ["CA"], "categories": ["alpr"]})
    _, state = repo.upsert(Subscription, **fields, filters={"categories": ["alpr"], "states": ["CA"]})
    assert state == "unchanged"


def test_the_same_instant_in_another_zone_is_unchanged(repo: Repository, source: Source) -> None:
    start = datetime(2026, 3, 3, 17, 30, tzinfo=timezone(timedelta(hours=-8)))
    repo.upsert_meeting(source_id=source.id, external_id="12345", body="City Council", start=start)
    _, state = repo.upsert_meeting(
        source_id=source.id, external_id="12345", body="City Council", start=start.astimezone(UTC)
    )
    assert state == "unchanged"


def test_new_content_at_a_known_url_is_a_new_document(repo: Repository, document: Document, session: Session) -> None:
    newer, state = repo.upsert_document(url=document.url, content_sha256="b" * 64, text="revised", fetched_at=FETCHED)
    assert state == "created" and newer.id != document.id
    stored = session.scalars(select(Document.content_sha256).order_by(Document.id)).all()
    assert stored == ["a" * 64, "b" * 64]


def test_refetching_identical_content_is_unchanged_and_keeps_the_first_fetch_time(
    repo: Repository, document: Document
) -> None:
    again, state = repo.upsert_document(
        url=document.url, content_sha256=document.content_sha256, text="...", fetched_at=FETCHED + timedelta(days=1)
    )
    assert state == "unchanged" and again.fetched_at == FETCHED


def test_reextracted_text_changes_the_document(repo: Repository, document: Document) -> None:
    again, state = repo.upsert_document(url=document.url, content_sha256=document.content_sha256, text="OCR text")
    assert state == "changed" and again.id == document.id and again.text == "OCR text"


def test_replacing_items_with_the_same_items_changes_nothing(repo: Repository, document: Document) -> None:
    first = repo.replace_items(document.id, AGENDA)
    assert [state for _, state in first.items] == ["created"] * 3 and first.changed
    second = repo.replace_items(document.id, AGENDA)
    assert [state for _, state in second.items] == ["unchanged"] * 3 and not second.changed
    assert [item.id for item, _ in second.items] == [item.id for item, _ in first.items]


def test_replacing_items_updates_and_deletes_by_position(
    repo: Repository, document: Document, session: Session
) -> None:
    repo.replace_items(document.id, AGENDA)
    edited = [AGENDA[0], {**AGENDA[1], "text": "Approve 50 license plate reader cameras."}]
    result = repo.replace_items(document.id, edited)
    assert [state for _, state in result.items] == ["unchanged", "changed"] and result.deleted == 1
    stored = session.scalars(select(Item).where(Item.document_id == document.id).order_by(Item.ordinal)).all()
    assert [(item.ordinal, item.text) for item in stored] == [(0, edited[0]["text"]), (1, edited[1]["text"])]


def test_items_belong_to_the_documents_meeting_unless_told_otherwise(repo: Repository, document: Document) -> None:
    result = repo.replace_items(document.id, AGENDA[:1])
    assert result.items[0][0].meeting_id == document.meeting_id


def test_deleting_an_item_deletes_its_finding(repo: Repository, document: Document, session: Session) -> None:
    result = repo.replace_items(document.id, AGENDA)
    repo.save_finding(result.items[2][0].id, Finding.example().to_analysis(), "1")
    repo.replace_items(document.id, AGENDA[:2])
    session.expire_all()
    assert count(session, Finding) == 0


def test_saving_a_finding_is_idempotent_and_replaces_the_earlier_one(
    repo: Repository, document: Document, session: Session
) -> None:
    item = repo.replace_items(document.id, AGENDA).items[1][0]
    analysed = Finding.example().to_analysis()
    stored, state = repo.save_finding(item.id, analysed, "1.0")
    assert state == "created" and stored.vendor == "flock" and stored.total_usd == 600000.0
    assert repo.save_finding(item.id, analysed, "1.0")[1] == "unchanged"
    revised = analysed.model_copy(update={"camera_count": 50})
    stored, state = repo.save_finding(item.id, revised, "1.0")
    assert state == "changed" and stored.camera_count == 50 and stored.to_analysis() == revised
    assert count(session, Finding) == 1


def test_a_not_alpr_finding_is_stored_too(repo: Repository, document: Document) -> None:
    item = repo.replace_items(document.id, AGENDA).items[0][0]
    not_alpr = analysis.Finding(relevant=False, category="not_alpr", confidence=0.99)
    stored, state = repo.save_finding(item.id, not_alpr, "1")
    assert state == "created" and not stored.relevant and stored.vendor is None


def test_source_results_record_the_last_success_and_failure(repo: Repository, source: Source) -> None:
    failed = repo.record_source_result(source.id, ok=False, error="HTTP 503")
    assert failed.last_failure_at is not None and failed.last_error == "HTTP 503" and failed.last_success_at is None
    succeeded = repo.record_source_result(source.id, ok=True)
    assert succeeded.last_success_at is not None and succeeded.last_error is None
    assert succeeded.last_failure_at is not None


def test_list_documents_filters_and_puts_the_newest_first(
    repo: Repository, source: Source, document: Document
) -> None:
    minutes, _ = repo.upsert_document(
        url="https://oakland.legistar.com/View.ashx?M=M&ID=12345", content_sha256="c" * 64, kind="minutes",
        source_id=source.id, fetched_at=FETCHED + timedelta(days=7),
    )
    assert [d.id for d in repo.list_documents()] == [minutes.id, document.id]
    assert [d.id for d in repo.list_documents(kind="agenda")] == [document.id]
    assert [d.id for d in repo.list_documents(meeting_id=document.meeting_id)] == [document.id]
    assert [d.id for d in repo.list_documents(source_id=source.id, limit=1)] == [minutes.id]
    assert repo.list_documents(status="scanned") == []


def test_the_repository_never_commits(repo: Repository, session: Session) -> None:
    repo.upsert_jurisdiction(**OAKLAND)
    session.rollback()
    assert count(session, Jurisdiction) == 0
