"""Registry entries as database rows: the jurisdiction and its source on one platform.

A registry entry names both (DESIGN section 2): the jurisdiction's id is its Open Civic Data division id
when the registry has one, else the entry's own id, so several sources of one government share a row.
A source stays the same source as long as its registry id does: when an entry's URL changes (the city
moved platforms or domains), the row follows it.
"""

from __future__ import annotations

from typing import Any

from db.models import Source
from db.repository import Repository

_KINDS = {"city", "county", "special_district", "agency", "state"}


def register_source(repo: Repository, entry: dict[str, Any]) -> Source:
    """Upsert the jurisdiction and source of one registry entry (a RegistryEntry dumped to a dict)."""
    jurisdiction, _ = repo.upsert_jurisdiction(
        id=entry.get("ocd_id") or entry["id"], name=entry["name"], state=entry.get("state"),
        kind=entry.get("kind") if entry.get("kind") in _KINDS else "other",
        county=entry.get("county"), lat=entry.get("lat"), lon=entry.get("lon"), timezone=entry.get("timezone"),
    )
    known = repo.source_by_key(entry["id"])
    if known is not None and (known.platform, known.url) != (entry["platform"], entry["url"]):
        known.platform, known.url = entry["platform"], entry["url"]  # the site moved: same source, new address
        repo.session.flush()
    source, _ = repo.upsert_source(key=entry["id"], jurisdiction_id=jurisdiction.id, platform=entry["platform"],
                                   url=entry["url"], enabled=entry.get("enabled", True))
    return source
