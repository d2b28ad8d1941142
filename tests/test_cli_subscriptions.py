"""``alpr-tracker subscribe``, ``subscriptions`` and ``unsubscribe``: filters and one channel, kept by name."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tracker.cli import app


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/subscriptions.sqlite"


def run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--db", db_url])


def listing(db_url: str) -> list[dict]:
    result = run(db_url, "subscriptions", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_subscribe_stores_every_filter_and_resubscribing_replaces_them(db_url: str) -> None:
    result = run(db_url, "subscribe", "--name", "bay-area", "--state", "ca", "--county", "Alameda", "--near",
                 "37.77,-122.42", "--radius-km", "40", "--vendor", "flock", "--kind", "upcoming_vote", "--kind",
                 "new_contract", "--category", "alpr", "--min-amount", "50000", "--keyword", "Falcon",
                 "--email", "me@example.org")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("bay-area: created, email to me@example.org")
    [row] = listing(db_url)
    assert row["filters"] == {"states": ["CA"], "counties": ["Alameda"], "vendors": ["flock"],
                              "near": {"lat": 37.77, "lon": -122.42, "radius_km": 40.0},
                              "kinds": ["upcoming_vote", "new_contract"], "categories": ["alpr"], "min_amount": 50000.0,
                              "keywords": ["Falcon"]}
    assert {k: row[k] for k in ("name", "channel", "target", "signed", "active", "pending", "sent", "failed")} == {
        "name": "bay-area", "channel": "email", "target": "me@example.org", "signed": False, "active": True,
        "pending": 0, "sent": 0, "failed": 0}
    again = run(db_url, "subscribe", "--name", "bay-area", "--jurisdiction",
                "ocd-division/country:us/state:ca/place:oakland", "--webhook", "https://hooks.example.org/alpr",
                "--secret", "s3cret")
    assert again.exit_code == 0 and "bay-area: updated, webhook" in again.output
    [row] = listing(db_url)
    assert row["filters"] == {"jurisdictions": ["ocd-division/country:us/state:ca/place:oakland"]}
    assert (row["channel"], row["signed"]) == ("webhook", True) and "s3cret" not in json.dumps(row)


def test_feed_paths_are_stored_absolute(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(db_url, "subscribe", "--name", "feed", "--atom", "feeds/alpr.xml").exit_code == 0
    calendar = run(db_url, "subscribe", "--name", "calendar", "--ics", "votes.ics", "--kind", "upcoming_vote")
    assert calendar.exit_code == 0
    rows = {row["name"]: row for row in listing(db_url)}
    assert rows["feed"]["target"] == str(tmp_path / "feeds" / "alpr.xml")
    assert (rows["calendar"]["channel"], rows["calendar"]["target"]) == ("ics", str(tmp_path / "votes.ics"))


@pytest.mark.parametrize(("args", "message"), [
    (["--email", "a@example.org", "--webhook", "https://h.example.org"], "exactly one of"),
    ([], "exactly one of"),
    (["--email", "not-an-address"], "not an email address"),
    (["--webhook", "ftp://h.example.org/x"], "http(s) URL"),
    (["--email", "a@example.org", "--secret", "x"], "only a webhook"),
    (["--email", "a@example.org", "--near", "37.7,-122.4"], "go together"),
    (["--email", "a@example.org", "--near", "north", "--radius-km", "5"], "LAT,LON"),
    (["--email", "a@example.org", "--kind", "everything"], "everything"),
    (["--email", "a@example.org", "--min-amount", "-5"], "greater than or equal to 0"),
])
def test_bad_subscriptions_are_refused_and_nothing_is_stored(db_url: str, args: list[str], message: str) -> None:
    result = run(db_url, "subscribe", "--name", "x", *args)
    assert result.exit_code == 2 and message in result.output
    assert listing(db_url) == []


def test_unsubscribe_pauses_and_an_unknown_name_fails(db_url: str) -> None:
    run(db_url, "subscribe", "--name", "mine", "--email", "me@example.org")
    result = run(db_url, "unsubscribe", "mine")
    assert result.exit_code == 0 and result.output == "mine: paused\n"
    assert [row["active"] for row in listing(db_url)] == [False]
    missing = run(db_url, "unsubscribe", "nobody")
    assert missing.exit_code == 1 and "no subscription named 'nobody'" in missing.output
    table = run(db_url, "subscriptions", "--format", "csv")
    assert [row["name"] for row in csv.DictReader(io.StringIO(table.output))] == ["mine"]


SLACK = "https://hooks.slack.com/services/T024BE7LD/B01234567/Zr9XkL2mQ8vT1pWc"


def test_a_webhook_url_is_a_credential_and_never_printed_whole(db_url: str) -> None:
    created = run(db_url, "subscribe", "--name", "slack", "--webhook", SLACK)
    assert created.exit_code == 0, created.output
    assert "T024BE7LD" not in created.output and "Zr9XkL2mQ8vT1pWc" not in created.output
    assert "https://hooks.slack.com/…1pWc" in created.output
    for fmt in ("table", "json", "csv"):
        shown = run(db_url, "subscriptions", "--format", fmt)
        assert shown.exit_code == 0 and "Zr9XkL2mQ8vT1pWc" not in shown.output, shown.output
    [row] = listing(db_url)
    assert row["target"] == "https://hooks.slack.com/…1pWc"


@pytest.mark.parametrize(("flags", "stored"), [
    (["--state", "California", "--state", "or"], {"states": ["CA", "OR"]}),
    (["--vendor", "Flock Safety", "--vendor", "flock group", "--vendor", "Vigilant"],
     {"vendors": ["flock", "motorola"]}),
    (["--jurisdiction", "legistar:oakland"], {"jurisdictions": ["ocd-division/country:us/state:ca/place:oakland"]}),
    (["--jurisdiction", "Knoxville, TN"], {"jurisdictions": ["ocd-division/country:us/state:tn/place:knoxville"]}),
    (["--county", "Knox County"], {"counties": ["Knox County"]}),
])
def test_filter_values_are_read_as_the_tracker_knows_them(db_url: str, flags: list[str], stored: dict) -> None:
    """What `sources list` shows and what people type (names, aliases) is stored in the form alerts carry."""
    result = run(db_url, "subscribe", "--name", "watch", *flags, "--email", "me@example.org")
    assert result.exit_code == 0, result.output
    [row] = listing(db_url)
    assert row["filters"] == stored


@pytest.mark.parametrize(("flags", "said"), [
    (["--state", "Californa"], "unknown state 'Californa' (did you mean 'California'"),
    (["--vendor", "flok"], "unknown vendor 'flok' (did you mean 'flock'"),
    (["--jurisdiction", "civicplus:nowhere-zz"], "unknown jurisdiction 'civicplus:nowhere-zz'"),
    (["--jurisdiction", "Knoxville"], "names 2 places"),  # Knoxville TN and Knoxville IA
    (["--county", "Atlantis"], "no known jurisdiction lies in county 'Atlantis'"),
])
def test_a_value_that_would_match_nothing_is_refused_with_what_it_might_mean(db_url: str, flags: list[str],
                                                                            said: str) -> None:
    result = run(db_url, "subscribe", "--name", "watch", *flags, "--email", "me@example.org")
    assert result.exit_code == 2, result.output
    assert said in " ".join(result.output.split()), result.output
    assert listing(db_url) == []
