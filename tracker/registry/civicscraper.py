"""Import civic-scraper's CivicPlus site list (``civicplus_sites.csv``) as registry entries.

That list (biglocalnews/civic-scraper) has columns ``end_point, begin_year, end_year, scraper_type,
whitelisted, name, state, country, govt_level, meeting_bodies``; ``meeting_bodies`` is a Python list
literal. Rows outside the US are skipped: the registry holds US jurisdictions only.

Ids are ``civicplus:{subdomain}``: the CivicPlus subdomain never changes when a place is renamed, and it is
unique by construction. The jurisdiction's Open Civic Data division goes in ``ocd_id`` when the name says
which division it is (a county, or a municipality), so rows from several platforms can be joined on it.
"""

from __future__ import annotations

import ast
import csv
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from tracker.registry.models import OCD_PREFIX, Kind, RegistryEntry

log = logging.getLogger(__name__)

#: civic-scraper's own list, which ``../shared/registry/civicplus_sites.csv`` is a copy of (~2020).
PROVENANCE = (
    "civic-scraper site list (Apache-2.0), "
    "https://github.com/biglocalnews/civic-scraper/blob/main/docs/civicplus_sites.csv"
)

# Checked in order: "Alameda County Water District" is a special district, not a county.
_NAME_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        "special_district",
        re.compile(
            r"\b(school district|public schools|boces|water|sanitary|sanitation|irrigation|fire|"
            r"park district|rec(reation)? (and|&) park|utilit(y|ies)|improvement district|metro district|"
            r"community services district|port of|harbor|transit|housing authority|authority|district)\b",
            re.I,
        ),
    ),
    ("agency", re.compile(r"\b(council of governments|library|department|planning organization|agency)\b", re.I)),
    ("county", re.compile(r"\b(county|parish)$", re.I)),
    ("city", re.compile(r"^(city|town|village|borough) of\b|\b(city|town|village|township|borough)$", re.I)),
)
# civic-scraper's own level, used when the name says nothing ("Alabaster", "Municipality").
_LEVEL_KINDS: dict[str, Kind] = {
    "County": "county",
    "Municipality": "city",
    "Municipality & County": "city",
    "Regional": "agency",
}


def import_civic_scraper_sites(path: str | Path) -> list[RegistryEntry]:
    """Registry entries for the US rows of a civic-scraper site list, in file order."""
    path = Path(path)
    entries: list[RegistryEntry] = []
    skipped = 0
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["country"].strip().upper() != "USA":
                skipped += 1
                continue
            entries.append(_entry(row))
    if skipped:
        log.info("%s: skipped %d rows outside the US", path, skipped)
    return entries


def infer_kind(name: str, govt_level: str | None = None) -> Kind | None:
    """What sort of government ``name`` is, from its words, else from civic-scraper's level."""
    for kind, pattern in _NAME_KINDS:
        if pattern.search(name.strip()):
            return kind
    return _LEVEL_KINDS.get((govt_level or "").strip())


def ocd_division_id(state: str, name: str, kind: Kind | None) -> str | None:
    """``ocd-division/country:us/state:nc/county:nash`` style id for a county or municipality, else None."""
    base = f"{OCD_PREFIX}/state:{state.lower()}"
    name = name.strip()
    if kind == "county":
        parish = re.search(r"\bparish$", name, re.I)
        place = re.sub(r"\s+(county|parish)$", "", name, flags=re.I)
        return f"{base}/{'parish' if parish else 'county'}:{ocd_slug(place)}"
    if kind == "city":
        place = re.sub(r"^(city|town|village|borough) of\s+", "", name, flags=re.I)
        return f"{base}/place:{ocd_slug(place)}"
    return None


def ocd_slug(name: str) -> str:
    """An OCD id segment: lower case, spaces to ``_``, characters OCD does not allow to ``~``."""
    words = re.sub(r"\s+", "_", name.strip().lower())
    return re.sub(r"[^a-z0-9._~-]", "~", words)


def _entry(row: dict[str, str]) -> RegistryEntry:
    name = " ".join(row["name"].split())
    state = row["state"].strip()
    kind = infer_kind(name, row["govt_level"])
    host = (urlsplit(row["end_point"].strip()).hostname or "").lower()
    whitelisted = row["whitelisted"].strip().upper() == "TRUE"
    return RegistryEntry(
        id=f"civicplus:{host.removesuffix('.civicplus.com')}",
        name=name,
        state=state,
        platform="civicplus",
        url=row["end_point"],
        kind=kind,
        ocd_id=ocd_division_id(state, name, kind),
        bodies=_bodies(row["meeting_bodies"]),
        enabled=whitelisted,
        disabled_reason=None if whitelisted else "civic-scraper's list does not whitelist this site",
        options={"archive_years": [int(row["begin_year"]), int(row["end_year"])]},
        provenance=PROVENANCE,
    )


def _bodies(cell: str) -> list[str]:
    """Meeting bodies from civic-scraper's Python list literal, as written there."""
    value = ast.literal_eval(cell) if cell.strip() else []
    return [str(body).strip() for body in value if str(body).strip()]
