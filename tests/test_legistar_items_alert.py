"""An upcoming Legistar event whose only sign of a Flock lease is its event item's title (no agenda PDF yet):
``alpr-tracker run`` alerts once from the item list, and a second run sends nothing.

The event and its items are hand-made in the Web API's documented shape (no recording shows an upcoming
ALPR item without an agenda file); see tests/scrapers/files/legistar/README.md.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from scrapers.replay import replaying
from tests.scrapers.conftest import write_registry
from tests.scrapers.test_legistar import API, API_HOST, api
from tests.test_main_job import _command
from tracker.channels.testing import webhook_receiver

FLOCK_TITLE = "lease of twenty-six (26) Automated License Plate Reader Cameras from Flock Group Inc."


def _event(day: dt.date) -> dict:
    return {"EventId": 7701, "EventGuid": "5E1C7A2B-0D4F-4C3A-9B8E-7A6D5C4B3A21", "EventBodyId": 138,
            "EventBodyName": "City Council", "EventDate": f"{day}T00:00:00", "EventTime": "6:30 PM",
            "EventLocation": "Council Chambers", "EventAgendaFile": None, "EventMinutesFile": None,
            "EventAgendaStatusName": "Draft", "EventLastModifiedUtc": f"{day}T12:00:00.000",
            "EventInSiteURL": "https://riverbend.legistar.com/MeetingDetail.aspx?ID=7701"}


ITEMS = [{"EventItemId": 90211, "EventItemEventId": 7701, "EventItemAgendaSequence": 1,
          "EventItemAgendaNumber": "12", "EventItemTitle": FLOCK_TITLE, "EventItemMatterId": 40123,
          "EventItemMatterFile": "2024-0123", "EventItemMatterType": "Contract", "EventItemActionName": None,
          "EventItemPassedFlag": None, "EventItemRollCallFlag": 0, "EventItemTally": None,
          "EventItemMatterAttachments": []}]


@pytest.mark.slow
def test_an_upcoming_flock_item_without_agenda_file_alerts_once(tmp_path: Path) -> None:
    day = dt.date.today() + dt.timedelta(days=5)
    db = ["--db", f"sqlite:///{tmp_path}/main.sqlite"]
    fast = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ALPR_DOCUMENT_REFRESH_HOURS=0"]
    exchanges = [api(f"{API}/events", [_event(day)], match_query=False),
                 api(f"{API}/events/7701/eventitems", ITEMS, match_query=False)]
    with replaying(exchanges) as site, webhook_receiver() as oregon:
        registry = write_registry(tmp_path / "registry.csv", [{
            "id": "legistar:riverbend", "name": "Riverbend", "state": "OR", "platform": "legistar",
            "url": site.base(API_HOST) + "/v1/riverbend"}])
        run = ["run", "--registry", str(registry), "--no-progress", "--format", "json", *fast, *db]
        _command("subscribe", "--name", "oregon", "--state", "OR", "--webhook", oregon.url, *db)
        _command(*run)
        assert len(oregon.requests) == 1
        assert "Flock" in json.dumps(json.loads(oregon.requests[0].body))
        _command(*run)
        assert len(oregon.requests) == 1

        # The meeting acts: the same item list with the action, passed flag and tally updates the agenda.
        acted = [{**ITEMS[0], "EventItemActionName": "Approved", "EventItemPassedFlag": 1, "EventItemTally": "7-0"}]
        site.add([api(f"{API}/events/7701/eventitems", acted, match_query=False)])
        _command(*run)
        [contract] = _command("contracts", "--format", "json", *db)
    assert contract["status"] == "approved" and contract["camera_count"] == 26
