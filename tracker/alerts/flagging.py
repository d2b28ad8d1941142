"""Turn candidates into alerts, each exactly once, with a pending delivery per matching subscription.

This is a transactional outbox: an alert and its deliveries are inserted in the caller's transaction,
so they exist together or not at all, and :mod:`tracker.channels.outbox` later sends what is pending.
"Exactly once" rests on the database, not on timing: the alert insert is ``INSERT ... ON CONFLICT
(dedupe_key) DO NOTHING RETURNING id``, and only the transaction whose insert returned a row adds
deliveries (themselves ``ON CONFLICT (alert_id, subscription_id) DO NOTHING``). When two runs overlap,
the second one's insert waits for the first to commit (PostgreSQL's unique index; SQLite's single
writer) and then inserts nothing, so it creates no deliveries either.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.engine import transaction
from db.models import Alert, Delivery, Subscription
from db.types import utcnow
from tracker.alerts.candidates import AlertCandidate, contract_alerts, federal_awards, portal_changes, upcoming_votes
from tracker.alerts.filters import SubscriptionFilters

log = logging.getLogger(__name__)

_INSERTS: dict[str, Callable[..., Any]] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
#: Keys looked up per query when checking which candidates already are alerts.
_KEY_BATCH = 500


@dataclass
class AlertReport:
    """What one flagging run did."""

    offered: int = 0
    created: Counter[str] = field(default_factory=Counter)
    deliveries: int = 0
    #: Subscriptions skipped because their stored filters are not valid.
    invalid_subscriptions: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The report as numbers (what the ``run`` job prints)."""
        return {"alert candidates": self.offered, **{f"{kind} alerts": n for kind, n in sorted(self.created.items())},
                "deliveries queued": self.deliveries}


def active_subscriptions(session: Session) -> tuple[list[tuple[Subscription, SubscriptionFilters]], list[str]]:
    """Active subscriptions with their parsed filters, and the names of those whose filters do not parse."""
    found, invalid = [], []
    for subscription in session.scalars(select(Subscription).where(Subscription.active.is_(True))
                                        .order_by(Subscription.id)):
        try:
            found.append((subscription, SubscriptionFilters.model_validate(subscription.filters or {})))
        except ValidationError as error:
            log.warning("subscription %s has invalid filters, skipped: %s", subscription.name, error)
            invalid.append(subscription.name)
    return found, invalid


def _insert(session: Session, model: type[Any]) -> Any:
    return _INSERTS[session.get_bind().dialect.name](model)


def record_alert(session: Session, candidate: AlertCandidate,
                 subscriptions: Iterable[tuple[Subscription, SubscriptionFilters]],
                 now: dt.datetime) -> tuple[int | None, int]:
    """Insert the alert unless its key exists; if inserted, queue a delivery per matching subscription.

    Returns (the new alert's id or None, deliveries queued).
    """
    stmt = (_insert(session, Alert)
            .values(kind=candidate.kind, dedupe_key=candidate.dedupe_key, contract_id=candidate.contract_id,
                    finding_id=candidate.finding_id, facts=candidate.facts, created_at=now)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(Alert.id))
    alert_id = session.execute(stmt).scalar_one_or_none()
    if alert_id is None:
        return None, 0
    rows = [{"alert_id": alert_id, "subscription_id": subscription.id, "status": "pending", "attempts": 0,
             "created_at": now}
            for subscription, filters in subscriptions if filters.matches(candidate.subject)]
    if not rows:
        return alert_id, 0
    inserted = session.execute(_insert(session, Delivery).values(rows)
                               .on_conflict_do_nothing(index_elements=["alert_id", "subscription_id"])
                               .returning(Delivery.id)).all()
    return alert_id, len(inserted)


def _existing(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), _KEY_BATCH):
        batch = keys[start : start + _KEY_BATCH]
        found.update(session.scalars(select(Alert.dedupe_key).where(Alert.dedupe_key.in_(batch))))
    return found


def candidates(session: Session, now: dt.datetime) -> list[AlertCandidate]:
    """Every alert the database calls for now, alerted or not yet (see :mod:`tracker.alerts.candidates`)."""
    return [*upcoming_votes(session, now), *contract_alerts(session), *portal_changes(session),
            *federal_awards(session)]


def raise_alerts(session: Session, *, now: dt.datetime | None = None) -> AlertReport:
    """Create the alerts not yet created, with their pending deliveries, in the caller's transaction."""
    now = now or utcnow()
    report = AlertReport()
    subscriptions, report.invalid_subscriptions = active_subscriptions(session)
    offered = candidates(session, now)
    report.offered = len(offered)
    seen = _existing(session, sorted({c.dedupe_key for c in offered}))
    for candidate in offered:
        if candidate.dedupe_key in seen:
            continue
        seen.add(candidate.dedupe_key)
        alert_id, queued = record_alert(session, candidate, subscriptions, now)
        if alert_id is not None:
            report.created[candidate.kind] += 1
            report.deliveries += queued
    session.flush()
    return report


def run_alerting(db_url: str) -> dict[str, int]:
    """The main job's alerting stage: :func:`raise_alerts` in one transaction on ``db_url``."""
    with transaction(db_url) as session:
        return raise_alerts(session).counts()
