"""Recognize the meeting platform behind a government web page, to add it to the registry.

Pure: it reads a URL and (optionally) the page's HTML, and never fetches; the CLI does the fetching.
A city's site rarely says "we use Legistar" in words, but its links do: ``chicago.legistar.com``,
``ViewPublisher.php?view_id=12``, ``/AgendaCenter/ViewFile/...``. Each link is resolved against the page
(so relative IQM2 and CivicPlus links count too) and mapped to the platform's entry point with the same
rules as the registry (:mod:`tracker.registry.urls`), so a detection can be pasted into a registry as is.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.etree import ParserError

from tracker.registry.urls import Platform, entry_point

_LINK_ATTRIBUTES = ("href", "src", "action", "data-src", "data-url")
_GRANICUS_PAGES = re.compile(
    r"/(ViewPublisher|ViewPublisherRSS|AgendaViewer|MetaViewer|MediaPlayer|GeneratedAgendaViewer)\.php$",
    re.I,
)
# Vendor hosts that serve every customer (media files, the vendor's own site), not one customer's site.
_GRANICUS_SHARED = re.compile(r"^(www|archive-media|.*-media|legistar\d*|cdn\w*|support)\.granicus\.com$")
_LEGISTAR_SHARED = frozenset({"www", "media", "webapi"})


@dataclass(frozen=True)
class Detection:
    """A platform found behind a page: its entry point and why we think so."""

    platform: Platform
    url: str
    evidence: str
    #: How many of the page's links point at this platform (0: known from the page URL alone).
    links: int = 0


def detect_platform(url: str, html: str | bytes | None = None) -> list[Detection]:
    """Platforms that ``url`` and the links in ``html`` point to: the page's own first, then the most linked."""
    found: dict[tuple[Platform, str], list[str]] = {}
    own = _classify(url)
    if own:
        found[own] = []
    links = Counter(_links(url, html)) if html else Counter()
    for link, _ in links.most_common():
        key = _classify(link)
        if key:
            found.setdefault(key, []).append(link)
    detections = []
    for (platform, entry), hits in found.items():
        count = sum(links[h] for h in hits)
        reasons = [f"page URL {url}"] if (platform, entry) == own else []
        if hits:
            reasons.append(f"{count} link(s) such as {hits[0]}")
        detections.append((((platform, entry) != own, -count), Detection(platform, entry, "; ".join(reasons), count)))
    return [detection for _, detection in sorted(detections, key=lambda pair: pair[0])]


def platform_of(url: str) -> Platform | None:
    """The platform whose host or path ``url`` shows, if any (no entry-point rewriting).

    Each platform's rule is its record's ``shows`` in :data:`tracker.registry.platforms.PLATFORMS`, tried in
    the table's order; the table is imported here when first needed because it refers to the rules below.
    """
    from tracker.registry.platforms import PLATFORMS

    try:
        parts = urlsplit(url if "//" in url else "//" + url)
    except ValueError:
        return None
    host, path = (parts.hostname or "").lower(), parts.path
    return next((record.name for record in PLATFORMS.values() if record.shows(host, path)), None)


# The detection rules of the platform table (``PlatformRecord.shows``): whether a URL's lowercased host and its
# path are on the platform. Vendor hosts that serve every customer (Granicus' media hosts, Legistar's own
# www and webapi sites as pages) and CivicPlus' /Areas/ widgets name no customer's site, so they show nothing.
def shows_legistar(host: str, path: str) -> bool:
    return host == "webapi.legistar.com" or (
        host.endswith(".legistar.com") and host.count(".") == 2 and host.split(".")[0] not in _LEGISTAR_SHARED
    )


def shows_granicus(host: str, path: str) -> bool:
    return host.endswith(".granicus.com") and not _GRANICUS_SHARED.match(host) and bool(_GRANICUS_PAGES.search(path))


def shows_civicplus(host: str, path: str) -> bool:
    return bool(re.search(r"/AgendaCenter(/|$)", path, re.I)) and not path.lower().startswith("/areas/")


def shows_primegov(host: str, path: str) -> bool:
    return host.endswith(".primegov.com")


def shows_civicclerk(host: str, path: str) -> bool:
    return host.endswith(".civicclerk.com")


def shows_novusagenda(host: str, path: str) -> bool:
    return host.endswith(".novusagenda.com") or bool(re.search(r"/agendapublic(/|$)", path, re.I))


def shows_escribe(host: str, path: str) -> bool:
    return host.endswith(".escribemeetings.com")


def shows_boarddocs(host: str, path: str) -> bool:
    return host.endswith("boarddocs.com") and bool(re.search(r"^/[a-z]{2,6}/[^/]+/Board\.nsf", path, re.I))


def shows_iqm2(host: str, path: str) -> bool:
    return host.endswith(".iqm2.com") or bool(re.search(r"^/Citizens/\w+\.aspx$", path, re.I))


def shows_usaspending(host: str, path: str) -> bool:
    return host.endswith("usaspending.gov")


def shows_socrata(host: str, path: str) -> bool:
    return bool(re.search(r"^/resource/[a-z0-9]{4}-[a-z0-9]{4}\.json$", path))


def shows_flock(host: str, path: str) -> bool:
    return host == "transparency.flocksafety.com" and bool(path.strip("/"))


def shows_eyesonflock(host: str, path: str) -> bool:
    return host in ("eyesonflock.com", "www.eyesonflock.com")


def _classify(url: str) -> tuple[Platform, str] | None:
    """(platform, entry point) of one URL, or None when it shows no platform."""
    platform = platform_of(url)
    if platform is None:
        return None
    try:
        return platform, entry_point(platform, url)
    except ValueError:
        return None


def _links(page_url: str, html: str | bytes) -> list[str]:
    """Absolute URLs of the page's links, frames, scripts and forms, resolved as a browser would."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return []
    base = doc.xpath("string(//base/@href)").strip() or page_url
    base = urljoin(page_url, base)
    links = []
    for attribute in _LINK_ATTRIBUTES:
        for value in doc.xpath(f"//@{attribute}"):
            value = str(value).strip()
            if value and not value.startswith(("#", "javascript:", "mailto:", "tel:")):
                links.append(urljoin(base, value))
    return links
