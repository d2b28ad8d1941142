"""The main job end to end, as ``alpr-tracker`` commands in their own processes against a site on 127.0.0.1.

An upcoming council meeting posts an ALPR item: exactly one ``upcoming_vote`` alert per matching
subscription. The run stops after the alerts are created (as if killed there): the next run delivers each
one once. Later the minutes approve it: the contract gets its approval, and running again changes nothing.
The site is written for this test in CivicPlus's shape; the webhook receiver is a real HTTP server.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scrapers.replay import Exchange, replaying
from tests.scrapers.conftest import CRAWL_ENV, ROOT, write_registry
from tracker.channels.testing import webhook_receiver

HOST = "testcity.civicplus.example"
MEETING_ID = "601"
AGENDA = """CITY OF TESTVILLE - CITY COUNCIL AGENDA (test data)
Public comment: email clerk@testville.example before the meeting.

1. CALL TO ORDER

2. File No. 2026-301. Approve a three-year agreement with Flock Group Inc. for twelve (12) automated license
plate reader cameras in an amount not to exceed $54,000.

3. ADJOURNMENT
"""
MINUTES = """CITY OF TESTVILLE - MINUTES OF THE CITY COUNCIL (test data)

2. File No. 2026-301. Agreement with Flock Group Inc. for twelve (12) automated license plate reader cameras,
not to exceed $54,000. The agreement was approved by a vote of 5-0.
"""


def _listing(day: dt.date, minutes: bool) -> bytes:
    stamp = day.strftime("%m%d%Y")
    minutes_link = f'<a href="/AgendaCenter/ViewFile/Minutes/_{stamp}-{MEETING_ID}">Minutes</a>' if minutes else ""
    return f"""<html><body><div class="listing"><h2>City Council</h2><table><tbody>
<tr class="catAgendaRow"><td><h4><a name="_{stamp}-{MEETING_ID}"></a><strong>{day}</strong></h4>
<p><a href="/AgendaCenter/ViewFile/Agenda/_{stamp}-{MEETING_ID}">Regular Meeting Agenda</a></p></td>
<td class="minutes">{minutes_link}</td></tr></tbody></table></div></body></html>""".encode()


def _command(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True, cwd=ROOT,
                          env=CRAWL_ENV, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout) if done.stdout.lstrip().startswith(("[", "{")) else {}


@pytest.mark.slow
def test_upcoming_vote_alerted_once_delivered_once_then_approved(tmp_path: Path) -> None:
    day = dt.date.today() + dt.timedelta(days=5)
    stamp = day.strftime("%m%d%Y")
    db = ["--db", f"sqlite:///{tmp_path}/main.sqlite"]
    fast = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ALPR_DOCUMENT_REFRESH_HOURS=0"]
    search = Exchange(f"http://{HOST}/AgendaCenter/Search/", _listing(day, minutes=False),
                      headers={"Content-Type": "text/html"}, match_query=False)
    agenda = Exchange(f"http://{HOST}/AgendaCenter/ViewFile/Agenda/_{stamp}-{MEETING_ID}", AGENDA.encode(),
                      headers={"Content-Type": "text/plain"})
    with replaying([search, agenda]) as site, webhook_receiver() as california, webhook_receiver() as texas:
        registry = write_registry(tmp_path / "registry.csv", [{
            "id": "civicplus:testville-ca", "name": "Testville", "state": "CA", "platform": "civicplus",
            "url": site.base(HOST) + "/AgendaCenter"}])
        run = ["run", "--registry", str(registry), "--no-progress", "--format", "json", *fast, *db]
        _command("subscribe", "--name", "california", "--state", "CA", "--webhook", california.url, *db)
        _command("subscribe", "--name", "texas", "--state", "TX", "--webhook", texas.url, *db)

        # A run killed after creating its alerts, before delivering them: crawl, link, flag; no delivery.
        _command("crawl", "--registry", str(registry), "--no-progress", "--format", "json", *fast, *db)
        _command("contracts", "--link", "--format", "json", *db)
        alerts = _command("alerts", "--flag", "--format", "json", *db)
        votes = [a for a in alerts if a["kind"] == "upcoming_vote"]
        assert len(votes) == 1 and votes[0]["facts"]["vendor"] == "flock"
        assert [d["subscription"] for d in votes[0]["deliveries"]] == ["california"]
        assert california.requests == [] and texas.requests == []

        _command(*run)  # the next run delivers what the killed one left pending
        assert len(california.requests) == 1 and texas.requests == []
        delivered = json.loads(california.requests[0].body)
        assert "2026-301" in json.dumps(delivered) and "Flock" in json.dumps(delivered)
        _command(*run)  # nothing new: no alert, no delivery
        assert len(california.requests) == 1
        assert [a["kind"] for a in _command("alerts", "--format", "json", *db)].count("upcoming_vote") == 1

        # The minutes are published: the contract is approved, one contract_changed alert, delivered once.
        site.add([Exchange(search.url, _listing(day, minutes=True), headers={"Content-Type": "text/html"},
                           match_query=False),
                  Exchange(f"http://{HOST}/AgendaCenter/ViewFile/Minutes/_{stamp}-{MEETING_ID}", MINUTES.encode(),
                           headers={"Content-Type": "text/plain"})])
        _command(*run)
        [contract] = _command("contracts", "--format", "json", *db)
        assert contract["status"] == "approved" and contract["camera_count"] == 12 and contract["total_usd"] == 54000
        assert len(california.requests) == 2
        _command(*run)
        alerts = _command("alerts", "--format", "json", *db)
    assert len(california.requests) == 2 and texas.requests == []
    assert [a["kind"] for a in alerts].count("upcoming_vote") == 1
    assert all(d["status"] == "sent" for a in alerts for d in a["deliveries"])
