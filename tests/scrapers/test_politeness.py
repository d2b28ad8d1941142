"""Politeness and caching, in real crawls: Retry-After is honored, stored documents are re-requested
conditionally (ETag / Last-Modified), robots.txt is obeyed, and an oversized file fails with a reason."""

from __future__ import annotations

import time

from scrapers.replay import Exchange, load_cassette, page, replaying
from tests.scrapers.conftest import FIXTURES

CASSETTE = FIXTURES / "civicplus" / "nash-county-nc.cassette.yaml"
HOST = "nc-nashcounty.civicplus.com"
AGENDA = f"http://{HOST}/AgendaCenter/ViewFile/Agenda/_05052020-382"
MINUTES = f"http://{HOST}/AgendaCenter/ViewFile/Minutes/_05052020-382"
WINDOW = ("--since", "2020-05-05", "--until", "2020-05-05")


def _recorded(url: str) -> Exchange:
    return next(e for e in load_cassette(CASSETTE) if e.url == url and e.method == "GET")


def _search() -> Exchange:
    return next(e for e in load_cassette(CASSETTE) if "/Search/" in e.url)


def _entry(site) -> dict:
    return {"id": "civicplus:nash-county-nc", "name": "Nash County", "state": "NC", "platform": "civicplus",
            "url": site.base(HOST) + "/AgendaCenter"}


def _requests_for(site, url: str) -> list[dict[str, str]]:
    return [headers for method, requested, headers in site.requests if requested == url and method == "GET"]


def test_a_429_with_retry_after_is_waited_out_and_the_document_stored(crawl) -> None:
    agenda = _recorded(AGENDA)
    limited = Exchange(AGENDA, b"slow down", status=429, headers={"Retry-After": "2", "Content-Type": "text/plain"})
    with replaying([_search(), limited, agenda, _recorded(MINUTES)]) as site:
        started = time.monotonic()
        result = crawl([_entry(site)], *WINDOW, settings={"RETRY_TIMES": "2"})
        elapsed = time.monotonic() - started
        asked = len(_requests_for(site, AGENDA))
    assert result.returncode == 0, result.stderr
    assert {d["kind"]: d["status"] for d in result.documents()} == {"agenda": "ok", "minutes": "ok"}
    assert asked == 2 and elapsed >= 2


def test_a_stored_document_is_requested_conditionally_and_a_304_keeps_it(crawl) -> None:
    agenda = _recorded(AGENDA)
    agenda.headers = {**agenda.headers, "ETag": '"v1"', "Last-Modified": "Tue, 05 May 2020 14:17:00 GMT"}
    not_modified = Exchange(AGENDA, b"", status=304, headers={"ETag": '"v1"'})
    with replaying([_search(), agenda, not_modified, _recorded(MINUTES)]) as site:
        first = crawl([_entry(site)], *WINDOW)
        second = crawl([_entry(site)], *WINDOW, settings={"ALPR_DOCUMENT_REFRESH_HOURS": "0"})
        conditional = _requests_for(site, AGENDA)[1]
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert conditional.get("If-None-Match") == '"v1"'
    assert conditional.get("If-Modified-Since") == "Tue, 05 May 2020 14:17:00 GMT"
    assert "alpr/documents_not_modified': 1" in second.stderr
    agendas = [d for d in second.documents() if d["kind"] == "agenda"]
    assert len(agendas) == 1 and agendas[0]["status"] == "ok"


def test_robots_txt_is_obeyed_and_the_refusal_stored_as_the_reason(crawl) -> None:
    robots = Exchange(f"http://{HOST}/robots.txt", b"User-agent: *\nDisallow: /AgendaCenter/ViewFile/Minutes/\n",
                      headers={"Content-Type": "text/plain"})
    with replaying([_search(), robots, _recorded(AGENDA), _recorded(MINUTES)]) as site:
        result = crawl([_entry(site)], *WINDOW, settings={"ROBOTSTXT_OBEY": "True"})
        minutes_requested = _requests_for(site, MINUTES)
    by_kind = {d["kind"]: d for d in result.documents()}
    assert by_kind["agenda"]["status"] == "ok"
    assert by_kind["minutes"]["status"] == "fetch_error" and "robots.txt" in by_kind["minutes"]["error"]
    assert minutes_requested == []


def test_a_file_over_the_sources_size_cap_fails_with_a_reason(crawl) -> None:
    with replaying(load_cassette(CASSETTE)) as site:
        result = crawl([{**_entry(site), "options": {"max_bytes": 20000}}], *WINDOW)
    by_kind = {d["kind"]: d for d in result.documents()}
    assert by_kind["agenda"]["status"] == "ok"  # 19,536 bytes
    assert by_kind["minutes"]["status"] == "fetch_error"  # 28,998 bytes
    assert "size" in by_kind["minutes"]["error"].lower() or "large" in by_kind["minutes"]["error"].lower()


