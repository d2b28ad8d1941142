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
from urllib.parse import parse_qs, urljoin, urlsplit

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


#: What to do about a Granicus site named without a view (``sources check`` looks for its views itself).
_BARE_GRANICUS = ("no view_id, and the page links no view: run `alpr-tracker sources check` on a row with this url"
                  " (it also reads {site}/ViewPublisher.php), or detect the city's meetings page that embeds"
                  " its videos")
#: Titles of a jurisdiction's governing body (its council, its board of supervisors or commissioners).
_GOVERNING = re.compile(r"\b(council|board of (supervisors|commissioners|aldermen|trustees|directors|education)"
                        r"|commissioners court|county commission|select board)\b", re.I)
#: Titles of the bodies under it, whose views a source should watch only when asked to.
_SUBORDINATE = re.compile(r"\b(committee|subcommittee|planning|advisory|task force|zoning|authority"
                          r"|(?<!county )commission|board of (adjustment|appeals))\b", re.I)


@dataclass(frozen=True)
class GranicusView:
    """One view of a Granicus site: its ViewPublisher page, its id, what the site calls it, how often linked."""

    url: str
    view_id: int
    title: str
    links: int

    @property
    def rank(self) -> int:
        """2 for a governing body's view, 0 for a committee's or commission's, 1 when the title says neither."""
        if _SUBORDINATE.search(self.title):
            return 0
        return 2 if _GOVERNING.search(self.title) else 1

    def order(self) -> tuple[int, int, int]:
        """Sort key: the governing body's view first, then the most linked, then the oldest (lowest id)."""
        return -self.rank, -self.links, self.view_id


@dataclass(frozen=True)
class Detection:
    """A platform found behind a page: its entry point and why we think so."""

    platform: Platform
    url: str
    evidence: str
    #: How many of the page's links point at this platform (0: known from the page URL alone).
    links: int = 0


def detect_platform(url: str, html: str | bytes | None = None) -> list[Detection]:
    """Platforms that ``url`` and the links in ``html`` point to: the page's own first, then the most linked.

    Granicus views are titled in the evidence, and a governing body's view comes before its committees'
    (:func:`granicus_views`); a Granicus site without a view is listed only when the page links none of its
    views, saying where to find one.
    """
    found: dict[tuple[Platform, str], list[str]] = {}
    own = _classify(url)
    if own:
        found[own] = []
    links = Counter(_links(url, html)) if html else Counter()
    for link, _ in links.most_common():
        key = _classify(link)
        if key:
            found.setdefault(key, []).append(link)
    views = {view.url: view for view in granicus_views(url, html)} if html else {}
    sites_with_views = {urlsplit(view).netloc for view in views}
    detections = []
    for (platform, entry), hits in found.items():
        bare_granicus = platform == "granicus" and "view_id=" not in entry
        if bare_granicus and urlsplit(entry).netloc in sites_with_views:
            continue  # the site's views below are what to register
        count = sum(links[h] for h in hits)
        reasons = [f"page URL {url}"] if (platform, entry) == own else []
        if hits:
            reasons.append(f"{count} link(s) such as {hits[0]}")
        view = views.get(entry) if platform == "granicus" else None
        if view is not None and view.title:
            reasons.append(f"titled {view.title!r}")
        if bare_granicus:
            reasons.append(_BARE_GRANICUS.format(site=entry))
        key = ((platform, entry) != own, -(view.rank if view else 1), -count)
        detections.append((key, Detection(platform, entry, "; ".join(reasons), count)))
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
    customer = host.endswith(".granicus.com") and not _GRANICUS_SHARED.match(host)
    return customer and (path in ("", "/") or bool(_GRANICUS_PAGES.search(path)))


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
    doc = _document(html)
    return [link for link, _ in _linked(page_url, doc)] if doc is not None else []


def _document(html: str | bytes) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return None


def _linked(page_url: str, doc: lxml.html.HtmlElement) -> list[tuple[str, lxml.html.HtmlElement]]:
    """Each absolute link of the page with the element that holds it (an anchor's text names its target)."""
    base = doc.xpath("string(//base/@href)").strip() or page_url
    base = urljoin(page_url, base)
    links = []
    for attribute in _LINK_ATTRIBUTES:
        for value in doc.xpath(f"//@{attribute}"):
            link = str(value).strip()
            if link and not link.startswith(("#", "javascript:", "mailto:", "tel:")):
                links.append((urljoin(base, link), value.getparent()))
    return links


def granicus_views(page_url: str, html: str | bytes) -> list[GranicusView]:
    """The Granicus views a page links (``ViewPublisher.php?view_id=N``, its RSS feeds, players, viewers), best first.

    A bare ``{site}.granicus.com`` cannot be crawled: a site publishes one ViewPublisher page per view, and
    only its governing body's is the one to watch by default. A view is titled by the text of an anchor to
    its ViewPublisher page, else, when it is the page's own view (the page URL's, or the only one linked),
    by the page's ``<title>``.
    """
    doc = _document(html)
    if doc is None:
        return []
    counts: Counter[tuple[str, int]] = Counter()
    titles: dict[tuple[str, int], str] = {}
    for link, element in _linked(page_url, doc):
        parts = urlsplit(link)
        view_id = parse_qs(parts.query).get("view_id", [""])[0]
        if not (_GRANICUS_PAGES.search(parts.path) and view_id.isdigit()):
            continue
        page = f"{parts.scheme}://{parts.netloc}/ViewPublisher.php?view_id={int(view_id)}"
        view = (entry_point("granicus", page), int(view_id))
        counts[view] += 1
        text = " ".join((element.text_content() or element.get("title") or "").split())
        if text and parts.path.lower().endswith("/viewpublisher.php"):
            titles.setdefault(view, text)
    own = parse_qs(urlsplit(page_url).query).get("view_id", [""])[0]
    page_title = " ".join(doc.xpath("string(//title)").split())
    views = []
    for (url, view_id), links in counts.items():
        is_own = len(counts) == 1 or own == str(view_id)
        views.append(GranicusView(url, view_id, titles.get((url, view_id)) or (page_title if is_own else ""), links))
    return sorted(views, key=GranicusView.order)
