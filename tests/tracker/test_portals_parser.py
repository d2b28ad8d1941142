"""tracker.portals.parser on the four real recorded portal pages, on label variants, and on embedded JSON.

Every number below was read from the page text itself (the ``value`` boxes of the recordings in
``../shared/fixtures/flock_transparency``). The parser was developed on three pages and checked on the
fourth (Newport Beach) without changes, which is what the unseen-page case looks like.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tracker.portals.fields import classify, parse_count, parse_days
from tracker.portals.parser import parse_portal

PORTALS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "flock_transparency"
PAGES = ("costa-mesa-ca-pd", "buena-park-ca-pd", "fountain-valley-ca-pd", "newport-beach-pd-ca")
UTC = dt.UTC


def page(name: str):
    return parse_portal((PORTALS / f"{name}.html").read_bytes())


@pytest.fixture(scope="module")
def parsed():
    return {name: page(name) for name in PAGES}


@pytest.mark.parametrize(("name", "expected"), [
    ("costa-mesa-ca-pd", dict(agency="Costa Mesa CA PD", retention_days=365, camera_count=46,
                              vehicles_detected_30d=1_298_161, hotlist_hits_30d=18_205, searches_30d=519)),
    ("buena-park-ca-pd", dict(agency="Buena Park CA PD", retention_days=30, camera_count=13,
                              vehicles_detected_30d=760_198, hotlist_hits_30d=4_237, searches_30d=837)),
    ("fountain-valley-ca-pd", dict(agency="Fountain Valley CA PD", retention_days=30, camera_count=10,
                                   vehicles_detected_30d=634_679, hotlist_hits_30d=2_818, searches_30d=148)),
    ("newport-beach-pd-ca", dict(agency="Newport Beach PD CA", retention_days=365, camera_count=77,
                                 vehicles_detected_30d=1_148_180, hotlist_hits_30d=12_960, searches_30d=1_021)),
])
def test_the_numbers_of_each_real_portal(parsed, name: str, expected: dict) -> None:
    portal = parsed[name]
    assert {key: getattr(portal, key) for key in expected} == expected
    assert portal.hotlists == ["California SVS", "NCMEC Amber Alert"]
    assert portal.devices == {"Number of LPR and other cameras": expected["camera_count"]}
    assert portal.origin == "html" and portal.found


def test_the_last_updated_stamp_is_the_exact_time_behind_the_shown_date(parsed) -> None:
    assert parsed["costa-mesa-ca-pd"].updated_at == dt.datetime(2026, 1, 25, 8, 26, 10, 577000, tzinfo=UTC)
    assert parsed["newport-beach-pd-ca"].updated_at == dt.datetime(2026, 1, 25, 13, 27, 30, 699000, tzinfo=UTC)


@pytest.mark.parametrize(("name", "count", "first", "last"), [
    ("costa-mesa-ca-pd", 350, "San Jose State University CA", "Yuba County Sheriffs Office"),
    ("buena-park-ca-pd", 317, "San Jose State University CA", "Yuba County Sheriffs Office"),
    ("fountain-valley-ca-pd", 256, "San Jose State University CA", "Yuba City CA PD"),
    ("newport-beach-pd-ca", 296, "San Jose State University CA", "Yuba City CA PD"),
])
def test_every_organization_granted_access_is_listed_once(parsed, name, count, first, last) -> None:
    """Counts are the page's comma-separated names less one: "University of California, Berkeley" is one."""
    organizations = parsed[name].organizations
    assert len(organizations) == len(set(organizations)) == count
    assert (organizations[0], organizations[-1]) == (first, last)
    assert "University of California, Berkeley" in organizations
    assert "Burlingame CA PD" in organizations  # "Burlingame  CA PD" on the page: spaces normalized
    assert all(name == name.strip() and "  " not in name for name in organizations)


def test_policies_and_the_policy_link_are_kept(parsed) -> None:
    costa_mesa = parsed["costa-mesa-ca-pd"]
    assert costa_mesa.policies["Prohibited Uses"].startswith("Immigration enforcement, traffic enforcement")
    assert costa_mesa.policies["What's Not Detected"] == "Facial recognition, People, Gender, Race"
    assert costa_mesa.links == ["https://www.costamesaca.gov/home/showdocument?id=40449"]
    assert parsed["fountain-valley-ca-pd"].links == []
    assert set(costa_mesa.fields) >= {"Data retention (in days)", "Searches in the last 30 days"}


def test_the_embedded_search_audit_is_counted(parsed) -> None:
    """Buena Park and Newport Beach embed last month's searches as a CSV: one row per search."""
    buena_park = parsed["buena-park-ca-pd"].search_audit
    assert (buena_park.searches, buena_park.without_reason) == (837, 266)
    assert (buena_park.first_search, buena_park.last_search) == ("2025-12-26T01:17:01.614Z", "2026-01-24T22:52:27.132Z")
    newport = parsed["newport-beach-pd-ca"].search_audit
    assert (newport.searches, newport.without_reason) == (1021, 0)
    assert parsed["costa-mesa-ca-pd"].search_audit is None
    # The audit agrees with the page's own count of searches.
    assert buena_park.searches == parsed["buena-park-ca-pd"].searches_30d


