"""Source health tells the truth: ``ok`` only when a listing was read and gave something, exit 1 when all fail.

Real recorded CivicPlus pages (Nash County NC) are the healthy source; the failures are the ordinary ones a
watchdog's cron job meets: a window with nothing in it, a listing that breaks its parser, a source that never
answers, a bad ``--since``.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys

from scrapy.http import Request

from scrapers.items import SourceStatusItem
from scrapers.replay import Exchange, load_cassette, page, replaying
from scrapers.spiders.civicplus import CivicPlusSpider
from tests.scrapers.conftest import CRAWL_ENV, FIXTURES, ROOT, write_registry

NASH = FIXTURES / "civicplus" / "nash-county-nc.cassette.yaml"


def _nash(site) -> dict:
    return {"id": "civicplus:nash-county-nc", "name": "Nash County", "state": "NC", "platform": "civicplus",
            "url": site.base("nc-nashcounty.civicplus.com") + "/AgendaCenter"}


def test_a_window_that_gives_nothing_where_earlier_crawls_found_meetings_is_a_warning(crawl) -> None:
    """Las Cruces' real search page (2020 meetings), then its real answer for a day with no meeting."""
    search = ("https://nm-lascruces.civicplus.com/AgendaCenter/Search/?term=&CIDs=all&startDate=01/01/2020"
              "&endDate=12/31/2020&dateRange=&dateSelector=")
    with replaying([page(search, FIXTURES / "civicplus" / "las-cruces-nm-search-results.html"),
                    *load_cassette(FIXTURES / "civicplus" / "las-cruces-nm-no-meetings.cassette.yaml")]) as site:
        entry = {"id": "civicplus:las-cruces-nm", "name": "Las Cruces", "state": "NM", "platform": "civicplus",
                 "url": site.base("nm-lascruces.civicplus.com") + "/AgendaCenter"}
        first = crawl([entry], "--since", "2020-01-01", "--until", "2020-12-31")
        second = crawl([entry], "--since", "2020-08-29", "--until", "2020-08-29")
    assert first.summary[0]["meetings"] >= 20
    [row] = second.summary
    assert row["status"] == "warning", (row, second.stderr[-1500:])
    assert "no meetings" in row["last_error"] and "earlier crawls stored" in row["last_error"]
    assert row["meetings"] == row["documents"] == 0  # this crawl's work, not the database's totals
    assert second.returncode == 0  # read, and said what it found: no failure


def test_a_listing_whose_parser_raises_is_an_error_not_ok(crawl) -> None:
    """PrimeGov's meeting list answered with an object instead of a list: the parser raises, the source says so."""
    with replaying([Exchange(url="http://demo.primegov.example/api/v2/PublicPortal/ListArchivedMeetings",
                             body=b'{"unexpected": true}', headers={"Content-Type": "application/json"},
                             match_query=False),
                    Exchange(url="http://demo.primegov.example/api/v2/PublicPortal/ListUpcomingMeetings",
                             body=b'{"unexpected": true}', headers={"Content-Type": "application/json"},
                             match_query=False),
                    Exchange(url="http://demo.primegov.example/robots.txt", body=b"", status=404)]) as site:
        entry = {"id": "primegov:demo", "name": "Demo", "state": "CA", "platform": "primegov",
                 "url": site.base("demo.primegov.example")}
        result = crawl([entry], "--since", "2024-01-01", "--until", "2024-01-31")
    [row] = result.summary
    assert row["status"] == "error", row
    assert row["last_error"] and row["last_success_at"] is None


def test_every_source_failing_exits_1_and_says_so_last(crawl) -> None:
    entries = [{"id": f"civicplus:down-{n}", "name": f"Down {n}", "state": "NC", "platform": "civicplus",
                "url": f"http://127.0.0.1:{port}/AgendaCenter"} for n, port in enumerate((9, 7))]
    result = crawl(entries, "--since", "2024-01-01", "--until", "2024-01-31")
    assert result.returncode == 1, result.stderr
    assert {row["status"] for row in result.summary} == {"error"}
    last = result.stderr.strip().splitlines()[-1]
    assert "2 sources: 2 failed" in last and "Every source failed" in last


def test_one_failing_source_of_two_still_exits_0_with_the_count(crawl) -> None:
    with replaying(load_cassette(NASH)) as site:
        down = {"id": "civicplus:down", "name": "Down", "state": "NC", "platform": "civicplus",
                "url": "http://127.0.0.1:9/AgendaCenter"}
        result = crawl([_nash(site), down], "--since", "2020-05-05", "--until", "2020-05-05")
    assert result.returncode == 0, result.stderr
    assert {row["source"]: row["status"] for row in result.summary} == {"civicplus:nash-county-nc": "ok",
                                                                         "civicplus:down": "error"}
    assert "2 sources: 1 failed" in result.stderr.strip().splitlines()[-1]


