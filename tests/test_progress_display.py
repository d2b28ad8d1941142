"""One live progress display for a whole crawl: a DNS-check phase line and a line per platform, not overwritten."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from rich.console import Console

from scrapers.extensions.progress import CrawlDisplay
from scrapers.replay import load_cassette, replaying
from tests.scrapers.conftest import CRAWL_ENV, FIXTURES, ROOT, crawl_command, write_registry
from tests.scrapers.test_legistar import API_HOST, api, events, events_url, riverbend_files

_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def final_frame(screen: str) -> str:
    """What a terminal shows once a Live display stopped: the text after its last erase-line, escapes gone."""
    return _CONTROL.sub("", screen.rsplit("\x1b[2K", 1)[-1])


def test_each_platform_keeps_its_own_line_below_the_phase() -> None:
    screen = io.StringIO()
    with CrawlDisplay(Console(file=screen, force_terminal=True, width=120)) as display:
        assert CrawlDisplay.current() is display
        display.phase("Checking that the 2 hosts of 2 sources resolve (DNS)...")
        display.live.refresh()
        display.row("civicplus", "civicplus: 1 sources · 3 meetings")
        display.row("legistar", "legistar: 2 sources · 0 meetings")
        display.row("civicplus", "civicplus: 1 sources · 4 meetings")
        display.phase("DNS: 2 of 2 hosts resolve (0.0 s) · crawled 2 platforms in 1 s")
    assert CrawlDisplay.current() is None
    assert "(DNS)..." in _CONTROL.sub("", screen.getvalue())  # the DNS phase was on screen before any crawler
    assert final_frame(screen.getvalue()).splitlines() == [
        "DNS: 2 of 2 hosts resolve (0.0 s) · crawled 2 platforms in 1 s",
        "civicplus: 1 sources · 4 meetings",
        "legistar: 2 sources · 0 meetings"]


def test_a_replayed_crawl_of_two_platforms_shows_both_lines_on_a_terminal(tmp_path: Path) -> None:
    exchanges = [*load_cassette(FIXTURES / "civicplus" / "nash-county-nc.cassette.yaml"),
                 api(events_url("2020-05-05", "2020-05-05"), events()), *riverbend_files()]
    with replaying(exchanges) as site:
        registry = write_registry(tmp_path / "registry.csv", [
            {"id": "civicplus:nash-county-nc", "name": "Nash County", "state": "NC", "platform": "civicplus",
             "url": site.base("nc-nashcounty.civicplus.com") + "/AgendaCenter"},
            {"id": "legistar:riverbend", "name": "Riverbend", "state": "OR", "platform": "legistar",
             "url": site.base(API_HOST) + "/v1/riverbend"},
        ])
        command = crawl_command(registry, f"sqlite:///{tmp_path}/crawl.sqlite", "--since", "2020-05-05",
                                "--until", "2020-05-05", settings={"LOG_LEVEL": "ERROR"}, progress=True)
        # rich takes stderr for a terminal (TTY_COMPATIBLE): the display draws in place, as it would for a person.
        done = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=ROOT,
                              env={**CRAWL_ENV, "TTY_COMPATIBLE": "1", "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    lines = final_frame(done.stderr).splitlines()
    # Both replayed sites are served by 127.0.0.1: one host to resolve.
    assert lines[0].startswith("DNS: 1 of 1 hosts resolve") and "crawled 2 platforms" in lines[0]
    assert any(line.startswith("civicplus: 1 sources · 1 meetings · 2 documents") for line in lines), lines
    assert any(line.startswith("legistar: 1 sources · ") for line in lines), lines
