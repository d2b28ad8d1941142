"""The data dictionary: docs/fields.md matches the record models, and records keep the JSON conventions."""

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from tracker.contracts.records import Contract, Evidence, Meeting, fields_markdown

FIELDS_MD = Path(__file__).resolve().parents[2] / "docs" / "fields.md"


def test_docs_fields_md_is_generated_from_the_models() -> None:
    assert FIELDS_MD.read_text() == fields_markdown(), (
        "docs/fields.md is stale: run python -m tracker.contracts.records --markdown > docs/fields.md")


def test_contract_json_uses_iso_dates_zoned_moments_and_keys_with_display_names() -> None:
    contract = Contract(
        id=7, jurisdiction_id="us-ca-oakland", jurisdiction_name="Oakland", state="CA", vendor="flock",
        vendor_name="Flock Safety", status="approved", start_date=dt.date(2025, 1, 2),
        upcoming_meeting=dt.datetime(2025, 3, 4, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8))),
        evidence={"total_usd": Evidence(document_url="https://example.org/a.pdf", page=3, text="$90,000")})
    data = contract.model_dump(mode="json")
    assert data["start_date"] == "2025-01-02"
    assert data["upcoming_meeting"] == "2025-03-04T18:00:00-08:00"
    assert (data["vendor"], data["vendor_name"]) == ("flock", "Flock Safety")
    assert data["evidence"]["total_usd"] == {"document_url": "https://example.org/a.pdf", "page": 3, "text": "$90,000"}


def test_a_moment_without_a_zone_or_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValidationError):
        Meeting(id=1, jurisdiction_id="x", body="Council", status="held", start=dt.datetime(2025, 1, 1, 18))
    with pytest.raises(ValidationError):
        Contract(id=1, jurisdiction_id="x", jurisdiction_name="X", vendor="flock", vendor_name="Flock Safety",
                 status="active")