def test_a_bad_since_is_a_usage_error_in_one_line(crawl) -> None:
    result = crawl([{"id": "civicplus:x", "name": "X", "state": "NC", "platform": "civicplus",
                     "url": "http://127.0.0.1:9/AgendaCenter"}], "--since", "2024-13-01")
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: --since '2024-13-01' is not a date: use YYYY-MM-DD, e.g. " + \
        result.stderr.strip().rsplit("e.g. ", 1)[1]
    assert "Traceback" not in result.stderr and result.summary == []


def test_the_contact_url_goes_into_every_user_agent(crawl) -> None:
    with replaying(load_cassette(NASH)) as site:
        crawl([_nash(site)], "--since", "2020-05-05", "--until", "2020-05-05",
              settings={"ALPR_CONTACT_URL": "mailto:watch@example.org"})
        agents = {headers.get("User-Agent") for _, _, headers in site.requests}
    assert agents == {"alpr-tracker/0.1 (+mailto:watch@example.org; public-records research)"}


def test_summary_json_counts_this_crawls_work(crawl) -> None:
    with replaying(load_cassette(NASH)) as site:
        crawl([_nash(site)], "--since", "2020-05-05", "--until", "2020-05-05")
        again = crawl([_nash(site)], "--since", "2020-05-05", "--until", "2020-05-05")
    [row] = again.summary
    assert row["status"] == "ok" and row["documents"] == 0 and row["documents_current"] == 2, json.dumps(row)


def test_a_source_whose_requests_cannot_be_built_is_its_error_and_the_others_still_start(monkeypatch) -> None:
    """One defective row (here: a listing builder that raises) must not close the spider with start_error."""
    rows = [{"id": f"civicplus:{name}", "name": name, "state": "NC", "platform": "civicplus",
             "url": f"https://{name}.example/AgendaCenter"} for name in ("broken", "healthy")]
    spider = CivicPlusSpider(sources=rows, since="2026-01-01", until="2026-01-31")
    built = CivicPlusSpider.requests_for

    def requests_for(self, source):
        if source["id"] == "civicplus:broken":
            raise ValueError("Port out of range 0-65535")
        return built(self, source)

    monkeypatch.setattr(CivicPlusSpider, "requests_for", requests_for)

    async def started() -> list:
        return [item async for item in spider.start()]

    out = asyncio.run(started())
    [status] = [item for item in out if isinstance(item, SourceStatusItem)]
    assert (status.source, status.ok) == ("civicplus:broken", False)
    assert status.error == "could not start: ValueError: Port out of range 0-65535; fix its registry row"
    assert [r.meta["source"] for r in out if isinstance(r, Request)] == ["civicplus:healthy"]


def test_meeting_times_are_placed_in_the_jurisdictions_own_zone_not_its_states(crawl) -> None:
    """Nash County's real page, registered as if it were a Tennessee body in Eastern time (as Knoxville is;
    the state table says Central). CivicPlus gives the day only: local midnight of May 5, 2020 is 04:00 UTC in
    Eastern daylight time (05:00 in Central), and the jurisdiction keeps the zone."""
    with replaying(load_cassette(NASH)) as site:
        entry = {**_nash(site), "state": "TN", "timezone": "America/New_York"}
        result = crawl([entry], "--since", "2020-05-05", "--until", "2020-05-05")
    assert result.returncode == 0, result.stderr[-1500:]
    with sqlite3.connect(result.db_url.removeprefix("sqlite:///")) as database:
        starts = {row[0] for row in database.execute("SELECT start FROM meetings")}
        [zone] = {row[0] for row in database.execute("SELECT timezone FROM jurisdictions")}
    assert zone == "America/New_York"
    assert starts == {"2020-05-05 04:00:00.000000"}


def test_scrapys_log_is_quiet_by_default_and_kept_in_a_log_file_when_asked(tmp_path) -> None:
    """A crawl printed about a hundred INFO lines; now stderr holds what a person acts on, and --log-file
    keeps everything (Scrapy's stats included) for whoever debugs."""
    with replaying(load_cassette(NASH)) as site:
        registry = write_registry(tmp_path / "registry.csv", [_nash(site)])
        base = [sys.executable, "-m", "tracker", "crawl", "--registry", str(registry), "--db",
                f"sqlite:///{tmp_path}/q.sqlite", "--no-progress", "--since", "2020-05-05", "--until", "2020-05-05",
                "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
        quiet = subprocess.run(base, capture_output=True, text=True, cwd=ROOT, env=CRAWL_ENV, timeout=240)
        logged = subprocess.run([*base, "--log-file", str(tmp_path / "crawl.log")], capture_output=True, text=True,
                                cwd=ROOT, env=CRAWL_ENV, timeout=240)
    assert quiet.returncode == logged.returncode == 0, quiet.stderr[-1000:]
    assert "[scrapy" not in quiet.stderr and "INFO" not in quiet.stderr, quiet.stderr[-1000:]
    assert quiet.stderr.strip().splitlines()[-1].startswith("1 sources: 0 failed")
    log = (tmp_path / "crawl.log").read_text()
    assert "Dumping Scrapy stats" in log and "'alpr/source/civicplus:nash-county-nc/listings': 1" in log
