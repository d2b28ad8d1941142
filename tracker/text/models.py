"""Typed results of text extraction: the pages of one document and how extraction went.

Extraction never raises on bad input; instead :class:`ExtractedText` carries a ``status`` and an ``error``
message, so a crawl can record a broken or scanned document and move on. The pages are kept apart (not
only joined) because evidence must point back to a page of the primary document.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

Status = Literal["ok", "empty", "scanned", "encrypted", "corrupt", "too_large", "timeout", "unsupported"]

PDF_MIME = "application/pdf"
HTML_MIME = "text/html"
TEXT_MIME = "text/plain"

#: Joins pages in :attr:`ExtractedText.text`; extractors remove it from page text so it is unambiguous.
PAGE_BREAK = "\f"


class Page(BaseModel):
    """One page of text (HTML and plain text have a single page)."""

    model_config = ConfigDict(frozen=True)

    number: int
    text: str
    #: The page draws an image but has (almost) no text layer: a candidate for OCR.
    needs_ocr: bool = False


class ExtractedText(BaseModel):
    """The text of one document, page by page, with the outcome of extraction."""

    model_config = ConfigDict(frozen=True)

    pages: list[Page]
    status: Status
    error: str | None = None
    mime: str
    page_count: int

    @classmethod
    def failure(cls, status: Status, error: str, mime: str) -> ExtractedText:
        """A result without text, for input that could not be read at all."""
        return cls(pages=[], status=status, error=error, mime=mime, page_count=0)

    @cached_property
    def text(self) -> str:
        """All pages joined by form feeds, the string that item and evidence offsets point into."""
        return PAGE_BREAK.join(page.text for page in self.pages)

    @cached_property
    def _page_starts(self) -> list[int]:
        starts, offset = [], 0
        for page in self.pages:
            starts.append(offset)
            offset += len(page.text) + len(PAGE_BREAK)
        return starts

    def page_at(self, offset: int) -> int:
        """The number of the page holding character ``offset`` of :attr:`text`.

        ``len(text)`` is accepted too (an end offset) and maps to the last page; a form feed belongs to
        the page it ends. Raises ``IndexError`` for offsets outside the text.
        """
        if not self.pages or not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset} outside text of length {len(self.text)}")
        return self.pages[bisect_right(self._page_starts, offset) - 1].number
