"""Digests by webhook: one signed JSON POST per digest, readable by Slack, Discord or any program.

The body depends on the URL's host: Slack's incoming webhooks get ``{"text"}``, Discord's get
``{"content", "allowed_mentions"}`` (no pings, whatever an agenda says), and any other URL gets both keys
plus the structured ``alerts``, the subscription name, the batch key and ``sent_at``.

With a subscription secret, ``X-ALPR-Signature: sha256=<hex>`` is the HMAC-SHA256 of the exact body bytes
under that secret. ``X-ALPR-Timestamp`` (Unix seconds) repeats the body's ``sent_at``, which the signature
covers: a receiver can refuse stale replays. ``Idempotency-Key`` is the batch key, the same on a retry of
the same batch.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from tracker.channels.base import ChannelError, Outgoing
from tracker.digest.render import render_chat

SLACK_HOSTS = frozenset({"hooks.slack.com"})
DISCORD_HOSTS = frozenset({"discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"})
#: Discord refuses content over 2,000 characters; Slack advises keeping messages under 4,000.
DISCORD_LIMIT = 2_000
SLACK_LIMIT = 3_500
USER_AGENT = "alpr-tracker/0.1 (webhook)"


def signature(secret: str, body: bytes) -> str:
    """The ``X-ALPR-Signature`` value for ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """For receivers: is ``header`` the signature of ``body`` under ``secret``? (constant-time comparison)"""
    return header is not None and hmac.compare_digest(signature(secret, body), header)


def payload(outgoing: Outgoing) -> dict[str, Any]:
    """The JSON object for the subscription's URL: Slack's, Discord's, or the full one."""
    digest, host = outgoing.digest, (urlsplit(outgoing.recipient.target).hostname or "").lower()
    no_pings: dict[str, list[str]] = {"parse": []}
    if host in SLACK_HOSTS:
        return {"text": render_chat(digest, "slack", SLACK_LIMIT)}
    if host in DISCORD_HOSTS:
        return {"content": render_chat(digest, "discord", DISCORD_LIMIT), "allowed_mentions": no_pings}
    return {
        "text": render_chat(digest, "slack", SLACK_LIMIT),
        "content": render_chat(digest, "discord", DISCORD_LIMIT),
        "allowed_mentions": no_pings,
        "subscription": outgoing.recipient.name,
        "digest_id": outgoing.key,
        "sent_at": outgoing.now.isoformat(),
        "alerts": [view.as_json() for view in digest.alerts],
    }


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirected POST would arrive as a bodiless GET and look delivered: treat it as an error instead."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class WebhookChannel:
    """POSTs each digest to the subscription's URL; any answer but 2xx is a failure to retry."""

    wants_history = False

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirects)

    def send(self, outgoing: Outgoing) -> None:
        """POST the payload; raise :class:`ChannelError` naming the host (never the URL, which may hold a token)."""
        url = outgoing.recipient.target
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ChannelError(f"webhook target is not an http(s) URL (subscription {outgoing.recipient.name})")
        body = json.dumps(payload(outgoing), ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
            "X-ALPR-Timestamp": str(int(outgoing.now.timestamp())), "Idempotency-Key": outgoing.key,
        }
        if outgoing.recipient.secret:
            headers["X-ALPR-Signature"] = signature(outgoing.recipient.secret, body)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            raise ChannelError(f"webhook {parts.hostname} answered HTTP {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ChannelError(f"webhook {parts.hostname} unreachable: {reason}") from None
