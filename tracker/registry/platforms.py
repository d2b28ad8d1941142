"""The one table of platforms: for each, every rule the registry, ``sources detect`` and ``sources check`` apply.

A platform used to be spread over parallel lists (entry-point rules in one dict, detection in a chain of
ifs, probes and page checks in two more), and a new platform could be added to some and not others. Each
record here names all of them at once; ``tests/tracker/test_platforms.py`` holds the rest of the project
to the table: a spider registered under the record's name, a row in README's platforms table and a test
file per platform, and no spider without a record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tracker.registry import detect, urls
from tracker.registry.options import (
    BoardDocsOptions,
    CivicPlusOptions,
    GranicusOptions,
    LegistarOptions,
    NovusAgendaOptions,
    SocrataOptions,
    SourceOptions,
    USAspendingOptions,
)
from tracker.registry.urls import Platform


@dataclass(frozen=True)
class PlatformRecord:
    """Everything that is particular to one platform outside its spider."""

    name: Platform
    #: ``value, options -> entry point`` (:func:`tracker.registry.urls.entry_point`).
    entry_point: Callable[[str, Mapping[str, Any]], str]
    #: ``host, path -> whether a URL is on this platform`` (:func:`tracker.registry.detect.platform_of`).
    shows: Callable[[str, str], bool]
    #: The model of a source's ``options`` (:mod:`tracker.registry.options`).
    options: type[SourceOptions] = SourceOptions
    #: What ``sources check`` appends to the entry point: a cheap request every client of an API answers.
    probe: str = ""
    #: Whether ``sources check`` expects the answer to be a page that still links to the platform.
    links_back: bool = False

    @property
    def spider(self) -> str:
        """The Scrapy spider's name (``scrapers/spiders/<name>.py``)."""
        return self.name

    @property
    def test_file(self) -> str:
        """The spider's tests, relative to the project root."""
        return f"tests/scrapers/test_{self.name}.py"

    @property
    def readme_row(self) -> str:
        """How the platform's row of README's platforms table starts."""
        return f"| `{self.name}` |"


_RECORDS = (
    PlatformRecord("legistar", urls.legistar_url, detect.shows_legistar, LegistarOptions, probe="/bodies?$top=1"),
    PlatformRecord("granicus", urls.granicus_url, detect.shows_granicus, GranicusOptions, links_back=True),
    PlatformRecord("civicplus", urls.civicplus_url, detect.shows_civicplus, CivicPlusOptions, links_back=True),
    PlatformRecord("primegov", urls.primegov_url, detect.shows_primegov,
                   probe="/api/v2/PublicPortal/ListUpcomingMeetings"),
    PlatformRecord("civicclerk", urls.civicclerk_url, detect.shows_civicclerk, probe="/Events?$top=1"),
    PlatformRecord("novusagenda", urls.novusagenda_url, detect.shows_novusagenda, NovusAgendaOptions,
                   links_back=True),
    PlatformRecord("escribe", urls.escribe_url, detect.shows_escribe, links_back=True),
    PlatformRecord("boarddocs", urls.boarddocs_url, detect.shows_boarddocs, BoardDocsOptions, links_back=True),
    PlatformRecord("iqm2", urls.iqm2_url, detect.shows_iqm2, links_back=True),
    PlatformRecord("usaspending", urls.usaspending_url, detect.shows_usaspending, USAspendingOptions,
                   probe="/references/toptier_agencies/"),
    PlatformRecord("socrata", urls.socrata_url, detect.shows_socrata, SocrataOptions),
    PlatformRecord("flock_transparency", urls.flock_url, detect.shows_flock),
    PlatformRecord("eyesonflock", urls.eyesonflock_url, detect.shows_eyesonflock),
)
#: Every platform's record, in the order :func:`tracker.registry.detect.platform_of` tries them.
PLATFORMS: dict[Platform, PlatformRecord] = {record.name: record for record in _RECORDS}

