"""The Python albersUsa puts cities inside their own state on the shipped pre-projected outlines."""

from __future__ import annotations

import pytest

from tracker.web.projection import albers_usa
from tracker.web.usmap import map_paths, state_rings


def _inside(point: tuple[float, float], rings: list[list[tuple[float, float]]]) -> bool:
    x, y = point
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[-1:] + ring[:-1], strict=False):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


@pytest.mark.parametrize(("state", "lon", "lat"), [
    ("Colorado", -104.99, 39.74), ("California", -122.27, 37.80), ("Maine", -69.78, 44.31),
    ("Florida", -80.19, 25.76), ("Washington", -122.33, 47.61), ("Texas", -97.74, 30.27),
    ("Alaska", -134.42, 58.30), ("Alaska", -149.90, 61.22), ("Hawaii", -157.86, 21.31),
])
def test_a_city_lands_in_its_state(state: str, lon: float, lat: float) -> None:
    point = albers_usa(lon, lat)
    assert point is not None and _inside(point, state_rings()[state])


def test_a_point_off_every_inset_is_not_drawn() -> None:
    assert albers_usa(0.0, 51.5) is None  # London


def test_the_map_data_is_small() -> None:
    land, borders = map_paths()
    assert land.startswith("M") and len(land) + len(borders) < 200_000
