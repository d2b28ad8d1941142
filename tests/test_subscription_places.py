"""A subscription names its place the way a user knows it, and each way receives the alert (issue 11).

One replayed `alpr-tracker run` of a Legistar site whose upcoming event lists a Flock lease (the event item
list of tests/test_legistar_items_alert.py, hand-made in the Web API's documented shape because no recording
shows an upcoming ALPR item without an agenda file). The registry row carries the county, coordinates and
OCD id every bundled row has. Subscriptions by registry id, OCD id, county, distance, state name and state
code each get exactly one delivery; the same filters for another place get none.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import ExitStack
from pathlib import Path

import pytest

from scrapers.replay import replaying
from tests.scrapers.test_legistar import API, API_HOST, api
from tests.test_legistar_items_alert import ITEMS, _event
from tests.test_main_job import _command
from tracker.channels.testing import webhook_receiver

OCD_ID = "ocd-division/country:us/state:or/place:riverbend"
MATCHING = {
    "registry-id": ["--jurisdiction", "legistar:riverbend"],
    "ocd-id": ["--jurisdiction", OCD_ID],
    "name": ["--jurisdiction", "Riverbend, OR"],
    "county": ["--county", "Lane"],
    "near": ["--near", "44.05,-123.09", "--radius-km", "25"],
    "state-name": ["--state", "Oregon"],
    "state-code": ["--state", "or"],
}
ELSEWHERE = {
    "other-county": ["--county", "Multnomah"],
    "far": ["--near", "45.52,-122.68", "--radius-km", "25"],
    "other-state": ["--state", "Washington"],
}


@pytest.mark.slow
def test_every_way_of_naming_the_place_receives_the_alert(tmp_path: Path) -> None:
    day = dt.date.today() + dt.timedelta(days=5)
    db = ["--db", f"sqlite:///{tmp_path}/main.sqlite"]
    fast = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ALPR_DOCUMENT_REFRESH_HOURS=0"]
    quiet = [{**ITEMS[0], "EventItemTitle": "Approval of the minutes of the previous meeting"}]
    with replaying([api(f"{API}/events", [_event(day)], match_query=False),
                    api(f"{API}/events/7701/eventitems", quiet, match_query=False)]) as site:
        registry = tmp_path / "registry.yaml"
        registry.write_text(json.dumps([{
            "id": "legistar:riverbend", "name": "Riverbend", "state": "OR", "platform": "legistar",
            "url": site.base(API_HOST) + "/v1/riverbend", "kind": "city", "ocd_id": OCD_ID,
            "county": "Lane County", "lat": 44.0521, "lon": -123.0868, "timezone": "America/Los_Angeles"}]))
        run = ["run", "--registry", str(registry), "--no-progress", "--format", "json", *fast, *db]
        _command(*run)  # the place is known before anyone subscribes, as for a user
        with ExitStack() as receiving:
            receivers = {}
            for name, flags in {**MATCHING, **ELSEWHERE}.items():
                receivers[name] = receiving.enter_context(webhook_receiver())
                _command("subscribe", "--name", name, *flags, "--webhook", receivers[name].url, *db)
            site.add([api(f"{API}/events/7701/eventitems", ITEMS, match_query=False)])
            _command(*run)
            got = {name: len(receiver.requests) for name, receiver in receivers.items()}
    assert got == {**dict.fromkeys(MATCHING, 1), **dict.fromkeys(ELSEWHERE, 0)}
