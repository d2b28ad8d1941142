"""tracker.contracts.identifiers: the reference numbers that tie an agreement's documents together."""

from __future__ import annotations

import pytest

from tracker.contracts.identifiers import Identifier, agreement_key, find_identifiers


@pytest.mark.parametrize(("text", "number", "keys"), [
    ("Adopt Resolution No. 2026-14 authorizing the agreement (File No. 26-0112)", None,
     ["file:26-0112", "resolution:2026-14"]),
    ("Amendment No. 1 to Agreement No. 2024-101 with Flock Group Inc.", None, ["contract:2024-101"]),
    ("Contract C-1234 and Purchase Order 45001234", None, ["contract:45001234", "contract:C-1234"]),
    ("Proposal Number: RFP13104 Title: Mobile ALPR Systems; see also RFP #1266", None,
     ["solicitation:1266", "solicitation:13104"]),
    ("Award ID: 15PBJA-23-GG-01234-MUMU (CONT_AWD_47QSWA18D008F_4732)", None,
     ["award:15PBJA-23-GG-01234-MUMU", "award:CONT_AWD_47QSWA18D008F_4732"]),
    ("Approve the license plate reader agreement.", "23-0456", ["file:23-0456"]),
    ("resolution 2026\u201314. Ordinance No. 1452", None, ["ordinance:1452", "resolution:2026-14"]),
])
def test_reference_numbers_are_found_and_normalized(text: str, number: str | None, keys: list[str]) -> None:
    assert sorted(i.key for i in find_identifiers(text, number)) == keys


@pytest.mark.parametrize("text", [
    "Adopt Resolution No. ____ approving a contract for 40 cameras at 12 sites.",
    "A two-year agreement 2024 with the vendor; Bidder 5 was lowest.",
    "The agreement 12 months long.",
])
def test_blanks_years_and_counts_are_not_numbers(text: str) -> None:
    assert find_identifiers(text) == frozenset()


def test_the_key_prefers_the_agreement_number_then_an_action_number() -> None:
    reso = Identifier("resolution", "action", "2026-14")
    contract = Identifier("contract", "agreement", "A-7")
    assert agreement_key(frozenset({reso, contract}), "finding:1") == "contract:A-7"
    assert agreement_key(frozenset({reso}), "finding:1") == "resolution:2026-14"
    assert agreement_key(frozenset(), "finding:1") == "finding:1"
