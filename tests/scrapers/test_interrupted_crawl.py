"""A crawl stopped with SIGINT keeps what it stored, and the next crawl does not fetch that again.

Las Cruces' real AgendaCenter listing is served with every agenda, packet and minutes link answering a real
agenda PDF, slowly, so the first crawl can be interrupted half way. JOBDIR is not involved: the database is
what makes re-crawls incremental (DESIGN section 5).
"""

from __future__ import annotations

import html as html_lib
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.exc import OperationalError

from scrapers.replay import Exchange, page, replaying
from tests.scrapers.conftest import CRAWL_ENV, FIXTURES, ROOT, Crawl, crawl_command, write_registry

LISTING = FIXTURES / "civicplus" / "las-cruces-nm-search-results.html"
AGENDA_PDF = (FIXTURES / "agendas" / "burbank-ca-council-agenda.pdf").read_bytes()
HOST = "lascrucesnm.civicplus.example"
WINDOW = ("--since", "2020-01-01", "--until", "2020-12-31")


def _file_paths() -> set[str]:
    text = LISTING.read_text(encoding="utf-8", errors="replace")
    links = re.findall(r'href="(/AgendaCenter/ViewFile/(?:Agenda|Minutes)/[^"]+)"', text)
    return {html_lib.unescape(link) for link in links if "html=true" not in link}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _stored(crawl: Crawl) -> set[str]:
    try:
        return {_path(d["url"]) for d in crawl.documents(status="ok")}
    except OperationalError:  # the crawl has not created the tables yet
        return set()


@pytest.mark.slow
def test_an_interrupted_crawl_resumes_without_refetching(tmp_path: Path) -> None:
    paths = _file_paths()
    files = [Exchange(f"http://{HOST}{path}", body=AGENDA_PDF, headers={"Content-Type": "application/pdf"}, delay=0.25)
             for path in paths]
    search = page(f"http://{HOST}/AgendaCenter/Search/", LISTING)
    search.match_query = False
    database = Crawl(0, "", "", [], f"sqlite:///{tmp_path}/crawl.sqlite")
    with replaying([search, *files]) as site:
        registry = write_registry(tmp_path / "registry.csv", [{
            "id": "civicplus:las-cruces-nm", "name": "Las Cruces", "state": "NM", "platform": "civicplus",
            "url": site.base(HOST) + "/AgendaCenter"}])
        command = crawl_command(registry, database.db_url, *WINDOW)
        first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                 env=CRAWL_ENV)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and first.poll() is None and len(_stored(database)) < 5:
            time.sleep(0.3)
        first.send_signal(signal.SIGINT)
        _, stderr = first.communicate(timeout=120)
        stored_first = _stored(database)
        assert 5 <= len(stored_first) < len(paths), stderr[-2000:]
        requested_first = Counter(_path(url) for _, url, _ in site.requests)

        second = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=ROOT, env=CRAWL_ENV)
        assert second.returncode == 0, second.stderr[-2000:]
        requested = Counter(_path(url) for _, url, _ in site.requests)

    refetched = {path for path in stored_first if requested[path] > requested_first[path]}
    assert refetched == set()
    assert _stored(database) == paths
