"""History in a staff report is background: its figures are not the facts of the action asked for.

Stand-in sentences in the shape of real staff reports seen while building the rule (recitals of a prior
purchase order, of a contract signed before, of a council vote on a date), not copied from them.
"""

import pytest

from tracker.analysis import analyze_item
from tracker.analysis.tense import tells_the_past


@pytest.mark.parametrize(
    "sentence, past",
    [
        ("A purchase order was issued on 3/2/2024 for eight Flock cameras in the amount of $24,000.", True),
        ("The City signed an agreement with Flock Safety for 12 cameras.", True),
        ("On June 3, 2023, the Council approved a two-year agreement with Flock Safety.", True),
        ("Authorize the City Manager to execute an agreement with Flock Safety for 12 cameras.", False),
        # minutes record the decision an item is about in the past tense: that is not history
        ("The agreement with Flock Safety for $50,000 was approved 5-0.", False),
        ("The department currently deploys 10 fixed license plate reader cameras.", False),
    ],
)
def test_tells_the_past(sentence, past):
    assert tells_the_past(sentence, 5) is past


def test_a_recited_purchase_gives_no_facts_to_the_item_that_asks_for_something_else():
    text = ("Authorize a right-of-way agreement with the State Department of Transportation so Flock Safety can "
            "install license plate reader cameras on state roads. A purchase order was issued on 3/2/2024 for "
            "the installation of 8 Flock license plate reader cameras in the amount of $24,000.")
    f = analyze_item(text)
    assert (f.camera_count, f.total_usd) == (None, None)


def test_budget_appropriations_are_not_the_contract_value():
    f = analyze_item("Authorize a five-year agreement with Flock Group, Inc. for license plate reader cameras; and "
                     "approve an additional appropriation of $5,500 in the operating budget.")
    assert f.total_usd is None


def test_a_grant_amount_is_not_the_contract_value():
    f = analyze_item("Accept a $40,000 grant to fund the installation of 10 automated license plate readers")
    assert (f.total_usd, f.camera_count) == (None, 10)


def test_counts_of_software_put_onto_existing_cameras_are_not_cameras():
    f = analyze_item("Lease of ten (10) Falcon license plate reader cameras and four (4) software overlays onto "
                     "existing city cameras from Flock Group Inc.")
    assert f.camera_count == 10
