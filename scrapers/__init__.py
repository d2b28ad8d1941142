"""Scrapy spiders, one per publishing platform; they know HTTP and page structure, nothing about ALPR."""
