"""Re-crawling an unchanged site costs a constant number of SQL statements, whatever its size.

A per-request look-up of known documents (one query on the reactor thread per document) or a meeting
written again at every crawl made a re-crawl of 5,000 unchanged documents cost 50 s of CPU. The crawl runs
as ``alpr-tracker crawl`` does, in a child process that counts every statement its engines execute
(SQLAlchemy's ``before_cursor_execute``); two sites of different sizes are compared in one run, so the
assertion is a ratio, not a timing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.bench_crawl import FIRST_DAY, HOST, site
from scrapers.replay import replaying
from tests.scrapers.conftest import CRAWL_ENV, ROOT, crawl_command, write_registry

#: The CLI with every statement of every engine counted; the count is written to the file named first.
COUNTING_CLI = """
import atexit, pathlib, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
count = [0]
event.listen(Engine, "before_cursor_execute", lambda *args: count.__setitem__(0, count[0] + 1))
out = pathlib.Path(sys.argv.pop(1))
atexit.register(lambda: out.write_text(str(count[0])))
from tracker.cli import main
sys.argv[0] = "alpr-tracker"
main()
"""


def _statements(tmp_path: Path, documents: int) -> tuple[int, int]:
    """Statements of a first crawl and of a re-crawl of an unchanged site of ``documents`` documents."""
    import subprocess

    exchanges, last_day = site(documents)
    db_url = f"sqlite:///{tmp_path}/site-{documents}.sqlite"
    counts = []
    with replaying(exchanges) as replay:
        registry = write_registry(tmp_path / f"registry-{documents}.csv", [{
            "id": "civicplus:benchcity", "name": "Benchcity", "state": "CA", "platform": "civicplus",
            "url": replay.base(HOST) + "/AgendaCenter"}])
        for crawl in ("first", "again"):
            before = len(replay.requests)
            out = tmp_path / f"statements-{documents}-{crawl}"
            command = crawl_command(registry, db_url, "--since", FIRST_DAY.isoformat(), "--until", last_day.isoformat())
            command = [sys.executable, "-c", COUNTING_CLI, str(out), *command[3:]]
            done = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=ROOT, env=CRAWL_ENV)
            assert done.returncode == 0, done.stderr[-2000:]
            counts.append(int(out.read_text()))
        fetched_again = [url for _, url, _ in replay.requests[before:] if "ViewFile" in url]
    assert fetched_again == []
    return counts[0], counts[1]


@pytest.mark.slow
def test_a_recrawl_of_an_unchanged_site_runs_as_many_statements_whatever_its_size(tmp_path: Path) -> None:
    small_first, small_again = _statements(tmp_path, 10)
    large_first, large_again = _statements(tmp_path, 60)
    assert large_first > 2 * small_first  # the first crawl does store every document: the count can grow
    assert large_again <= 1.1 * small_again, (small_again, large_again)
