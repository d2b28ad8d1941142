"""A live progress line for interactive crawls: sources, documents, ALPR findings, errors.

On when ``ALPR_PROGRESS_ENABLED`` is set (the CLI sets it when stderr is a terminal); it reads the
counters the storage pipeline keeps in the crawl stats, so it costs nothing when off.
"""

from __future__ import annotations

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class ProgressExtension:
    """Render crawl counters on stderr while a crawl runs."""

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.crawler = crawler
        self.live = Live(Text(""), console=Console(stderr=True), refresh_per_second=4, transient=False)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        if not crawler.settings.getbool("ALPR_PROGRESS_ENABLED"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.update, signal=signals.item_scraped)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def _line(self) -> Text:
        get = self.stats.get_value
        stored = sum(get(f"alpr/documents_{s}", 0) for s in ("created", "changed", "unchanged"))
        return Text(
            f"{self.crawler.spider.name}: {len(self.crawler.spider.sources)} sources · "
            f"{get('alpr/meetings', 0)} meetings · {stored} documents "
            f"({get('alpr/documents_skipped_recent', 0)} already stored, {get('alpr/documents_failed', 0)} failed) · "
            f"{get('alpr/alpr_findings', 0)} ALPR items · {get('alpr/source_errors', 0)} source errors"
        )

    def opened(self) -> None:
        self.live.start()
        self.live.update(self._line())

    def update(self) -> None:
        self.live.update(self._line())

    def closed(self) -> None:
        self.live.update(self._line())
        self.live.stop()
        if not self.live.console.is_terminal:  # a log file gets the final line, ended like any other
            self.live.console.line()
