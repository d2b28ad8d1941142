"""tracker.channels.outbox: every pending delivery reaches its receiver once, through failures and kills.

The receivers are real: an SMTP server and an HTTP endpoint on 127.0.0.1, and files on disk.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_factory
from db.models import Alert, Contract, Delivery, Jurisdiction, Subscription
from tracker.channels import Channel, Outgoing, RetryPolicy, default_channels, deliver_pending
from tracker.channels.testing import SmtpSink, WebhookReceiver, smtp_sink, webhook_receiver
from tracker.channels.webhook import verify
from tracker.digest.atom import ATOM_NS

T = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
SECRET = "hook-secret"
SUBSCRIPTIONS = ("a-mail", "b-hook", "c-feed", "d-votes")


class SimulatedKill(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no ``except Exception`` catches it."""


@dataclass
class Setup:
    factory: sessionmaker[Session]
    smtp: SmtpSink
    hook: WebhookReceiver
    feed: Path
    calendar: Path


def _alert(session: Session, number: int, kind: str, **facts: object) -> Alert:
    alert = Alert(kind=kind, dedupe_key=f"{kind}:oakland:{number}", created_at=T - timedelta(hours=10 - number),
                  facts={"jurisdiction": "Oakland", "state": "CA", "document_url": f"https://oakland.gov/{number}.pdf",
                         **facts})
    session.add(alert)
    return alert


def _flag(factory: sessionmaker[Session], number: int, kind: str = "new_contract", **facts: object) -> None:
    """What tracker.alerts does: an alert and a pending delivery per subscription, in one transaction."""
    with factory.begin() as session:
        alert = _alert(session, number, kind, **facts)
        for subscription in session.scalars(select(Subscription)):
            session.add(Delivery(alert=alert, subscription=subscription))