def test_a_bad_answer_is_no_copy_the_next_crawl_fetches_it_again_within_the_refresh_window(crawl) -> None:
    """An HTML error page served as ``application/pdf`` (status 200), then the real agenda: the first crawl
    stores the failure with its reason, the second (minutes later, inside the 24 h window) reads the PDF."""
    error_page = Exchange(AGENDA, b"<html><head><title>Service Unavailable</title></head><body>busy</body></html>",
                          headers={"Content-Type": "application/pdf"})
    with replaying([_search(), error_page, _recorded(AGENDA), _recorded(MINUTES)]) as site:
        first = crawl([_entry(site)], *WINDOW)
        [failed] = [d for d in first.documents() if d["kind"] == "agenda"]
        second = crawl([_entry(site)], *WINDOW)
        asked = len(_requests_for(site, AGENDA))
    assert (failed["status"], "Service Unavailable" in (failed["error"] or "")) == ("corrupt", True), failed
    assert second.returncode == 0, second.stderr
    # Documents are kept per content: the failed answer stays as history beside the agenda read now.
    agendas = {d["status"] for d in second.documents() if d["kind"] == "agenda"}
    assert agendas == {"corrupt", "ok"} and asked == 2
    assert len(_requests_for(site, MINUTES)) == 1  # the good minutes were current: not asked again


def test_rate_limited_sources_wait_without_starving_a_healthy_one(crawl) -> None:
    """Two sources answer 429 with ``Retry-After: 3`` and only two requests may be in flight: the waits are
    spent outside the downloader, so the healthy source's listing and files are all fetched before either
    limited source is asked again (sleeping in the middleware held both slots for the whole wait)."""
    limited_hosts = ("limited-a.civicplus.com", "limited-b.civicplus.com")
    exchanges = [_search(), _recorded(AGENDA), _recorded(MINUTES)]
    for host in limited_hosts:
        busy = Exchange(f"http://{host}/AgendaCenter/Search/", b"slow down", status=429,
                        headers={"Retry-After": "3", "Content-Type": "text/plain"})
        calm = page(f"http://{host}/AgendaCenter/Search/", FIXTURES / "civicplus" / "las-cruces-nm-search-results.html")
        busy.match_query = calm.match_query = False
        exchanges += [busy, calm]
    with replaying(exchanges) as site:
        limited = [{"id": f"civicplus:{host.split('.')[0]}", "name": host, "state": "NC", "platform": "civicplus",
                    "url": site.base(host) + "/AgendaCenter"} for host in limited_hosts]
        result = crawl([*limited, _entry(site)], *WINDOW,
                       settings={"CONCURRENT_REQUESTS": "2", "RETRY_TIMES": "2", "ALPR_RETRY_AFTER_MAX": "10"})
        order = [url for method, url, _ in site.requests if method == "GET" and not url.endswith("/robots.txt")]
    assert result.returncode == 0, result.stderr[-1500:]
    healthy_files = [order.index(url) for url in (AGENDA, MINUTES)]
    second_asks = [i for host in limited_hosts for i in [n for n, url in enumerate(order) if host in url][1:2]]
    assert len(second_asks) == 2, order  # each limited source was asked again, after its wait
    assert max(healthy_files) < min(second_asks), order
    assert {row["source"]: row["status"] for row in result.summary}["civicplus:nash-county-nc"] == "ok"


def test_a_redirect_loop_is_the_documents_failure_with_its_reason(crawl) -> None:
    """The agenda redirects to the minutes' URL and back: a stored failure, never a silent drop."""
    loop_a = Exchange(AGENDA, b"", status=302, headers={"Location": AGENDA + "?again=1"})
    loop_b = Exchange(AGENDA + "?again=1", b"", status=302, headers={"Location": AGENDA})
    with replaying([_search(), loop_a, loop_b, _recorded(MINUTES)]) as site:
        result = crawl([_entry(site)], *WINDOW, settings={"REDIRECT_MAX_TIMES": "4"})
    assert result.returncode == 0, result.stderr[-1500:]
    documents = {d["kind"]: d for d in result.documents()}
    assert documents["minutes"]["status"] == "ok"
    assert documents["agenda"]["status"] == "fetch_error", documents
    assert "redirect" in (documents["agenda"]["error"] or ""), documents["agenda"]
