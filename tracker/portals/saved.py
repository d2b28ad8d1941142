"""Portal pages a person saved from a browser, stored as snapshots (``alpr-tracker portals import``).

The portal host answers scripted visitors with a bot challenge, while a browser gets the page. A saved page
is stored like a crawled one: as the ``portal_page`` document at the portal's address, then as the next
snapshot of its ``flock_transparency:{slug}`` source. The slug comes from the page itself where it says
where it was (a canonical link, ``og:url``, the "saved from url=" comment browsers write, a ``<base>``),
else from the file name (``oakland-ca-pd_2026-04-28.html`` -> ``oakland-ca-pd``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml.etree import ParserError

from db.models import PortalSnapshot
from db.repository import Repository
from db.upsert import State
from tracker.ingest import ingest_document
from tracker.portals.blocked import blocked_reason
from tracker.portals.organizations import infer_state
from tracker.portals.parser import parse_portal
from tracker.portals.store import NOT_A_PORTAL, store_portal_snapshot
from tracker.registry.urls import FLOCK_PORTAL, entry_point
from tracker.sources import register_source

_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
_SAVE_AGAIN = "the browser saved the host's challenge, not the portal: open the page, let it load, then save it again"
#: What browsers and people append to a saved file's name: a date, a copy number.
_NAME_SUFFIX = re.compile(r"(?:[_ .-]+\d{4}-\d{2}-\d{2}(?:[T_ ][\d:.-]+)?|\s*\(\d+\))+$")


@dataclass(frozen=True)
class Imported:
    """What importing one file did: the portal's current snapshot, or why the file gave none."""

    path: Path
    slug: str | None
    snapshot: PortalSnapshot | None = None
    state: State | None = None
    error: str | None = None


def portal_slug(body: bytes, filename: str) -> str | None:
    """The portal's slug, from the page's own address if it states one, else from ``filename``."""
    for url in _stated_urls(body):
        portal = entry_point("flock_transparency", url) if "://" in url else ""
        if portal.startswith(f"{FLOCK_PORTAL}/"):
            return portal.removeprefix(f"{FLOCK_PORTAL}/")
    stem = _NAME_SUFFIX.sub("", Path(filename).stem).lower()
    return stem if _SLUG.match(stem) else None


def _stated_urls(body: bytes) -> list[str]:
    urls = [found.decode("utf-8", "replace") for found in _SAVED_FROM.findall(body[:4096])]
    try:
        root = lxml.html.document_fromstring(body)
    except (ParserError, ValueError):
        return urls
    stated = root.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content|//base/@href")
    return [*(str(url).strip() for url in stated), *urls]


def import_saved_page(repo: Repository, path: Path) -> Imported:
    """Store the page saved at ``path`` as its portal's next snapshot; ``error`` says why not."""
    try:
        body = path.read_bytes()
    except OSError as error:
        return Imported(path, None, error=f"cannot be read: {error.strerror or error}")
    slug = portal_slug(body, path.name)
    if slug is None:
        return Imported(path, None, error="no portal address in the page and no slug in the file name; "
                                         "rename it to the portal's slug (oakland-ca-pd.html)")
    page = parse_portal(body)
    if not page.found:  # stored nowhere: a saved challenge must not become a source or a document
        wall = blocked_reason(body)
        return Imported(path, slug, error=f"blocked: {wall}; {_SAVE_AGAIN}" if wall else NOT_A_PORTAL)
    url = f"{FLOCK_PORTAL}/{slug}"
    key = f"flock_transparency:{slug}"
    source = repo.source_by_key(key)
    if source is None:
        agency = page.agency or slug
        source = register_source(repo, {"id": key, "name": agency, "state": infer_state(agency)[0],
                                        "platform": "flock_transparency", "url": url})
    document = ingest_document(repo, url=url, body=body, source_id=source.id, kind="portal_page",
                               mime="text/html").document
    snapshot, state = store_portal_snapshot(repo, source.id, document, body)
    return Imported(path, slug, snapshot, state)

