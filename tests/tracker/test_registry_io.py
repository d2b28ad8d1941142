"""Reading and writing registry files: round trips, and bad rows reported by file and line."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import yaml

from tracker.registry import RegistryEntry, RegistryError, load_registry, write_registry

FILES = Path(__file__).resolve().parent / "files" / "registry"
BAD_CSV = FILES / "hand-made-bad-rows.csv"
BAD_YAML = FILES / "hand-made-bad-rows.yaml"

ENTRIES = [
    RegistryEntry(
        id="legistar:chicago",
        name="Chicago",
        state="IL",
        platform="legistar",
        url="chicago",
        kind="city",
        ocd_id="ocd-division/country:us/state:il/place:chicago",
        lat=41.8781,
        lon=-87.6298,
        bodies=["City Council", "Committee on Public Safety"],
        provenance="hand-made test entry",
    ),
    RegistryEntry(
        id="socrata:data.cityofchicago.org:rsxa-ify5",
        name="Chicago",
        state="IL",
        platform="socrata",
        url="https://data.cityofchicago.org/resource/rsxa-ify5.json",
        options={"where": "vendor_name like '%FLOCK%'"},
    ),
    RegistryEntry(
        id="civicplus:nc-nashcounty",
        name="Nash County",
        state="NC",
        platform="civicplus",
        url="nc-nashcounty",
        kind="county",
        enabled=False,
        options={"archive_years": [2013, 2020]},
    ),
]


@pytest.mark.parametrize("suffix", [".csv", ".yaml", ".yml"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"registry{suffix}"
    write_registry(ENTRIES, path)
    assert load_registry(path) == ENTRIES


def test_csv_cells_are_plain(tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    write_registry(ENTRIES[:1], path)
    header, row = path.read_text().splitlines()
    assert header.startswith("id,name,state,platform,url,")
    assert "City Council|Committee on Public Safety" in row


def test_minimal_csv_with_only_required_columns(tmp_path: Path) -> None:
    path = tmp_path / "minimal.csv"
    path.write_text("id,name,state,platform,url\nprimegov:lacity,Los Angeles,CA,primegov,lacity\n")
    (e,) = load_registry(path)
    assert (e.url, e.enabled, e.bodies, e.kind) == ("https://lacity.primegov.com", True, [], None)


def test_yaml_may_be_a_bare_list(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- {id: 'iqm2:buffalony', name: Buffalo, state: NY, platform: iqm2, url: buffalony}\n")
    assert load_registry(path)[0].url == "https://buffalony.iqm2.com/Citizens"


def test_bad_csv_rows_are_all_reported_with_their_line() -> None:
    with pytest.raises(RegistryError) as caught:
        load_registry(BAD_CSV)
    lines = {e.line: e.message for e in caught.value.errors}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8]
    assert "state" in lines[3] and "not a US state" in lines[3]
    assert "platform: Input should be" in lines[4]
    assert lines[5].startswith("id 'bad:lat': lat:")
    assert "url" in lines[6]
    assert "options" in lines[7] and "not a JSON object" in lines[7]
    assert "duplicate id 'legistar:chicago' (first on line 2)" in lines[8]
    assert str(caught.value).splitlines()[0].startswith(f"{BAD_CSV}:3: id 'bad:state'")


def test_lenient_load_keeps_good_rows_and_logs_the_rest(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="tracker.registry.io"):
        entries = load_registry(BAD_CSV, strict=False)
    assert [e.id for e in entries] == ["legistar:chicago", "civicplus:nc-nashcounty"]
    assert entries[0].bodies == ["City Council", "Committee on Finance"]
    assert len(caplog.records) == 6
    assert f"{BAD_CSV}:5:" in caplog.records[2].getMessage()


def test_bad_yaml_row_names_its_line_and_every_problem() -> None:
    with pytest.raises(RegistryError) as caught:
        load_registry(BAD_YAML)
    (error,) = caught.value.errors
    assert error.line == 9
    assert "state" in error.message and "lon" in error.message


def test_missing_required_column_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "no-url.csv"
    path.write_text("id,name,state,platform\nx:1,X,CA,legistar\n")
    with pytest.raises(RegistryError, match=r"no-url.csv:1: missing column\(s\): url"):
        load_registry(path, strict=False)


def test_unreadable_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("entries:\n  - id: a\n    name: [unclosed\n")
    with pytest.raises(RegistryError, match=r"broken\.yaml"):
        load_registry(path)


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv, \.yaml or \.yml"):
        load_registry(tmp_path / "registry.json")


def test_csv_refuses_a_body_containing_the_separator(tmp_path: Path) -> None:
    bad = ENTRIES[0].model_copy(update={"bodies": ["Police | Fire Committee"]})
    with pytest.raises(ValueError, match="separator"):
        write_registry([bad], tmp_path / "registry.csv")


def test_a_json_list_under_comments_is_read_as_yaml_would(tmp_path: Path) -> None:
    rows = [entry.model_dump(exclude_defaults=True) for entry in ENTRIES]
    path = tmp_path / "compiled.yaml"
    path.write_text("# compiled\n\n[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n")
    assert yaml.safe_load(path.read_text()) == rows  # still YAML
    assert load_registry(path) == ENTRIES


def test_a_bad_row_of_a_json_list_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "compiled.yaml"
    good = json.dumps(ENTRIES[0].model_dump(exclude_defaults=True))
    path.write_text(f'# compiled\n[\n{good},\n{{"id": "bad:state", "name": "X", "state": "ZZ", '
                    f'"platform": "legistar", "url": "x"}}\n]\n')
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    assert [(e.line, "not a US state" in e.message) for e in caught.value.errors] == [(4, True)]


def test_a_json_like_file_that_is_not_a_list_of_rows_goes_through_yaml(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text("[{id: 'iqm2:buffalony', name: Buffalo, state: NY, platform: iqm2, url: buffalony}]\n")
    assert load_registry(path)[0].url == "https://buffalony.iqm2.com/Citizens"
