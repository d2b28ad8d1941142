"""Real receivers on 127.0.0.1 for trying the channels: an SMTP sink and a webhook endpoint.

Tests use them to check what actually arrives over the wire (as ``scrapers.replay`` serves recorded sites
to the spiders); they are also a quick way to look at a digest before pointing a subscription at a real
server. The SMTP sink needs ``aiosmtpd`` (the ``test`` extra).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedMail:
    """One message the sink accepted."""

    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class SmtpSink:
    """A running SMTP server that keeps every message."""

    host: str
    port: int
    messages: list[ReceivedMail] = field(default_factory=list)


def _free_port() -> int:
    # aiosmtpd needs a concrete port (it connects to it to check the server is up): ask the kernel for one.
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_sink(credentials: tuple[str, str] | None = None) -> Iterator[SmtpSink]:
    """Run an SMTP server on 127.0.0.1 for the duration of the block; ``credentials`` are the valid login."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    sink = SmtpSink(host=LOOPBACK, port=_free_port())

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
            message = cast(EmailMessage, message_from_bytes(envelope.original_content, policy=policy.default))
            sink.messages.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
            return "250 Message accepted for delivery"

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        expected = tuple(part.encode() for part in credentials) if credentials else None
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == expected
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    # AUTH without TLS is offered on purpose: loopback only. A client that logs in is checked against
    # ``credentials``; a client that does not is let through (the channel always logs in when given a user).
    controller = Controller(Handler(), hostname=LOOPBACK, port=sink.port, authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@dataclass(frozen=True)
class ReceivedRequest:
    """One request the webhook endpoint got; header names in lower case."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    """A running HTTP endpoint that keeps every POST and answers the given statuses in turn, then 200."""

    url: str
    requests: list[ReceivedRequest] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


@contextmanager
def webhook_receiver(statuses: Iterable[int] = ()) -> Iterator[WebhookReceiver]:
    """Run an HTTP server on 127.0.0.1 for the duration of the block."""
    lock = threading.Lock()
    receiver = WebhookReceiver(url="", statuses=list(statuses))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                receiver.requests.append(ReceivedRequest(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test reads ``requests`` instead."""

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    receiver.url = f"http://{LOOPBACK}:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
