"""Entry-point URL conventions per platform (DESIGN.md section 3, ``crawl --registry``).

A registry row may name its source loosely: a Legistar client slug, a page copied from a browser, a
CivicPlus search URL with dates in it. Spiders must not guess, so every value is rewritten here to the
one entry point its platform's spider expects. Hosts of the platform vendors are rewritten to ``https``;
any other host (a city's own domain, or ``127.0.0.1`` where tests replay recorded sites) keeps its scheme
and port, so the rules never break a replay.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

Platform = Literal[
    "legistar",
    "granicus",
    "civicplus",
    "primegov",
    "civicclerk",
    "novusagenda",
    "escribe",
    "boarddocs",
    "iqm2",
    "usaspending",
    "socrata",
    "flock_transparency",
    "eyesonflock",
]

USASPENDING_API = "https://api.usaspending.gov/api/v2"
FLOCK_PORTAL = "https://transparency.flocksafety.com"
EYESONFLOCK_API = "https://eyesonflock.com/api/v1/data"

_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_SOCRATA_ID = re.compile(r"(?:^|/)([a-z0-9]{4}-[a-z0-9]{4})(?:\.json)?$")


def _split(value: str) -> tuple[str, str, str, str]:
    """Return (scheme, host, netloc, path) of an absolute or protocol-relative URL."""
    if value.startswith("//"):
        value = "https:" + value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL or slug: {value!r}")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked: 99999 must fail here, not mid-crawl
    except ValueError:
        raise ValueError(f"not a valid port in {value!r} (ports are 1-65535)") from None
    return parts.scheme, parts.hostname.lower(), parts.netloc, parts.path


def _subdomain(host: str, domain: str) -> str | None:
    """The label left of ``domain`` in ``host`` (``chicago`` for chicago.legistar.com), else None."""
    suffix = "." + domain
    if host.endswith(suffix):
        return host[: -len(suffix)].split(".")[-1]
    return None


def _site_path(value: str, marker: str, vendor_domain: str) -> str:
    """``{site}{marker}`` for path-based platforms (CivicPlus, IQM2, NovusAgenda) on any host."""
    scheme, host, netloc, _ = _split(value)
    if host.endswith("." + vendor_domain):
        scheme, netloc = "https", host
    return f"{scheme}://{netloc}{marker}"


def legistar_url(value: str, options: Mapping[str, Any]) -> str:
    if _SLUG.fullmatch(value):
        return f"https://webapi.legistar.com/v1/{value.lower()}"
    _, host, _, path = _split(value)
    if host == "webapi.legistar.com":
        segments = [s for s in path.split("/") if s]
        if len(segments) >= 2 and segments[0].lower() == "v1":
            return f"https://webapi.legistar.com/v1/{segments[1].lower()}"
        raise ValueError(f"Legistar Web API URL without a client: {value!r}")
    client = _subdomain(host, "legistar.com")
    return f"https://webapi.legistar.com/v1/{client}" if client else value


def civicclerk_url(value: str, options: Mapping[str, Any]) -> str:
    if _SLUG.fullmatch(value):
        return f"https://{value.lower()}.api.civicclerk.com/v1"
    _, host, _, _ = _split(value)
    if host.endswith(".civicclerk.com"):
        return f"https://{host.split('.')[0]}.api.civicclerk.com/v1"
    return value


def primegov_url(value: str, options: Mapping[str, Any]) -> str:
    if _SLUG.fullmatch(value):
        return f"https://{value.lower()}.primegov.com"
    _, host, _, _ = _split(value)
    client = _subdomain(host, "primegov.com")
    return f"https://{client}.primegov.com" if client else value


def civicplus_url(value: str, options: Mapping[str, Any]) -> str:
    if _SLUG.fullmatch(value) and "." not in value:
        return f"https://{value.lower()}.civicplus.com/AgendaCenter"
    if "://" not in value and not value.startswith("//"):
        value = "https://" + value  # a bare host such as www.nashcountync.gov
    return _site_path(value, "/AgendaCenter", "civicplus.com")


def iqm2_url(value: str, options: Mapping[str, Any]) -> str:
    if _SLUG.fullmatch(value):
        return f"https://{value.lower()}.iqm2.com/Citizens"
    return _site_path(value, "/Citizens", "iqm2.com")


def novusagenda_url(value: str, options: Mapping[str, Any]) -> str:
    if _SLUG.fullmatch(value):
        return f"https://{value.lower()}.novusagenda.com/agendapublic"
    return _site_path(value, "/agendapublic", "novusagenda.com")


def escribe_url(value: str, options: Mapping[str, Any]) -> str:
    if _SLUG.fullmatch(value):
        sub = value.lower()
        return f"https://{sub if sub.startswith('pub-') else 'pub-' + sub}.escribemeetings.com"
    _, host, _, _ = _split(value)
    return f"https://{host}" if host.endswith(".escribemeetings.com") else value


def boarddocs_url(value: str, options: Mapping[str, Any]) -> str:
    # The first segment is a state ("ca/sfusd") or an association of boards ("vsba/fairfax", "mabe/mcpsmd").
    if re.fullmatch(r"[A-Za-z]{2,6}/[A-Za-z0-9_-]+", value):
        return f"https://go.boarddocs.com/{value.lower()}/Board.nsf"
    _, host, _, path = _split(value)
    if host == "boarddocs.com" or host.endswith(".boarddocs.com"):
        found = re.match(r"/([A-Za-z]{2,6})/([^/]+)/", path + "/")
        if not found:
            raise ValueError(f"BoardDocs URL without /{{state or association}}/{{org}}/: {value!r}")
        return f"https://go.boarddocs.com/{found[1].lower()}/{found[2]}/Board.nsf"
    return value


def granicus_url(value: str, options: Mapping[str, Any]) -> str:
    """``https://{client}.granicus.com/ViewPublisher.php?view_id=N``; without a view, the site root."""
    if _SLUG.fullmatch(value):
        host = f"{value.lower()}.granicus.com"
        view_id = options.get("view_id")
    else:
        _, host, _, _ = _split(value)
        if not host.endswith(".granicus.com"):
            return value
        view_id = parse_qs(urlsplit(value).query).get("view_id", [options.get("view_id")])[0]
    if view_id in (None, ""):
        return f"https://{host}"
    return f"https://{host}/ViewPublisher.php?view_id={int(view_id)}"


