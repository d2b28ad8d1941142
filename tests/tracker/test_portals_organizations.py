"""tracker.portals.organizations: splitting sharing lists, and each organization's state and kind.

Names below are real ones from the recorded portals, the Orange County Sheriff sharing-network export and
published portal data, with the few invented ones marked.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tracker.portals.organizations import infer, infer_state, split_organizations
from tracker.portals.places import STATE_NAMES
from tracker.registry.models import US_STATES

EXPORT = (Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "flock_transparency"
          / "orange-county-sd-shared-networks-2025-12.xlsx")
_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def export_organizations() -> list[str]:
    """Column A ("Organization Name") of the export, read with the standard library (an xlsx is zipped XML)."""
    with zipfile.ZipFile(EXPORT) as book:
        strings = ["".join(t.text or "" for t in item.iter(f"{_SHEET}t"))
                   for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall(f"{_SHEET}si")]
        rows = list(ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml")).iter(f"{_SHEET}row"))
    names = []
    for row in rows[1:]:
        for cell in row.findall(f"{_SHEET}c"):
            if cell.get("r", "").startswith("A") and cell.get("t") == "s":
                names.append(" ".join(strings[int(cell.findtext(f"{_SHEET}v"))].split()))
    return names


def test_every_state_and_territory_has_its_name() -> None:
    assert set(STATE_NAMES.values()) == US_STATES


def test_a_list_is_split_on_commas_but_names_with_commas_stay_whole() -> None:
    text = (" San Jose State University CA, University of California, Berkeley, Burlingame  CA PD, "
            "Montgomery County Constable, Precinct 3 (TX), Bureau of Alcohol, Tobacco, Firearms and Explosives, "
            "Albany CA PD, Albany CA PD, University of Texas, Austin TX PD, ")
    assert split_organizations(text) == [
        "San Jose State University CA", "University of California, Berkeley", "Burlingame CA PD",
        "Montgomery County Constable, Precinct 3 (TX)", "Bureau of Alcohol, Tobacco, Firearms and Explosives",
        "Albany CA PD", "University of Texas", "Austin TX PD",
    ]


@pytest.mark.parametrize(("name", "state"), [
    ("Avon IN PD", "IN"),                      # an ambiguous code before an agency suffix
    ("Anderson PD IN", "IN"),                  # ... or last
    ("Gustine PD CA", "CA"),
    ("Mendocino County SO-CA", "CA"),
    ("Waterford Township PD- MI", "MI"),
    ("Glendora (CA) PD", "CA"),
    ("Tombstone Marshals Office (AZ)", "AZ"),
    ("CO - Keenesburg PD", "CO"),
    ("Town of Lyons CO", "CO"),
    ("Town of Superior CO PD", "CO"),
    ("Los Angeles County CA SD", "CA"),        # SD is the Sheriff's Department, not South Dakota
    ("RIV CO ARSON TF CA PD", "CA"),           # CO is the county
    ("Hartland Wisconsin WI PD", "WI"),
    ("Wyoming OH PD", "OH"),                   # a city named like a state: the code decides
    ("Kansas Highway Patrol", "KS"),
    ("California Department of Corrections", "CA"),
    ("University of California, Berkeley", "CA"),
    ("Texas Financial Crimes Intelligence Center", "TX"),
    ("NCRIC", "CA"),
    ("Cal Fire", "CA"),
    ("Shasta County SO", "CA"),
    ("Kansas City KS PD", "KS"),
    ("Nevada County CA SO", "CA"),
    ("[Federal] Loma Linda Healthcare System CA Veterans Affairs PD", "CA"),
    ("Loma Linda VA PD CA", "CA"),             # VA is Veterans Affairs here
    ("Richmond VA PD", "VA"),
    ("Jackson MS PD", "MS"),
])
def test_the_state_of_an_organization(name: str, state: str) -> None:
    assert infer_state(name)[0] == state


@pytest.mark.parametrize("name", [
    "Orange County SD",          # a Sheriff's Department in one of several Orange Counties
    "Nevada County SO",          # counties named like states exist in several states (invented example)
    "Washington County Sheriff",
    "Kansas City PD",
    "Virginia Beach PD",
    "Talega",
    "MOCIC",                     # a multi-state center
    "US Postal Inspection Service",
    "Blue Lake Rancheria Tribal PD",
    "Test Demo 1234",
    "MS 13 Gang Task Force",
])
def test_a_state_that_cannot_be_read_stays_unknown(name: str) -> None:
    assert infer_state(name)[0] is None


@pytest.mark.parametrize(("name", "kind", "agency"), [
    ("FBI", "federal", "Federal Bureau of Investigation"),
    ("HSI Houston TX", "federal", "Homeland Security Investigations"),
    ("ICE ERO Atlanta", "federal", "Immigration and Customs Enforcement"),
    ("US Postal Inspection Service", "federal", "Postal Inspection"),
    ("US Marshals Service - Central District of CA", "federal", "US Marshals"),
    ("[Federal] Loma Linda Healthcare System CA Veterans Affairs PD", "federal", "Federal"),
    ("Fort Carson Military Police", "federal", "Military Police"),
    ("Iowa DHS", "state", None),             # a state's Department of Human Services, not Homeland Security
    ("Salvation Army", "unknown", None),     # a charity, not the Army
    ("Federal Way WA PD", "local", None),    # a city
    ("Fort Bragg CA PD", "local", None),     # a city, not the Army post
    ("Justice IL PD", "local", None),        # "ice" inside a word is not ICE
    ("California Highway Patrol", "state", None),
    ("WI Department of Justice", "state", None),
    ("Santa Rosa Band of Cahuilla Indians CA", "tribal", None),
    ("Cobblestone HOA (CA)", "private", None),
    ("5588 Ozawa Circle", "private", None),
    ("Baldwin County GA SO", "local", None),
    ("Talega", "unknown", None),
])
def test_the_kind_of_an_organization(name: str, kind: str, agency: str | None) -> None:
    organization = infer(name)
    assert (organization.kind, organization.federal_agency) == (kind, agency)


def test_the_orange_county_export_states_are_read_for_every_name_that_has_one() -> None:
    """The Sheriff's 391 partner organizations: 346 in California, 40 elsewhere, 5 without a readable state."""
    names = export_organizations()
    assert len(names) == 391
    states = [infer_state(name)[0] for name in names]
    assert states.count("CA") == 346
    unknown = [name for name, state in zip(names, states) if state is None]
    assert unknown == ["5588 Ozawa Circle", "Regent Association Services", "Pacifica San Juan",
                       "Blue Lake Rancheria Tribal PD", "Talega"]
