"""Bytes → str for HTML and plain text, without ever raising on a wrong or missing declaration.

The order follows the WHATWG encoding sniffing rules that browsers use: a byte order mark wins, then the
HTTP ``Content-Type`` charset, then a ``<meta>`` charset in the first bytes, then UTF-8 if the bytes are
valid UTF-8, else windows-1252 (what old municipal sites mean even when they say "iso-8859-1").
"""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_META_SCAN_BYTES = 4096
#: Labels browsers decode as windows-1252, which is a superset of them.
_AS_CP1252 = {"latin_1", "iso8859_1", "ascii", "cp1252"}


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark at the start of ``data`` announces, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _normalize(label: bytes | str | None) -> str | None:
    """A Python codec name for an encoding label, or None for an unknown or unusable one."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # "base64", "rot13": codecs but not charsets
        return None
    name = info.name
    if name.replace("-", "_") in _AS_CP1252:
        return "cp1252"
    # A document read as ASCII-compatible bytes cannot really be UTF-16 (WHATWG maps it to UTF-8).
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def header_charset(content_type: str | None) -> str | None:
    """The usable charset parameter of an HTTP ``Content-Type`` value, if any."""
    match = _CHARSET.search(content_type.encode("latin-1", "ignore")) if content_type else None
    return _normalize(match.group(1)) if match else None


def decode(data: bytes, content_type: str | None = None, *, html: bool = False) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding used)``; ``html`` also honours a ``<meta>`` charset."""
    if bom := bom_encoding(data):
        return data.decode(bom, "replace").lstrip("\ufeff"), bom
    declared = header_charset(content_type)
    if declared is None and html and (meta := _META_CHARSET.search(data, 0, _META_SCAN_BYTES)):
        declared = _normalize(meta.group(1))
    if declared:
        return data.decode(declared, "replace"), declared
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace"), "cp1252"
