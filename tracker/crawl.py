"""One crawl of registry entries into the database: the library behind ``alpr-tracker crawl`` and ``run``.

Sources whose host does not resolve fail at once with the reason (no minutes of retries without network);
each remaining source learns when it last succeeded (for incremental crawls); the platforms' spiders run
in this process (a Twisted reactor runs once per process: call this from a fresh process, as the CLI does).
The report counts this crawl's work per source (not what the database holds), so "0 documents" means that
nothing was read this time.
"""

from __future__ import annotations

import datetime as dt
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from scrapers.extensions.progress import CrawlDisplay
from scrapers.preflight import host_of, unresolvable_hosts


@dataclass
class CrawlReport:
    """What a crawl did, per source (``Repository.source_health`` rows), and what it could not try."""

    sources: list[dict[str, Any]] = field(default_factory=list)
    unreachable: dict[str, str] = field(default_factory=dict)  #: source id -> reason
    unsupported: list[str] = field(default_factory=list)  #: source ids whose platform has no spider

    @property
    def failed(self) -> int:
        """Sources whose crawl failed this time."""
        return sum(row["status"] == "error" for row in self.sources)

    @property
    def warned(self) -> int:
        """Sources read this time that gave nothing where something was expected."""
        return sum(row["status"] == "warning" for row in self.sources)

    @property
    def all_failed(self) -> bool:
        """Whether no source was read at all: the run must not look like a quiet day (``crawl`` exits 1)."""
        return bool(self.sources) and self.failed == len(self.sources)


#: This crawl's counts per source, as the storage pipeline leaves them in the crawl stats.
WORK_COUNTS = ("meetings", "documents", "documents_current", "failed_documents", "alpr_items")


def window_day(value: str | None, option: str) -> str | None:
    """A ``--since``/``--until`` value checked before anything runs (a bad one must not crawl nothing, "ok")."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{option} {value!r} is not a date: use YYYY-MM-DD, e.g. {dt.date.today():%Y-%m-%d}") from None


def crawl_entries(entries: list[dict[str, Any]], db: str | None, *, since: str | None = None, until: str | None = None,
                  overrides: dict[str, Any] | None = None) -> CrawlReport:
    """Crawl enabled registry ``entries`` (dicts of RegistryEntry) into database ``db``; with
    ``ALPR_PROGRESS_ENABLED`` in ``overrides``, under one live display (the DNS check, then a line per platform)."""
    since, until = window_day(since, "--since"), window_day(until, "--until")
    if since and until and since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    from db.engine import database_url  # the database and Scrapy load when a crawl runs, not for --help

    display = CrawlDisplay() if (overrides or {}).get("ALPR_PROGRESS_ENABLED") else None
    with display or nullcontext():
        return _crawl([e for e in entries if e.get("enabled", True)], database_url(db), since, until,
                      overrides or {}, display)


def _crawl(entries: list[dict[str, Any]], url: str, since: str | None, until: str | None, overrides: dict[str, Any],
           display: CrawlDisplay | None) -> CrawlReport:
    started = time.monotonic()
    hosts = len({host_of(e["url"]) for e in entries} - {""})
    if display:
        display.phase(f"Checking that the {hosts} hosts of {len(entries)} sources resolve (DNS)...")
    failed_hosts = unresolvable_hosts(e["url"] for e in entries)
    checked = f"DNS: {hosts - len(failed_hosts)} of {hosts} hosts resolve ({time.monotonic() - started:.1f} s)"
    if display:
        display.phase(f"{checked} · preparing the database and the crawlers...")
    from db.engine import make_engine, session_factory
    from db.migrate import upgrade
    from db.repository import Repository
    from scrapers.run import crawl_settings, plan_crawl, run_crawl
    from tracker.sources import register_source

    upgrade(url)
    report = CrawlReport()
    engine = make_engine(url)
    try:
        with session_factory(engine).begin() as session:
            repo = Repository(session)
            for entry in entries:
                source = register_source(repo, entry)
                host = host_of(entry["url"])
                if host in failed_hosts:
                    report.unreachable[entry["id"]] = failed_hosts[host]
                    repo.record_source_result(source.id, ok=False, error=failed_hosts[host])
                else:
                    entry["last_success_at"] = source.last_success_at.isoformat() if source.last_success_at else None
        settings = crawl_settings({**overrides, "ALPR_DB_URL": url})
        plan = plan_crawl([e for e in entries if e["id"] not in report.unreachable], settings)
        report.unsupported = [e["id"] for e in plan.unsupported]
        stats: dict[str, Any] = {}
        if display:
            display.phase(f"{checked} · crawling {len(plan.by_platform)} platforms...")
        if plan.by_platform:
            for platform_stats in run_crawl(plan, settings, since=since, until=until).values():
                stats.update(platform_stats)
        if display:
            display.phase(f"{checked} · crawled {len(plan.by_platform)} platforms "
                          f"in {time.monotonic() - started:.0f} s")
        with session_factory(engine)() as session:
            report.sources = Repository(session).source_health([e["id"] for e in entries])
        for row in report.sources:
            row.update({name: stats.get(f"alpr/source/{row['source']}/{name}", 0) for name in WORK_COUNTS})
    finally:
        engine.dispose()
    return report
