"""The jurisdiction registry: which governments to watch, on which platform, at which entry point.

Jurisdictions and endpoints are data (CSV or YAML files), never code. See ../shared/DESIGN.md section 3
(``alpr-tracker crawl --registry``) for the columns and the per-platform ``url`` conventions.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from tracker.registry.civicscraper import import_civic_scraper_sites
from tracker.registry.detect import Detection, detect_platform
from tracker.registry.io import RegistryError, RowError, load_registry, write_registry
from tracker.registry.models import RegistryEntry
from tracker.registry.urls import Platform, entry_point

__all__ = [
    "Detection",
    "Platform",
    "RegistryEntry",
    "RegistryError",
    "RowError",
    "detect_platform",
    "entry_point",
    "import_civic_scraper_sites",
    "load_registry",
    "starter_registry_path",
    "write_registry",
]


def starter_registry_path() -> Path:
    """The bundled starter registry: US jurisdictions compiled from public sources, each with provenance."""
    return Path(str(files("tracker.registry") / "data" / "starter.yaml"))
