"""The items spiders yield: typed, platform-neutral records (pydantic models work as Scrapy items).

Spiders know HTTP and page structure; they name their source by its registry id and never touch the
database. The storage pipeline turns these into rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, field_validator

DocumentKind = Literal["agenda", "minutes", "packet", "staff_report", "procurement_notice", "portal_page", "other"]


class MeetingItem(BaseModel):
    """A meeting as the platform lists it; ``external_id`` is the platform's own id for it."""

    source: str
    external_id: str
    body: str
    start: dt.datetime | None = None
    status: Literal["scheduled", "held", "cancelled"] = "scheduled"
    url: str | None = None
    links: list[dict[str, str]] = Field(default_factory=list)

    @field_validator("start")
    @classmethod
    def _wall_clock(cls, value: dt.datetime | None) -> dt.datetime | None:
        """Platforms publish local wall-clock times without a zone; they are kept as published, labeled UTC.

        The registry does not know each jurisdiction's time zone, and the day of the vote is what matters.
        """
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value


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
    """A source-level failure (listing unreachable, unknown client...): stored on the source."""

    source: str
    ok: bool
    error: str | None = None
