"""Keep each source's requests on that source's origins (and the hosts its own pages redirect to).

Spiders follow links found on government pages; a hostile or broken page must not send the crawler
across the web. A request carries ``meta["source"]``; it may go to the host of the source's URL, the
hosts in the source's ``options.allowed_domains`` (and their subdomains), or a host reached by a
redirect from an allowed URL (CivicPlus sites redirect to the city's own domain). A *document* its pages
link (``meta["document"]``) may be on any public host: governments keep staff reports and attachments on
their own sites, and a document request is one hop, never followed further.

A source's identity is host *and* port: ``http://city.gov:6379/`` is not the site ``https://city.gov/``
but whatever else listens on that machine, so a link or redirect to the source's host on another port is
refused, documents included. The scheme's default port is no port (``http://h`` is ``h:80``,
``https://h`` is ``h:443``, and either reaches the other, as an http link on an https site does). A source
on an internal address (a replayed recording on 127.0.0.1) is the one exception: there each recorded host
is its own port of that address, so for documents and redirects another port counts as another host,
while its listing requests keep to its own port.

Whatever its host, a request must be ``http`` or ``https``: a ``file://`` or ``ftp://`` link on a
source's page would otherwise pass the host check and read the crawler's own disk into the database. A
link or redirect may take a source to another public host, never to a loopback, private or link-local address
unless the source itself lives there (tests replay recorded sites on 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

from scrapers.preflight import host_of

WEB_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

#: A host and its port; ``None`` is the scheme's default port (80 for http, 443 for https: one site).
Origin = tuple[str, int | None]


def origin_of(url: str) -> Origin:
    """``url``'s host and port, the default port as None; ValueError for a port out of range."""
    parts = urlsplit(url)
    port = parts.port
    return host_of(url), None if port == DEFAULT_PORTS.get(parts.scheme.lower()) else port


def _port_name(port: int | None) -> str:
    return "the default port" if port is None else f"port {port}"


def _within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _internal(host: str) -> bool:
    """``localhost`` or a loopback, private, link-local or unspecified IP address: not a public web host."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified


class SourceDomainsMiddleware:
    """Drop requests that leave their source's hosts (see module docstring)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.allowed: dict[str, set[Origin]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _origins(self, spider, source_id: str) -> set[Origin]:
        """The source URL's origin and its ``allowed_domains`` (on default ports); a bad URL allows nothing."""
        if source_id not in self.allowed:
            source = getattr(spider, "sources", {}).get(source_id, {})
            try:
                origins = {origin_of(source.get("url", ""))}
            except ValueError:  # the registry refuses such a URL; a spider given one anyway fetches nothing
                origins = set()
            origins |= {(d.lower(), None) for d in source.get("options", {}).get("allowed_domains", [])}
            self.allowed[source_id] = {o for o in origins if o[0]}
        return self.allowed[source_id]

    def process_request(self, request: Request):
        source_id = request.meta.get("source")
        if source_id is None:
            return None
        scheme = urlsplit(request.url).scheme.lower()
        if scheme not in WEB_SCHEMES:
            raise IgnoreRequest(f"{request.url[:80]}: a {scheme or 'relative'} link is not a web page; source "
                                f"{source_id} only reads http(s)")
        host, port = origin_of(request.url)  # a Request cannot hold a port out of range
        origins = self._origins(self.crawler.spider, source_id)
        if any(_within(host, allowed) and port == allowed_port for allowed, allowed_port in origins):
            return None
        redirected_from = request.meta.get("redirect_urls", [])
        how = "a redirect sent" if redirected_from else "a link sent"
        ports = sorted({_port_name(p) for allowed, p in origins if _within(host, allowed)})
        internal_source = any(_internal(allowed) for allowed, _ in origins)
        port_refusal = IgnoreRequest(f"{how} source {source_id} to {_port_name(port)} of its host {host} "
                                     f"(it reads {' and '.join(ports)}): refused")
        if ports and not internal_source:
            raise port_refusal
        if _internal(host) and not internal_source:
            raise IgnoreRequest(f"{how} source {source_id} to the internal address {host}: refused")
        if "document" in request.meta:
            # A file the source's own page links (a staff report on the city's site, a Legistar attachment):
            # one request, stored as that page's document and never crawled further.
            return None
        if redirected_from and any(_within(host_of(url), allowed) and origin_of(url)[1] == allowed_port
                                   for url in redirected_from for allowed, allowed_port in origins):
            origins.add((host, port))  # the site moved (e.g. *.civicplus.com -> the city's domain): follow it
            return None
        if ports:
            raise port_refusal
        raise IgnoreRequest(f"{host} is outside the hosts of source {source_id}")
