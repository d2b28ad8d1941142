"""The items spiders yield: typed, platform-neutral records (pydantic models work as Scrapy items).

Spiders know HTTP and page structure; they name their source by its registry id and never touch the
database. The storage pipeline turns these into rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from scrapers.links import DocumentKind, Link

__all__ = ["DocumentItem", "DocumentKind", "MeetingItem", "SourceStatusItem"]


class MeetingItem(BaseModel):
    """A meeting as the platform lists it; ``external_id`` is the platform's own id for it.

    ``start`` is what the platform publishes: usually a local wall-clock time without a zone (the storage
    pipeline places it in the jurisdiction's zone), midnight when only the day is known.
    """

    source: str
    external_id: str
    body: str
    start: dt.datetime | None = None
    status: Literal["scheduled", "held", "cancelled"] = "scheduled"
    url: str | None = None
    links: list[Link] = Field(default_factory=list)


class DocumentItem(BaseModel):
    """A fetched file, or the reason it could not be fetched (``body`` None, ``error`` set)."""

    source: str
    url: str
    kind: DocumentKind = "other"
    meeting_external_id: str | None = None
    title: str | None = None
    body: bytes | None = None
    mime: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


class SourceStatusItem(BaseModel):
    """A source-level failure (listing unreachable, unknown client...): stored on the source. With ``ok`` and
    a ``warning``, the listing was read but part of it was not (3 of 40 rows without a date): the source's
    verdict at the end of the crawl is then a warning that says so, never a plain ``ok``."""

    source: str
    ok: bool
    error: str | None = None
    warning: str | None = None
