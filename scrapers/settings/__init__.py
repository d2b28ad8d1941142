"""Scrapy settings: ``base`` for every crawl; the CLI layers the user's options on top."""
