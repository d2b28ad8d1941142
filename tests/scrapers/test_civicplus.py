"""CivicPlus AgendaCenter: real recorded search pages and files, crawled by the real spider on 127.0.0.1."""

from __future__ import annotations

import re

from scrapers.replay import Exchange, load_cassette, page, replaying
from scrapers.spiders.civicplus import file_kind
from tests.scrapers.conftest import FIXTURES

CIVICPLUS = FIXTURES / "civicplus"


def test_file_kind_reads_the_viewfile_path() -> None:
    assert file_kind("/AgendaCenter/ViewFile/Agenda/_05052020-382") == "agenda"
    assert file_kind("/AgendaCenter/ViewFile/Agenda/_05052020-382?packet=true") == "packet"
    assert file_kind("/AgendaCenter/ViewFile/Minutes/_05052020-382") == "minutes"
    assert file_kind("/AgendaCenter/ViewFile/Agenda/_05052020-382?html=true") is None
    assert file_kind("/AgendaCenter/PreviousVersions/_05052020-382") is None


def test_nash_county_agenda_and_minutes_are_fetched_and_stored(crawl, blank_db_url: str) -> None:
    """On SQLite and on PostgreSQL: the crawler migrates a new database and stores into it."""
    with replaying(load_cassette(CIVICPLUS / "nash-county-nc.cassette.yaml")) as site:
        entry = {"id": "civicplus:nash-county-nc", "name": "Nash County", "state": "NC", "platform": "civicplus",
                 "url": site.base("nc-nashcounty.civicplus.com") + "/AgendaCenter"}
        result = crawl([entry], "--since", "2020-05-05", "--until", "2020-05-05", db_url=blank_db_url)
    assert result.returncode == 0, result.stderr
    documents = result.documents()
    assert {(d["kind"], d["status"]) for d in documents} == {("agenda", "ok"), ("minutes", "ok")}
    assert all(d["url"].endswith("_05052020-382") and d["page_count"] for d in documents)
    [summary] = result.summary
    assert summary["source"] == "civicplus:nash-county-nc" and summary["status"] == "ok"
    assert summary["documents"] == 2 and summary["failed_documents"] == 0


def test_every_link_of_an_unseen_listing_becomes_a_document_row(crawl) -> None:
    """Las Cruces' real search page with no file recorded: each agenda and minutes link fails with a reason."""
    html = (CIVICPLUS / "las-cruces-nm-search-results.html").read_text(encoding="utf-8", errors="replace")
    links = {link for link in re.findall(r'href="(/AgendaCenter/ViewFile/(?:Agenda|Minutes)/[^"]+)"', html)
             if "html=true" not in link}
    assert len(links) > 10 and any("packet=true" in link for link in links)
    search = "http://lascrucesnm.civicplus.example/AgendaCenter/Search/?term=&CIDs=all&startDate=01/01/2020&endDate=12/31/2020&dateRange=&dateSelector="
    with replaying([page(search, CIVICPLUS / "las-cruces-nm-search-results.html")]) as site:
        entry = {"id": "civicplus:las-cruces-nm", "name": "Las Cruces", "state": "NM", "platform": "civicplus",
                 "url": site.base("lascrucesnm.civicplus.example") + "/AgendaCenter"}
        result = crawl([entry], "--since", "2020-01-01", "--until", "2020-12-31")
    assert result.returncode == 0, result.stderr
    documents = result.documents()
    assert {d["url"].split("/AgendaCenter", 1)[1] for d in documents} == {link.split("/AgendaCenter", 1)[1] for link in links}
    assert all(d["status"] == "fetch_error" and "404" in d["error"] for d in documents)


def test_a_search_page_that_fails_is_the_sources_error_and_others_go_on(crawl) -> None:
    broken = Exchange(url="http://broken.example/AgendaCenter/Search/", status=503, body=b"down", match_query=False)
    with replaying([*load_cassette(CIVICPLUS / "nash-county-nc.cassette.yaml"), broken]) as site:
        entries = [
            {"id": "civicplus:nash-county-nc", "name": "Nash County", "state": "NC", "platform": "civicplus",
             "url": site.base("nc-nashcounty.civicplus.com") + "/AgendaCenter"},
            {"id": "civicplus:broken", "name": "Broken", "state": "NC", "platform": "civicplus",
             "url": site.base("broken.example") + "/AgendaCenter"},
        ]
        result = crawl(entries, "--since", "2020-05-05", "--until", "2020-05-05")
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["civicplus:nash-county-nc"]["status"] == "ok"
    assert by_source["civicplus:nash-county-nc"]["documents"] == 2
    assert by_source["civicplus:broken"]["status"] == "error"
    assert "503" in by_source["civicplus:broken"]["last_error"]
