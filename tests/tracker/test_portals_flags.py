"""tracker.portals.flags: federal and out-of-state sharing on real lists, with the portal state's law."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tracker.test_portals_organizations import export_organizations
from tracker.portals.flags import SHARING_LAWS, flag_organizations
from tracker.portals.parser import parse_portal

PORTALS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "flock_transparency"
SB34 = SHARING_LAWS["CA"].citation


@pytest.mark.parametrize("name", ["costa-mesa-ca-pd", "buena-park-ca-pd", "fountain-valley-ca-pd",
                                  "newport-beach-pd-ca"])
def test_the_four_orange_county_portals_share_with_no_federal_or_out_of_state_organization(name: str) -> None:
    """Read name by name: every organization these California portals list is a California one (or unknown)."""
    portal = parse_portal((PORTALS / f"{name}.html").read_bytes())
    assert len(portal.organizations) > 250
    assert flag_organizations(portal.organizations, "CA") == []


def test_an_edited_portal_flags_exactly_the_added_federal_and_out_of_state_organizations() -> None:
    html = (PORTALS / "costa-mesa-ca-pd.html").read_text(encoding="utf-8")
    html = html.replace("Alhambra CA PD, ", "Alhambra CA PD, Houston TX PD, HSI Houston TX, FBI, Yuba County SO, ")
    portal = parse_portal(html)
    flags = [(flag.name, flag.reason, flag.state, flag.detail, flag.law)
             for flag in flag_organizations(portal.organizations, "CA")]
    assert flags == [
        ("Houston TX PD", "out_of_state", "TX", "TX, not CA", SB34),
        ("HSI Houston TX", "federal", "TX", "Homeland Security Investigations", SB34),
        ("HSI Houston TX", "out_of_state", "TX", "TX, not CA", SB34),
        ("FBI", "federal", None, "Federal Bureau of Investigation", SB34),
    ]


def test_the_orange_county_sheriff_export_flags_forty_out_of_state_partners_and_one_federal_one() -> None:
    flags = flag_organizations(export_organizations(), "CA")
    out_of_state = [(flag.name, flag.state) for flag in flags if flag.reason == "out_of_state"]
    assert out_of_state == [
        ("Casa Grande AZ PD", "AZ"), ("Baldwin County GA SO", "GA"), ("Sarasota FL PD", "FL"),
        ("Mohave County AZ SO", "AZ"), ("Akron OH PD", "OH"), ("Town of Superior CO PD", "CO"),
        ("Monroe GA PD", "GA"), ("Wichita Falls TX PD", "TX"), ("Dona Ana County NM SO", "NM"),
        ("Orange County FL SO", "FL"), ("Cobb County GA PD", "GA"), ("Adrian MI PD", "MI"),
        ("Chino Valley AZ PD", "AZ"), ("Tolleson AZ PD", "AZ"), ("Broomfield CO PD", "CO"),
        ("Collier County FL SO", "FL"), ("Clearwater FL PD", "FL"), ("Maricopa County AZ SO", "AZ"),
        ("La Paz County AZ SO", "AZ"), ("Titusville FL PD", "FL"), ("Larimer County CO SO", "CO"),
        ("Maricopa AZ PD", "AZ"), ("Orange Beach AL PD", "AL"), ("Tombstone Marshals Office (AZ)", "AZ"),
        ("Jasper County IN SO", "IN"), ("Avon IN PD", "IN"), ("Fort Worth TX PD", "TX"), ("Northglenn CO PD", "CO"),
        ("Baytown TX PD", "TX"), ("Pittsboro IN PD", "IN"), ("Cottonwood AZ PD", "AZ"), ("Elizabeth CO PD", "CO"),
        ("CO - Keenesburg PD", "CO"), ("Sumner County TN SO", "TN"), ("Anderson IN PD", "IN"),
        ("Bloomfield NM PD", "NM"), ("Town of Lyons CO", "CO"), ("Pinal County AZ SO", "AZ"),
        ("Paradise Valley AZ PD", "AZ"), ("Las Vegas Metro NV PD", "NV"),
    ]
    federal = [(flag.name, flag.state, flag.law) for flag in flags if flag.reason == "federal"]
    assert federal == [("[Federal] Loma Linda Healthcare System CA Veterans Affairs PD", "CA", SB34)]


def test_the_law_is_cited_only_where_the_portal_state_restricts_that_sharing() -> None:
    names = ["Houston TX PD", "FBI"]
    assert [(flag.reason, flag.law) for flag in flag_organizations(names, "IL")] == [
        ("out_of_state", SHARING_LAWS["IL"].citation), ("federal", None)]
    assert [(flag.reason, flag.law) for flag in flag_organizations(names, "GA")] == [
        ("out_of_state", None), ("federal", None)]
    assert [flag.reason for flag in flag_organizations(names, "TX")] == ["federal"]


def test_without_a_home_state_nothing_is_out_of_state() -> None:
    assert [flag.reason for flag in flag_organizations(["Houston TX PD", "FBI"], None)] == ["federal"]
