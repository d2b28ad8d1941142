"""Digests: alerts grouped by place and rendered as email (HTML + text), chat text, Atom and iCalendar.

Nothing here sends anything (that is ``tracker.channels``); everything here escapes scraped text for the
format it writes (README "Digests and delivery").
"""

from __future__ import annotations

from tracker.digest.atom import atom_feed
from tracker.digest.ics import ics_calendar
from tracker.digest.model import AlertView, Digest, PlaceGroup, alert_view, group_by_place
from tracker.digest.render import render_chat, render_html, render_text

__all__ = [
    "AlertView", "Digest", "PlaceGroup", "alert_view", "atom_feed", "group_by_place", "ics_calendar",
    "render_chat", "render_html", "render_text",
]
