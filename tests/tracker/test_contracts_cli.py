"""``alpr-tracker contracts``: each contract with its status, terms, events and their documents."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from db.engine import make_engine, session_factory
from db.migrate import upgrade
from db.repository import Repository
from tracker.cli import app
from tracker.contracts.timeline import add_months
from tracker.ingest import ingest_document
from tracker.sources import register_source

AGENDA = b"""CITY COUNCIL AGENDA
1. CALL TO ORDER
2. Approve a three-year agreement with Motorola Solutions for Vigilant automated license plate reader cameras,
twenty (20) cameras, in an amount not to exceed $180,000. (File No. 25-0311)
"""
MINUTES = b"""CITY COUNCIL MINUTES
1. CALL TO ORDER
2. Agreement with Motorola Solutions for Vigilant license plate reader cameras (File No. 25-0311).
Motion carried 3-2.
"""
#: A month ago, so that the three-year term is running whenever the test runs (linking uses today's date).
DAY = dt.datetime.combine(dt.date.today() - dt.timedelta(days=30), dt.time(18), tzinfo=dt.UTC)
VOTED, ENDS = DAY.date().isoformat(), add_months(DAY.date(), 36).isoformat()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """Rivertown's agenda and minutes of one meeting, stored as a crawl stores them."""
    url = f"sqlite:///{tmp_path}/contracts.sqlite"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        repo = Repository(session)
        source = register_source(repo, {"id": "granicus:rivertown-or", "name": "Rivertown", "state": "OR",
                                        "platform": "granicus", "url": "https://rivertown.granicus.com"})
        meeting, _ = repo.upsert_meeting(source_id=source.id, external_id="812", body="City Council", start=DAY)
        for kind, body in (("agenda", AGENDA), ("minutes", MINUTES)):
            ingest_document(repo, url=f"https://rivertown.granicus.com/{kind}/812.txt", body=body, source_id=source.id,
                            meeting_id=meeting.id, kind=kind, mime="text/plain", meeting_date=DAY.date())
    engine.dispose()
    return url


def contracts(db_url: str, *args: str) -> Result:
    result = CliRunner().invoke(app, ["contracts", *args, "--db", db_url])
    assert result.exit_code == 0, result.output
    return result


def test_link_then_list_as_json_with_events_and_evidence(db_url: str) -> None:
    assert json.loads(contracts(db_url, "--format", "json").stdout) == []  # nothing linked yet
    [contract] = json.loads(contracts(db_url, "--link", "--format", "json").stdout)
    assert {k: contract[k] for k in ("jurisdiction", "state", "vendor", "agreement_key", "status", "camera_count",
                                     "total_usd", "term_months", "start_date", "end_date")} == {
        "jurisdiction": "Rivertown", "state": "OR", "vendor": "motorola", "agreement_key": "file:25-0311",
        "status": "approved", "camera_count": 20, "total_usd": 180000.0, "term_months": 36,
        "start_date": VOTED, "end_date": ENDS}
    assert [(e["kind"], e["occurred_on"], e["document_url"]) for e in contract["events"]] == [
        ("proposed", VOTED, "https://rivertown.granicus.com/agenda/812.txt"),
        ("approved", VOTED, "https://rivertown.granicus.com/minutes/812.txt")]
    assert contract["field_evidence"]["status"]["text"] == "Motion carried 3-2."
    assert contract["field_evidence"]["total_usd"]["url"] == "https://rivertown.granicus.com/agenda/812.txt"


def test_filters_and_csv(db_url: str) -> None:
    contracts(db_url, "--link")
    assert json.loads(contracts(db_url, "--state", "ca", "--format", "json").stdout) == []
    assert len(json.loads(contracts(db_url, "--state", "or", "--vendor", "motorola", "--format", "json").stdout)) == 1
    assert json.loads(contracts(db_url, "--status", "proposed", "--format", "json").stdout) == []
    [row] = csv.DictReader(io.StringIO(contracts(db_url, "--format", "csv").stdout))
    assert (row["vendor"], row["status"], row["timeline"]) == ("motorola", "approved",
                                                              f"proposed {VOTED}; approved {VOTED}")


def test_filters_read_names_and_aliases_and_refuse_what_would_list_nothing(db_url: str) -> None:
    contracts(db_url, "--link")
    for flags in (["--state", "Oregon"], ["--vendor", "Vigilant"], ["--vendor", "Motorola Solutions (Vigilant)"],
                  ["--status", "APPROVED"], ["--jurisdiction", "granicus:rivertown-or"], ["--jurisdiction", "Rivertown"]):
        assert len(json.loads(contracts(db_url, *flags, "--format", "json").stdout)) == 1, flags
    for flags, said in ((["--state", "Oregn"], "did you mean 'Oregon'"), (["--vendor", "motorolla"], "'motorola'"),
                        (["--status", "aproved"], "did you mean 'approved'"),
                        (["--jurisdiction", "Rivertwn"], "unknown jurisdiction 'Rivertwn'")):
        result = CliRunner().invoke(app, ["contracts", *flags, "--db", db_url])
        assert result.exit_code == 2 and said in " ".join(result.output.split()), (flags, result.output)


def test_listing_reads_events_without_loading_document_texts(db_url: str) -> None:
    """A state's contracts must not read every document's full text: only the event columns are selected."""
    from sqlalchemy import event

    from tracker.contracts.listing import contract_listing

    contracts(db_url, "--link")
    engine = make_engine(db_url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with session_factory(engine)() as session:
        [row] = contract_listing(session, state="OR")
    engine.dispose()
    assert [e["document_url"] for e in row["events"]] == [
        "https://rivertown.granicus.com/agenda/812.txt", "https://rivertown.granicus.com/minutes/812.txt"]
    assert statements and not [sql for sql in statements if "documents.text" in sql]
