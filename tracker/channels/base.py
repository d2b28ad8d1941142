"""What every channel is given and what it promises: one digest, sent or raised as an error.

A channel only transports. Which alerts go out, when a failure is retried and what is marked sent is
:mod:`tracker.channels.outbox`'s business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from db.models import Subscription
from tracker.digest.model import AlertView, Digest


class ChannelError(Exception):
    """A send that failed and may work later; the message is safe to store and print (no secrets in it)."""


@dataclass(frozen=True)
class Recipient:
    """The parts of a subscription a channel needs, detached from any database session."""

    id: int
    name: str
    channel: str
    target: str
    secret: str | None

    @classmethod
    def of(cls, subscription: Subscription) -> Recipient:
        """Copy a subscription row."""
        return cls(id=subscription.id, name=subscription.name, channel=subscription.channel,
                   target=subscription.target, secret=subscription.secret)


@dataclass(frozen=True)
class Outgoing:
    """One digest on its way to one subscription.

    ``key`` identifies this batch of deliveries: a retry of the same batch carries the same key (the email's
    Message-ID, the webhook's ``Idempotency-Key``), so a receiver can drop a copy it already has.
    ``history`` is what file channels regenerate their file from: the subscription's earlier alerts plus
    this digest's, newest first.
    """

    recipient: Recipient
    digest: Digest
    key: str
    now: datetime
    history: tuple[AlertView, ...] = ()


class Channel(Protocol):
    """Sends a digest; raises :class:`ChannelError` (or any exception) when it could not."""

    #: True for channels that rewrite a whole file from ``Outgoing.history``.
    wants_history: bool

    def send(self, outgoing: Outgoing) -> None:
        """Deliver ``outgoing``; return only once the receiver has it."""
        ...
