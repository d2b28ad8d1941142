"""Digests by email: a multipart message (plain text + HTML) sent through an SMTP server.

The server is configured by ``ALPR_SMTP_HOST``, ``ALPR_SMTP_PORT``, ``ALPR_SMTP_USER``,
``ALPR_SMTP_PASSWORD``, ``ALPR_SMTP_FROM`` and ``ALPR_SMTP_STARTTLS``, or by a TOML file named in
``ALPR_SMTP_CONFIG`` with the same keys in lower case (``host``, ``port``, ``user``, ``password``, ``from``,
``starttls``); the environment wins over the file. The password is a ``SecretStr``: it prints as
``**********`` and is cut out of any error message that is stored or shown.

The Message-ID is derived from the batch key, so a digest sent twice after a crash (see
:mod:`tracker.channels.outbox`) carries the same Message-ID both times, which mail systems use to drop copies.
"""

from __future__ import annotations

import base64
import html
import logging
import os
import smtplib
import ssl
import tomllib
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from tracker.channels.base import ChannelError, Outgoing
from tracker.digest.render import render_html, render_text

log = logging.getLogger(__name__)

ENV_PREFIX = "ALPR_SMTP_"
CONFIG_ENV = "ALPR_SMTP_CONFIG"
_KEYS = ("host", "port", "user", "password", "from", "starttls")


class SmtpSettings(BaseModel):
    """Where and how to send mail; ``sender`` is the ``From`` address (``from`` in the environment/file)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    host: str = Field(min_length=1)
    port: int = Field(587, ge=1, le=65535)
    user: str | None = None
    password: SecretStr | None = None
    sender: str = Field(alias="from", min_length=3)
    starttls: bool = True
    timeout: float = 30.0


def load_smtp_settings(environ: Mapping[str, str] | None = None) -> SmtpSettings:
    """Read the settings from the environment, over the TOML file named by ``ALPR_SMTP_CONFIG`` if any."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    if config := environ.get(CONFIG_ENV):
        try:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ChannelError(f"cannot read SMTP config {config}: {error}") from None
        data = data.get("smtp", data)
        values.update({k: v for k, v in data.items() if k in _KEYS})
    for key in _KEYS:
        if (value := environ.get(ENV_PREFIX + key.upper())) not in (None, ""):
            values[key] = value
    if not values.get("host") or not values.get("from"):
        raise ChannelError(f"SMTP is not configured: set {ENV_PREFIX}HOST and {ENV_PREFIX}FROM (or {CONFIG_ENV})")
    try:
        return SmtpSettings.model_validate(values)
    except ValidationError as error:
        # Pydantic repeats the offending input: name the fields only, the password could be one of them.
        fields = ", ".join(".".join(map(str, e["loc"])) for e in error.errors())
        raise ChannelError(f"invalid SMTP settings: {fields}") from None


def message_id(key: str, sender: str) -> str:
    """A Message-ID that is the same for every send of one batch."""
    domain = sender.rpartition("@")[2].strip(" >") or "alpr-tracker.invalid"
    return f"<digest.{key}@{domain}>"


def build_message(outgoing: Outgoing, sender: str) -> EmailMessage:
    """The digest as ``multipart/alternative``: the text part first, the HTML part preferred by mail readers."""
    digest = outgoing.digest
    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = digest.subject
    message["From"] = sender
    message["To"] = outgoing.recipient.target
    message["Date"] = format_datetime(outgoing.now)
    message["Message-ID"] = message_id(outgoing.key, sender)
    message["X-ALPR-Digest-Id"] = outgoing.key
    # RFC 3834: no vacation replies to a machine.
    message["Auto-Submitted"] = "auto-generated"
    # RFC 2369/8058: mail readers show an unsubscribe button; the request reaches the sender (the operator),
    # who runs `alpr-tracker unsubscribe NAME`. Without it the only way out was to mark the digest as spam.
    name = outgoing.recipient.name
    address = parseaddr(sender)[1] or sender
    message["List-Unsubscribe"] = f"<mailto:{address}?subject={quote(f'unsubscribe {name}')}>"
    footer = (f"You receive this digest as the subscription \"{name}\". To stop it, use your mail reader's "
              f"unsubscribe link or reply with \"unsubscribe {name}\".")
    message.set_content(f"{render_text(digest).rstrip()}\n\n-- \n{footer}\n")
    message.add_alternative(render_html(digest).replace(
        "</body>", f'<p style="font-size:12px;color:#777">{html.escape(footer)}</p>\n</body>', 1), subtype="html")
    return message


def _b64(value: str) -> str:
    return base64.b64encode(value.encode("utf-8")).decode("ascii")


def secret_forms(user: str | None, password: str) -> list[str]:
    """Every form the password takes in an SMTP exchange: itself, AUTH LOGIN's base64 password line and AUTH
    PLAIN's base64 ``NUL user NUL password`` (a server that echoes the failed command repeats one of them)."""
    if not password:
        return []
    forms = {password, _b64(password), _b64(f"\0{user or ''}\0{password}")}
    return sorted(forms, key=len, reverse=True)  # longest first: no form is left half-replaced


def _redact(text: str, settings: SmtpSettings) -> str:
    secret = settings.password.get_secret_value() if settings.password else ""
    for form in secret_forms(settings.user, secret):
        text = text.replace(form, "**********")
    return text


class EmailChannel:
    """Sends each digest as one email to the subscription's address(es)."""

    wants_history = False

    def __init__(self, settings: Callable[[], SmtpSettings] = load_smtp_settings) -> None:
        # Read at send time: a run with no email subscription needs no SMTP settings at all.
        self._settings = settings

    def send(self, outgoing: Outgoing) -> None:
        """Hand the message to the SMTP server; raise :class:`ChannelError` if it is not accepted."""
        settings = self._settings()
        message = build_message(outgoing, settings.sender)
        try:
            with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
                if settings.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if settings.user:
                    smtp.login(settings.user, settings.password.get_secret_value() if settings.password else "")
                refused = smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            reason = _redact(f"SMTP {settings.host}:{settings.port}: {type(error).__name__}: {error}", settings)
            raise ChannelError(reason) from None
        if refused:
            # Some recipients took it: sending again would duplicate it for them, so this counts as sent.
            log.warning("SMTP refused %s for subscription %s", ", ".join(refused), outgoing.recipient.name)
