"""``alpr-tracker contracts --link`` then ``alerts --flag``: a vote coming up, flagged once per subscriber."""

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
from tracker.ingest import ingest_document
from tracker.sources import register_source

#: The meeting is two weeks from today, so the item is an upcoming vote whenever the test runs.
MEETING = dt.datetime.combine(dt.date.today() + dt.timedelta(days=14), dt.time(18), tzinfo=dt.UTC)
AGENDA = f"""CITY OF MILLBROOK - CITY COUNCIL AGENDA - {MEETING:%B %d, %Y}

Written comments may be submitted through eComment at https://millbrook.example.gov/ecomment.

1. CALL TO ORDER
2. Approve a two-year agreement with Flock Group Inc. for twelve (12) automated license plate reader
cameras in an amount not to exceed $72,000. (File No. 26-0200)
3. ADJOURNMENT
""".encode()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """Millbrook's upcoming council agenda, ingested as a crawl would."""
    url = f"sqlite:///{tmp_path}/alerts.sqlite"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        repo = Repository(session)
        source = register_source(repo, {"id": "civicplus:millbrook-ca", "name": "Millbrook", "state": "CA",
                                        "platform": "civicplus", "url": "https://millbrook.example.gov/AgendaCenter"})
        meeting, _ = repo.upsert_meeting(source_id=source.id, external_id="next", body="City Council", start=MEETING)
        ingest_document(repo, url="https://millbrook.example.gov/agenda.txt", body=AGENDA, source_id=source.id,
                        meeting_id=meeting.id, kind="agenda", mime="text/plain", meeting_date=MEETING.date())
    engine.dispose()
    return url


def run(db_url: str, *args: str) -> Result:
    result = CliRunner().invoke(app, [*args, "--db", db_url])
    assert result.exit_code == 0, result.output
    return result


def alerts(db_url: str, *args: str) -> list[dict]:
    return json.loads(run(db_url, "alerts", "--format", "json", *args).stdout)


def test_flagging_queues_each_alert_for_matching_subscriptions_once(db_url: str) -> None:
    run(db_url, "subscribe", "--name", "california", "--state", "CA", "--email", "ca@example.org")
    run(db_url, "subscribe", "--name", "texas", "--state", "TX", "--email", "tx@example.org")
    linked = run(db_url, "contracts", "--link", "--format", "json")
    assert "contracts created: 1" in linked.stderr and len(json.loads(linked.stdout)) == 1
    flagged = alerts(db_url, "--flag")
    assert [a["kind"] for a in flagged] == ["new_contract", "upcoming_vote"]  # newest (last created) first
    vote = next(a for a in flagged if a["kind"] == "upcoming_vote")
    assert vote["facts"]["meeting_date"] == MEETING.date().isoformat() and vote["facts"]["item_number"] == "2"
    assert vote["facts"]["comment_urls"] == ["https://millbrook.example.gov/ecomment"] and vote["created_at"]
    assert [(d["subscription"], d["status"], d["attempts"]) for d in vote["deliveries"]] == [
        ("california", "pending", 0)]
    assert alerts(db_url, "--flag") == flagged  # nothing new the second time
    assert [a["kind"] for a in alerts(db_url, "--kind", "upcoming_vote")] == ["upcoming_vote"]
    assert alerts(db_url, "--subscription", "texas") == []
    assert len(alerts(db_url, "--subscription", "california")) == 2
    assert alerts(db_url, "--since", (dt.date.today() + dt.timedelta(days=1)).isoformat()) == []
    rows = list(csv.DictReader(io.StringIO(run(db_url, "alerts", "--format", "csv").stdout)))
    assert [(r["kind"], r["jurisdiction"], r["delivery_summary"]) for r in rows] == [
        ("new_contract", "Millbrook", "california: pending"), ("upcoming_vote", "Millbrook", "california: pending")]


def test_a_bad_since_is_refused(db_url: str) -> None:
    result = CliRunner().invoke(app, ["alerts", "--since", "last tuesday", "--db", db_url])
    assert result.exit_code == 2 and "not an ISO date" in result.output
