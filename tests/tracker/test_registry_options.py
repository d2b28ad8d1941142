"""Per-platform options models: unknown keys are refused when the registry loads, known ones typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tracker.registry import RegistryEntry, RegistryError, load_registry, starter_registry_path


def entry(platform: str, url: str, options: object) -> RegistryEntry:
    return RegistryEntry.model_validate(
        {"id": f"{platform}:x", "name": "Somewhere", "state": "CA", "platform": platform, "url": url,
         "options": options})


def test_a_misspelt_key_is_named_with_its_close_match_and_the_valid_keys() -> None:
    with pytest.raises(ValidationError) as caught:
        entry("granicus", "sandiego", {"veiw_id": 15})
    message = str(caught.value)
    assert "unknown option 'veiw_id' (did you mean 'view_id'?)" in message
    assert "granicus takes allowed_domains, max_bytes, robots, timezone, view_id" in message


def test_a_key_of_another_platform_is_unknown_here() -> None:
    with pytest.raises(ValidationError, match="unknown option 'committee_id'; legistar takes"):
        entry("legistar", "chicago", {"committee_id": "A1"})


def test_known_keys_are_typed_and_only_the_keys_set_reach_the_spider() -> None:
    granicus = entry("granicus", "sandiego", '{"view_id": "15", "robots": "Ignore"}')  # CSV cells are JSON text
    assert granicus.options == {"view_id": 15, "robots": "ignore"}
    assert granicus.url == "https://sandiego.granicus.com/ViewPublisher.php?view_id=15"
    assert entry("legistar", "chicago", {}).options == {}  # defaults stay the spider's
    usaspending = entry("usaspending", "https://api.usaspending.gov", {"keywords": "ALPR", "subawards": False})
    assert usaspending.options == {"keywords": "ALPR", "subawards": False}


@pytest.mark.parametrize(
    ("platform", "options", "message"),
    [
        ("granicus", {"view_id": "twelve"}, "view_id: Input should be a valid integer"),
        ("primegov", {"robots": "sometimes"}, "robots: Input should be 'obey' or 'ignore'"),
        ("iqm2", {"timezone": "America/Los_Angles"}, "not an IANA time zone name"),
        ("civicplus", {"max_bytes": 0}, "max_bytes: Input should be greater than 0"),
        ("socrata", {"fields": {"seller": "vendor_name"}}, "fields.seller.[key]"),
        ("usaspending", {"award_types": ["loans"]}, "award_types"),
    ],
)
def test_a_known_key_with_a_wrong_value_is_named(platform: str, options: dict, message: str) -> None:
    url = {"granicus": "sandiego", "primegov": "lacity", "iqm2": "santamonica", "civicplus": "nc-nashcounty",
           "socrata": "https://data.cityofchicago.org/resource/rsxa-ify5.json",
           "usaspending": "https://api.usaspending.gov"}[platform]
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        entry(platform, url, options)


def test_the_registry_file_says_which_row_has_the_unknown_key(tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    path.write_text('id,name,state,platform,url,options\n'
                    'boarddocs:x,X,CA,boarddocs,ca/x,"{""committe_id"": ""A1""}"\n', encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    assert str(caught.value).startswith(f"{path}:2: id 'boarddocs:x': options: ")
    assert "unknown option 'committe_id' (did you mean 'committee_id'?)" in str(caught.value)


def test_every_row_of_the_bundled_registry_still_loads() -> None:
    assert load_registry(starter_registry_path())  # strict: one unknown option anywhere would raise
