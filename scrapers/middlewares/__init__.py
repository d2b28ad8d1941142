"""Downloader middlewares: one component per module, configured by ``ALPR_`` settings."""
