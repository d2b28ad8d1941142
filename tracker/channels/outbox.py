"""Send the pending deliveries (the transactional outbox ``tracker.alerts`` fills), one digest per subscription.

A Delivery row is one (alert, subscription) pair, unique in the database. Its life, with no column
beyond the model's:

* **pending**, ``attempts`` = 0: flagged, never tried.
* **claimed**: still ``pending``, ``attempts`` raised by one and ``updated_at`` set to the claim time, in one
  compare-and-set UPDATE (``WHERE attempts = <the value read>``): of two concurrent runs only one wins a row.
  A claim is a lease: nobody else takes the row before ``updated_at + lease``.
* **sent**: marked in a transaction after the channel returned; ``sent_at`` is set.
* a failed send keeps the row ``pending`` with the error stored and ``updated_at`` = the failure time, so it
  is retried after an exponential backoff; once ``max_attempts`` tries have started it becomes **failed**.

The guarantee, honestly: a delivery is marked sent at most once, and no run takes it while another run's
lease on it holds (15 minutes, against network timeouts of 30 seconds per operation). A process killed after
the receiver got a digest but before the mark committed leaves the claim in place; once the lease expires
the next run sends that batch again: the same deliveries with the same batch key (email Message-ID,
webhook ``Idempotency-Key``), so a receiver that honors it drops the copy. That window is the moment
between a send returning and one UPDATE committing. Atom and iCalendar files are regenerated from the
database, so for them a resend rewrites the same content: exactly once in effect. A kill before the send
leaves the batch to the next run after the lease, and nothing is sent twice. A run killed again and again
mid-send spends attempts as failures do, so a poison batch ends ``failed`` instead of blocking its
subscription forever.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Row, Update, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import Delivery, Subscription
from db.types import utcnow
from tracker.channels.base import Channel, ChannelError, Outgoing, Recipient
from tracker.channels.email import EmailChannel
from tracker.channels.files import AtomFileChannel, IcsFileChannel
from tracker.channels.webhook import WebhookChannel
from tracker.digest.model import Digest
from tracker.digest.store import alerts_of_deliveries, sent_history
from tracker.digest.title import title_of

log = logging.getLogger(__name__)

_ERROR_LIMIT = 1_000


@dataclass(frozen=True)
class RetryPolicy:
    """How long a claim holds, how a failure backs off, when to give up, how big one digest gets."""

    lease: timedelta = timedelta(minutes=15)
    backoff: timedelta = timedelta(minutes=5)
    max_backoff: timedelta = timedelta(hours=6)
    max_attempts: int = 8
    batch_size: int = 200

    def due(self, attempts: int, touched: datetime | None, now: datetime) -> bool:
        """May a pending delivery with ``attempts`` tries, last claimed or failed at ``touched``, be taken now?"""
        if attempts == 0 or touched is None:
            return True
        wait = min(self.backoff * 2 ** (attempts - 1), self.max_backoff)
        return now >= touched + max(self.lease, wait)


@dataclass
class SubscriptionReport:
    """What one run did for one subscription."""

    subscription: str
    channel: str
    digests: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Claim:
    """Deliveries this run holds: id -> the ``attempts`` value its claim wrote."""

    attempts: Mapping[int, int]

    @property
    def key(self) -> str:
        """The batch key: the same deliveries always give the same key."""
        return hashlib.sha256(",".join(map(str, sorted(self.attempts))).encode()).hexdigest()[:32]


def _rows(session: Session, statement: Update) -> int:
    """Run an UPDATE; how many rows it changed (0 when its guard no longer holds)."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def default_channels() -> dict[str, Channel]:
    """One channel object for each ``Subscription.channel`` value."""
    return {"email": EmailChannel(), "webhook": WebhookChannel(), "atom": AtomFileChannel(), "ics": IcsFileChannel()}


_Pending = Row[int, int, datetime | None]  # id, attempts, updated_at


def _next_batch(rows: Sequence[_Pending], now: datetime, policy: RetryPolicy) -> list[_Pending]:
    """The due rows to take together: an unfinished earlier batch exactly as it was, else new rows.

    Rows claimed (or failed) together share their ``updated_at`` and ``attempts``; retrying them as the
    same set keeps the batch key, so a resend after a crash carries the Message-ID / Idempotency-Key of the
    first send even if new alerts arrived meanwhile (those go in the next digest).
    """
    ready = [row for row in rows if policy.due(row.attempts, row.updated_at, now)]
    earlier: dict[tuple[datetime, int], list[_Pending]] = {}
    for row in ready:
        if row.attempts and row.updated_at is not None:
            earlier.setdefault((row.updated_at, row.attempts), []).append(row)
    if earlier:
        return earlier[min(earlier)]
    return ready[: policy.batch_size]


