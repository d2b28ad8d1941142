"""The vendor is the contracting party; other vendors are partners; unknown companies keep their name.

Stand-in sentences for the rules issue 10 states (the real items it measured on are kept from us), beside
two real dev-corpus items.
"""

import json
from pathlib import Path

import pytest

from tracker.analysis import analyze_item

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "agenda-items-dev.jsonl"


@pytest.mark.parametrize(
    "text, vendor, partner",
    [
        ("Approve an agreement with Axon Enterprise for the integration of Flock Safety ALPR data into Axon Evidence",
         "axon", "flock"),
        ("Purchase of license plate reader cameras from Flock Group Inc. to be integrated with Genetec", "flock", "genetec"),
        ("Approve a license plate reader agreement with Motorola Solutions", "motorola", None),
    ],
)
def test_contracting_party_and_partner(text, vendor, partner):
    f = analyze_item(text)
    assert (f.vendor, f.partner) == (vendor, partner)


def test_an_unknown_company_is_returned_by_name():
    f = analyze_item("Authorize the purchase of a replacement license plate recognition system from Safe Fleet "
                     "Acquisition Corp. in an amount not to exceed $45,000")
    assert (f.vendor, f.vendor_name) == ("safe fleet acquisition", "Safe Fleet Acquisition Corp")
    assert f.facts["vendor"].evidence.text == "Safe Fleet Acquisition Corp."


def test_a_department_is_not_a_company():
    f = analyze_item("Agreement with the Police Department Technology Services for license plate readers")
    assert f.vendor is None


def test_irrelevant_items_get_no_company_guess():
    assert analyze_item("Purchase of mowers from Acme Turf Systems Inc.").vendor is None


def test_real_items_keep_their_vendor():
    rows = {r["id"]: r for r in map(json.loads, DEV.read_text().splitlines())}
    carson, tannery = rows["ex-691da52bdb"], next(r for r in rows.values() if r["vendor_family"] == "tannery creek")
    assert analyze_item(carson["text"]).vendor == "motorola"
    assert analyze_item(tannery["text"]).vendor == "tannery creek"
