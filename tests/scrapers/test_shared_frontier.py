"""Two crawl processes on one Redis frontier (scrapy-redis): every file is fetched once, by one of them.

Needs the Redis server at ``$ALPR_TRACKER_TEST_REDIS`` (default 127.0.0.1:6379), as CI has; each test uses
its own crawl id, so keys never collide, and deletes them afterwards.
"""

from __future__ import annotations

import html as html_lib
import os
import re
import sqlite3
import subprocess
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

from scrapers.replay import Exchange, page, replaying
from tests.scrapers.conftest import CRAWL_ENV, FIXTURES, ROOT, Crawl, crawl_command, write_registry

REDIS_URL = os.environ.get("ALPR_TRACKER_TEST_REDIS", "redis://127.0.0.1:6379/0")
LISTING = FIXTURES / "civicplus" / "las-cruces-nm-search-results.html"
HOST = "lascrucesnm.civicplus.example"


@pytest.fixture
def crawl_id() -> str:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis at {REDIS_URL} is down: {error}", pytrace=False)
    crawl_id = f"test-{uuid.uuid4().hex[:8]}"
    yield crawl_id
    for key in client.scan_iter(f"alpr-tracker:{crawl_id}:*"):
        client.delete(key)


@pytest.mark.slow
def test_two_processes_share_one_frontier(tmp_path: Path, crawl_id: str) -> None:
    text = LISTING.read_text(encoding="utf-8", errors="replace")
    paths = {html_lib.unescape(p) for p in re.findall(r'href="(/AgendaCenter/ViewFile/(?:Agenda|Minutes)/[^"]+)"', text)
             if "html=true" not in p}
    pdf = (FIXTURES / "agendas" / "ladwp-ca-board-agenda.pdf").read_bytes()
    search = page(f"http://{HOST}/AgendaCenter/Search/", LISTING)
    search.match_query = False
    # An idle worker polls the shared queue at Scrapy's 5 s heartbeat: the files must take the first worker
    # longer than that (60 files x 0.4 s / 2 slots = 12 s alone), as any politely crawled site does, and the
    # first worker may hold only its 2 slots' requests (CONCURRENT_REQUESTS), not pull the queue dry.
    files = [Exchange(f"http://{HOST}{p}", body=pdf, headers={"Content-Type": "application/pdf"}, delay=0.4)
             for p in paths]
    db_url = f"sqlite:///{tmp_path}/crawl.sqlite"
    with replaying([search, *files]) as site:
        registry = write_registry(tmp_path / "registry.csv", [{
            "id": "civicplus:las-cruces-nm", "name": "Las Cruces", "state": "NM", "platform": "civicplus",
            "url": site.base(HOST) + "/AgendaCenter"}])
        command = crawl_command(registry, db_url, "--since", "2020-01-01", "--until", "2020-12-31", "--redis", REDIS_URL,
                                settings={"ALPR_CRAWL_ID": crawl_id, "CONCURRENT_REQUESTS": "2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2"})
        workers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                    env=CRAWL_ENV) for _ in range(2)]
        outputs = [worker.communicate(timeout=240) for worker in workers]
        requested = Counter(urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
                            for _, url, _ in site.requests if "/ViewFile/" in url)
    assert all(worker.returncode == 0 for worker in workers), [err[-1500:] for _, err in outputs]
    created = [int((re.findall(r"'alpr/documents_created': (\d+)", err) or ["0"])[0]) for _, err in outputs]
    assert min(created) > 0 and sum(created) == len(paths), created  # both worked, neither twice
    assert set(requested) == paths
    assert max(requested.values()) == 1
    stored = Crawl(0, "", "", [], db_url).documents(status="ok")
    assert len(stored) == len(paths)
    # The worker that fetched a document may not be the one that stored its meeting: it waits for it.
    with sqlite3.connect(f"{tmp_path}/crawl.sqlite") as database:
        orphans = database.execute("SELECT count(*) FROM documents WHERE meeting_id IS NULL").fetchone()[0]
    assert orphans == 0


def test_the_main_job_takes_the_shared_frontier_too(tmp_path: Path, crawl_id: str) -> None:
    """``run --redis``: the crawl's queue and seen-requests live in Redis under the crawl id."""
    search = page(f"http://{HOST}/AgendaCenter/Search/", LISTING)
    search.match_query = False
    db_url = f"sqlite:///{tmp_path}/run.sqlite"
    with replaying([search]) as site:
        registry = write_registry(tmp_path / "registry.csv", [{
            "id": "civicplus:las-cruces-nm", "name": "Las Cruces", "state": "NM", "platform": "civicplus",
            "url": site.base(HOST) + "/AgendaCenter"}])
        command = [*crawl_command(registry, db_url, "--since", "2020-01-01", "--until", "2020-01-31", "--redis", REDIS_URL,
                                  settings={"ALPR_CRAWL_ID": crawl_id, "ALPR_REDIS_IDLE_SECONDS": "1"})]
        command[command.index("crawl")] = "run"
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=CRAWL_ENV, timeout=240)
    assert done.returncode == 0, done.stderr[-1500:]
    keys = {key.decode().rsplit(":", 1)[-1] for key in redis.Redis.from_url(REDIS_URL).scan_iter(f"alpr-tracker:{crawl_id}:*")}
    assert "dupefilter" in keys, keys
