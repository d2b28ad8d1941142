"""tracker.channels.email: settings from environment or file, and a real SMTP exchange on 127.0.0.1."""

from __future__ import annotations

import base64
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db.models import Alert
from tracker.channels.base import ChannelError, Outgoing, Recipient
from tracker.channels.email import EmailChannel, SmtpSettings, load_smtp_settings, message_id
from tracker.channels.testing import smtp_sink
from tracker.digest import Digest, alert_view

NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
PASSWORD = "s3cret-Pa55word"
FACTS = {"jurisdiction": "Oakland", "state": "CA", "vendor_name": "Flock <script>alert(1)</script> Safety",
         "camera_count": 40, "total_usd": 600000, "term_months": 24, "status": "proposed",
         "meeting_start": "2026-03-03T17:30:00-08:00", "document_url": "https://oakland.gov/agenda.pdf"}


def _outgoing(target: str = "Watcher <watcher@example.org>") -> Outgoing:
    view = alert_view(Alert(id=7, kind="upcoming_vote", dedupe_key="upcoming_vote:oakland:5.1",
                            created_at=NOW, facts=FACTS))
    return Outgoing(recipient=Recipient(id=1, name="oakland", channel="email", target=target, secret=None),
                    digest=Digest.of("ALPR alerts: Flock Safety in Oakland, CA", [view], NOW), key="0123abcd", now=NOW)


def _settings(port: int, **overrides: object) -> SmtpSettings:
    values = {"host": "127.0.0.1", "port": port, "from": "tracker@alpr.example", "starttls": False,
              "user": "tracker", "password": PASSWORD, "timeout": 5, **overrides}
    return SmtpSettings.model_validate(values)


def test_settings_come_from_the_environment_over_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "smtp.toml"
    config.write_text('[smtp]\nhost = "mail.example.org"\nport = 2525\nfrom = "a@example.org"\n'
                      f'password = "{PASSWORD}"\nstarttls = false\n', encoding="utf-8")
    settings = load_smtp_settings({"ALPR_SMTP_CONFIG": str(config), "ALPR_SMTP_PORT": "587",
                                   "ALPR_SMTP_USER": "bot", "ALPR_SMTP_STARTTLS": "true"})
    assert (settings.host, settings.port, settings.user, settings.sender, settings.starttls) == (
        "mail.example.org", 587, "bot", "a@example.org", True)
    assert settings.password is not None and settings.password.get_secret_value() == PASSWORD
    assert PASSWORD not in repr(settings) and PASSWORD not in str(settings)


def test_missing_or_invalid_settings_are_reported_without_the_password() -> None:
    with pytest.raises(ChannelError, match="ALPR_SMTP_HOST"):
        load_smtp_settings({"ALPR_SMTP_PASSWORD": PASSWORD})
    with pytest.raises(ChannelError, match="port") as invalid:
        load_smtp_settings({"ALPR_SMTP_HOST": "h", "ALPR_SMTP_FROM": "a@b.c", "ALPR_SMTP_PORT": PASSWORD,
                            "ALPR_SMTP_PASSWORD": PASSWORD})
    assert PASSWORD not in str(invalid.value)


def test_the_digest_arrives_once_as_multipart_text_and_escaped_html() -> None:
    with smtp_sink(credentials=("tracker", PASSWORD)) as sink:
        EmailChannel(lambda: _settings(sink.port)).send(_outgoing())
    [mail] = sink.messages
    assert mail.sender == "tracker@alpr.example" and mail.recipients == ["watcher@example.org"]
    message = mail.message
    assert message.get_content_type() == "multipart/alternative"
    assert message["Message-ID"] == message_id("0123abcd", "tracker@alpr.example") == "<digest.0123abcd@alpr.example>"
    assert message["Subject"] == "ALPR alerts: Flock Safety in Oakland, CA (1 alert: Oakland, CA)"
    assert message["Auto-Submitted"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for fact in ("Flock <script>alert(1)</script> Safety", "Cameras: 40", "Amount: $600,000", "Term: 24 months",
                 "Status: proposed", "Vote: Tue, Mar 3, 2026, 17:30 UTC-08:00", "https://oakland.gov/agenda.pdf"):
        assert fact in text, fact
    assert "<script" not in html and "Flock &lt;script&gt;alert(1)&lt;/script&gt; Safety" in html
    assert '<a href="https://oakland.gov/agenda.pdf">' in html and "$600,000" in html


def test_every_digest_says_how_to_stop_it() -> None:
    with smtp_sink(credentials=("tracker", PASSWORD)) as sink:
        EmailChannel(lambda: _settings(sink.port, **{"from": "ALPR Watch <tracker@alpr.example>"})).send(_outgoing())
    message = sink.messages[0].message
    assert message["List-Unsubscribe"] == "<mailto:tracker@alpr.example?subject=unsubscribe%20oakland>"
    assert 'reply with "unsubscribe oakland"' in message.get_body(("plain",)).get_content()
    assert "reply with &quot;unsubscribe oakland&quot;" in message.get_body(("html",)).get_content()


def test_a_rejected_login_is_an_error_that_does_not_show_the_password() -> None:
    with smtp_sink(credentials=("tracker", "another-password")) as sink:
        with pytest.raises(ChannelError, match="SMTPAuthenticationError") as rejected:
            EmailChannel(lambda: _settings(sink.port)).send(_outgoing())
    assert sink.messages == [] and PASSWORD not in str(rejected.value)


def test_starttls_refused_by_the_server_is_an_error() -> None:
    with smtp_sink() as sink:
        with pytest.raises(ChannelError, match=r"(?i)starttls"):
            EmailChannel(lambda: _settings(sink.port, starttls=True, user=None)).send(_outgoing())
    assert sink.messages == []


def test_an_unreachable_server_is_an_error() -> None:
    with smtp_sink() as sink:
        port = sink.port
    with pytest.raises(ChannelError, match=f"127.0.0.1:{port}"):
        EmailChannel(lambda: _settings(port, user=None)).send(_outgoing())


def _echoing_server(mechanism: str):
    """An SMTP server (raw socket, 127.0.0.1) that refuses every login and echoes the client's line back,
    as misconfigured real servers do: the base64 credentials land in the error message."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        connection, _ = listener.accept()
        with connection, connection.makefile("rb") as lines:
            connection.sendall(b"220 echo ESMTP\r\n")
            for raw in lines:
                line = raw.decode().strip()
                if line.upper().startswith(("EHLO", "HELO")):
                    connection.sendall(f"250-echo\r\n250 AUTH {mechanism}\r\n".encode())
                elif line.upper() == "AUTH LOGIN" or line.upper().startswith("AUTH LOGIN "):
                    connection.sendall(b"334 UGFzc3dvcmQ6\r\n")
                elif line.upper() == "QUIT":
                    connection.sendall(b"221 bye\r\n")
                    return
                else:
                    connection.sendall(f"535 5.7.8 authentication failed for: {line}\r\n".encode())

    threading.Thread(target=serve, daemon=True).start()
    return listener


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_a_server_echoing_the_login_never_puts_the_password_in_the_error(mechanism: str) -> None:
    listener = _echoing_server(mechanism)
    with listener, pytest.raises(ChannelError) as failed:
        EmailChannel(lambda: _settings(listener.getsockname()[1])).send(_outgoing())
    message = str(failed.value)
    assert "authentication failed" in message and "**********" in message
    for form in (PASSWORD, base64.b64encode(PASSWORD.encode()).decode(),
                 base64.b64encode(f"\0tracker\0{PASSWORD}".encode()).decode()):
        assert form not in message
