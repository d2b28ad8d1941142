"""Relevance and category on hand-written items (written for these tests, in the shapes real agendas use)."""

import pytest

from tracker.analysis import analyze_item

ALPR = [
    "Approve a two-year agreement with Flock Group Inc. for license plate recognition cameras",
    "AUTHORIZE PURCHASE OF MOBILE ALPR SYSTEMS FOR PATROL VEHICLES",
    "Resolution approving a Multiple Use Agreement with the Department of Transportation allowing Flock Safety "
    "to install cameras in state right-of-way",
    "Encroachment permit with Caltrans for Law Enforcement Surveillance Devices within the State right-of-way",
    "Renewal of Vigilant Solutions LEARN subscription for the Police Department",
    "Request for Proposals: Automatic Number Plate Recognition system for the Sheriff's Office",
    "Discussion and possible direction regarding the City's license plate reader program",
    "Termination of the agreement with Flock Safety and removal of the cameras",
    "Suspend the use of automated license plate readers pending an audit of data sharing",
    "Purchase of Rekor Scout software to convert existing traffic cameras into plate readers",
    "Approve the purchase of 23 in-car camera systems with integrated ALPR from Axon Enterprise",
    "Police department LPR cameras: approve the agreement for maintenance of the system",
    "Accept the Motor Vehicle Crime Prevention grant for the lease of license tag readers",
]
NOT_ALPR = [
    "Approve the purchase of 90 body-worn cameras and in-car video from Axon Enterprise, Inc.",
    "Renewal of the red light camera enforcement program agreement with Verra Mobility",
    "School zone speed safety cameras: authorize agreement with the vendor",
    "Contract with SoundThinking for ShotSpotter gunshot detection services",
    "Agreement with Flock Safety for Raven gunshot detection devices",
    "Canada geese management plan: a flock of geese at Memorial Park",
    "Appointment of Jane Flock to the Planning Commission",
    "Residents must remain vigilant during the fire season",
    "Increase of the county vehicle license plate fee and elimination of the decal",
    "Immigration legal services for LPR (lawful permanent resident) applicants",
    "Purchase of radios and fixed video equipment from Motorola Solutions",
    "Approve parking citation processing services agreement",
    "Traffic signal video detection cameras at five intersections",
    "Speed cameras will read license plates of speeding vehicles; authorize the automated speed enforcement "
    "agreement and its automated license plate recognition component",
]


@pytest.mark.parametrize("text", ALPR)
def test_alpr_items(text):
    finding = analyze_item(text)
    assert finding.category == "alpr", finding.reasons
    assert finding.relevant


@pytest.mark.parametrize("text", NOT_ALPR)
def test_look_alikes(text):
    finding = analyze_item(text)
    assert finding.category == "not_alpr", finding.reasons
    assert not finding.relevant


def test_parking_enforcement_lpr_is_kept_apart():
    finding = analyze_item(
        "Purchase of Genetec AutoVu license plate recognition for two parking enforcement vehicles"
    )
    assert finding.category == "parking_lpr"
    assert finding.relevant
    assert finding.vendor == "genetec"


def test_police_lpr_with_a_parking_lot_mention_stays_alpr():
    finding = analyze_item("Police department ALPR cameras at the civic center parking garage to locate stolen vehicles")
    assert finding.category == "alpr"


@pytest.mark.parametrize(
    "text, action",
    [("Amendment No. 2 to the agreement with Flock Group for ALPR", "amendment"),
     ("Renewal of the ALPR services agreement", "renewal"),
     ("Terminate the ALPR contract with Flock", "termination"),
     ("Request for proposals for license plate readers", "rfp"),
     ("Award the contract pursuant to RFP 24-01 to Flock Group for ALPR cameras", "new"),
     ("Five year lease of ALPR cameras", "lease"),
     ("Apply for a grant to buy a license plate reader", "grant"),
     ("Purchase of ALPR cameras", "purchase"),
     ("Adopt the ALPR usage and privacy policy", "policy")],
)
def test_actions(text, action):
    assert analyze_item(text).action == action


def test_vendor_is_the_family_key_with_a_display_name():
    f = analyze_item("Agreement with Motorola Solutions for the Vigilant LPR fixed subscription")
    assert (f.vendor, f.vendor_name) == ("motorola", "Motorola Solutions (Vigilant)")


def test_vendor_named_for_look_alikes_too():
    assert analyze_item("Red light camera program with American Traffic Solutions").vendor == "verra mobility"


def test_procurement_funding_retention_sharing_vote():
    text = (
        "Sole source purchase of ALPR cameras from Flock Group, funded by a UASI grant. Data is retained for 30 "
        "days and will not be shared with federal immigration authorities; the agency shares data statewide "
        "through the network. Motion carried 4-1."
    )
    f = analyze_item(text)
    assert f.procurement == "sole_source"
    assert f.funding == "grant"
    assert f.retention_days == 30
    assert f.sharing == ["restricted", "statewide"]
    assert (f.vote.ayes, f.vote.noes, f.vote.outcome) == (4, 1, "approved")


def test_cooperative_contract():
    assert analyze_item("Purchase ALPR cameras through the Sourcewell cooperative contract").procurement == "cooperative"


def test_every_fact_has_exact_evidence():
    text = "A five year lease of twenty-six (26) ALPR Cameras from Flock Group Inc. not to exceed $342,500"
    f = analyze_item(text)
    for name, fact in f.facts.items():
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.text, name
    assert f.facts["total_usd"].evidence.text == "$342,500"
    assert f.facts["camera_count"].value == 26


def test_irrelevant_items_carry_no_contract_figures():
    f = analyze_item("Purchase 114 body-worn cameras from Axon for $789,722 over five years")
    assert (f.total_usd, f.term_months, f.camera_count) == (None, None, None)
    assert f.vendor == "axon"


def test_federal_signal_is_the_pips_line_only_beside_plate_readers():
    from tracker.analysis import analyze_item

    assert analyze_item("Purchase of automated license plate recognition cameras from Federal Signal Corporation").vendor == "neology"
    assert analyze_item("Purchase of a Federal Signal outdoor warning siren").relevant is False


def test_a_sub_item_takes_its_subject_from_the_enclosing_item():
    # The sub-item is the real one quoted in issue 10; its parent's wording is a stand-in (no recording of
    # that agenda is kept), naming a parking-enforcement contract as the real one did.
    sub_item = "c) Discussion of License Plate Recognition technology"
    parent = "7. Professional services agreement for parking enforcement and citation management services"
    assert analyze_item(sub_item).category == "alpr"
    inherited = analyze_item(sub_item, context=parent)
    assert inherited.category == "parking_lpr"
    assert "with the enclosing item" in inherited.reasons[-1]
    # The parent gives the subject only: none of its figures become the sub-item's facts.
    assert analyze_item(sub_item, context=parent + " not to exceed $90,000").total_usd is None


def test_the_police_department_running_parking_enforcement_is_not_policing():
    # The shape of a real village board item seen while building the rule (not its words).
    text = ("Police Department - Parking Enforcement LPR System. The Police Department requests a second mobile "
            "license plate recognition system for parking enforcement in the downtown area; the Police Department "
            "fleet has used the current system for five years.")
    assert analyze_item(text).category == "parking_lpr"
    assert analyze_item("License plate recognition cameras for the Police Department to find stolen vehicles"
                        ).category == "alpr"
