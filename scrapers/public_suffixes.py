"""The Public Suffix List from tldextract's bundled snapshot, never from the network.

Scrapy's cookies middleware splits cookie domains with a module-level ``tldextract.TLDExtract()``, which
downloads the list from GitHub on first use: every crawl on a machine without that cache (a fresh CI box,
an offline laptop) tried the network and logged a traceback before falling back. Cookie scoping needs
only the suffixes of well-known domains, which the snapshot in the package has.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares import cookies
from tldextract import TLDExtract

#: The snapshot tldextract ships, with private domains as Scrapy asks; no download, no cache directory.
BUNDLED = TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def use_bundled_list() -> None:
    """Point Scrapy's cookie-domain check at :data:`BUNDLED` (idempotent)."""
    cookies._split_domain = BUNDLED
