"""Sources whose host does not resolve fail at once, with the reason, and the others are crawled."""

from __future__ import annotations

import time

from scrapers.preflight import unresolvable_hosts
from scrapers.replay import load_cassette, replaying
from tests.scrapers.conftest import FIXTURES


def test_unresolvable_hosts_names_each_bad_host_once() -> None:
    failures = unresolvable_hosts(["https://nowhere.invalid/a", "https://nowhere.invalid/b", "http://127.0.0.1:9/x",
                                   "not a url"])
    assert list(failures) == ["nowhere.invalid"]
    assert "DNS lookup" in failures["nowhere.invalid"]


def test_an_unresolvable_source_fails_quickly_and_the_rest_are_crawled_with_progress_shown(crawl) -> None:
    with replaying(load_cassette(FIXTURES / "civicplus" / "nash-county-nc.cassette.yaml")) as site:
        entries = [
            {"id": "civicplus:nash-county-nc", "name": "Nash County", "state": "NC", "platform": "civicplus",
             "url": site.base("nc-nashcounty.civicplus.com") + "/AgendaCenter"},
            {"id": "civicplus:gone", "name": "Gone", "state": "NC", "platform": "civicplus",
             "url": "https://agendas.nowhere.invalid/AgendaCenter"},
        ]
        started = time.monotonic()
        result = crawl(entries, "--since", "2020-05-05", "--until", "2020-05-05", progress=True,
                       settings={"LOG_LEVEL": "ERROR"})
        elapsed = time.monotonic() - started
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["civicplus:nash-county-nc"]["status"] == "ok"
    assert by_source["civicplus:gone"]["status"] == "error"
    assert "DNS lookup failed for agendas.nowhere.invalid" in by_source["civicplus:gone"]["last_error"]
    assert "civicplus:gone: unreachable: DNS lookup failed" in result.stderr
    assert elapsed < 60
    # The progress display's last line counts the crawl (the unreachable source never reached a spider).
    shown = " ".join(result.stderr.split())  # the display wraps at the console's width
    assert "civicplus: 1 sources · 1 meetings · 2 documents (0 already stored, 0 failed) · 0 ALPR items" in shown
