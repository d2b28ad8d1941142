"""Alerts as JSON-ready rows with the state of their delivery to each subscription (``alpr-tracker alerts``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Alert, Delivery, Subscription


def _deliveries(session: Session, alert_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    stmt = (select(Delivery, Subscription.name, Subscription.channel)
            .join(Subscription, Delivery.subscription_id == Subscription.id)
            .where(Delivery.alert_id.in_(alert_ids))
            .order_by(Subscription.name))
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for delivery, name, channel in session.execute(stmt):
        found[delivery.alert_id].append({
            "subscription": name, "channel": channel, "status": delivery.status, "attempts": delivery.attempts,
            "sent_at": delivery.sent_at, "error": delivery.error,
        })
    return found


def alert_listing(session: Session, *, kind: str | None = None, since: dt.datetime | None = None,
                  subscription: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Alerts, newest first, each with its facts and its deliveries; ``subscription`` keeps those queued for it."""
    stmt = select(Alert).order_by(Alert.created_at.desc(), Alert.id.desc()).limit(limit)
    if kind is not None:
        stmt = stmt.where(Alert.kind == kind)
    if since is not None:
        stmt = stmt.where(Alert.created_at >= since)
    if subscription is not None:
        stmt = stmt.where(Alert.id.in_(
            select(Delivery.alert_id).join(Subscription, Delivery.subscription_id == Subscription.id)
            .where(Subscription.name == subscription)))
    alerts = list(session.scalars(stmt))
    deliveries = _deliveries(session, [alert.id for alert in alerts])
    rows = []
    for alert in alerts:
        facts = alert.facts or {}
        sent_to = deliveries.get(alert.id, [])
        rows.append({
            "id": alert.id, "kind": alert.kind, "created_at": alert.created_at, "dedupe_key": alert.dedupe_key,
            "jurisdiction": facts.get("jurisdiction"), "state": facts.get("state"),
            "vendor": facts.get("vendor_name") or facts.get("vendor"),
            "when": facts.get("meeting_date") or facts.get("start_date"), "title": facts.get("title"),
            "contract_id": alert.contract_id, "finding_id": alert.finding_id, "facts": facts,
            "deliveries": sent_to,
            "delivery_summary": [f"{d['subscription']}: {d['status']}" for d in sent_to],
        })
    return rows
