"""One live progress display for a whole crawl: a phase line (DNS check, crawling) and a line per platform.

The process that runs the crawl owns the display (``tracker.crawl.crawl_entries`` opens it when
``ALPR_PROGRESS_ENABLED`` is set: the CLI sets it when stderr is a terminal, ``--no-progress`` clears it), so
the platforms' crawlers, which run side by side in that process, each write their own line of one rich
``Live`` instead of overwriting each other. The extension reads the counters the storage pipeline keeps in
the crawl stats, and is off (``NotConfigured``) when no display is open.
This module imports Scrapy only inside the extension: the display is up before Scrapy has loaded.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class CrawlDisplay:
    """A phase line and one line per platform, redrawn four times a second while open (a context manager).

    On a terminal the lines are redrawn in place; anywhere else (a log file) only the final frame is written.
    """

    _open: ClassVar[CrawlDisplay | None] = None

    def __init__(self, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self._lock = threading.Lock()  # the refresh thread renders while crawlers update
        self._phase = Text("")
        self._rows: dict[str, Text] = {}
        self.live = Live(console=self.console, refresh_per_second=4, transient=False, get_renderable=self._render)

    @classmethod
    def current(cls) -> CrawlDisplay | None:
        """The display open in this process, if any."""
        return cls._open

    def _render(self) -> Group:
        with self._lock:
            return Group(self._phase, *self._rows.values())

    def phase(self, text: str) -> None:
        """Say what the crawl is doing now (first line)."""
        with self._lock:
            self._phase = Text(text)

    def row(self, platform: str, text: str) -> None:
        """Set ``platform``'s line (added below the others the first time)."""
        with self._lock:
            self._rows[platform] = Text(text)

    def __enter__(self) -> CrawlDisplay:
        CrawlDisplay._open = self
        self.live.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        CrawlDisplay._open = None
        self.live.stop()
        if not self.console.is_terminal:  # a log file gets the final frame, ended like any other line
            self.console.line()


class ProgressExtension:
    """Feed one crawler's counters into the open ``CrawlDisplay``, as that crawler's platform line."""

    def __init__(self, crawler: Crawler, display: CrawlDisplay):
        self.stats = crawler.stats
        self.display = display

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        display = CrawlDisplay.current()
        if display is None or not crawler.settings.getbool("ALPR_PROGRESS_ENABLED"):
            raise NotConfigured
        ext = cls(crawler, display)
        for signal in (signals.spider_opened, signals.item_scraped, signals.spider_closed):
            crawler.signals.connect(ext.update, signal=signal)
        return ext

    def line(self, spider: Any) -> str:
        """This crawler's counters: sources, meetings, documents, ALPR items, source errors."""
        get = self.stats.get_value
        stored = sum(get(f"alpr/documents_{s}", 0) for s in ("created", "changed", "unchanged"))
        return (f"{spider.name}: {len(spider.sources)} sources · "
                f"{get('alpr/meetings', 0)} meetings · {stored} documents "
                f"({get('alpr/documents_skipped_recent', 0)} already stored, "
                f"{get('alpr/documents_failed', 0)} failed) · "
                f"{get('alpr/alpr_findings', 0)} ALPR items · {get('alpr/source_errors', 0)} source errors")

    def update(self, spider: Any) -> None:
        """On spider_opened, item_scraped and spider_closed (each sends its ``spider``)."""
        self.display.row(spider.name, self.line(spider))
