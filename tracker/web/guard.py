"""ASGI middleware every response passes: security headers, a request size limit and a per-client rate limit.

The app is read-only and public, so the limits protect the database, not secrets: a body over
``max_body`` bytes is a 413 and a client over ``rate`` requests per ``window`` seconds a 429 with
``Retry-After``. Errors are JSON ``{"error": ...}`` like every other API error.
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: No external origin anywhere: styles and images from this server, no scripts at all.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'; connect-src 'self'")
_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


async def _json_error(send: Send, status: int, message: str, extra: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *_HEADERS, *extra]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Security headers on every response; 413 over ``max_body``; 429 over ``rate`` per ``window`` seconds."""

    def __init__(self, app: ASGIApp, *, rate: int, window: float, max_body: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.rate, self.window, self.max_body, self.clock = app, rate, window, max_body, clock
        self.seen: dict[str, deque[float]] = defaultdict(deque)

    def _retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may ask again, or None (and the request is counted) when it may now."""
        now = self.clock()
        times = self.seen[client]
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.rate:
            return max(1, math.ceil(times[0] + self.window - now))
        times.append(now)
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body or b"chunked" in headers.get(b"transfer-encoding", b""):
            await _json_error(send, 413, f"request body over {self.max_body} bytes (or of unknown length)")
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self._retry_after(client)
        if wait is not None:
            await _json_error(send, 429, f"more than {self.rate} requests in {self.window:g} s; retry in {wait} s",
                              ((b"retry-after", str(wait).encode()),))
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)
