"""tracker.portals.parser on the 20 real spring 2026 portal captures (``flock_transparency/2026-04``).

That layout has no class names at all: each label is a ``<p style="font-weight:700">`` and its value the
next ``<div>``. Every expected value below was read from the page's own label and value text (opened in
the capture, not computed by the parser); organization counts are the page's comma-separated names, with
"University of California, Berkeley" counted once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.portals.fields import classify
from tracker.portals.flags import flag_organizations
from tracker.portals.parser import PortalPage, parse_portal

CAPTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "flock_transparency" / "2026-04"
FILES = sorted(CAPTURES.glob("*.html"))
UTC = dt.UTC

#: file stem -> (agency, retention days, cameras, vehicles, hotlist hits, searches, shared with, received from),
#: each as the page states it; None where the page has no such box.
EXPECTED: dict[str, tuple[str, int, int, int | None, int | None, int | None, int | None, int | None]] = {
    "alameda-county-ca-so_2026-04-28": ("Alameda County CA SO", 365, 93, 895_344, 35_218, 2_075, None, None),
    "altoona-ia-pd_2026-04-26": ("Altoona IA PD", 30, 51, 531_463, 7_411, 177, None, None),
    "amberley-village-oh-pd_2026-04-26": ("Amberley Village OH PD", 30, 16, 173_293, 1_859, None, None, None),
    "ankeny-ia-pd_2026-04-26": ("Ankeny IA PD", 30, 16, 435_617, 4_752, 338, None, None),
    "bakersfield-ca-pd_2026-04-25": ("Bakersfield CA PD", 30, 428, 813_797, 23_613, 1_457, 362, None),
    "berkeley-ca-pd_2026-04-25": ("Berkeley CA PD", 30, 52, 764_047, 6_816, 442, 35, None),
    "contra-costa-county-ca-so_2026-04-26": ("Contra Costa County CA SO", 365, 70, 504_812, 17_763, 1_420, 314, None),
    "fullerton-ca-pd_2026-04-26": ("Fullerton CA PD", 30, 17, 904_858, 3_972, 608, 326, 291),
    "marin-county-ca-so_2026-04-19": ("Marin County CA SO", 30, 29, 471_253, 974, 326, 18, None),
    "oakland-ca-pd_2026-04-28": ("Oakland CA PD", 30, 293, 1_488_862, 111_268, 2_162, None, None),
    "palo-alto-ca-pd_2026-04-28": ("Palo Alto CA PD", 30, 31, 764_636, 3_637, 404, 76, None),
    "pasadena-ca-pd_2026-04-28": ("Pasadena CA PD", 30, 61, 980_180, 11_081, 402, 320, None),
    "riverside-county-ca-sd_2026-04-27": ("Riverside County CA SO", 30, 1_750, 5_686_352, 337_433, 13_255, 354, None),
    "san-diego-ca-pd_2026-04-20": ("San Diego CA PD", 30, 500, 3_186_395, 11_268, None, 0, None),
    "san-francisco-ca-pd_2026-04-23": ("San Francisco CA PD", 365, 507, None, None, None, 321, None),
    "san-jose-ca-pd_2026-04-22": ("San Jose CA PD", 30, 474, 2_766_084, 163_105, 3_874, 295, None),
    "santa-clara-county-ca-so_2026-04-24": ("Santa Clara County CA SO", 30, 69, 339_810, 714, 0, 0, None),
    "santa-cruz-ca-pd_2026-04-25": ("Santa Cruz CA PD (deactivated)", 30, 1, 0, None, 0, 222, None),
    "stanford-university-ca-pd_2026-04-24": ("Stanford University CA PD", 30, 20, 206_516, 173, None, 0, None),
    "vallejo-ca-pd_2026-04-23": ("Vallejo CA PD", 30, 121, 508_445, 35_373, 639, 65, 317),
}


@pytest.fixture(scope="module")
def parsed() -> dict[str, PortalPage]:
    return {path.stem: parse_portal(path.read_bytes()) for path in FILES}


def count(names: list[str] | None) -> int | None:
    return None if names is None else len(names)


def test_all_twenty_captures_are_expected() -> None:
    assert [path.stem for path in FILES] == sorted(EXPECTED)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_every_capture_states_its_core_facts(parsed, stem: str) -> None:
    """Agency, "Last Updated", retention and cameras are on every page; the parser must find them all."""
    portal = parsed[stem]
    assert portal.found and portal.origin == "html"
    assert portal.agency and portal.updated_at is not None
    assert portal.retention_days and portal.camera_count
    assert portal.policies and all(label and label == label.strip() for label in portal.fields)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_each_capture_reads_as_the_page_says(parsed, stem: str) -> None:
    portal = parsed[stem]
    read = (portal.agency, portal.retention_days, portal.camera_count, portal.vehicles_detected_30d,
            portal.hotlist_hits_30d, portal.searches_30d, count(portal.organizations),
            count(portal.organizations_received))
    assert read == EXPECTED[stem]


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_organization_lists_name_each_organization_once_without_stray_spaces(parsed, stem: str) -> None:
    for names in (parsed[stem].organizations or [], parsed[stem].organizations_received or []):
        assert len(names) == len(set(names))
        assert all(name and name == name.strip() and "  " not in name for name in names)


@pytest.mark.parametrize(("stem", "first", "last"), [
    ("marin-county-ca-so_2026-04-19", "Belvedere CA PD", "Williams CA PD"),
    ("berkeley-ca-pd_2026-04-25", "Alameda CA PD", "University of California, Berkeley"),
    ("palo-alto-ca-pd_2026-04-28", "Alameda County CA SO", "West Valley Mission College Dist Campus (CA)"),
    ("vallejo-ca-pd_2026-04-23", "Alameda County CA SO", "Yuba County Sheriffs Office"),
    ("bakersfield-ca-pd_2026-04-25", "San Jose State University CA", "Yuba County Sheriffs Office"),
])
def test_shared_with_lists_run_from_the_pages_first_name_to_its_last(parsed, stem, first, last) -> None:
    names = parsed[stem].organizations
    assert (names[0], names[-1]) == (first, last)


def test_the_two_lists_of_one_page_are_kept_apart(parsed) -> None:
    """Vallejo lists whom it shares with (65) and who shares with it (317, from Michigan to Yuba County)."""
    vallejo = parsed["vallejo-ca-pd_2026-04-23"]
    assert vallejo.organizations_received[:2] == ["Adrian MI PD", "Akron OH PD"]
    assert "Adrian MI PD" not in vallejo.organizations
    fullerton = parsed["fullerton-ca-pd_2026-04-26"]
    assert fullerton.organizations_received[0] == "Alameda County CA SO"
    assert fullerton.organizations[0] == "San Jose State University CA"


def test_out_of_state_agencies_sharing_with_a_california_agency_are_not_its_sharing(parsed) -> None:
    """Receiving from Nevada is not what SB 34 restricts; no 2026 California list shares out of state."""
    for stem, portal in parsed.items():
        home = "CA" if "-ca-" in stem else None
        assert flag_organizations(portal.organizations or [], home) == [], stem
    received = flag_organizations(parsed["fullerton-ca-pd_2026-04-26"].organizations_received, "CA")
    assert ("Carson City NV SO", "out_of_state") in {(flag.name, flag.reason) for flag in received}


def test_a_page_that_states_no_organizations_reads_as_an_empty_list_not_a_hidden_one(parsed) -> None:
    """San Diego: "External organizations with access - None" (empty) and "Access to external organizations": None."""
    san_diego = parsed["san-diego-ca-pd_2026-04-20"]
    assert san_diego.organizations == []
    assert san_diego.fields["Access to external organizations"] == "None"
    assert parsed["stanford-university-ca-pd_2026-04-24"].organizations == []
    # Oakland shows no sharing list at all: hidden, not empty.
    assert parsed["oakland-ca-pd_2026-04-28"].organizations is None


def test_label_wording_of_2026_is_classified(parsed) -> None:
    oakland = parsed["oakland-ca-pd_2026-04-28"]
    assert oakland.fields["Data Retention (days)"] == "30 days"
    assert oakland.devices == {"Number of Owned Cameras": 293}
    assert parsed["alameda-county-ca-so_2026-04-28"].devices == {"Number of LPR Cameras": 93}
    # Fullerton states both boxes; the one naming plate readers is the camera count.
    assert parsed["fullerton-ca-pd_2026-04-26"].devices == {"Number of LPR cameras": 17,
                                                            "Number of LPR and other cameras": 17}


@pytest.mark.parametrize(("label", "kind"), [
    ("Agencies NCRIC Shares With", "organizations"),
    ("Data Retention for Flock Devices", "retention"),
    ("Data Retention (days)", "retention"),
    ("Number of Owned Cameras", "cameras"),
    ("Organizations sharing their data with Vallejo CA PD", "organizations_received"),
    ("Organizations granted access to Vallejo CA PD data", "organizations"),
    ("Sharing Policy", "policy"),
])
def test_2026_labels_are_classified_by_their_words(label: str, kind: str) -> None:
    assert classify(label) == kind


def test_the_last_updated_stamp_is_the_exact_time_behind_the_shown_date(parsed) -> None:
    assert parsed["altoona-ia-pd_2026-04-26"].updated_at == dt.datetime(2026, 4, 26, 8, 5, 59, 308000, tzinfo=UTC)
    assert parsed["oakland-ca-pd_2026-04-28"].updated_at == dt.datetime(2026, 4, 27, 11, 16, 25, 725000, tzinfo=UTC)


@pytest.mark.parametrize(("stem", "searches", "without_reason"), [
    ("ankeny-ia-pd_2026-04-26", 338, 0), ("bakersfield-ca-pd_2026-04-25", 1_457, 177),
    ("contra-costa-county-ca-so_2026-04-26", 1_420, 765), ("oakland-ca-pd_2026-04-28", 2_162, 0),
    ("pasadena-ca-pd_2026-04-28", 402, 0), ("santa-clara-county-ca-so_2026-04-24", 0, 0),
])
def test_the_embedded_search_audit_agrees_with_the_pages_search_count(parsed, stem, searches, without_reason) -> None:
    audit = parsed[stem].search_audit
    assert (audit.searches, audit.without_reason) == (searches, without_reason)
    assert audit.searches == (parsed[stem].searches_30d or 0)


def test_policies_and_policy_links_are_kept(parsed) -> None:
    oakland = parsed["oakland-ca-pd_2026-04-28"]
    assert oakland.links == ["https://public.powerdms.com/OAKLAND/documents/3622083"]
    assert parsed["san-jose-ca-pd_2026-04-22"].policies["Sharing Policy"].startswith(
        "The San Jose Police Department only shares data with California law enforcement agencies")
    assert parsed["altoona-ia-pd_2026-04-26"].policies["Prohibited Uses"].startswith("Traffic enforcement")


def test_bold_words_within_prose_are_not_labels() -> None:
    """Hand-made: a bold word inside a sentence, and a bold label wrapped in its own row."""
    html = """<html><body><h1>Example City WA PD</h1>
    <p>Our <b>policy</b> text <span>continues here</span>.</p>
    <div><div style="font-weight: 600">Data Retention for Flock Devices</div></div><div>21 days</div>
    <p style="font-weight:700">Agencies NCRIC Shares With</p><div>Seattle WA PD, FBI Seattle</div>
    </body></html>"""
    portal = parse_portal(html)
    assert portal.retention_days == 21
    assert portal.organizations == ["Seattle WA PD", "FBI Seattle"]
    assert "policy" not in portal.fields
