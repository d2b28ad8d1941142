"""A source's identity is its host and port: probes of the fetch policy, and the refusal stored as the
source's or the document's error (the path every other refusal takes: the spider's errbacks)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from twisted.python.failure import Failure

from scrapers.middlewares.source_domains import SourceDomainsMiddleware, origin_of
from scrapers.spiders.legistar import LegistarSpider

API = "https://webapi.legistar.com/v1/riverbend"
SOURCE = "legistar:riverbend"
REPLAY = "legistar:replayed"
DOCUMENT = {"kind": "staff_report", "meeting": "1", "title": "Flock agreement"}


@pytest.fixture()
def spider() -> LegistarSpider:
    return LegistarSpider(sources=[{"id": SOURCE, "platform": "legistar", "url": API},
                                   {"id": REPLAY, "platform": "legistar", "url": "http://127.0.0.1:8123/v1/x"}])


@pytest.fixture()
def middleware(spider: LegistarSpider) -> SourceDomainsMiddleware:
    return SourceDomainsMiddleware(SimpleNamespace(spider=spider))


def refusal(middleware: SourceDomainsMiddleware, url: str, **meta: object) -> str:
    """The message a refused request carries (fails the test if the request passes)."""
    with pytest.raises(IgnoreRequest) as refused:
        middleware.process_request(Request(url, meta=meta))
    return str(refused.value)


def test_default_ports_are_no_port() -> None:
    assert origin_of("https://City.gov/a") == origin_of("https://city.gov:443/b") == ("city.gov", None)
    assert origin_of("http://city.gov:80/") == ("city.gov", None)
    assert origin_of("http://city.gov:443/") == ("city.gov", 443)
    with pytest.raises(ValueError):
        origin_of("http://city.gov:99999/")


@pytest.mark.parametrize("url", ["https://webapi.legistar.com/v1/riverbend/events", "http://webapi.legistar.com/v1/x",
                                 "https://webapi.legistar.com:443/v1/x", "http://webapi.legistar.com:80/v1/x"])
def test_the_sources_host_on_its_default_ports_is_the_source(middleware: SourceDomainsMiddleware, url: str) -> None:
    assert middleware.process_request(Request(url, meta={"source": SOURCE})) is None


@pytest.mark.parametrize("meta", [{}, {"document": DOCUMENT}, {"redirect_urls": [API + "/events"]}],
                         ids=["listing", "document", "redirect"])
@pytest.mark.parametrize("url", ["http://webapi.legistar.com:6379/", "https://webapi.legistar.com:8443/v1/x"])
def test_another_port_of_the_sources_host_is_refused(middleware: SourceDomainsMiddleware, url: str,
                                                     meta: dict[str, object]) -> None:
    message = refusal(middleware, url, source=SOURCE, **meta)
    port = url.split(":")[2].split("/")[0]
    assert f"to port {port} of its host webapi.legistar.com" in message and "default port" in message


def test_a_document_on_another_public_host_may_use_any_port(middleware: SourceDomainsMiddleware) -> None:
    document = Request("https://www.riverbend.gov:8443/report.pdf", meta={"source": SOURCE, "document": DOCUMENT})
    assert middleware.process_request(document) is None
    assert "outside the hosts" in refusal(middleware, "https://www.riverbend.gov:8443/calendar", source=SOURCE)


def test_a_source_url_with_a_port_out_of_range_allows_nothing() -> None:
    spider = SimpleNamespace(sources={"bad": {"id": "bad", "url": "https://city.gov:99999/"}})
    middleware = SourceDomainsMiddleware(SimpleNamespace(spider=spider))
    assert "outside the hosts" in refusal(middleware, "https://city.gov/", source="bad")


def test_a_replayed_source_keeps_its_listing_on_its_port_and_reads_other_replayed_hosts_documents(
        middleware: SourceDomainsMiddleware) -> None:
    """On 127.0.0.1 every recorded host is a port: the replay server's own port is the source's."""
    assert middleware.process_request(Request("http://127.0.0.1:8123/v1/x/events", meta={"source": REPLAY})) is None
    attachment = Request("http://127.0.0.1:8124/a.pdf", meta={"source": REPLAY, "document": DOCUMENT})
    assert middleware.process_request(attachment) is None
    moved = Request("http://127.0.0.1:8125/v1/x", meta={"source": REPLAY, "redirect_urls": ["http://127.0.0.1:8123/"]})
    assert middleware.process_request(moved) is None
    assert "to port 6379 of its host 127.0.0.1 (it reads port 8123" in refusal(
        middleware, "http://127.0.0.1:6379/", source=REPLAY)


def test_the_refusal_is_stored_as_the_listings_or_the_documents_error(spider: LegistarSpider,
                                                                     middleware: SourceDomainsMiddleware) -> None:
    for meta in ({"source": SOURCE, "listing": True}, {"source": SOURCE, "document": DOCUMENT}):
        request = Request("http://webapi.legistar.com:6379/", meta=meta)
        try:
            middleware.process_request(request)
        except IgnoreRequest as error:
            failure = Failure(error)
        else:
            pytest.fail("another port of the source's host was let through")
        failure.request = request  # what Scrapy's engine attaches before calling the errback
        recorded = (spider.document_failed if "document" in meta else spider.listing_failed)(failure)
        [item] = list(recorded)
        assert item.source == SOURCE and "port 6379 of its host webapi.legistar.com" in (item.error or "")
        if "listing" in meta:
            assert item.ok is False
