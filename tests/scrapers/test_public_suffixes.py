"""Crawls never download the Public Suffix List: Scrapy's cookie-domain check uses the bundled snapshot."""

from __future__ import annotations

import socket

import pytest
from scrapy.downloadermiddlewares import cookies

from scrapers.public_suffixes import BUNDLED, use_bundled_list


def test_cookie_domains_are_split_without_the_network(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tmp_path))  # no cached list to fall back on

    def no_network(*args, **kwargs):
        raise AssertionError(f"the network was asked: {args[:2]}")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(cookies, "_split_domain", cookies._split_domain)  # restored after the test
    use_bundled_list()
    assert cookies._split_domain is BUNDLED
    assert cookies._split_domain("www.sandiego.gov").suffix == "gov"
    assert cookies._split_domain("nc-nashcounty.civicplus.com").domain == "civicplus"
