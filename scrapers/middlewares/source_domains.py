"""Keep each source's requests on that source's hosts (and the hosts its own pages redirect to).

Spiders follow links found on government pages; a hostile or broken page must not send the crawler
across the web. A request carries ``meta["source"]``; it may go to the host of the source's URL, the
hosts in the source's ``options.allowed_domains`` (and their subdomains), or a host reached by a
redirect from an allowed URL (CivicPlus sites redirect to the city's own domain). A *document* its pages
link (``meta["document"]``) may be on any public host: governments keep staff reports and attachments on
their own sites, and a document request is one hop, never followed further.

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
        self.allowed: dict[str, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _hosts(self, spider, source_id: str) -> set[str]:
        if source_id not in self.allowed:
            source = getattr(spider, "sources", {}).get(source_id, {})
            hosts = {host_of(source.get("url", ""))}
            hosts |= {d.lower() for d in source.get("options", {}).get("allowed_domains", [])}
            self.allowed[source_id] = {h for h in hosts if h}
        return self.allowed[source_id]

    def process_request(self, request: Request):
        source_id = request.meta.get("source")
        if source_id is None:
            return None
        scheme = urlsplit(request.url).scheme.lower()
        if scheme not in WEB_SCHEMES:
            raise IgnoreRequest(f"{request.url[:80]}: a {scheme or 'relative'} link is not a web page; source "
                                f"{source_id} only reads http(s)")
        hosts = self._hosts(self.crawler.spider, source_id)
        host = host_of(request.url)
        if any(_within(host, allowed) for allowed in hosts):
            return None
        redirected_from = request.meta.get("redirect_urls", [])
        if _internal(host) and not any(_internal(allowed) for allowed in hosts):
            how = "a redirect sent" if redirected_from else "a link sent"
            raise IgnoreRequest(f"{how} source {source_id} to the internal address {host}: refused")
        if "document" in request.meta:
            # A file the source's own page links (a staff report on the city's site, a Legistar attachment):
            # one request, stored as that page's document and never crawled further.
            return None
        if redirected_from and any(_within(host_of(url), allowed) for url in redirected_from for allowed in hosts):
            hosts.add(host)  # the site moved (e.g. *.civicplus.com -> the city's domain): follow it
            return None
        raise IgnoreRequest(f"{host} is outside the hosts of source {source_id}")
