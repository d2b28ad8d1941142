"""Is a source reachable, and is it still on the platform the registry says? (``alpr-tracker sources check``).

One plain HTTP GET per source, outside Scrapy: a check is a quick look, not a crawl. API platforms are
probed at a cheap endpoint that exists for every client (an unknown Legistar client answers 500 there);
page platforms at their entry point, whose links must still point at the registered platform. A Granicus
row without a view_id is looked up instead: which view the site links (:func:`find_granicus_view`).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from tracker.registry.detect import GranicusView, detect_platform, granicus_views
from tracker.registry.models import RegistryEntry
from tracker.registry.platforms import PLATFORMS

MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CheckResult:
    """What a check found: ``ok`` when the source answered and still looks like its platform."""

    source: str
    url: str
    ok: bool
    status: int | None
    message: str


def fetch(url: str, user_agent: str, timeout: float = 15.0) -> tuple[int, bytes]:
    """GET ``url``: status and at most :data:`MAX_BYTES` of body; HTTP errors return their status."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) URLs only
            return response.status, response.read(MAX_BYTES)
    except urllib.error.HTTPError as error:
        return error.code, error.read(MAX_BYTES) if error.fp else b""


def probe_url(entry: RegistryEntry) -> str:
    """The URL a check requests for ``entry``: its platform's probe (``PlatformRecord.probe``), else the entry point."""
    probe = PLATFORMS[entry.platform].probe
    return entry.url.rstrip("/") + probe if probe else entry.url


def check_source(entry: RegistryEntry, user_agent: str, timeout: float = 15.0) -> CheckResult:
    """Request the source once and say whether it works (see module docstring); never raises for I/O."""
    if entry.platform == "granicus" and "view_id" not in parse_qs(urlsplit(entry.url).query):
        return find_granicus_view(entry, user_agent, timeout)
    url = probe_url(entry)
    if not url.startswith(("http://", "https://")):
        return CheckResult(entry.id, url, False, None, "not an http(s) URL")
    try:
        status, body = fetch(url, user_agent, timeout)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        return CheckResult(entry.id, url, False, None, f"unreachable: {reason}")
    if status >= 400:
        meaning = {500: "server error (Legistar: unknown client)", 403: "forbidden or restricted", 404: "not found"}
        return CheckResult(entry.id, url, False, status, f"HTTP {status}: {meaning.get(status, 'error')}")
    if PLATFORMS[entry.platform].links_back:
        platforms = {d.platform for d in detect_platform(url, body) if d.links}
        if entry.platform not in platforms:
            found = ", ".join(sorted(platforms)) or "no known platform"
            return CheckResult(entry.id, url, False, status, f"page no longer links to {entry.platform} ({found})")
    return CheckResult(entry.id, url, True, status, "ok")


def find_granicus_view(entry: RegistryEntry, user_agent: str, timeout: float = 15.0) -> CheckResult:
    """A bare Granicus site: which view its ViewPublisher index (what the crawl reads) or home page links.

    The governing body's view (City Council, Board of Supervisors) ranks first (see
    :func:`tracker.registry.detect.granicus_views`), as the spider picks it. ``ok`` when the index links a view:
    the crawl follows it; not when only the home page does, or nothing answered (each failure is said).
    """
    parts = urlsplit(entry.url)
    site = f"{parts.scheme}://{parts.netloc}"
    index, home = f"{site}/ViewPublisher.php", f"{site}/"
    views: dict[str, list[GranicusView]] = {}
    problems: list[str] = []
    for page in (index, home):
        try:
            status, body = fetch(page, user_agent, timeout)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            problems.append(f"{page}: {getattr(error, 'reason', error)}")
            continue
        if status >= 400:
            problems.append(f"{page}: HTTP {status}")
            continue
        views[page] = granicus_views(page, body)
    if views.get(index):
        best = views[index][0]
        title = f" ({best.title})" if best.title else ""
        return CheckResult(entry.id, entry.url, True, None,
                           f"no view_id: the crawl follows view_id={best.view_id}{title}; to pin it, set the url to {best.url}")
    if views.get(home):
        best, *others = views[home]
        title = f" ({best.title})" if best.title else ""
        rest = f", before view_id {', '.join(str(v.view_id) for v in others)}" if others else ""
        return CheckResult(entry.id, entry.url, False, None,
                           f"no view_id; found view_id={best.view_id}{title}{rest}: set the row's url to {best.url}")
    said = f" ({'; '.join(problems)})" if problems else ""
    return CheckResult(entry.id, entry.url, False, None,
                       f"no view_id, and neither {index} nor {home} links a view{said}: open the city's meetings"
                       " page, copy its ViewPublisher.php?view_id=N address and set it as the row's url")
