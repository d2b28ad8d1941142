"""Credentials never shown: URLs with a ``user:password@``, webhook URLs that are themselves the secret.

A registry URL may carry a login (``https://user:pw@host/...``), and every error about it repeats the URL;
a Slack or Discord webhook URL *is* a credential (whoever has it can post). Stored errors lose the login,
and listings show a webhook as its host and the last characters of its path, enough to tell two apart.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"<>]+@")
MASK = "…"
_KEPT = 4


def without_credentials(text: str | None) -> str | None:
    """``text`` with the ``user:password@`` of every URL in it replaced by ``***@``."""
    return _USERINFO.sub(r"\1***@", text) if text else text


def masked_url(url: str) -> str:
    """``https://hooks.slack.com/…Xy9z``: scheme and host, then only the last characters of the rest."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return MASK
    rest = url.split(parts.netloc, 1)[1]
    base = f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    if len(rest.strip("/")) <= _KEPT:
        return base + rest
    return f"{base}/{MASK}{rest[-_KEPT:]}"
