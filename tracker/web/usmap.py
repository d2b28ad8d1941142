"""The United States as inline SVG path data, decoded once from the shipped us-atlas TopoJSON.

The file (``boundaries/states-albers-10m.json``, ISC license beside it) is already projected to a
975 x 610 box, so decoding is only TopoJSON's delta-encoded, quantized arcs. The land is one filled path
(the ``nation`` object) and the borders one stroked path with every arc once: half the bytes of drawing each
state's ring, which keeps the home page small.
"""

from __future__ import annotations

import functools
import json
from importlib.resources import files
from typing import Any

WIDTH, HEIGHT = 975, 610


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _path(lines: list[list[tuple[float, float]]], close: bool) -> str:
    parts = []
    for points in lines:
        coords = "L".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f"M{coords}{'Z' if close else ''}")
    return "".join(parts)


def _topology() -> dict[str, Any]:
    text = files("tracker.web").joinpath("boundaries/states-albers-10m.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def map_paths() -> tuple[str, str]:
    """(land, borders): SVG path data of the nation's outline (filled) and every state border (stroked)."""
    topology = _topology()
    arcs = _arcs(topology)
    rings: list[list[tuple[float, float]]] = []
    for geometry in topology["objects"]["nation"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings.extend(_ring(ring, arcs) for polygon in polygons for ring in polygon)
    return _path(rings, close=True), _path(arcs, close=False)


@functools.cache
def state_rings() -> dict[str, list[list[tuple[float, float]]]]:
    """Each state's name to its rings in map coordinates: what the projection is checked against."""
    topology = _topology()
    arcs = _arcs(topology)
    found: dict[str, list[list[tuple[float, float]]]] = {}
    for geometry in topology["objects"]["states"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        found[geometry["properties"]["name"]] = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
    return found
