"""Real crawls against recorded responses: ``alpr-tracker crawl`` in its own process, sites on 127.0.0.1.

A crawl runs as the command does (a fresh process: Twisted's reactor cannot restart), on a registry file
written by the test, politeness delays off, into a database the test then reads. Recorded sites are served
by :mod:`scrapers.replay` from ``../shared/fixtures`` in place.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from db.engine import make_engine, session_factory
from db.models import Meeting
from db.repository import Repository
from tracker.registry.timezones import zone_for

FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures"
ROOT = Path(__file__).resolve().parents[2]

#: Settings for replayed crawls: no politeness delays against 127.0.0.1, few quick retries.
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "RETRY_TIMES": "1", "ALPR_RETRY_AFTER_MAX": "2",
        "DOWNLOAD_TIMEOUT": "20", "LOG_LEVEL": "INFO"}


@dataclass
class Crawl:
    """One finished ``alpr-tracker crawl``: its exit code, output, per-source summary and database."""

    returncode: int
    stdout: str
    stderr: str
    summary: list[dict[str, Any]]
    db_url: str

    def documents(self, **filters: Any) -> list[dict[str, Any]]:
        """The stored documents (as ``alpr-tracker documents --format json`` lists them)."""
        engine = make_engine(self.db_url)
        try:
            with session_factory(engine)() as session:
                return Repository(session).document_listing(**filters)
        finally:
            engine.dispose()


def wall_clock(meeting: Meeting) -> dt.datetime:
    """A stored meeting's start as the platform published it: local time in its jurisdiction's zone, no zone.

    Call it while the meeting's session is open (it reads the meeting's source and jurisdiction).
    """
    place = meeting.source.jurisdiction
    zone = zone_for(place.state, None, place.timezone)
    return meeting.start.astimezone(zone).replace(tzinfo=None)


def write_registry(path: Path, entries: list[dict[str, Any]]) -> Path:
    """A CSV registry of ``entries`` (``options`` as JSON text, as a CSV cell carries it)."""
    columns = ["id", "name", "state", "platform", "url", "timezone", "options"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for entry in entries:
            writer.writerow({**entry, "options": json.dumps(entry.get("options") or {})})
    return path


def crawl_command(registry: Path, db_url: str, *args: str, settings: dict[str, str] | None = None,
                  progress: bool = False) -> list[str]:
    """The ``alpr-tracker crawl`` command line for a replayed crawl (JSON summary, progress display off)."""
    command = [sys.executable, "-m", "tracker", "crawl", "--registry", str(registry), "--db", db_url,
               "--format", "json", "--progress" if progress else "--no-progress", *args]
    for name, value in {**FAST, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    return command


#: Environment of a crawl process: the project importable whatever the working directory.
CRAWL_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def run_crawl_command(registry: Path, db_url: str, *args: str, settings: dict[str, str] | None = None,
                      timeout: float = 240, progress: bool = False) -> subprocess.CompletedProcess:
    """``alpr-tracker crawl`` in a child process; raises if it hangs."""
    command = crawl_command(registry, db_url, *args, settings=settings, progress=progress)
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=CRAWL_ENV)


@pytest.fixture
def crawl(tmp_path: Path) -> Iterator[Callable[..., Crawl]]:
    """Run a crawl of registry ``entries`` into this test's SQLite database (the same one on every call)."""
    db_url = f"sqlite:///{tmp_path}/crawl.sqlite"

    def run(entries: list[dict[str, Any]], *args: str, settings: dict[str, str] | None = None,
            db_url: str = db_url, progress: bool = False) -> Crawl:
        registry = write_registry(tmp_path / "registry.csv", entries)
        done = run_crawl_command(registry, db_url, *args, settings=settings, progress=progress)
        try:
            summary = json.loads(done.stdout) if done.stdout.strip() else []
        except json.JSONDecodeError:
            summary = []
        return Crawl(done.returncode, done.stdout, done.stderr, summary, db_url)

    yield run
