"""The demo's sample site: Sample City on CivicPlus and Sample County on the Legistar Web API, on 127.0.0.1.

The documents in ``site/`` are sample data written for the demo (see its README); their dates are filled
in relative to ``today``, so Sample City's next council meeting and Sample County's board meeting are always
a few days ahead: upcoming votes, as the tool exists to catch them.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files
from typing import Any

from scrapers.replay import Exchange

CITY_HOST = "samplecity.civicplus.example"
COUNTY_API_HOST = "webapi.legistar.example"
COUNTY_FILES_HOST = "samplecounty.legistar.example"
_TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def meeting_days(today: dt.date) -> dict[str, dt.date]:
    """The sample meetings' days: the city's past and next council meetings, the county's board meeting."""
    return {"past": today - dt.timedelta(days=28), "next": today + dt.timedelta(days=6),
            "county": today + dt.timedelta(days=10)}


def _fill(name: str, days: dict[str, dt.date]) -> bytes:
    text = (files("tracker.demo") / "site" / name).read_text(encoding="utf-8")
    for key, day in days.items():
        text = text.replace(f"{{{key}_mmddyyyy}}", day.strftime("%m%d%Y"))
        text = text.replace(f"{{{key}_long}}", f"{day:%B} {day.day}, {day.year}")
    return text.encode("utf-8")


def _city(days: dict[str, dt.date]) -> list[Exchange]:
    past, upcoming = days["past"].strftime("%m%d%Y"), days["next"].strftime("%m%d%Y")
    base = f"http://{CITY_HOST}/AgendaCenter"
    return [
        Exchange(f"{base}/Search/", _fill("civicplus-search.html", days),
                 headers={"Content-Type": "text/html; charset=utf-8"}, match_query=False),
        Exchange(f"{base}/ViewFile/Agenda/_{past}-501", _fill("city-agenda-past.txt", days), headers=_TEXT),
        Exchange(f"{base}/ViewFile/Minutes/_{past}-501", _fill("city-minutes-past.txt", days), headers=_TEXT),
        Exchange(f"{base}/ViewFile/Agenda/_{upcoming}-502", _fill("city-agenda-next.txt", days), headers=_TEXT),
    ]


def _county_event(days: dict[str, dt.date]) -> dict[str, Any]:
    return {
        "EventId": 9001, "EventGuid": "00000000-0000-0000-0000-000000009001", "EventBodyId": 1,
        "EventBodyName": "Board of Supervisors", "EventDate": f"{days['county'].isoformat()}T00:00:00",
        "EventTime": "9:30 AM", "EventAgendaStatusName": "Final", "EventMinutesStatusName": "Draft",
        "EventLocation": "Board Chambers", "EventComment": None,
        "EventAgendaFile": f"https://{COUNTY_FILES_HOST}/View.ashx?M=A&ID=9001",
        "EventMinutesFile": None, "EventInSiteURL": f"https://{COUNTY_FILES_HOST}/MeetingDetail.aspx?ID=9001",
        "EventLastModifiedUtc": f"{(days['county'] - dt.timedelta(days=12)).isoformat()}T17:00:00",
    }


def _county_items() -> list[dict[str, Any]]:
    return [
        {"EventItemId": 1, "EventItemAgendaNumber": "1", "EventItemTitle": "Approval of the consent calendar.",
         "EventItemMatterFile": None, "EventItemMatterAttachments": []},
        {"EventItemId": 2, "EventItemAgendaNumber": "2",
         "EventItemTitle": "Sheriff's Office public safety technology agreement.",
         "EventItemMatterFile": "26-0412", "EventItemMatterAttachments": [
             {"MatterAttachmentId": 777, "MatterAttachmentName": "Staff Report",
              "MatterAttachmentHyperlink": f"https://{COUNTY_FILES_HOST}/View.ashx?M=F&ID=777&GUID=demo"}]},
    ]


def _county(days: dict[str, dt.date]) -> list[Exchange]:
    api = f"http://{COUNTY_API_HOST}/v1/samplecounty"
    agenda = (b"SAMPLE COUNTY BOARD OF SUPERVISORS AGENDA (sample data for the alpr-tracker demo)\n\n"
              b"1. Approval of the consent calendar.\n\n2. Sheriff's Office public safety technology agreement.\n")
    as_json = {"Content-Type": "application/json; charset=utf-8"}
    return [
        Exchange(f"{api}/events", json.dumps([_county_event(days)]).encode(), headers=as_json, match_query=False),
        Exchange(f"{api}/events/9001/eventitems", json.dumps(_county_items()).encode(), headers=as_json,
                 match_query=False),
        Exchange(f"http://{COUNTY_FILES_HOST}/View.ashx?M=A&ID=9001", agenda, headers=_TEXT),
        Exchange(f"http://{COUNTY_FILES_HOST}/View.ashx?M=F&ID=777&GUID=demo", _fill("county-staff-report.txt", days),
                 headers=_TEXT),
    ]


def sample_site(today: dt.date) -> list[Exchange]:
    """Every response of the sample site, dated relative to ``today``."""
    days = meeting_days(today)
    return _city(days) + _county(days)


def sample_registry(site_base: dict[str, str]) -> list[dict[str, Any]]:
    """Registry entries for the served sample site (``site_base``: host -> local base URL)."""
    return [
        {"id": "civicplus:sample-city-ca", "name": "Sample City (demo)", "state": "CA", "platform": "civicplus",
         "kind": "city", "url": f"{site_base[CITY_HOST]}/AgendaCenter", "lat": 37.80, "lon": -122.27,
         "enabled": True, "options": {}, "provenance": "sample data written for the alpr-tracker demo"},
        {"id": "legistar:sample-county-ca", "name": "Sample County (demo)", "state": "CA", "platform": "legistar",
         "kind": "county", "url": f"{site_base[COUNTY_API_HOST]}/v1/samplecounty", "lat": 37.65, "lon": -121.90,
         "enabled": True, "options": {}, "provenance": "sample data written for the alpr-tracker demo"},
    ]
