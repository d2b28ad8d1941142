"""Alerts: upcoming votes, new and changed contracts, changed portals and federal awards, each flagged once.

:func:`raise_alerts` is the stage the main job runs after linking contracts: it creates each alert with a
pending delivery per matching subscription (the outbox :mod:`tracker.channels` sends). See README "Alerts".
"""

from tracker.alerts.filters import ALERT_KINDS, Near, SubscriptionFilters
from tracker.alerts.flagging import AlertReport, raise_alerts, run_alerting
from tracker.alerts.listing import alert_listing
from tracker.alerts.subscriptions import subscribe, subscription_listing, unsubscribe

__all__ = [
    "ALERT_KINDS", "AlertReport", "Near", "SubscriptionFilters", "alert_listing", "raise_alerts", "run_alerting",
    "subscribe", "subscription_listing", "unsubscribe",
]
