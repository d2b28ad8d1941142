"""The alerts a digest is made of, read from the database as :class:`AlertView` objects.

Alerts are loaded with their contract and its jurisdiction in the same round trips, because a view falls
back to them for the place and the headline facts.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from db.models import Alert, Contract, Delivery, DeliveryStatus
from tracker.digest.model import AlertView, alert_view

#: Deliveries not sent yet, and deliveries in any state.
UNSENT: tuple[DeliveryStatus, ...] = ("pending",)
ANY_STATUS: tuple[DeliveryStatus, ...] = ("pending", "sent", "failed")
#: How many past alerts a regenerated feed or calendar file keeps, newest first.
HISTORY_LIMIT = 200


def _alerts() -> Select[Alert]:
    return select(Alert).options(selectinload(Alert.contract).selectinload(Contract.jurisdiction))


def _views(session: Session, query: Select[Alert]) -> list[AlertView]:
    return [alert_view(alert) for alert in session.scalars(query).unique()]


def alerts_since(session: Session, since: datetime) -> list[AlertView]:
    """Every alert flagged at or after ``since``."""
    return _views(session, _alerts().where(Alert.created_at >= since).order_by(Alert.id))


def alerts_for_subscription(
    session: Session, subscription_id: int, *, statuses: Collection[DeliveryStatus] = UNSENT,
    since: datetime | None = None,
) -> list[AlertView]:
    """The alerts of a subscription's deliveries in ``statuses`` (by default: not yet sent)."""
    query = (_alerts().join(Delivery, Delivery.alert_id == Alert.id)
             .where(Delivery.subscription_id == subscription_id, Delivery.status.in_(list(statuses))))
    if since is not None:
        query = query.where(Alert.created_at >= since)
    return _views(session, query.order_by(Alert.id))


def alerts_of_deliveries(session: Session, delivery_ids: Collection[int]) -> list[AlertView]:
    """The alerts of these deliveries."""
    query = _alerts().join(Delivery, Delivery.alert_id == Alert.id).where(Delivery.id.in_(list(delivery_ids)))
    return _views(session, query.order_by(Alert.id))


def sent_history(session: Session, subscription_id: int, limit: int = HISTORY_LIMIT) -> list[AlertView]:
    """The newest ``limit`` alerts already sent to a subscription: what its feed or calendar file keeps."""
    query = (_alerts().join(Delivery, Delivery.alert_id == Alert.id)
             .where(Delivery.subscription_id == subscription_id, Delivery.status == "sent")
             .order_by(Alert.created_at.desc(), Alert.id.desc()).limit(limit))
    return _views(session, query)
