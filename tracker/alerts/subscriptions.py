"""Create, pause and list subscriptions: who wants which alerts, through which channel.

A subscription is keyed by its name: subscribing again under the same name replaces its filters and
channel and makes it active again. Unsubscribing pauses it (its history of deliveries stays, and the
delivery run leaves a paused subscription alone). A new subscription receives the alerts created after
it, not earlier ones: deliveries are queued when an alert is created.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Channel, Delivery, Subscription
from db.upsert import State, upsert
from tracker.alerts.filters import SubscriptionFilters
from tracker.alerts.values import UnknownValues, checked_places, checked_states, checked_vendors, known_places
from tracker.channels.files import feed_path_problem
from tracker.redact import masked_url
from tracker.registry.models import RegistryEntry

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def checked_target(channel: Channel, target: str) -> str:
    """The target as stored: an email address, an http(s) URL, or an absolute file path; ValueError if unusable."""
    target = target.strip()
    if channel == "email":
        if not _EMAIL.match(target):
            raise ValueError(f"not an email address: {target!r}")
        return target
    if channel == "webhook":
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"a webhook needs an http(s) URL: {target!r}")
        return target
    if not target:
        raise ValueError(f"the {channel} channel needs a file path")
    # The delivery run may start elsewhere (the scheduler): a relative path would move with it. Not
    # resolved: a symbolic link must stay visible, so the channel can refuse it rather than follow it.
    path = Path(os.path.abspath(Path(target).expanduser()))
    problem = feed_path_problem(path, channel)
    if problem:
        raise ValueError(problem)
    return str(path)


def checked_filters(session: Session, filters: SubscriptionFilters,
                    entries: Iterable[RegistryEntry] = ()) -> SubscriptionFilters:
    """``filters`` with every value read as the tracker knows it (:mod:`tracker.alerts.values`): state codes,
    vendor families, jurisdiction ids of the database or the registry ``entries``; raise
    :class:`~tracker.alerts.values.UnknownValues` for any value that would match nothing."""
    problems: list[str] = []
    checked: dict[str, object] = {}
    for name, check in (("states", checked_states), ("vendors", checked_vendors)):
        try:
            checked[name] = check(getattr(filters, name))
        except UnknownValues as error:
            problems.append(str(error))
    if filters.jurisdictions or filters.counties:
        try:
            checked["jurisdictions"] = checked_places(filters.jurisdictions, filters.counties,
                                                      known_places(session, entries))
        except UnknownValues as error:
            problems.append(str(error))
    if problems:
        raise UnknownValues("; ".join(problems))
    return filters.model_copy(update=checked)


def subscribe(session: Session, *, name: str, filters: SubscriptionFilters, channel: Channel, target: str,
              secret: str | None = None, entries: Iterable[RegistryEntry] = ()) -> tuple[Subscription, State]:
    """Create or replace the subscription ``name`` (active); returns it and what the upsert did.

    Filter values are checked first (:func:`checked_filters`, places known from the database and ``entries``).
    """
    if not name.strip():
        raise ValueError("a subscription needs a name")
    if secret is not None and channel != "webhook":
        raise ValueError("only a webhook takes a signing secret")
    filters = checked_filters(session, filters, entries)
    return upsert(session, Subscription, {
        "name": name.strip(), "filters": filters.stored(), "channel": channel,
        "target": checked_target(channel, target), "secret": secret, "active": True,
    })


def shown_target(subscription: Subscription) -> str:
    """The target as listings print it: a webhook URL is a credential, so only its host and last characters."""
    return masked_url(subscription.target) if subscription.channel == "webhook" else subscription.target


def unsubscribe(session: Session, name: str) -> Subscription | None:
    """Pause the subscription ``name``; None when there is none by that name."""
    subscription = session.scalars(select(Subscription).where(Subscription.name == name)).one_or_none()
    if subscription is not None and subscription.active:
        subscription.active = False
        session.flush()
    return subscription


def subscription_listing(session: Session) -> list[dict[str, Any]]:
    """Every subscription with its filters and how many deliveries are pending, sent and failed."""
    counts = (select(Delivery.subscription_id, Delivery.status, func.count())
              .group_by(Delivery.subscription_id, Delivery.status))
    by_subscription: dict[int, dict[str, int]] = {}
    for subscription_id, status, count in session.execute(counts):
        by_subscription.setdefault(subscription_id, {})[status] = count
    rows = []
    for subscription in session.scalars(select(Subscription).order_by(Subscription.name)):
        tally = by_subscription.get(subscription.id, {})
        rows.append({
            "name": subscription.name, "channel": subscription.channel, "target": shown_target(subscription),
            "signed": subscription.secret is not None, "active": subscription.active,
            "filters": subscription.filters, "pending": tally.get("pending", 0), "sent": tally.get("sent", 0),
            "failed": tally.get("failed", 0), "created_at": subscription.created_at,
        })
    return rows
