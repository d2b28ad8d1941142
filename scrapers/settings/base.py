"""Settings for every alpr-tracker crawl (README "Crawling politely").

Scrapy's own settings keep their names; ours share the ``ALPR_`` prefix. Politeness first: one request
at a time per host, AutoThrottle, robots.txt obeyed, an honest User-Agent with a contact URL.
"""

import os

BOT_NAME = "alpr-tracker"
SPIDER_MODULES = ["scrapers.spiders"]

#: Where operators can be reached; it goes into the User-Agent (``ALPR_CONTACT_URL`` in the environment or
#: ``-s ALPR_CONTACT_URL=...`` sets it: sites that see a problem must be able to reach whoever runs the crawl).
ALPR_CONTACT_URL = "https://github.com/alpr-tracker/alpr-tracker"


def user_agent(contact_url: str | None = None) -> str:
    """The User-Agent every request sends: the tool, the operator's contact URL, and why it reads the site."""
    contact = contact_url or os.environ.get("ALPR_CONTACT_URL") or ALPR_CONTACT_URL
    return f"alpr-tracker/0.1 (+{contact}; public-records research)"


USER_AGENT = user_agent(ALPR_CONTACT_URL)

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay varies by ±50%, as browsing people's do
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
#: Responses over this size are not downloaded (Scrapy cancels them); listings and API pages included.
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
#: Documents over this size are not downloaded and record the reason; a source's ``options.max_bytes`` overrides.
ALPR_DOCUMENT_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 20 * 1024 * 1024

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
#: Longest ``Retry-After`` honored; a server asking for more is retried on the next crawl.
ALPR_RETRY_AFTER_MAX = 120

#: Stored documents fetched more recently than this are not requested again (a crawl interrupted and
#: restarted does not refetch); older ones get a conditional request (ETag / Last-Modified).
ALPR_DOCUMENT_REFRESH_HOURS = 24.0
#: Meetings from this many days back are crawled by default (``crawl --since`` overrides).
ALPR_DAYS_BACK = 60
#: Meetings up to this many days ahead are crawled by default: upcoming votes matter most.
ALPR_DAYS_AHEAD = 60
#: Database URL (None: ALPR_TRACKER_DB or the default SQLite file).
ALPR_DB_URL = None
#: Redis URL for a frontier shared by several crawl processes (scrapy-redis); None: one process, in memory.
ALPR_REDIS_URL = None
#: Prefix of the Redis keys, so several deployments can share one Redis server.
ALPR_REDIS_PREFIX = "alpr-tracker"
#: Processes with the same crawl id share one Redis frontier (None: today's UTC date).
ALPR_CRAWL_ID = None
#: A worker on a shared frontier stays open this long after its last response, for the others' requests.
ALPR_REDIS_IDLE_SECONDS = 10.0

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scrapers.middlewares.redirect_loops.LoopSafeRedirectMiddleware": 600,
    "scrapers.middlewares.retry_after.RetryAfterMiddleware": 550,
    "scrapers.middlewares.source_domains.SourceDomainsMiddleware": 120,
    "scrapers.middlewares.known_documents.KnownDocumentsMiddleware": 130,
}
#: The same instance as the downloader middleware: drops current documents' requests as callbacks yield them.
SPIDER_MIDDLEWARES = {"scrapers.middlewares.known_documents.KnownDocumentsMiddleware": 950}
ITEM_PIPELINES = {
    "scrapers.pipelines.storage.StoragePipeline": 300,
}
EXTENSIONS = {
    "scrapers.extensions.progress.ProgressExtension": 500,
    "scrapers.extensions.shared_frontier.SharedFrontierExtension": 510,
}
#: Show a live progress display (the CLI turns it on for terminals).
ALPR_PROGRESS_ENABLED = False

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
