"""Delivery channels (email, webhook, Atom file, iCalendar file) and the outbox run that uses them.

``deliver_pending`` is the one entry point the CLI and the scheduler call (README "Digests and delivery").
"""

from __future__ import annotations

from tracker.channels.base import Channel, ChannelError, Outgoing, Recipient
from tracker.channels.outbox import RetryPolicy, SubscriptionReport, default_channels, deliver_pending

__all__ = [
    "Channel", "ChannelError", "Outgoing", "Recipient", "RetryPolicy", "SubscriptionReport", "default_channels",
    "deliver_pending",
]
