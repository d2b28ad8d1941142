"""Redirects as Scrapy follows them, except that a loop is the request's failure, said in words.

A document that redirects back to an address of its own chain (``A -> B -> A``) reached Scrapy's
duplicate filter, which drops the request silently: no document row, no error, and the next crawl met the
same silence. Here the loop is detected when it closes and raised as :class:`IgnoreRequest` with the
chain, so the spider's errback stores the failure with that reason.
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request


class LoopSafeRedirectMiddleware(RedirectMiddleware):
    """Scrapy's RedirectMiddleware that fails a redirect back into its own chain (see module docstring)."""

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            hops = " -> ".join([*chain, redirected.url][-4:])
            raise IgnoreRequest(f"redirect loop ({hops}): the site sends this address back to itself")
        return super()._redirect(redirected, request, reason)
