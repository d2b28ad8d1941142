"""tracker.portals.store: one snapshot per version of a portal, with its flags and changes, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import func, select

from db.models import PortalSnapshot
from db.repository import Repository
from tracker.portals.store import NOT_A_PORTAL, portal_listing, store_portal_snapshot
from tracker.sources import register_source

PORTALS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "flock_transparency"
COSTA_MESA = (PORTALS / "costa-mesa-ca-pd.html").read_bytes()
URL = "https://transparency.flocksafety.com/costa-mesa-ca-pd"


def source(repo: Repository, slug: str = "costa-mesa-ca-pd", state: str | None = "CA") -> int:
    entry = {"id": f"flock_transparency:{slug}", "name": slug, "state": state, "platform": "flock_transparency",
             "url": f"https://transparency.flocksafety.com/{slug}"}
    return register_source(repo, entry).id


def store(repo: Repository, source_id: int, body: bytes, url: str = URL):
    document, _ = repo.upsert_document(url=url, content_sha256=hashlib.sha256(body).hexdigest(),
                                       source_id=source_id, kind="portal_page")
    return store_portal_snapshot(repo, source_id, document, body)


def edit(body: bytes, old: str, new: str) -> bytes:
    assert body.count(old.encode()) == 1
    return body.replace(old.encode(), new.encode())


def count(repo: Repository) -> int:
    return repo.session.scalar(select(func.count()).select_from(PortalSnapshot))


def test_the_first_snapshot_holds_the_page_and_a_second_identical_one_is_not_stored(repo: Repository) -> None:
    source_id = source(repo)
    snapshot, state = store(repo, source_id, COSTA_MESA)
    assert state == "created" and snapshot.sequence == 1
    assert (snapshot.retention_days, snapshot.camera_count, snapshot.searches_30d) == (365, 46, 519)
    assert len(snapshot.organizations) == 350 and snapshot.flagged == []
    assert snapshot.changes == {"first_snapshot": True}
    assert snapshot.fields["Hotlists Alerted On"] == "California SVS, NCMEC Amber Alert"
    assert snapshot.details["origin"] == "html"
    again, state = store(repo, source_id, COSTA_MESA)
    assert (again.id, state) == (snapshot.id, "unchanged")
    restamped = edit(COSTA_MESA, "2026-01-25T08:26:10.577Z", "2026-01-26T08:26:10.577Z")
    assert store(repo, source_id, restamped) == (snapshot, "unchanged")  # only "Last Updated" moved
    assert count(repo) == 1


def test_a_changed_page_is_a_new_version_with_its_changes_and_flags(repo: Repository) -> None:
    source_id = source(repo)
    first, _ = store(repo, source_id, COSTA_MESA)
    changed = edit(edit(COSTA_MESA, "365 days", "30 days"), "Alhambra CA PD, ", "Alhambra CA PD, ICE ERO Phoenix AZ, ")
    second, state = store(repo, source_id, changed)
    assert (state, second.sequence, second.document_id != first.document_id) == ("created", 2, True)
    assert second.changes["retention_days"] == {"before": 365, "after": 30}
    assert second.changes["organizations_added"] == ["ICE ERO Phoenix AZ"]
    new_flags = second.changes["new_federal"] + second.changes["new_out_of_state"]
    assert [(flag["reason"], flag["state"]) for flag in new_flags] == [("federal", "AZ"), ("out_of_state", "AZ")]
    assert [flag["reason"] for flag in second.flagged] == ["federal", "out_of_state"]
    # Back to the first content: a third version, not the first one again.
    third, state = store(repo, source_id, COSTA_MESA)
    assert (state, third.sequence, third.id != first.id) == ("created", 3, True)
    assert third.changes["organizations_removed"] == ["ICE ERO Phoenix AZ"]
    assert count(repo) == 3


def test_a_page_without_portal_facts_stores_no_snapshot_and_says_why(repo: Repository) -> None:
    source_id = source(repo)
    snapshot, state = store(repo, source_id, b"<html><body><h1>Page not found</h1></body></html>")
    assert (snapshot, state) == (None, "unchanged")
    [document] = repo.list_documents(source_id=source_id)
    assert (document.status, document.error) == ("unsupported", NOT_A_PORTAL)
    assert count(repo) == 0


def test_without_a_registry_state_the_agency_name_gives_the_home_state(repo: Repository) -> None:
    source_id = source(repo, state=None)
    snapshot, _ = store(repo, source_id, edit(COSTA_MESA, "Alhambra CA PD, ", "Alhambra CA PD, Reno NV PD, "))
    assert [(flag["name"], flag["reason"], flag["state"]) for flag in snapshot.flagged] == [
        ("Reno NV PD", "out_of_state", "NV")]


def test_the_listing_has_the_latest_snapshot_of_each_portal(repo: Repository) -> None:
    costa_mesa = source(repo)
    buena_park = source(repo, "buena-park-ca-pd")
    store(repo, costa_mesa, COSTA_MESA)
    store(repo, costa_mesa, edit(COSTA_MESA, "Alhambra CA PD, ", "Alhambra CA PD, FBI, "))
    store(repo, buena_park, (PORTALS / "buena-park-ca-pd.html").read_bytes(),
          url="https://transparency.flocksafety.com/buena-park-ca-pd")
    rows = portal_listing(repo.session)
    assert [(row["source"], row["snapshot"]) for row in rows] == [
        ("flock_transparency:buena-park-ca-pd", 1), ("flock_transparency:costa-mesa-ca-pd", 2)]
    buena, costa = rows
    assert (buena["retention_days"], buena["camera_count"], buena["organization_count"]) == (30, 13, 317)
    assert buena["search_audit"]["searches"] == 837
    assert costa["flagged_organizations"] == [{"name": "FBI", "reason": "federal", "state": None,
                                               "detail": "Federal Bureau of Investigation",
                                               "law": "Cal. Civ. Code § 1798.90.55(b) (SB 34, 2015)"}]
    assert (costa["federal_count"], costa["out_of_state_count"]) == (1, 0)
    assert [row["source"] for row in portal_listing(repo.session, flagged_only=True)] == [costa["source"]]
    assert [row["snapshot"] for row in portal_listing(repo.session, source_key=buena["source"])] == [1]
