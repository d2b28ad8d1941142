"""Run one crawl: the registry entries of each platform go to that platform's spider, all in one process.

A Twisted reactor cannot be restarted, so a crawl is one process: the CLI runs it in its own process, and
the scheduler starts ``alpr-tracker crawl`` as a subprocess. Sources whose platform has no spider yet are
reported, not silently dropped.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from scrapers.public_suffixes import use_bundled_list
from scrapers.settings import base


@dataclass
class CrawlPlan:
    """Which spider crawls which entries, and the entries no spider can crawl."""

    by_platform: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    unsupported: list[dict[str, Any]] = field(default_factory=list)


def crawl_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The base settings with ``overrides`` (database URL, politeness for tests, progress display...).

    With ``ALPR_REDIS_URL`` set, the request queue and the seen-request filter live in Redis (scrapy-redis),
    so several crawl processes, on one machine or many, share one frontier and never fetch a URL twice.
    Processes share a frontier when they share ``ALPR_CRAWL_ID`` (default: today's UTC date), so tomorrow's
    crawl starts fresh; yesterday's keys stay in Redis until deleted (``alpr-tracker:<date>:*``).
    """
    settings = Settings()
    settings.setmodule(base, priority="project")
    if os.environ.get("ALPR_CONTACT_URL"):
        settings.set("ALPR_CONTACT_URL", os.environ["ALPR_CONTACT_URL"], priority="project")
    settings.update(overrides or {}, priority="cmdline")
    if "USER_AGENT" not in (overrides or {}):  # the contact URL, however given, is the one the sites see
        settings.set("USER_AGENT", base.user_agent(settings.get("ALPR_CONTACT_URL")), priority="cmdline")
    if settings.get("ALPR_REDIS_URL"):
        crawl_id = settings.get("ALPR_CRAWL_ID") or dt.datetime.now(dt.UTC).date().isoformat()
        prefix = f"{settings['ALPR_REDIS_PREFIX']}:{crawl_id}"
        settings.update({
            "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "REDIS_URL": settings["ALPR_REDIS_URL"],
            # Workers leave at different times: none may flush the frontier the others still use.
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
        }, priority="cmdline")
    return settings


def plan_crawl(entries: Iterable[dict[str, Any]], settings: Settings) -> CrawlPlan:
    """Group enabled entries by platform; entries of platforms without a spider are set apart."""
    spiders = set(SpiderLoader.from_settings(settings).list())
    plan = CrawlPlan(by_platform=defaultdict(list))
    for entry in entries:
        if not entry.get("enabled", True):
            continue
        (plan.by_platform[entry["platform"]] if entry["platform"] in spiders else plan.unsupported).append(entry)
    plan.by_platform = dict(plan.by_platform)
    return plan


def run_crawl(plan: CrawlPlan, settings: Settings, since: str | None = None, until: str | None = None) -> dict[str, dict]:
    """Crawl every platform of ``plan`` concurrently; returns each spider's final stats."""
    use_bundled_list()  # the Public Suffix List without a download
    settings.setdefault("LOG_INSTALL_ROOT_HANDLER", settings.getbool("LOG_ENABLED", True))
    process = CrawlerProcess(settings)
    crawlers = {}
    for platform, entries in plan.by_platform.items():
        crawler = process.create_crawler(platform)
        crawlers[platform] = crawler
        process.crawl(crawler, sources=entries, since=since, until=until)
    process.start()
    return {platform: crawler.stats.get_stats() for platform, crawler in crawlers.items()}
