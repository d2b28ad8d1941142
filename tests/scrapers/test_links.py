"""scrapers.links: the one rule that turns a document link's label into its kind, on labels real platforms use.

Every label below was seen on a real recorded page or API answer (Legistar, Granicus, IQM2, CivicPlus,
PrimeGov, CivicClerk, BoardDocs, NovusAgenda, eSCRIBE): a kind decides what a contract's timeline says, so
two spiders must never read one label two ways.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scrapers.links import Link, attachment_kind, kind_from_label


@pytest.mark.parametrize(("label", "kind"), [
    ("Minutes", "minutes"), ("Minutes Packet", "minutes"), ("Journal", "minutes"),
    ("Official Proceedings", "minutes"), ("Action Summary", "minutes"), ("Summary of Actions", "minutes"),
    ("Staff Report", "staff_report"), ("Agenda Report", "staff_report"), ("Memorandum", "staff_report"),
    ("Resolution 2026-14", "staff_report"), ("Exhibit A - Agreement", "staff_report"),
    ("Agenda Packet", "packet"), ("HTML Packet", "packet"), ("Agenda Package", "packet"),
    ("Compiled Meeting Packet", "packet"), ("Meeting Materials", "packet"), ("Board Book", "packet"),
    ("RFP 26-004 License Plate Readers", "procurement_notice"), ("Bid Tabulation", "procurement_notice"),
    ("Agenda", "agenda"), ("Revised Agenda", "agenda"), ("Supplemental Agenda", "agenda"),
    ("Action_Agenda", "agenda"), ("Video", "other"), ("", "other"), (None, "other"),
])
def test_a_label_reads_as_one_kind_whatever_the_platform(label: str | None, kind: str) -> None:
    assert kind_from_label(label) == kind


def test_a_link_is_typed_frozen_and_strict() -> None:
    link = Link(title="Agenda", href="https://city.example.gov/a.pdf", kind="agenda")
    with pytest.raises(ValidationError):
        link.kind = "minutes"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Link(title="Agenda", href="https://city.example.gov/a.pdf", kind="brochure")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Link(title="Agenda", href="https://city.example.gov/a.pdf", size=10)  # type: ignore[call-arg]


@pytest.mark.parametrize(("label", "kind"), [("Vendor quote.pdf", "staff_report"), ("", "staff_report"),
                                             ("Minutes 2026-02-10", "minutes"), ("Exhibit B", "staff_report"),
                                             ("RFP 26-004", "procurement_notice")])
def test_an_items_attachment_is_a_staff_report_unless_its_label_says_more(label: str, kind: str) -> None:
    assert attachment_kind(label) == kind
