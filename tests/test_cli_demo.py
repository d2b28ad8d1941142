"""``alpr-tracker demo``: the whole main job offline, on the shipped sample site, in well under a minute."""

from __future__ import annotations

import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.scrapers.conftest import CRAWL_ENV, ROOT


@pytest.mark.slow
def test_demo_runs_the_main_job_and_says_where_to_look(tmp_path: Path) -> None:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "tracker", "demo", "--dir", str(tmp_path / "demo")],
                          capture_output=True, text=True, cwd=ROOT, env=CRAWL_ENV, timeout=120)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-3000:]
    assert elapsed < 60
    out = done.stdout
    assert "SAMPLE DATA" in done.stderr
    assert "Upcoming vote" in out and "Flock Safety" in out and "Motorola Solutions" in out
    assert "cityclerk@samplecity.example" in out  # how to comment, read from the agenda
    assert "alpr-tracker contracts --db sqlite:///" in out
    feed = ET.parse(tmp_path / "demo" / "california.atom").getroot()
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) >= 2
    calendar = (tmp_path / "demo" / "upcoming-votes.ics").read_text().replace("\n ", "")  # unfold lines
    assert calendar.count("BEGIN:VEVENT") == 2  # the city's amendment and the county's purchase
    assert "Flock Group Inc." in calendar and "Vigilant Solutions" in calendar
