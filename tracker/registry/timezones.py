"""Each jurisdiction's time zone: meeting times are published as local wall-clock times without a zone.

A compiled registry entry carries its own ``timezone`` (the IANA zone GeoNames gives its place: Knoxville TN
is America/New_York, El Paso TX America/Denver). The per-state table below is only the fallback for rows
written by hand without one; it is right for the most populous part of each state, and wrong at the edges.
``options.timezone`` is still honoured for hand-written rows that say so there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

STATE_TIMEZONES = {
    "AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix", "AR": "America/Chicago",
    "CA": "America/Los_Angeles", "CO": "America/Denver", "CT": "America/New_York", "DE": "America/New_York",
    "DC": "America/New_York", "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
    "ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis", "IA": "America/Chicago",
    "KS": "America/Chicago", "KY": "America/New_York", "LA": "America/Chicago", "ME": "America/New_York",
    "MD": "America/New_York", "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
    "MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver", "NE": "America/Chicago",
    "NV": "America/Los_Angeles", "NH": "America/New_York", "NJ": "America/New_York", "NM": "America/Denver",
    "NY": "America/New_York", "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
    "OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York", "RI": "America/New_York",
    "SC": "America/New_York", "SD": "America/Chicago", "TN": "America/Chicago", "TX": "America/Chicago",
    "UT": "America/Denver", "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
    "WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver", "PR": "America/Puerto_Rico",
    "GU": "Pacific/Guam", "VI": "America/St_Thomas", "AS": "Pacific/Pago_Pago", "MP": "Pacific/Saipan",
    "US": "America/New_York",
}


def zone_for(state: str | None, options: Mapping[str, Any] | None = None, timezone: str | None = None) -> ZoneInfo:
    """The zone of a registry entry: its own ``timezone``, else ``options.timezone``, else its state's, else UTC.

    An unloadable name falls through to the next choice, so one bad row never stops a crawl.
    """
    fallback = STATE_TIMEZONES.get((state or "").upper(), "UTC")
    for name in (timezone, (options or {}).get("timezone"), fallback):
        if name and is_iana_zone(str(name)):
            return ZoneInfo(str(name))
    return ZoneInfo("UTC")


def checked_zone(name: str | None) -> str | None:
    """``name`` if unset or a zone ``zoneinfo`` can load; else ValueError: a typo would shift every time."""
    if name is not None and not is_iana_zone(name):
        raise ValueError(f"not an IANA time zone name: {name!r} (such as America/Los_Angeles)")
    return name


def is_iana_zone(name: str) -> bool:
    """Whether ``zoneinfo`` can load ``name`` (it caches what it loaded, so a registry of thousands is cheap)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