def _claim(factory: sessionmaker[Session], subscription_id: int, now: datetime, policy: RetryPolicy,
           report: SubscriptionReport) -> _Claim:
    """Take the next batch of due deliveries; a batch whose last allowed try never finished is given up."""
    while True:
        with factory.begin() as session:
            rows = session.execute(
                select(Delivery.id, Delivery.attempts, Delivery.updated_at)
                .where(Delivery.subscription_id == subscription_id, Delivery.status == "pending")
                .order_by(Delivery.id)
            ).all()
        batch = _next_batch(rows, now, policy)
        claimed: dict[int, int] = {}
        given_up = 0
        # A new transaction whose first statement writes: SQLite takes its write lock here, waiting if busy.
        with factory.begin() as session:
            for row in batch:
                guard = (Delivery.id == row.id, Delivery.status == "pending", Delivery.attempts == row.attempts)
                if row.attempts >= policy.max_attempts:
                    values = {"status": "failed", "updated_at": now,
                              "error": f"gave up after {row.attempts} attempts that never finished"}
                    given_up += _rows(session, update(Delivery).where(*guard).values(**values))
                    continue
                values = {"attempts": row.attempts + 1, "updated_at": now}
                if _rows(session, update(Delivery).where(*guard).values(**values)):
                    claimed[row.id] = row.attempts + 1
        report.failed += given_up
        if claimed or not given_up:
            return _Claim(claimed)


def _finish(factory: sessionmaker[Session], claim: _Claim, now: datetime, policy: RetryPolicy,
            error: str | None) -> tuple[int, int]:
    """Mark a claimed batch sent (``error`` None) or failed; returns (rows marked, of which given up).

    Each UPDATE is guarded by the claim's ``attempts`` value: if the lease ran out and another run took
    the row, this run's outcome is not written over the other's.
    """
    marked = given_up = 0
    with factory.begin() as session:
        for delivery_id, attempts in claim.attempts.items():
            guard = (Delivery.id == delivery_id, Delivery.status == "pending", Delivery.attempts == attempts)
            give_up = error is not None and attempts >= policy.max_attempts
            if error is None:
                values = {"status": "sent", "sent_at": now, "error": None, "updated_at": now}
            else:
                values = {"status": "failed" if give_up else "pending", "error": error, "updated_at": now}
            changed = _rows(session, update(Delivery).where(*guard).values(**values))
            marked += changed
            given_up += changed if give_up else 0
    if marked < len(claim.attempts):
        log.warning("%d deliveries of batch %s were taken over by another run after their lease ran out",
                    len(claim.attempts) - marked, claim.key)
    return marked, given_up


def _outgoing(factory: sessionmaker[Session], recipient: Recipient, claim: _Claim, now: datetime,
              wants_history: bool) -> Outgoing:
    with factory() as session:
        views = alerts_of_deliveries(session, list(claim.attempts))
        history = sent_history(session, recipient.id) if wants_history else []
        subscription = session.get(Subscription, recipient.id)
        title = title_of(session, subscription) if subscription is not None else recipient.name
    known = {view.id for view in views}
    digest = Digest.of(title, views, now)
    return Outgoing(recipient=recipient, digest=digest, key=claim.key, now=now,
                    history=(*views, *(view for view in history if view.id not in known)))


def _deliver_subscription(factory: sessionmaker[Session], recipient: Recipient, channel: Channel, now: datetime,
                          policy: RetryPolicy) -> SubscriptionReport:
    report = SubscriptionReport(subscription=recipient.name, channel=recipient.channel)
    while (claim := _claim(factory, recipient.id, now, policy, report)).attempts:
        outgoing = _outgoing(factory, recipient, claim, now, channel.wants_history)
        try:
            channel.send(outgoing)
        except Exception as error:  # any failure of one subscription's send must not stop the others
            reason = str(error) if isinstance(error, ChannelError) else f"{type(error).__name__}: {error}"
            reason = reason[:_ERROR_LIMIT]
            marked, given_up = _finish(factory, claim, now, policy, reason)
            report.retrying += marked - given_up
            report.failed += given_up
            report.errors.append(reason)
            log.warning("digest for %s (%s) failed: %s", recipient.name, recipient.channel, reason)
            break
        marked, _ = _finish(factory, claim, now, policy, None)
        report.digests += 1
        report.sent += marked
        log.info("sent %d alerts to %s (%s), batch %s", marked, recipient.name, recipient.channel, claim.key)
    return report


def deliver_pending(
    session_factory: sessionmaker[Session], now: datetime | None = None, *, subscription: str | None = None,
    channels: Mapping[str, Channel] | None = None, policy: RetryPolicy | None = None,
) -> list[SubscriptionReport]:
    """Send every due pending delivery, one digest per active subscription (only ``subscription`` if named).

    Raises ``LookupError`` for an unknown subscription name. See the module docstring for the guarantee.
    """
    now = now or utcnow()
    channels = channels if channels is not None else default_channels()
    policy = policy or RetryPolicy()
    with session_factory() as session:
        query = select(Subscription).where(Subscription.active.is_(True)).order_by(Subscription.name)
        if subscription is not None:
            query = query.where(Subscription.name == subscription)
        recipients: Sequence[Recipient] = [Recipient.of(row) for row in session.scalars(query)]
    if subscription is not None and not recipients:
        raise LookupError(f"no active subscription named {subscription!r}")
    return [_deliver_subscription(session_factory, r, channels[r.channel], now, policy) for r in recipients]
