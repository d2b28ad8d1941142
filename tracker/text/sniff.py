"""Decide what a document is from its first bytes, since servers mislabel files all the time.

The content wins over the declared type: a ".pdf" URL that returns an HTML error page is read as HTML
(and reported as ``text/html``, so the caller sees the mismatch), and a PNG labelled ``text/html`` is
unsupported. The declared type only decides when the bytes do not say (an HTML fragment, a truncated
file that was meant to be a PDF).
"""

from __future__ import annotations

import mimetypes
import re

from tracker.text.encoding import bom_encoding
from tracker.text.models import HTML_MIME, PDF_MIME, TEXT_MIME

BINARY_MIME = "application/octet-stream"

#: How many leading bytes :func:`sniff` needs.
SNIFF_BYTES = 4096
#: PDF readers, PDFium included, accept junk before the header within the first kilobyte.
_PDF_HEADER_WINDOW = 1024
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),  # also docx, xlsx, odt
    (b"PK\x05\x06", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # doc, xls, msg
    (b"\x1f\x8b", "application/gzip"),
    (b"{\\rtf", "application/rtf"),
    (b"%!PS", "application/postscript"),
)
# The WHATWG "text/html" sniffing patterns (tag names followed by a space or ">"), plus XHTML and
# tags that fragments saved by agenda systems start with.
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--|\?xml"
    r"|meta|link|center|span)[\s>/]",
    re.IGNORECASE,
)
_DECLARED_DOCUMENTS = {PDF_MIME: PDF_MIME, HTML_MIME: HTML_MIME, "application/xhtml+xml": HTML_MIME}
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13, 27}


def sniff(head: bytes, mime: str | None = None, filename: str | None = None) -> str:
    """The media type of a document from its first :data:`SNIFF_BYTES` bytes and what it claims to be."""
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return PDF_MIME
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if (bom := bom_encoding(head)) is not None:
        start = head.decode(bom, "ignore").lstrip("\ufeff")
    else:
        start = head.decode("latin-1")
    if _HTML_START.match(start.lstrip()):
        return HTML_MIME
    declared = declared_type(mime, filename)
    if declared in _DECLARED_DOCUMENTS:
        return _DECLARED_DOCUMENTS[declared]
    if bom is None and _looks_binary(head):
        return declared if declared not in (None, TEXT_MIME) else BINARY_MIME
    return TEXT_MIME


def declared_type(mime: str | None, filename: str | None) -> str | None:
    """The media type a Content-Type value (parameters dropped) or else a file name claims."""
    if mime and (media_type := mime.split(";", 1)[0].strip().lower()):
        return media_type
    return mimetypes.guess_type(filename)[0] if filename else None


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: not text in any encoding we decode."""
    return b"\x00" in head or sum(byte in _CONTROL_BYTES for byte in head) > len(head) // 20
