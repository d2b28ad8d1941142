"""The platform table holds the project to one record per platform: spider, README row, tests, options.

README's "tested against" column must say which real recordings (``../shared/fixtures/<platform>/``,
read in place) a platform's tests read, or "none recorded": the recordings a platform's tests read are
found here by their file names in ``tests/scrapers/test_<platform>*.py``, so the column cannot drift from
the tests.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest
from scrapy.spiderloader import SpiderLoader

from scrapers.run import crawl_settings
from tracker.registry import RegistryEntry
from tracker.registry.check import probe_url
from tracker.registry.detect import platform_of
from tracker.registry.options import SourceOptions
from tracker.registry.platforms import PLATFORMS, PlatformRecord
from tracker.registry.urls import Platform

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / ".." / "shared" / "fixtures"
#: README's "Platforms" section, where the platforms table is (other sections have tables of their own).
PLATFORMS_SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Platforms\n")[1].split("\n## ")[0]
RECORDS = list(PLATFORMS.values())


def readme_cells(record: PlatformRecord) -> list[str]:
    """The cells of the platform's row of README's platforms table (platform, crawls, tested against, options)."""
    rows = [line for line in PLATFORMS_SECTION.splitlines() if line.startswith(record.readme_row)]
    assert len(rows) == 1, f"README has {len(rows)} platforms-table rows for {record.name}"
    return [cell.strip() for cell in rows[0].strip("|").split(" | ")]


def recordings_read(record: PlatformRecord) -> list[str]:
    """The recordings of ``../shared/fixtures/<platform>/`` whose names the platform's tests mention."""
    tests = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "tests" / "scrapers").glob(
        f"test_{record.name}*.py"))
    folder = FIXTURES / record.name
    return sorted(path.name for path in folder.iterdir() if path.name in tests) if folder.is_dir() else []


def test_every_platform_has_one_record_in_the_literals_order() -> None:
    assert list(PLATFORMS) == list(get_args(Platform))


def test_every_platform_has_a_spider_and_every_spider_a_platform() -> None:
    loader = SpiderLoader.from_settings(crawl_settings())
    assert sorted(loader.list()) == sorted(record.spider for record in RECORDS)
    assert all(loader.load(record.spider).platform == record.name for record in RECORDS)


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: record.name)
def test_every_platform_has_tests_an_options_model_and_a_readme_row(record: PlatformRecord) -> None:
    assert (ROOT / record.test_file).is_file()
    assert issubclass(record.options, SourceOptions)
    _, crawls, _, options = readme_cells(record)
    assert crawls
    named = set(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", options)))  # values and notes are in parentheses
    own = set(record.options.model_fields) - set(SourceOptions.model_fields)
    assert own <= named <= set(record.options.model_fields), f"README options of {record.name}: {named}"


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: record.name)
def test_the_readme_says_which_real_recordings_each_platform_is_tested_on(record: PlatformRecord) -> None:
    tested = readme_cells(record)[2]
    if recordings_read(record):
        assert re.search(r"real recordings[ :(]+\w", tested), f"{record.name}: tests read {recordings_read(record)}"
    else:
        assert tested.startswith("none recorded"), f"{record.name}: its tests read no recording"


def test_no_readme_row_without_a_platform() -> None:
    rows = re.findall(r"^\| `(\w+)` \|", PLATFORMS_SECTION, re.MULTILINE)
    assert sorted(rows) == sorted(PLATFORMS)


@pytest.mark.parametrize(
    ("platform", "url", "probe"),
    [
        ("legistar", "chicago", "https://webapi.legistar.com/v1/chicago/bodies?$top=1"),
        ("usaspending", "https://www.usaspending.gov/",
         "https://api.usaspending.gov/api/v2/references/toptier_agencies/"),
        ("granicus", "https://weho.granicus.com/ViewPublisher.php?view_id=22",
         "https://weho.granicus.com/ViewPublisher.php?view_id=22"),
    ],
)
def test_a_check_requests_the_records_probe_of_the_entry_point(platform: str, url: str, probe: str) -> None:
    entry = RegistryEntry(id="x", name="X", state="US" if platform == "usaspending" else "CA", platform=platform,
                          url=url, kind="federal" if platform == "usaspending" else None)
    assert probe_url(entry) == probe


@pytest.mark.parametrize(
    ("url", "platform"),
    [("https://chicago.legistar.com/Calendar.aspx", "legistar"), ("https://eyesonflock.com/", "eyesonflock"),
     ("https://archive-media.granicus.com/ViewPublisher.php", None), ("https://www.example.gov/", None)],
)
def test_detection_tries_the_records_rules(url: str, platform: str | None) -> None:
    assert platform_of(url) == platform
