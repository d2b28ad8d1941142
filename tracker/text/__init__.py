"""Document text for alpr-tracker: PDF, HTML or plain text in, pages of text and agenda items out.

:func:`extract` is the entry point the crawl pipeline calls: it decides the type from the bytes
(:mod:`tracker.text.sniff`), extracts PDFs in worker processes (:mod:`tracker.text.pdf`) and HTML with
lxml (:mod:`tracker.text.html`), and never raises on bad input: the result's ``status`` and ``error``
say what went wrong. :func:`split_items` (:mod:`tracker.text.items`) then cuts the text into items.
"""

from __future__ import annotations

from pathlib import Path

from tracker.text.encoding import decode
from tracker.text.html import extract_html
from tracker.text.items import AgendaItem, split_items
from tracker.text.models import HTML_MIME, PAGE_BREAK, PDF_MIME, TEXT_MIME, ExtractedText, Page, Status
from tracker.text.pdf import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, PdfExtractor, extract_pdf, extract_pdfs
from tracker.text.sniff import BINARY_MIME, SNIFF_BYTES, declared_type, sniff

__all__ = [
    "DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "AgendaItem", "ExtractedText", "Page", "PdfExtractor", "Status",
    "extract", "extract_html", "extract_pdf", "extract_pdfs", "extract_plain_text", "split_items",
]


def extract(
    data: bytes | Path,
    *,
    mime: str | None = None,
    filename: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> ExtractedText:
    """Extract the text of a document given as bytes or a file.

    ``mime`` (an HTTP Content-Type, charset included) and ``filename`` are hints used when the bytes do
    not tell; ``max_bytes`` is checked before anything is parsed and ``timeout`` bounds PDF extraction.
    """
    if isinstance(data, Path):
        filename = filename or data.name
    claimed = declared_type(mime, filename) or BINARY_MIME
    try:
        size = len(data) if isinstance(data, bytes) else data.stat().st_size
        if size > max_bytes:
            return ExtractedText.failure("too_large", f"{size} bytes is over the {max_bytes}-byte limit", claimed)
        if size == 0:
            return ExtractedText.failure("empty", "the file is empty", claimed)
        head = data[:SNIFF_BYTES] if isinstance(data, bytes) else _read_head(data)
        media_type = sniff(head, mime, filename)
        if media_type == PDF_MIME:
            return extract_pdf(data, max_bytes=max_bytes, timeout=timeout)
        if media_type not in (HTML_MIME, TEXT_MIME):
            return ExtractedText.failure("unsupported", f"cannot extract text from {media_type}", media_type)
        body = data if isinstance(data, bytes) else data.read_bytes()
    except OSError as error:
        return ExtractedText.failure("corrupt", f"cannot read the file: {error}", claimed)
    return extract_html(body, mime) if media_type == HTML_MIME else extract_plain_text(body, mime)


def extract_plain_text(data: bytes, content_type: str | None = None) -> ExtractedText:
    """Plain text, decoded like HTML; form feeds (as in ``pdftotext`` output) separate pages."""
    text = decode(data, content_type)[0].replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ExtractedText.failure("empty", "the text is blank", TEXT_MIME)
    pages = [Page(number=n, text=page) for n, page in enumerate(text.split(PAGE_BREAK), start=1)]
    return ExtractedText(pages=pages, status="ok", mime=TEXT_MIME, page_count=len(pages))


def _read_head(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(SNIFF_BYTES)
