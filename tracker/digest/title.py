"""A subscription's title for people, built from its filters: "ALPR alerts: Flock Safety in California".

A subscription's name is a handle for the command line (``ca-flock-2``); a digest's subject and heading say
instead what its reader asked for, so someone with several subscriptions can tell their digests apart. The
filters are read as stored (``Subscription.filters``): state codes, vendor families, OCD ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Jurisdiction, Subscription
from tracker.analysis.lexicon import load_lexicon
from tracker.digest.model import line
from tracker.digest.render import usd
from tracker.portals.places import STATE_NAMES

#: What a subscription limited to some alert kinds receives, in the plural.
KIND_PHRASES = {
    "upcoming_vote": "upcoming votes", "new_contract": "new contracts", "contract_changed": "contract changes",
    "portal_changed": "transparency portal changes", "federal_award": "federal awards",
}
CATEGORY_PHRASES = {"alpr": "police plate readers", "parking_lpr": "parking plate readers",
                    "not_alpr": "look-alikes"}
_STATES_BY_CODE = {code: name for name, code in STATE_NAMES.items()}
_NAMED = 3  # values named in a list before "and N more": a subject line stays readable


def _some(values: Sequence[str], joiner: str = "or") -> str:
    """``A``, ``A or B``, ``A, B or C``, ``A, B, C or 2 more``."""
    if len(values) > _NAMED:
        return f"{', '.join(values[:_NAMED])} {joiner} {len(values) - _NAMED} more"
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} {joiner} {values[-1]}"


def _strings(filters: Mapping[str, Any], key: str) -> list[str]:
    return [text for value in filters.get(key) or [] if (text := line(value))]


def _vendor(family: str) -> str:
    vendor = load_lexicon().vendors.get(family)
    return vendor.name if vendor else family


def _county(name: str) -> str:
    return name if any(w in name.casefold() for w in ("county", "parish", "borough")) else f"{name} County"


def _places(filters: Mapping[str, Any], place_names: Mapping[str, str]) -> list[str]:
    places = [place_names.get(i, i) for i in _strings(filters, "jurisdictions")]
    places += [_county(name) for name in _strings(filters, "counties")]
    places += [_STATES_BY_CODE.get(code.upper(), code) for code in _strings(filters, "states")]
    near = filters.get("near")
    if isinstance(near, Mapping) and {"lat", "lon", "radius_km"} <= near.keys():
        places.append(f"within {near['radius_km']:g} km of {near['lat']:.4f}, {near['lon']:.4f}")
    return places


def subscription_title(filters: Mapping[str, Any], place_names: Mapping[str, str] | None = None) -> str:
    """The title of a subscription with these stored ``filters``; ``place_names`` maps OCD ids to names
    (an id without a name is shown as itself)."""
    kinds = [KIND_PHRASES.get(kind, kind.replace("_", " ")) for kind in _strings(filters, "kinds")]
    title = f"ALPR alerts ({_some(kinds, 'and')})" if kinds else "ALPR alerts"
    if vendors := [_vendor(family) for family in _strings(filters, "vendors")]:
        title += f": {_some(vendors)}"
    if places := _places(filters, place_names or {}):
        title += f" in {_some(places)}"
    extras = []
    if categories := [CATEGORY_PHRASES.get(c, c) for c in _strings(filters, "categories")]:
        extras.append(_some(categories))
    if isinstance(amount := filters.get("min_amount"), int | float) and not isinstance(amount, bool):
        extras.append(f"{usd(amount)} or more")
    if keywords := [f'"{word}"' for word in _strings(filters, "keywords")]:
        extras.append(f"mentioning {_some(keywords)}")
    return "; ".join([title, *extras])


def title_of(session: Session, subscription: Subscription) -> str:
    """:func:`subscription_title` with the names of the jurisdictions the subscription names, from the database."""
    filters = subscription.filters or {}
    ids = _strings(filters, "jurisdictions")
    rows = session.execute(select(Jurisdiction.id, Jurisdiction.name, Jurisdiction.state)
                           .where(Jurisdiction.id.in_(ids))).all() if ids else []
    names = {row.id: ", ".join(p for p in (row.name, row.state) if p) for row in rows}
    return subscription_title(filters, names)
