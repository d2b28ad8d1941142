"""Before a crawl: which sources' hosts cannot even be resolved? They fail at once, with one clear line each.

Without network every request would fail only after robots.txt, retries and backoff, source by source,
for minutes. Resolving each distinct host once, in parallel, tells in seconds which sources cannot be
reached, so the crawl skips them, records why, and goes on with the rest.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The lower-case host name of ``url`` (empty when it has none)."""
    return (urlsplit(url).hostname or "").lower()


def _resolve(host: str) -> str | None:
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError) as error:
        return f"DNS lookup failed for {host} ({error.strerror or error})"
    return None


def unresolvable_hosts(urls: Iterable[str], timeout: float = 10.0, workers: int = 32) -> dict[str, str]:
    """Hosts of ``urls`` that do not resolve within ``timeout`` seconds, each with the reason."""
    hosts = sorted({host_of(url) for url in urls} - {""})
    if not hosts:
        return {}
    pool = ThreadPoolExecutor(max_workers=min(workers, len(hosts)))
    futures = {pool.submit(_resolve, host): host for host in hosts}
    done, pending = wait(futures, timeout=timeout)
    pool.shutdown(wait=False, cancel_futures=True)
    failures = {futures[f]: f.result() for f in done if f.result()}
    failures.update({futures[f]: f"DNS lookup for {futures[f]} took longer than {timeout:g} s" for f in pending})
    return failures
