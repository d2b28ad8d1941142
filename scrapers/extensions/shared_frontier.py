"""Keep a crawl worker on a shared Redis frontier alive while the others may still hand it work.

A worker whose own start requests were already seen (another worker took them) is idle at once, and Scrapy
would close it before the other workers' parsed pages fill the shared queue. This extension keeps an idle
worker open while the shared queue holds requests, and for ``ALPR_REDIS_IDLE_SECONDS`` after its last
activity, so work spreads over every worker; then it closes as usual.
"""

from __future__ import annotations

import time

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured


class SharedFrontierExtension:
    """See module docstring; on only when ``ALPR_REDIS_URL`` is set."""

    def __init__(self, crawler: Crawler, idle_seconds: float):
        self.crawler = crawler
        self.idle_seconds = idle_seconds
        self.last_activity = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedFrontierExtension:
        if not crawler.settings.get("ALPR_REDIS_URL"):
            raise NotConfigured
        extension = cls(crawler, crawler.settings.getfloat("ALPR_REDIS_IDLE_SECONDS", 10.0))
        crawler.signals.connect(extension.active, signal=signals.response_received)
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        return extension

    def active(self) -> None:
        self.last_activity = time.monotonic()

    def idle(self) -> None:
        queue = getattr(self.crawler.engine.scheduler, "queue", None)  # scrapy_redis.scheduler.Scheduler.queue
        if queue is not None and len(queue) > 0:
            raise DontCloseSpider("the shared queue still holds requests")
        if time.monotonic() - self.last_activity < self.idle_seconds:
            raise DontCloseSpider("waiting for the other workers' requests")
