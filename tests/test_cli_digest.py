"""``alpr-tracker digest``: previews in every format, and ``--send`` with its summary and exit status."""

from __future__ import annotations

import email
import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import cast

import pytest
from typer.testing import CliRunner

from db.engine import make_engine, session_factory
from db.models import Alert, Delivery, Subscription
from db.types import utcnow
from tracker.channels.testing import smtp_sink
from tracker.cli import app
from tracker.digest.atom import ATOM_NS

PASSWORD = "never-print-me"
VOTE = {"jurisdiction": "Oakland", "state": "CA", "vendor_name": "Flock <script>x</script> Safety",
        "meeting_start": "2026-03-03T17:30:00-08:00", "camera_count": 40, "total_usd": 600000, "term_months": 24,
        "document_url": "https://oakland.gov/agenda.pdf"}


def _seed(db_url: str, feed: Path) -> None:
    engine = make_engine(db_url)
    now = utcnow()
    with session_factory(engine).begin() as session:
        vote = Alert(kind="upcoming_vote", dedupe_key="upcoming_vote:oakland:5.1", facts=VOTE,
                     created_at=now - timedelta(hours=2))
        old = Alert(kind="new_contract", dedupe_key="new_contract:austin:1", created_at=now - timedelta(days=30),
                    facts={"jurisdiction": "Austin", "state": "TX", "vendor_name": "Motorola", "total_usd": 72000})
        feed_subscription = Subscription(name="oakland-feed", channel="atom", target=str(feed))
        mail = Subscription(name="oakland-mail", channel="email", target="watcher@example.org")
        session.add_all([Delivery(alert=vote, subscription=feed_subscription),
                         Delivery(alert=old, subscription=feed_subscription, status="sent", sent_at=now, attempts=1),
                         Delivery(alert=vote, subscription=mail)])
    engine.dispose()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["digest", *args])
    return result.exit_code, result.output


def _flat(output: str) -> str:
    """An error message without the box Rich draws around it."""
    return " ".join(output.replace("│", " ").split())


def test_json_and_text_previews_of_the_last_week(db_url: str, tmp_path: Path) -> None:
    _seed(db_url, tmp_path / "feed.xml")
    code, output = _run("--db", db_url, "--format", "json")
    assert code == 0, output
    [alert] = json.loads(output)  # the 30-day-old alert is outside the default week
    assert (alert["kind"], alert["jurisdiction"], alert["camera_count"], alert["total_usd"], alert["term_months"]) == (
        "upcoming_vote", "Oakland", 40, 600000.0, 24)
    code, output = _run("--db", db_url, "--since", "2000-01-01", "--format", "json")
    assert code == 0 and [a["jurisdiction"] for a in json.loads(output)] == ["Oakland", "Austin"]  # CA before TX
    code, text = _run("--db", db_url)
    assert code == 0 and "== Oakland, CA ==" in text and "Vendor: Flock <script>x</script> Safety" in text
    assert "Amount: $600,000" in text and "Austin" not in text


def test_a_subscription_preview_shows_what_its_next_send_would(db_url: str, tmp_path: Path) -> None:
    _seed(db_url, tmp_path / "feed.xml")
    code, output = _run("--db", db_url, "--subscription", "oakland-feed", "--format", "json")
    assert code == 0 and [a["dedupe_key"] for a in json.loads(output)] == ["upcoming_vote:oakland:5.1"]
    code, output = _run("--db", db_url, "--subscription", "oakland-feed", "--since", "2000-01-01T00:00:00Z",
                        "--format", "json")
    assert code == 0 and len(json.loads(output)) == 2
    code, output = _run("--db", db_url, "--subscription", "nobody")
    assert code == 2 and "no subscription named 'nobody'" in _flat(output)


def test_email_atom_and_ics_previews(db_url: str, tmp_path: Path) -> None:
    _seed(db_url, tmp_path / "feed.xml")
    code, output = _run("--db", db_url, "--subscription", "oakland-mail", "--format", "email")
    assert code == 0, output
    message = cast(EmailMessage, email.message_from_string(output, policy=default_policy))
    assert message["To"] == "watcher@example.org" and message.get_content_type() == "multipart/alternative"
    html = message.get_body(("html",)).get_content()
    assert "Flock &lt;script&gt;x&lt;/script&gt; Safety" in html and "<script" not in html
    code, output = _run("--db", db_url, "--format", "atom")
    assert code == 0 and len(ET.fromstring(output.encode()).findall(f"{{{ATOM_NS}}}entry")) == 1
    code, output = _run("--db", db_url, "--format", "ics")
    assert code == 0 and output.startswith("BEGIN:VCALENDAR") and output.count("BEGIN:VEVENT") == 1
    code, output = _run("--db", db_url, "--since", "yesterday")
    assert code == 2 and "not an ISO date" in _flat(output)


def test_send_delivers_and_reports_and_never_prints_the_smtp_password(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    feed = tmp_path / "feed.xml"
    _seed(db_url, feed)
    with smtp_sink(credentials=("tracker", "the-right-one")) as sink:
        for name, value in {"HOST": sink.host, "PORT": str(sink.port), "FROM": "t@alpr.example", "STARTTLS": "0",
                            "USER": "tracker", "PASSWORD": PASSWORD}.items():
            monkeypatch.setenv(f"ALPR_SMTP_{name}", value)
        code, output = _run("--db", db_url, "--send", "--format", "json")
    assert code == 1 and PASSWORD not in output and PASSWORD not in caplog.text
    assert "SMTPAuthenticationError" in caplog.text  # the failure is logged, the password is not
    reports = {r["subscription"]: r for r in json.loads(output)}
    assert reports["oakland-feed"]["sent"] == 1 and reports["oakland-mail"]["retrying"] == 1
    assert "SMTPAuthenticationError" in reports["oakland-mail"]["errors"][0] and sink.messages == []
    root = ET.parse(feed).getroot()
    assert len(root.findall(f"{{{ATOM_NS}}}entry")) == 2  # the new alert and the one sent before
    code, output = _run("--db", db_url, "--send", "--subscription", "oakland-feed")
    assert code == 0 and output == "oakland-feed (atom): sent 0 alerts in 0 digests\n"
    code, output = _run("--db", db_url, "--send", "--format", "atom")
    assert code == 2 and "use --format text or json" in _flat(output)