@pytest.mark.parametrize(("label", "kind"), [
    ("Data retention (in days)", "retention"),
    ("Number of LPR and other cameras", "cameras"),
    ("Number of owned cameras", "cameras"),
    ("Number of Raven audio devices", "devices"),
    ("Organizations granted access to Costa Mesa CA PD data", "organizations"),
    ("External organizations with access", "organizations"),
    ("Hotlists Alerted On", "hotlists"),
    ("Hotlist Policy", "policy"),
    ("Hotlist hits in the last 30 days", "hotlist_hits"),
    ("Unique vehicles detected in the last 30 days", "vehicles_detected"),
    ("Searches in the last 30 days", "searches"),
    ("Public Search Audit", "search_audit"),
    ("What's Detected", "policy"),
    ("Access Policy", "policy"),
])
def test_labels_are_classified_by_their_words(label: str, kind: str) -> None:
    assert classify(label) == kind


@pytest.mark.parametrize(("text", "days"), [("365 days", 365), ("30", 30), ("1 year", 365), ("6 months", 180),
                                            ("Indefinitely", None), ("", None)])
def test_retention_in_days(text: str, days: int | None) -> None:
    assert parse_days(text) == days


def test_counts_read_thousands_separators_and_refuse_no_number() -> None:
    assert parse_count("1,298,161") == 1298161
    assert parse_count("N/A") is None


def test_an_unseen_layout_is_read_by_its_labels_not_their_positions() -> None:
    """Hand-made: reordered boxes, a definition list, a table, other label wording, an HTML list of names."""
    html = """<html><head><title>Flock Safety - Example County TX SO Transparency Portal</title></head><body>
    <div><span>Last updated: March 2, 2026</span></div>
    <dl><dt>Searches in the last 30 days</dt><dd>1,204</dd>
        <dt>External organizations with access</dt>
        <dd><ul><li>Harris County TX SO</li><li>Montgomery County Constable, Precinct 3 (TX)</li>
                <li>HSI Houston</li></ul></dd></dl>
    <table><tr><th>Number of owned cameras</th><td>12</td></tr>
           <tr><th>Data retention in days</th><td>30 days</td></tr></table>
    <div class="styles_label__x1">Searches in the last 7 days</div><div class="styles_value__x2">99</div>
    <div class="styles_label__x1">Hotlist hits in the last 30 days</div><div class="styles_value__x2">88</div>
    <div class="styles_label__x1">Hotlists Alerted On</div>
    <div class="styles_value__x2"><div>NCIC</div><div>TCIC</div></div>
    </body></html>"""
    portal = parse_portal(html)
    assert portal.agency == "Example County TX SO"
    assert portal.updated_at == dt.datetime(2026, 3, 2, tzinfo=UTC)
    assert (portal.searches_30d, portal.hotlist_hits_30d) == (1204, 88)
    assert (portal.camera_count, portal.retention_days) == (12, 30)
    assert portal.organizations == ["Harris County TX SO", "Montgomery County Constable, Precinct 3 (TX)",
                                    "HSI Houston"]
    assert portal.hotlists == ["NCIC", "TCIC"]
    assert portal.fields["Searches in the last 7 days"] == "99"  # kept as text, never taken for the 30-day count


def test_a_page_that_embeds_its_data_as_next_json_is_read() -> None:
    """Hand-made: no recorded portal embeds JSON; this checks that JSON keys go through the same label rules."""
    data = {"props": {"pageProps": {"portal": {
        "name": "Example City GA PD", "dataRetentionInDays": 30, "numberOfOwnedCameras": 25,
        "externalOrganizationsWithAccess": [{"name": "Cobb County GA PD"}, {"name": "FBI Atlanta"}],
        "hotlistsAlertedOn": ["NCIC", "GCIC"], "vehiclesDetectedLast30Days": 532101,
        "hotlistHitsLast30Days": 410, "searchesLast30Days": 77, "acceptableUsePolicy": "Law enforcement only.",
        "id": "5f1c", "slug": "example-city-ga-pd",
    }}}}
    html = ('<html><head><title>Example City GA PD Transparency Portal</title></head><body><div id="__next"></div>'
            f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script></body></html>')
    portal = parse_portal(html)
    assert portal.origin == "json"
    assert portal.agency == "Example City GA PD"
    assert (portal.retention_days, portal.camera_count) == (30, 25)
    assert (portal.vehicles_detected_30d, portal.hotlist_hits_30d, portal.searches_30d) == (532101, 410, 77)
    assert portal.organizations == ["Cobb County GA PD", "FBI Atlanta"]
    assert portal.hotlists == ["NCIC", "GCIC"]
    assert portal.policies == {"acceptable use policy": "Law enforcement only."}


@pytest.mark.parametrize("body", [b"", b"<html><body><h1>Page not found</h1></body></html>", b"\x00\x01binary"])
def test_a_page_without_portal_facts_says_so(body: bytes) -> None:
    assert not parse_portal(body).found
