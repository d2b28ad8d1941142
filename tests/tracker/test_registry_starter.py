"""The bundled starter registry: loads cleanly and is broad enough to be useful."""

from __future__ import annotations

from collections import Counter
from typing import get_args

import pytest

from tracker.registry import RegistryEntry, load_registry, starter_registry_path
from tracker.registry.models import NATIONWIDE
from tracker.registry.urls import Platform


@pytest.fixture(scope="module")
def starter() -> list[RegistryEntry]:
    return load_registry(starter_registry_path())


def test_is_bundled_yaml() -> None:
    path = starter_registry_path()
    assert path.is_file() and path.suffix == ".yaml"


def test_size_and_unique_ids(starter: list[RegistryEntry]) -> None:
    assert len(starter) >= 300
    assert len({e.id for e in starter}) == len(starter)


def test_every_entry_says_where_its_fact_came_from(starter: list[RegistryEntry]) -> None:
    assert all(e.provenance and e.provenance.strip() for e in starter)


def test_covers_many_states_and_platforms(starter: list[RegistryEntry]) -> None:
    states = {e.state for e in starter} - {NATIONWIDE}
    assert len(states) >= 25
    platforms = Counter(e.platform for e in starter)
    assert set(platforms) == set(get_args(Platform))  # every platform has starter entries
    # civic-scraper's CivicPlus list is most of the compiled registry; the other platforms keep hundreds of rows.
    assert len(starter) - max(platforms.values()) >= 750


def test_ids_are_platform_keys(starter: list[RegistryEntry]) -> None:
    assert all(e.id.startswith(f"{e.platform}:") for e in starter)


def test_known_fixture_sites_are_present(starter: list[RegistryEntry]) -> None:
    by_id = {e.id: e for e in starter}
    assert by_id["legistar:chicago"].url == "https://webapi.legistar.com/v1/chicago"
    assert by_id["granicus:walnutcreek:12"].url == "https://walnutcreek.granicus.com/ViewPublisher.php?view_id=12"
    assert by_id["flock_transparency:costa-mesa-ca-pd"].ocd_id == "ocd-division/country:us/state:ca/place:costa_mesa"
    assert by_id["civicplus:nc-nashcounty"].kind == "county"


def test_coordinates_come_in_pairs(starter: list[RegistryEntry]) -> None:
    assert all((e.lat is None) == (e.lon is None) for e in starter)
