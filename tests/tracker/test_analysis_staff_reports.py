"""Rules for the way staff reports state facts, each from a mistake seen on real items outside the project.

The sentences are stand-ins in the shape of those items (their text, read from stored public pages, is not
copied into the project); each case names the pattern.
"""

import pytest

from tracker.analysis import analyze_item


def test_a_reseller_named_as_such_is_not_the_vendor():
    f = analyze_item("Authorize the purchase of four license plate reader systems and a service contract with Acme "
                     "Public Safety, a sole source provider for Vigilant Solutions, LLC.")
    assert f.vendor == "motorola"


def test_an_ocr_split_thousands_group_is_one_amount():
    f = analyze_item("Purchase of ten license plate reader cameras from Flock Safety. The total cost of this purchase "
                     "is not to exceed $1 37,287.63.")
    assert f.total_usd == 137287.63


def test_a_fee_per_reader_per_year_is_no_total():
    f = analyze_item("Contract with Flock Group Inc. for two license plate readers. There is no upfront cost; a usage "
                     "fee of $2,000.00 per year per license plate reader applies.")
    assert f.total_usd is None


@pytest.mark.parametrize(
    "text, cameras",
    [
        # history under its own heading
        ("Contract Renewal - Automated License Plate Readers\nACTION REQUESTED:\nAuthorize the County Manager to "
         "execute an agreement.\nPRIOR BOARD ACTIONS:\nMay 1, 2023 - Approved a contract for ten License Plate "
         "Readers.", None),
        # what is there already, and what is added
        ("Flock camera contract expansion. The Sheriff's Office has had 25 mounted Flock license plate reader "
         "cameras and one mobile camera in use; staff recommends installation of 17 additional cameras.", 17),
    ],
)
def test_counts_of_this_action(text, cameras):
    assert analyze_item(text).camera_count == cameras


def test_a_recited_purchase_order_under_the_cost_heading_is_the_cost():
    f = analyze_item("Agreement with the State Department of Transportation for Flock license plate reader cameras "
                     "on state right-of-way.\nFINANCIAL SUMMARY:\nA purchase order was issued on 12/4/2024 for "
                     "13 Flock Safety license plate recognition cameras in the amount of $49,650.00.")
    assert (f.camera_count, f.total_usd) == (13, 49650)
