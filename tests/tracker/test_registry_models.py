"""RegistryEntry validation and the per-platform entry-point rules (DESIGN.md section 3)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tracker.registry import RegistryEntry, entry_point


def entry(**fields: object) -> RegistryEntry:
    row = {"id": "x:1", "name": "Somewhere", "state": "CA", "platform": "legistar", "url": "chicago"}
    row.update(fields)
    return RegistryEntry.model_validate(row)


@pytest.mark.parametrize(
    ("platform", "given", "expected"),
    [
        ("legistar", "chicago", "https://webapi.legistar.com/v1/chicago"),
        ("legistar", "https://Chicago.legistar.com/Calendar.aspx", "https://webapi.legistar.com/v1/chicago"),
        ("legistar", "https://webapi.legistar.com/v1/metro/events?$top=5", "https://webapi.legistar.com/v1/metro"),
        ("civicclerk", "columbiacoga", "https://columbiacoga.api.civicclerk.com/v1"),
        (
            "civicclerk",
            "https://amherstcova.portal.civicclerk.com/?category_id=27",
            "https://amherstcova.api.civicclerk.com/v1",
        ),
        ("primegov", "https://lacity.primegov.com/public/portal", "https://lacity.primegov.com"),
        (
            "civicplus",
            "http://nc-nashcounty.civicplus.com/AgendaCenter",
            "https://nc-nashcounty.civicplus.com/AgendaCenter",
        ),
        ("civicplus", "https://www.acwd.org/AgendaCenter/Search/?term=&CIDs=all", "https://www.acwd.org/AgendaCenter"),
        ("civicplus", "www.nashcountync.gov", "https://www.nashcountync.gov/AgendaCenter"),
        ("civicplus", "nm-lascruces", "https://nm-lascruces.civicplus.com/AgendaCenter"),
        ("flock_transparency", "costa-mesa-ca-pd", "https://transparency.flocksafety.com/costa-mesa-ca-pd"),
        (
            "flock_transparency",
            "https://transparency.flocksafety.com/kent-county-mi-so?tab=audit",
            "https://transparency.flocksafety.com/kent-county-mi-so",
        ),
        (
            "granicus",
            "//weho.granicus.com/ViewPublisherRSS.php?view_id=22&mode=agendas",
            "https://weho.granicus.com/ViewPublisher.php?view_id=22",
        ),
        ("granicus", "https://denver.granicus.com/", "https://denver.granicus.com"),
        (
            "iqm2",
            "https://riversidecountyca.iqm2.com/Citizens/calendar.aspx",
            "https://riversidecountyca.iqm2.com/Citizens",
        ),
        (
            "novusagenda",
            "https://isleofwight.novusagenda.com/agendapublic/meetingsgeneral.aspx",
            "https://isleofwight.novusagenda.com/agendapublic",
        ),
        ("escribe", "gloucesterva", "https://pub-gloucesterva.escribemeetings.com"),
        ("boarddocs", "https://go.boarddocs.com/va/coa/Board.nsf/Public", "https://go.boarddocs.com/va/coa/Board.nsf"),
        ("boarddocs", "va/coa", "https://go.boarddocs.com/va/coa/Board.nsf"),
        ("boarddocs", "https://go.boarddocs.com/vsba/fairfax/Board.nsf/Public", "https://go.boarddocs.com/vsba/fairfax/Board.nsf"),
        ("usaspending", "https://www.usaspending.gov/search", "https://api.usaspending.gov/api/v2"),
        (
            "socrata",
            "https://data.cityofchicago.org/Administration-Finance/Contracts/rsxa-ify5",
            "https://data.cityofchicago.org/resource/rsxa-ify5.json",
        ),
    ],
)
def test_entry_point_normalizes_known_forms(platform: str, given: str, expected: str) -> None:
    assert entry_point(platform, given) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("legistar", "http://127.0.0.1:8765/v1/chicago"),
        ("primegov", "http://127.0.0.1:8765"),
        ("flock_transparency", "http://localhost:9000/costa-mesa-ca-pd"),
        ("civicclerk", "http://127.0.0.1:8765/v1"),
    ],
)
def test_local_replay_urls_are_kept(platform: str, url: str) -> None:
    assert entry_point(platform, url) == url  # type: ignore[arg-type]


def test_local_civicplus_keeps_scheme_and_port() -> None:
    assert (
        entry_point("civicplus", "http://127.0.0.1:8765/AgendaCenter/Search/?term=")
        == "http://127.0.0.1:8765/AgendaCenter"
    )


def test_options_complete_the_url() -> None:
    assert (
        entry_point("granicus", "sandiego", {"view_id": "15"})
        == "https://sandiego.granicus.com/ViewPublisher.php?view_id=15"
    )
    assert entry_point("socrata", "https://data.sfgov.org", {"dataset": "cqi5-hm2d"}) == (
        "https://data.sfgov.org/resource/cqi5-hm2d.json"
    )


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("socrata", "https://data.sfgov.org"),
        ("legistar", "https://webapi.legistar.com/"),
        ("boarddocs", "https://go.boarddocs.com/"),
        ("legistar", "not a slug or a url"),
        ("primegov", "   "),
    ],
)
def test_unusable_urls_are_rejected(platform: str, url: str) -> None:
    with pytest.raises(ValueError):
        entry_point(platform, url)  # type: ignore[arg-type]


def test_entry_normalizes_url_and_state() -> None:
    e = entry(state="il", url="https://chicago.legistar.com/Calendar.aspx")
    assert (e.state, e.url) == ("IL", "https://webapi.legistar.com/v1/chicago")


def test_options_may_be_json_text() -> None:
    assert entry(platform="granicus", url="sandiego", options='{"view_id": 3}').options == {"view_id": 3}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("state", "ZZ", "not a US state"),
        ("platform", "sharepoint", "platform"),
        ("lat", 91.0, "less than or equal to 90"),
        ("lon", -181.0, "greater than or equal to -180"),
        ("kind", "village", "kind"),
        ("ocd_id", "ocd-division/country:ca/province:on", "ocd-division/country:us"),
        ("options", "{oops", "not a JSON object"),
        ("unknown_column", "x", "Extra inputs"),
        ("id", "has space", "id"),
    ],
)
def test_invalid_fields_are_named(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        entry(**{field: value})
    assert message in str(caught.value)


def test_nationwide_state_is_only_for_federal_sources() -> None:
    federal = entry(state="US", kind="federal", platform="usaspending", url="https://api.usaspending.gov")
    assert federal.url == "https://api.usaspending.gov/api/v2"
    with pytest.raises(ValidationError, match="only for kind 'federal'"):
        entry(state="US", kind="city")


def test_a_disabled_reason_lasts_only_while_the_entry_is_disabled() -> None:
    reason = "Legistar answers 'not set up in InSite'"
    assert entry(enabled=False, disabled_reason=reason).disabled_reason == reason
    assert entry(enabled=True, disabled_reason=reason).disabled_reason is None


@pytest.mark.parametrize("port", ["99999", "0x50", "-1"])
def test_a_url_with_an_impossible_port_is_refused_when_the_registry_loads(port: str) -> None:
    """Refused here, it cannot close a platform's spider mid-crawl with a start error."""
    with pytest.raises(ValidationError, match="not a valid port"):
        RegistryEntry(id="civicplus:x", name="X", state="NC", platform="civicplus",
                      url=f"https://city.example.gov:{port}/AgendaCenter")
