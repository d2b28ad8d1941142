"""Keep each source's requests on that source's hosts (and the hosts its own pages redirect to).

Spiders follow links found on government pages; a hostile or broken page must not send the crawler
across the web. A request carries ``meta["source"]``; it may go to the host of the source's URL, the
hosts in the source's ``options.allowed_domains`` (and their subdomains), or a host reached by a
redirect from an allowed URL (CivicPlus sites redirect to the city's own domain).
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

from scrapers.preflight import host_of


def _within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


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
        hosts = self._hosts(self.crawler.spider, source_id)
        host = host_of(request.url)
        if any(_within(host, allowed) for allowed in hosts):
            return None
        redirected_from = request.meta.get("redirect_urls", [])
        if redirected_from and any(_within(host_of(url), allowed) for url in redirected_from for allowed in hosts):
            hosts.add(host)  # the site moved (e.g. *.civicplus.com -> the city's domain): follow it
            return None
        raise IgnoreRequest(f"{host} is outside the hosts of source {source_id}")
