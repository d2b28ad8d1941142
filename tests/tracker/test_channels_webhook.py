"""tracker.channels.webhook: a real POST to 127.0.0.1, its HMAC, and the Slack/Discord shapes."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest

from db.models import Alert
from tracker.channels.base import ChannelError, Outgoing, Recipient
from tracker.channels.testing import webhook_receiver
from tracker.channels.webhook import WebhookChannel, payload, verify
from tracker.digest import Digest, alert_view

NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
SECRET = "hook-secret"
FACTS = {"jurisdiction": "Oakland", "state": "CA", "vendor_name": "Flock Safety", "camera_count": 40,
         "total_usd": 600000, "how_to_comment": "Speak at the meeting <!channel> @everyone",
         "document_url": "https://oakland.gov/agenda.pdf"}


def _outgoing(url: str, secret: str | None = SECRET) -> Outgoing:
    view = alert_view(Alert(id=7, kind="new_contract", dedupe_key="new_contract:oakland:flock",
                            created_at=NOW, facts=FACTS))
    return Outgoing(recipient=Recipient(id=1, name="oakland", channel="webhook", target=url, secret=secret),
                    digest=Digest.of("d", [view], NOW), key="feedbeef", now=NOW)


def test_the_webhook_arrives_once_signed_over_its_exact_body() -> None:
    with webhook_receiver() as receiver:
        WebhookChannel(timeout=5).send(_outgoing(receiver.url))
    [request] = receiver.requests
    headers, body = request.headers, request.body
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-alpr-signature"] == expected and verify(SECRET, body, headers["x-alpr-signature"])
    assert not verify("other", body, headers["x-alpr-signature"]) and not verify(SECRET, body + b" ", expected)
    assert headers["x-alpr-timestamp"] == str(int(NOW.timestamp())) and headers["idempotency-key"] == "feedbeef"
    data = json.loads(body)
    assert data["sent_at"] == NOW.isoformat() and data["digest_id"] == "feedbeef"  # signed with the body
    assert "Flock Safety" in data["text"] and "Flock Safety" in data["content"]
    assert data["allowed_mentions"] == {"parse": []}
    [alert] = data["alerts"]
    assert (alert["dedupe_key"], alert["camera_count"], alert["total_usd"], alert["document_url"]) == (
        "new_contract:oakland:flock", 40, 600000.0, "https://oakland.gov/agenda.pdf")


def test_without_a_secret_there_is_no_signature() -> None:
    with webhook_receiver() as receiver:
        WebhookChannel(timeout=5).send(_outgoing(receiver.url, secret=None))
    assert "x-alpr-signature" not in receiver.requests[0].headers


@pytest.mark.parametrize(("url", "keys"), [
    ("https://hooks.slack.com/services/T0/B0/XYZ", {"text"}),
    ("https://discord.com/api/webhooks/1/abc", {"content", "allowed_mentions"}),
    ("https://example.org/hook", {"text", "content", "allowed_mentions", "alerts", "subscription", "digest_id",
                                  "sent_at"}),
])
def test_the_payload_fits_the_service(url: str, keys: set[str]) -> None:
    data = payload(_outgoing(url))
    assert set(data) == keys
    assert "<!channel>" not in data.get("text", "") and "@everyone" not in data.get("content", "")


def test_an_error_status_is_a_failure_naming_the_host_not_the_url() -> None:
    with webhook_receiver(statuses=[500]) as receiver:
        with pytest.raises(ChannelError) as failed:
            WebhookChannel(timeout=5).send(_outgoing(receiver.url))
    assert str(failed.value) == "webhook 127.0.0.1 answered HTTP 500" and len(receiver.requests) == 1


def test_a_redirect_is_a_failure_not_a_silent_get() -> None:
    with webhook_receiver(statuses=[302]) as receiver:
        with pytest.raises(ChannelError, match="HTTP 302"):
            WebhookChannel(timeout=5).send(_outgoing(receiver.url))


def test_an_unreachable_or_non_http_target_is_a_failure() -> None:
    with webhook_receiver() as receiver:
        url = receiver.url
    with pytest.raises(ChannelError, match="unreachable"):
        WebhookChannel(timeout=5).send(_outgoing(url))
    with pytest.raises(ChannelError, match="not an http"):
        WebhookChannel(timeout=5).send(_outgoing("file:///etc/passwd"))