@pytest.fixture
def setup(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    factory = session_factory(engine)
    with smtp_sink() as smtp, webhook_receiver() as hook:
        for name, value in {"HOST": smtp.host, "PORT": str(smtp.port), "FROM": "tracker@alpr.example",
                            "STARTTLS": "false"}.items():
            monkeypatch.setenv(f"ALPR_SMTP_{name}", value)
        feed, calendar = tmp_path / "feeds" / "oakland.xml", tmp_path / "votes.ics"
        with factory.begin() as session:
            oakland = Jurisdiction(id="ocd-division/country:us/state:ca/place:oakland", name="Oakland", kind="city",
                                   state="CA")
            session.add(Contract(jurisdiction=oakland, vendor="flock", agreement_key="reso-1", camera_count=40))
            session.add_all([
                Subscription(name="a-mail", channel="email", target="watcher@example.org",
                             filters={"vendors": ["flock"], "jurisdictions": [oakland.id], "kinds": ["upcoming_vote"]}),
                Subscription(name="b-hook", channel="webhook", target=hook.url, secret=SECRET),
                Subscription(name="c-feed", channel="atom", target=str(feed)),
                Subscription(name="d-votes", channel="ics", target=str(calendar)),
                Subscription(name="e-paused", channel="webhook", target=hook.url, active=False),
            ])
        _flag(factory, 1, "upcoming_vote", vendor_name="Flock Safety", meeting_start="2026-03-03T17:30:00-08:00",
              camera_count=40, total_usd=600000, term_months=24, status="proposed")
        _flag(factory, 2, "new_contract", vendor_name="Flock Safety", total_usd=72000)
        yield Setup(factory, smtp, hook, feed, calendar)


def _deliveries(factory: sessionmaker[Session]) -> dict[tuple[str, str], Delivery]:
    with factory() as session:
        rows = session.execute(select(Delivery, Subscription.name, Alert.dedupe_key)
                               .join(Subscription, Delivery.subscription_id == Subscription.id)
                               .join(Alert, Delivery.alert_id == Alert.id)).all()
    return {(name, key): delivery for delivery, name, key in rows}


def _statuses(factory: sessionmaker[Session]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for (name, _), delivery in _deliveries(factory).items():
        found.setdefault(name, set()).add(delivery.status)
    return found


def _entries(feed: Path) -> list[str]:
    return [e.findtext(f"{{{ATOM_NS}}}id") or "" for e in ET.parse(feed).getroot().iter(f"{{{ATOM_NS}}}entry")]


def test_each_subscription_gets_one_digest_and_a_second_run_sends_nothing(setup: Setup) -> None:
    reports = deliver_pending(setup.factory, now=T)
    assert [(r.subscription, r.digests, r.sent, r.errors) for r in reports] == [
        (name, 1, 2, []) for name in SUBSCRIPTIONS]  # the paused subscription is left alone
    [mail] = setup.smtp.messages
    title = "ALPR alerts (upcoming votes): Flock Safety in Oakland, CA"  # from the filters, not "a-mail"
    assert mail.message["Subject"] == f"{title} (2 alerts: Oakland, CA)"
    assert mail.message["List-Unsubscribe"] == "<mailto:tracker@alpr.example?subject=unsubscribe%20a-mail>"
    text = mail.message.get_body(("plain",)).get_content()
    assert text.splitlines()[:2] == [title, "2 alerts: Oakland, CA"] and 'reply with "unsubscribe a-mail"' in text
    assert "== Oakland, CA ==" in text and "Amount: $600,000" in text and "Amount: $72,000" in text
    assert "Cameras: 40" in text and "https://oakland.gov/1.pdf" in text
    [request] = setup.hook.requests
    assert verify(SECRET, request.body, request.headers["x-alpr-signature"])
    assert [a["dedupe_key"] for a in json.loads(request.body)["alerts"]] == ["upcoming_vote:oakland:1",
                                                                            "new_contract:oakland:2"]
    assert _entries(setup.feed) == ["urn:alpr-tracker:alert:new_contract:oakland:2",
                                    "urn:alpr-tracker:alert:upcoming_vote:oakland:1"]
    assert setup.calendar.read_bytes().count(b"BEGIN:VEVENT") == 1
    deliveries = _deliveries(setup.factory)
    assert {(d.status, d.attempts, d.sent_at, d.error) for (name, _), d in deliveries.items()
            if name != "e-paused"} == {("sent", 1, T, None)}
    assert {d.status for (name, _), d in deliveries.items() if name == "e-paused"} == {"pending"}

    feed_bytes = setup.feed.read_bytes()
    again = deliver_pending(setup.factory, now=T + timedelta(days=1))
    assert [(r.digests, r.sent) for r in again] == [(0, 0)] * 4
    assert len(setup.smtp.messages) == 1 and len(setup.hook.requests) == 1 and setup.feed.read_bytes() == feed_bytes


def test_a_new_alert_is_sent_alone_and_the_files_keep_the_earlier_ones(setup: Setup) -> None:
    deliver_pending(setup.factory, now=T)
    _flag(setup.factory, 3, "upcoming_vote", meeting_date="2026-04-01", vendor_name="Motorola")
    deliver_pending(setup.factory, now=T + timedelta(hours=1))
    assert [a["dedupe_key"] for a in json.loads(setup.hook.requests[1].body)["alerts"]] == ["upcoming_vote:oakland:3"]
    second_mail = setup.smtp.messages[1].message.get_body(("plain",)).get_content()
    assert "Motorola" in second_mail and "$600,000" not in second_mail
    assert len(_entries(setup.feed)) == 3 and setup.calendar.read_bytes().count(b"BEGIN:VEVENT") == 2
    assert setup.smtp.messages[0].message["Message-ID"] != setup.smtp.messages[1].message["Message-ID"]


def test_a_failed_send_is_stored_and_retried_after_its_backoff(setup: Setup) -> None:
    setup.hook.statuses.append(503)
    reports = {r.subscription: r for r in deliver_pending(setup.factory, now=T)}
    assert reports["b-hook"].retrying == 2 and reports["b-hook"].errors == ["webhook 127.0.0.1 answered HTTP 503"]
    assert all(reports[name].sent == 2 for name in ("a-mail", "c-feed", "d-votes"))  # the others went out
    hook = [d for (name, _), d in _deliveries(setup.factory).items() if name == "b-hook"]
    assert {(d.status, d.attempts, d.error) for d in hook} == {("pending", 1, "webhook 127.0.0.1 answered HTTP 503")}

    assert deliver_pending(setup.factory, now=T + timedelta(minutes=5), subscription="b-hook")[0].sent == 0
    assert len(setup.hook.requests) == 1  # still backing off (and within the lease)
    assert deliver_pending(setup.factory, now=T + timedelta(minutes=16), subscription="b-hook")[0].sent == 2
    assert len(setup.hook.requests) == 2 and _statuses(setup.factory)["b-hook"] == {"sent"}
    assert setup.hook.requests[0].headers["idempotency-key"] == setup.hook.requests[1].headers["idempotency-key"]


def test_after_the_last_attempt_a_delivery_is_failed_for_good(setup: Setup) -> None:
    setup.hook.statuses.extend([500, 500, 500])
    policy = RetryPolicy(max_attempts=2)
    deliver_pending(setup.factory, now=T, subscription="b-hook", policy=policy)
    [report] = deliver_pending(setup.factory, now=T + timedelta(hours=1), subscription="b-hook", policy=policy)
    assert (report.sent, report.retrying, report.failed) == (0, 0, 2)
    [later] = deliver_pending(setup.factory, now=T + timedelta(days=2), subscription="b-hook", policy=policy)
    assert later.failed == later.sent == 0
    assert len(setup.hook.requests) == 2 and _statuses(setup.factory)["b-hook"] == {"failed"}


class _KillOn:
    """Wraps a channel: kills the run at one subscription's send, before or after the receiver gets it."""

    def __init__(self, channel: Channel, subscription: str, after_send: bool = False) -> None:
        self.channel, self.subscription, self.after_send = channel, subscription, after_send
        self.wants_history = channel.wants_history

    def send(self, outgoing: Outgoing) -> None:
        if outgoing.recipient.name == self.subscription and not self.after_send:
            raise SimulatedKill
        self.channel.send(outgoing)
        if outgoing.recipient.name == self.subscription:
            raise SimulatedKill


def test_a_kill_before_the_send_leaves_that_batch_to_a_later_run_and_nothing_twice(setup: Setup) -> None:
    channels = default_channels()
    with pytest.raises(SimulatedKill):
        deliver_pending(setup.factory, now=T, channels={**channels, "webhook": _KillOn(channels["webhook"], "b-hook")})
    assert _statuses(setup.factory) == {"a-mail": {"sent"}, "b-hook": {"pending"}, "c-feed": {"pending"},
                                        "d-votes": {"pending"}, "e-paused": {"pending"}}
    # The next run, inside the dead run's lease: everyone else is served, the claimed batch waits.
    reports = {r.subscription: r.sent for r in deliver_pending(setup.factory, now=T + timedelta(minutes=1))}
    assert reports == {"a-mail": 0, "b-hook": 0, "c-feed": 2, "d-votes": 2}
    # After the lease: the batch goes out.
    assert deliver_pending(setup.factory, now=T + timedelta(minutes=16), subscription="b-hook")[0].sent == 2
    assert len(setup.smtp.messages) == 1 and len(setup.hook.requests) == 1
    assert _statuses(setup.factory)["b-hook"] == {"sent"}
    assert {d.attempts for (name, _), d in _deliveries(setup.factory).items() if name == "b-hook"} == {2}


def test_a_kill_after_the_send_resends_once_with_the_same_idempotency_key(setup: Setup) -> None:
    channels = default_channels()
    killer = {**channels, "webhook": _KillOn(channels["webhook"], "b-hook", after_send=True)}
    with pytest.raises(SimulatedKill):
        deliver_pending(setup.factory, now=T, subscription="b-hook", channels=killer)
    assert deliver_pending(setup.factory, now=T + timedelta(minutes=1), subscription="b-hook")[0].sent == 0
    _flag(setup.factory, 3)  # news meanwhile: it must not change the resent batch
    [report] = deliver_pending(setup.factory, now=T + timedelta(minutes=16), subscription="b-hook")
    assert (report.digests, report.sent) == (2, 3)
    first, resent, news = setup.hook.requests
    assert first.headers["idempotency-key"] == resent.headers["idempotency-key"]  # the receiver can drop it
    assert json.loads(first.body)["alerts"] == json.loads(resent.body)["alerts"]
    assert [a["dedupe_key"] for a in json.loads(news.body)["alerts"]] == ["new_contract:oakland:3"]


def test_a_batch_that_keeps_killing_the_run_is_given_up_and_news_still_goes_out(setup: Setup) -> None:
    channels, policy = default_channels(), RetryPolicy(max_attempts=1)
    with pytest.raises(SimulatedKill):
        deliver_pending(setup.factory, now=T, subscription="b-hook", policy=policy,
                        channels={**channels, "webhook": _KillOn(channels["webhook"], "b-hook")})
    _flag(setup.factory, 3)
    [report] = deliver_pending(setup.factory, now=T + timedelta(minutes=16), subscription="b-hook", policy=policy)
    assert (report.failed, report.sent) == (2, 1)
    hook = {key: d for (name, key), d in _deliveries(setup.factory).items() if name == "b-hook"}
    vote = hook["upcoming_vote:oakland:1"]
    assert vote.status == "failed" and vote.error == "gave up after 1 attempts that never finished"
    assert hook["new_contract:oakland:3"].status == "sent" and len(setup.hook.requests) == 1


def test_a_run_never_takes_deliveries_another_run_holds(setup: Setup) -> None:
    nested: list[int] = []

    class Reentrant:
        """While this run holds the claim, a second run starts (as a second scheduler process would)."""

        wants_history = False

        def send(self, outgoing: Outgoing) -> None:
            nested.extend(r.sent for r in deliver_pending(setup.factory, now=T, subscription="b-hook"))

    [report] = deliver_pending(setup.factory, now=T, subscription="b-hook", channels={"webhook": Reentrant()})
    assert nested == [0] and report.sent == 2 and setup.hook.requests == []


def test_of_two_runs_that_read_the_same_rows_only_one_claims_them(setup: Setup) -> None:
    channels = default_channels()
    killer = {**channels, "webhook": _KillOn(channels["webhook"], "b-hook")}
    interleaved: list[bool] = []

    class Interleaving(RetryPolicy):
        """Between this run's read and its claim, another run claims the same rows (and then dies)."""

        def due(self, attempts: int, touched: datetime | None, now: datetime) -> bool:
            if not interleaved:
                interleaved.append(True)
                with pytest.raises(SimulatedKill):
                    deliver_pending(setup.factory, now=now, subscription="b-hook", channels=killer)
            return super().due(attempts, touched, now)

    [report] = deliver_pending(setup.factory, now=T, subscription="b-hook", policy=Interleaving())
    assert (report.digests, report.sent) == (0, 0) and setup.hook.requests == []
    assert {d.attempts for (name, _), d in _deliveries(setup.factory).items() if name == "b-hook"} == {1}


def test_a_large_backlog_goes_out_in_batches(setup: Setup) -> None:
    for number in range(3, 8):
        _flag(setup.factory, number)
    [report] = deliver_pending(setup.factory, now=T, subscription="b-hook", policy=RetryPolicy(batch_size=3))
    assert (report.digests, report.sent) == (3, 7)
    assert [len(json.loads(r.body)["alerts"]) for r in setup.hook.requests] == [3, 3, 1]


def test_an_unknown_or_paused_subscription_name_is_refused(setup: Setup) -> None:
    for name in ("nobody", "e-paused"):
        with pytest.raises(LookupError):
            deliver_pending(setup.factory, now=T, subscription=name)
