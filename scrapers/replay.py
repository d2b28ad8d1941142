"""Serve recorded HTTP responses on 127.0.0.1, so real crawls run against real pages without a network.

Tests replay recordings of government sites (vcrpy cassettes, saved pages) and the demo serves its sample
site the same way. Every recorded host gets its own local server, and every absolute or protocol-relative
(``//host/...``) link to a recorded host, in bodies and in ``Location`` headers, is rewritten to that
server: a spider follows the site's own links and redirects exactly as it would online, only to 127.0.0.1.

Requests match a recording by method, path and query (the query compared as a set of decoded pairs, so
``%2F`` and ``/`` match; an exchange with ``match_query=False`` answers its path whatever the query).
Several recordings of one request are served in order, the last one repeatedly:
that is how a test scripts ``429`` then ``200``. Anything unrecorded is answered ``404`` and listed in
:attr:`ReplaySite.unmatched`, so a test can say what the spider asked for that no recording has.
"""

from __future__ import annotations

import gzip
import re
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml

#: Content types whose bodies may hold links to rewrite.
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss", "application/atom",
               "application/javascript", "application/xhtml")


@dataclass
class Exchange:
    """One recorded request and its response."""

    url: str
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    #: False: answer this path whatever the query (scripted failures, APIs with changing parameters).
    match_query: bool = True
    #: Seconds to wait before answering (a slow server; a crawl long enough to interrupt).
    delay: float = 0.0

    @property
    def key(self) -> tuple:
        method, host, path, query = _request_key(self.method, self.url)
        return method, host, path, query if self.match_query else None


def _request_key(method: str, url: str) -> tuple[str, str, str, frozenset]:
    parts = urlsplit(url)
    return (method.upper(), parts.netloc.lower(), parts.path or "/",
            frozenset(parse_qsl(parts.query, keep_blank_values=True)))


def _decoded(body: bytes, headers: dict[str, str]) -> bytes:
    """The body without its recorded Content-Encoding (the server re-serves it plain)."""
    encoding = next((v for k, v in headers.items() if k.lower() == "content-encoding"), "").lower()
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


def load_cassette(path: str | Path) -> list[Exchange]:
    """The exchanges of a vcrpy cassette (YAML), in recorded order."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)  # noqa: S506 - safe loader
    exchanges = []
    for interaction in data.get("interactions", []):
        request, response = interaction["request"], interaction["response"]
        body = response.get("body", {}).get("string", b"")
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = {name: values[-1] if isinstance(values, list) else str(values)
                   for name, values in (response.get("headers") or {}).items()}
        exchanges.append(Exchange(url=request["uri"], method=request.get("method", "GET"), body=body,
                                  status=int(response["status"]["code"]), headers=headers))
    return exchanges


def page(url: str, path: str | Path, content_type: str | None = None, status: int = 200) -> Exchange:
    """A saved file served at ``url`` (content type from the file name unless given)."""
    path = Path(path)
    if content_type is None:
        content_type = {".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
                        ".json": "application/json", ".pdf": "application/pdf", ".xml": "application/xml",
                        ".txt": "text/plain; charset=utf-8"}.get(path.suffix.lower(), "application/octet-stream")
    return Exchange(url=url, body=path.read_bytes(), status=status, headers={"Content-Type": content_type})


class ReplaySite:
    """Local servers for every host of a set of recordings (see module docstring)."""

    def __init__(self, exchanges: Iterable[Exchange]):
        self._recorded: dict[tuple, list[Exchange]] = defaultdict(list)
        hosts: list[str] = []
        for exchange in exchanges:
            self._recorded[exchange.key].append(exchange)
            host = urlsplit(exchange.url).netloc.lower()
            if host not in hosts:
                hosts.append(host)
        self._served: dict[tuple, int] = defaultdict(int)
        self._lock = threading.Lock()
        self.requests: list[tuple[str, str, dict[str, str]]] = []  #: (method, original URL, headers) received
        self.unmatched: list[str] = []
        self._servers: dict[str, ThreadingHTTPServer] = {}
        for host in hosts:
            self._servers[host] = self._server_for(host)
        self._pattern = re.compile(
            r"(?:https?:)?//(" + "|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True)) + r")(?![\w.-])",
            re.IGNORECASE,
        ) if hosts else None

    def add(self, exchanges: Iterable[Exchange]) -> None:
        """Record more responses while serving (a site that publishes its minutes later); known hosts only."""
        with self._lock:
            for exchange in exchanges:
                if urlsplit(exchange.url).netloc.lower() not in self._servers:
                    raise ValueError(f"{exchange.url}: not a host of this site")
                self._recorded[exchange.key].append(exchange)

    def base(self, host: str) -> str:
        """``http://127.0.0.1:PORT`` of the server standing in for ``host``."""
        return f"http://127.0.0.1:{self._servers[host.lower()].server_address[1]}"

    def url(self, original: str) -> str:
        """The local URL of a recorded URL (any URL on a recorded host)."""
        return self.rewrite(original)

    def rewrite(self, text: str) -> str:
        """``text`` with every absolute or protocol-relative link to a recorded host pointed at its local server."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.base(m.group(1)), text)

    def _respond(self, host: str, method: str, target: str, headers: dict[str, str]) -> Exchange | None:
        original = f"http://{host}{target}"
        with self._lock:
            self.requests.append((method, original, headers))
            key, recorded = None, None
            for candidate_method in (method, "GET") if method == "HEAD" else (method,):
                exact = _request_key(candidate_method, original)
                for key in (exact, exact[:3] + (None,)):
                    recorded = self._recorded.get(key)
                    if recorded:
                        break
                if recorded:
                    break
            if not recorded:
                self.unmatched.append(original)
                return None
            index = min(self._served[key], len(recorded) - 1)
            self._served[key] += 1
            return recorded[index]

    def _server_for(self, host: str) -> ThreadingHTTPServer:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                exchange = site._respond(host, self.command, self.path, dict(self.headers.items()))
                if exchange is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not recorded\n"
                else:
                    time.sleep(exchange.delay)
                    status, headers, body = exchange.status, dict(exchange.headers), _decoded(exchange.body, exchange.headers)
                    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
                    if content_type.lower().startswith(_TEXT_TYPES):
                        body = site.rewrite(body.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() in ("content-encoding", "content-length", "transfer-encoding", "connection"):
                        continue
                    if name.lower() == "location":
                        value = site.rewrite(value)
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _serve

            def log_message(self, format: str, *args) -> None:  # noqa: A002 - BaseHTTPRequestHandler's name
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        return server

    def start(self) -> ReplaySite:
        """Serve in background threads until :meth:`stop`."""
        for server in self._servers.values():
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop every server and free its port."""
        for server in self._servers.values():
            server.shutdown()
            server.server_close()


@contextmanager
def replaying(exchanges: Iterable[Exchange]) -> Iterator[ReplaySite]:
    """A started :class:`ReplaySite`, stopped on exit."""
    site = ReplaySite(exchanges).start()
    try:
        yield site
    finally:
        site.stop()
