"""Document text for alpr-tracker: PDF, HTML or plain text in, pages of text and agenda items out.

:func:`extract` is the entry point the crawl pipeline calls: it decides the type from the bytes
(:mod:`tracker.text.sniff`), extracts PDFs in worker processes (:mod:`tracker.text.pdf`) and HTML with
lxml (:mod:`tracker.text.html`), and never raises on bad input: the result's ``status`` and ``error``
say what went wrong. :func:`split_document` (:mod:`tracker.text.items`) then cuts the text into items and says how.
"""

from __future__ import annotations

import html as htmllib
import re
import zlib
from pathlib import Path

from tracker.text.encoding import decode
from tracker.text.html import extract_html
from tracker.text.items import AgendaItem, SplitDocument, split_document, split_items
from tracker.text.models import HTML_MIME, PAGE_BREAK, PDF_MIME, TEXT_MIME, ExtractedText, Page, Status
from tracker.text.pdf import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, PdfExtractor, extract_pdf, extract_pdfs
from tracker.text.sniff import BINARY_MIME, SNIFF_BYTES, declared_type, sniff

GZIP_MIME = "application/gzip"
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)

__all__ = [
    "DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "AgendaItem", "ExtractedText", "Page", "PdfExtractor", "SplitDocument",
    "Status", "extract", "extract_html", "extract_pdf", "extract_pdfs", "extract_plain_text", "split_document",
    "split_items",
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
        if media_type == GZIP_MIME:
            # A server that compressed the body and forgot to say so (no Content-Encoding): read what it sent.
            return _extract_gunzipped(data if isinstance(data, bytes) else data.read_bytes(), mime, filename,
                                      max_bytes, timeout)
        if media_type == PDF_MIME:
            return extract_pdf(data, max_bytes=max_bytes, timeout=timeout)
        if media_type not in (HTML_MIME, TEXT_MIME):
            return ExtractedText.failure("unsupported", f"cannot extract text from {media_type}", media_type)
        body = data if isinstance(data, bytes) else data.read_bytes()
    except OSError as error:
        return ExtractedText.failure("corrupt", f"cannot read the file: {error}", claimed)
    if media_type == HTML_MIME and claimed == PDF_MIME:
        # A web page where a PDF was announced is an error, login or challenge page nearly always: stored as
        # the document it would hide the real one (and be trusted for a day), so it is a failure to read again.
        return ExtractedText.failure("corrupt", f"an HTML page came where a PDF was announced ({_page_title(body)}): "
                                     "an error or login page; it is fetched again next crawl", HTML_MIME)
    return extract_html(body, mime) if media_type == HTML_MIME else extract_plain_text(body, mime)


def _extract_gunzipped(data: bytes, mime: str | None, filename: str | None, max_bytes: int,
                       timeout: float) -> ExtractedText:
    """The text of a gzip stream's content, decompressed no further than ``max_bytes`` (a gzip bomb stops)."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        content = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as error:
        return ExtractedText.failure("corrupt", f"a gzip stream that does not decompress: {error}", GZIP_MIME)
    if not content and not decompressor.eof:
        return ExtractedText.failure("corrupt", "a gzip stream cut short before any content", GZIP_MIME)
    if len(content) > max_bytes:
        return ExtractedText.failure("too_large", f"decompressed, it is over the {max_bytes}-byte limit", GZIP_MIME)
    if content[:2] == b"\x1f\x8b":
        return ExtractedText.failure("unsupported", "gzip inside gzip: not a document", GZIP_MIME)
    return extract(content, mime=None if declared_type(mime, None) == GZIP_MIME else mime, filename=filename,
                   max_bytes=max_bytes, timeout=timeout)


def _page_title(body: bytes) -> str:
    """``title: "Server Error"`` (the page's <title>, cut short), or ``no title``."""
    found = _TITLE.search(body[:SNIFF_BYTES * 4].decode("utf-8", "replace"))
    title = " ".join(htmllib.unescape(found[1]).split())[:80] if found else ""
    return f'title: "{title}"' if title else "no title"


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
