"""One portal record of the Eyes on Flock aggregator (``GET https://eyesonflock.com/api/v1/data``) as a portal.

Eyes on Flock reads the Flock portals and publishes them as ``{summary, portals: [...]}``, one record per
portal: ``slug, portal_url, city, county, state, type (PD|SD), population, total_cameras, total_searches,
data_retention, vehicles_captured, hotlist_hits, hotlist_hit_rate, organization_count,
organizations_shared_with[], receiving_organization_count, organizations_received_from[], prohibited_uses,
public_search_audit, data_last_updated``. Its data is licensed CC BY-SA 4.0: each snapshot made from it
carries :data:`LICENSE` and :data:`ATTRIBUTION`, and lives on a source of its own (``eyesonflock:{slug}``),
apart from any snapshot read from the vendor's page. A record is a new version only when its
``data_last_updated`` moves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.portals.fields import SearchAudit, parse_count, parse_days
from tracker.portals.parser import PortalPage, parse_iso

PLATFORM = "eyesonflock"
LICENSE = "CC BY-SA 4.0"
ATTRIBUTION = "Eyes on Flock (eyesonflock.com)"
#: Keys every portal record must have to be read at all.
REQUIRED = ("slug", "state")
#: Record keys kept as the snapshot's ``fields`` (label -> text), as the aggregator states them.
_STATED = ("data_retention", "total_cameras", "vehicles_captured", "hotlist_hits", "total_searches",
           "hotlist_hit_rate", "organization_count", "receiving_organization_count", "population",
           "public_search_audit", "data_last_updated")
_AGENCY_TYPES = {"PD": "PD", "SD": "SO"}


def source_entry(record: Mapping[str, Any]) -> dict[str, Any]:
    """The registry-style entry of the portal's own source (``eyesonflock:{slug}``), for ``register_source``."""
    return {"id": f"{PLATFORM}:{record['slug']}", "name": agency_name(record), "state": record.get("state"),
            "platform": PLATFORM, "url": record.get("portal_url") or f"{PLATFORM}:{record['slug']}",
            "kind": "agency"}


def agency_name(record: Mapping[str, Any]) -> str:
    """Flock's way of naming the agency: "Oakland CA PD", "Riverside County CA SO"; else the slug."""
    state, kind = record.get("state") or "", _AGENCY_TYPES.get(str(record.get("type") or "").upper(), "")
    place = record.get("city") if kind == "PD" else record.get("county")
    if kind == "SO" and place and "county" not in str(place).lower():
        place = f"{place} County"
    name = " ".join(str(part) for part in (place, state, kind) if part)
    return name if place else str(record["slug"])


def page_from_record(record: Mapping[str, Any]) -> PortalPage:
    """The portal facts a record states; counts None where it states none."""
    audit = record.get("public_search_audit")
    audit_url = audit if isinstance(audit, str) and audit.startswith("http") else None
    prohibited = record.get("prohibited_uses")
    return PortalPage(
        agency=agency_name(record), updated_at=parse_iso(_text(record.get("data_last_updated"))),
        retention_days=parse_days(_text(record.get("data_retention"))),
        camera_count=parse_count(_text(record.get("total_cameras"))),
        vehicles_detected_30d=parse_count(_text(record.get("vehicles_captured"))),
        hotlist_hits_30d=parse_count(_text(record.get("hotlist_hits"))),
        searches_30d=parse_count(_text(record.get("total_searches"))),
        organizations=_names(record.get("organizations_shared_with")),
        organizations_received=_names(record.get("organizations_received_from")),
        policies={"Prohibited Uses": _text(prohibited)} if prohibited else {},
        links=[audit_url] if audit_url else [], search_audit=SearchAudit(url=audit_url) if audit_url else None,
        fields={key: _text(record[key]) for key in _STATED if record.get(key) is not None},
        origin=PLATFORM,
    )


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _names(value: Any) -> list[str] | None:
    """A list of names (strings, or objects with a ``name``); None where the record has no list."""
    if not isinstance(value, list):
        return None
    names = (item.get("name") if isinstance(item, dict) else item for item in value)
    return list(dict.fromkeys(" ".join(str(name).split()) for name in names if name and str(name).strip()))