def usaspending_url(value: str, options: Mapping[str, Any]) -> str:
    _, host, _, _ = _split(value)
    return USASPENDING_API if host.endswith("usaspending.gov") else value


def socrata_url(value: str, options: Mapping[str, Any]) -> str:
    """``https://{domain}/resource/{id}.json``, the id from the URL or from ``options['dataset']``."""
    scheme, _, netloc, path = _split(value)
    found = _SOCRATA_ID.search(path.rstrip("/"))
    dataset = found[1] if found else options.get("dataset")
    if not dataset:
        raise ValueError(f"Socrata source needs a dataset id in the URL or options.dataset: {value!r}")
    return f"{scheme}://{netloc}/resource/{dataset}.json"


def flock_url(value: str, options: Mapping[str, Any]) -> str:
    if "/" not in value and "." not in value:
        return f"{FLOCK_PORTAL}/{value}"
    _, host, _, path = _split(value)
    if host != "transparency.flocksafety.com":
        return value
    slug = path.strip("/").split("/")[0]
    if not slug:
        raise ValueError(f"Flock transparency URL without an agency slug: {value!r}")
    return f"{FLOCK_PORTAL}/{slug}"


def eyesonflock_url(value: str, options: Mapping[str, Any]) -> str:
    """The aggregator has one data endpoint: its name or any of its addresses means that endpoint."""
    if "/" not in value and "." not in value:
        return EYESONFLOCK_API
    _, host, _, _ = _split(value if "//" in value else f"https://{value}")
    return EYESONFLOCK_API if host in ("eyesonflock.com", "www.eyesonflock.com") else value


def entry_point(platform: Platform, value: str, options: Mapping[str, Any] | None = None) -> str:
    """The normalized entry point of ``value`` on ``platform``; raises ValueError if it cannot be one.

    The rule of each platform is its record's in :data:`tracker.registry.platforms.PLATFORMS`, imported here
    when first needed because that table refers to the rules above.
    """
    from tracker.registry.platforms import PLATFORMS

    value = value.strip()
    if not value:
        raise ValueError("empty url")
    return PLATFORMS[platform].entry_point(value, options or {})
