"""A registry entry's time zone: its own first, the state's table only for rows without one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tracker.registry import RegistryEntry
from tracker.registry.timezones import is_iana_zone, zone_for


def test_the_entry_zone_wins_over_the_state_table() -> None:
    assert str(zone_for("TN")) == "America/Chicago"  # the table's zone for Tennessee, wrong for Knoxville
    assert str(zone_for("TN", None, "America/New_York")) == "America/New_York"
    assert str(zone_for("TX", {"timezone": "America/Chicago"}, "America/Denver")) == "America/Denver"


def test_options_timezone_and_bad_names_fall_through() -> None:
    assert str(zone_for("TX", {"timezone": "America/Denver"})) == "America/Denver"
    assert str(zone_for("TN", {"timezone": "Mars/Olympus"}, "../etc/passwd")) == "America/Chicago"
    assert str(zone_for(None)) == "UTC"


def test_entries_refuse_a_zone_zoneinfo_cannot_load() -> None:
    assert is_iana_zone("America/Indiana/Indianapolis") and not is_iana_zone("America/Knoxville")
    row = {"id": "x:1", "name": "Knoxville", "state": "TN", "platform": "legistar", "url": "knoxville"}
    assert RegistryEntry.model_validate({**row, "timezone": "America/New_York"}).timezone == "America/New_York"
    with pytest.raises(ValidationError, match="not an IANA time zone"):
        RegistryEntry.model_validate({**row, "timezone": "Eastern"})
