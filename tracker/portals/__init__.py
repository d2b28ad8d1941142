"""Flock Safety transparency portals: read a portal page, flag its sharing, store and compare its versions.

``parser`` reads a page into a :class:`PortalPage` (label-driven, HTML or embedded JSON); ``blocked`` tells
a bot challenge or an empty JavaScript shell from a portal; ``eyesonflock`` reads the aggregator's records;
``organizations`` infers each organization's state and kind; ``flags`` marks federal and out-of-state
sharing with the portal state's law; ``diff`` compares two versions; ``store`` keeps one
:class:`db.models.PortalSnapshot` per version of each portal and lists the latest ones (``alpr-tracker
portals``); ``saved`` imports pages saved from a browser (``alpr-tracker portals import``).
"""

from __future__ import annotations

from tracker.portals.diff import compare
from tracker.portals.flags import SHARING_LAWS, Flag, flag_organizations
from tracker.portals.organizations import Organization, infer, split_organizations
from tracker.portals.parser import PortalPage, parse_portal
from tracker.portals.store import latest_snapshot, portal_listing, store_portal_snapshot

__all__ = [
    "SHARING_LAWS",
    "Flag",
    "Organization",
    "PortalPage",
    "compare",
    "flag_organizations",
    "infer",
    "latest_snapshot",
    "parse_portal",
    "portal_listing",
    "split_organizations",
    "store_portal_snapshot",
]
