"""Dollar roles and the total contract value."""

import pytest

from tracker.analysis import analyze_item
from tracker.analysis.amounts import find_amounts, total_value


def _roles(text):
    return [(a.usd, a.role) for a in find_amounts(text)]


def _total(text):
    best = total_value(find_amounts(text))
    return best.usd if best else None


def test_annual_and_multi_year_total():
    text = "in an amount not to exceed $68,500/year or $342,500/5 year agreement"
    assert _roles(text) == [(68500, "annual"), (342500, "total")]
    assert _total(text) == 342500


def test_explicit_total_beats_amendment_cost():
    text = ("Costs for the Amendment will be $144,800 over the remaining four years of the agreement for a "
            "total not -to -exceed amount of $1,618,100.")
    assert _total(text) == 1618100


def test_grant_amount_is_not_a_contract_value():
    text = "Resolution to apply for a Safe Streets grant from the State in the amount of $22,000 to buy a reader."
    assert _roles(text) == [(22000, "grant")]
    assert _total(text) is None


def test_grant_funded_purchase_keeps_its_not_to_exceed():
    assert _total("Grant-Funded Purchase of Four Systems in an Amount Not-to-Exceed $60,000") == 60000


@pytest.mark.parametrize(
    "text, role",
    [("$2,500 per camera", "per_camera"), ("$350 per month", "monthly"), ("$12,000 annually", "annual"),
     ("a first-year cost of $30,000", "first_year"), ("up to $200,000", "not_to_exceed"),
     ("NTE $45,000", "not_to_exceed"), ("for a total of $99,000", "total"), ("$1,412,700 over five years", "total"),
     ("in the amount of $18,750", "other")],
)
def test_roles(text, role):
    assert _roles(text)[0][1] == role


def test_ocr_spaced_amount():
    assert _total("not to exceed $54 , 975 . 00 for cameras") == pytest.approx(54975.0)


def test_largest_not_to_exceed_when_no_total():
    assert _total("Year 1 not to exceed $30,000; contract not to exceed $90,000") == 90000


def test_unit_prices_alone_give_no_total():
    assert _total("at $3,000 per camera per year") is None


def test_an_amount_at_a_line_end_does_not_take_the_next_item_number_as_cents():
    text = "Agreement with Flock Group Inc. for license plate readers, not to exceed $162,000.\n12. Adjournment"
    assert analyze_item(text).total_usd == 162000


def test_an_amendment_from_one_figure_to_another_totals_the_new_figure():
    text = ("Amendment No. 1 with Flock Group Inc. for automated license plate reader cameras: increase the "
            "not-to-exceed amount from $60,000 to $90,000.")
    assert analyze_item(text).total_usd == 90000
    roles = [a.role for a in find_amounts(text)]
    assert roles == ["previous", "not_to_exceed"]


def _finding(text):
    f = analyze_item(text)
    return f.total_usd, f.annual_usd


# Stand-in sentences for the kinds of figures issue 10 names (the real items it measured are kept from us).
@pytest.mark.parametrize(
    "text, expected",
    [
        # one line of a bundle: the plate readers' line, never the bundle
        ("Purchase of public safety equipment: body-worn cameras $400,000; in-car video $120,000; "
         "license plate readers $50,000", (50000, None)),
        ("Purchase of 20 body worn cameras ($80,000) and radios ($30,000) and a Flock Safety ALPR subscription "
         "($30,000), for a total of $140,000", (30000, None)),
        ("Purchase of body worn cameras for $80,000 and a Flock Safety ALPR subscription", (None, None)),
        # a yearly price with no total is kept as the yearly price
        ("Renew the Flock Safety subscription at $30,000 per year", (None, 30000)),
        ("Flock ALPR pilot at no cost; if the City continues the program it would cost $25,000 per year", (None, 25000)),
        # background figures are not this action's amount
        ("The City previously approved $40,000 for Flock Safety cameras. This amendment adds $15,000.", (15000, None)),
        ("Flock Safety ALPR contract. The state has allocated $150 million statewide for retail theft grants.",
         (None, None)),
        # plate readers mounted on vehicles are still the plate readers' price
        ("Purchase ALPR cameras for 3 patrol vehicles from Vigilant for $30,000", (30000, None)),
    ],
)
def test_the_amount_of_this_action(text, expected):
    assert _finding(text) == expected


def test_a_budget_table_row_gives_its_bare_figure():
    # Layout as pdf text extraction gives a capital budget table (a stand-in: no recording holds one).
    text = ("FY2025 Police Capital Budget\nItem                              Amount\n"
            "Flock ALPR cameras (12)      36,000.00\nPatrol rifles        12,000\n")
    assert _finding(text) == (36000, None)
    # without a column gap the number is part of the sentence, not a table cell
    assert _finding("Flock Safety ALPR cameras for 2,500 residents") == (None, None)


def test_a_listed_appropriation_is_not_the_agreement():
    # The shape of a real multi-part council action seen while building the rule (not its words).
    text = ("(1) Waiver of competitive bidding; (2) Approval of a five-year agreement with Vigilant Solutions for an "
            "ALPR system in an amount not to exceed $400,000; (3) Authorization to approve further amendments to the "
            "agreement not to exceed $80,000; and (4) Approval of a budget amendment to appropriate $300,000 for a "
            "not-to-exceed ALPR project amount of $500,000.")
    f = analyze_item(text)
    assert (f.total_usd, f.action) == (400000, "new")
