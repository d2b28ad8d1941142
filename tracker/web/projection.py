"""d3-geo's ``geoAlbersUsa`` in Python, so that jurisdictions land on the shipped pre-projected state outlines.

The us-atlas ``states-albers-10m.json`` file was drawn with ``geoAlbersUsa().scale(1300).translate([487.5, 305])``:
a conic equal-area projection of the lower 48 with Alaska (scaled down by 0.35) and Hawaii as insets. A point
is placed by the first of the three projections whose clip box it lands in, exactly as d3 does, so a marker
for Juneau sits on the Alaska inset and one for the Bering Sea is not drawn at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCALE = 1300.0
TRANSLATE = (487.5, 305.0)


@dataclass(frozen=True)
class ConicEqualArea:
    """One d3 ``geoConicEqualArea`` with its rotation, center, scale and translation (angles in degrees)."""

    parallels: tuple[float, float]
    rotate: float
    center: tuple[float, float]
    scale: float
    translate: tuple[float, float]

    def _raw(self, lam: float, phi: float) -> tuple[float, float]:
        sy0 = math.sin(math.radians(self.parallels[0]))
        n = (sy0 + math.sin(math.radians(self.parallels[1]))) / 2
        c = 1 + sy0 * (2 * n - sy0)
        r0 = math.sqrt(c) / n
        r = math.sqrt(max(0.0, c - 2 * n * math.sin(phi))) / n
        return r * math.sin(lam * n), r0 - r * math.cos(lam * n)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        lam = math.radians(lon + self.rotate)
        lam = (lam + math.pi) % (2 * math.pi) - math.pi  # d3 wraps the rotated longitude into [-pi, pi]
        x, y = self._raw(lam, math.radians(lat))
        cx, cy = self._raw(math.radians(self.center[0]), math.radians(self.center[1]))
        return self.translate[0] + self.scale * (x - cx), self.translate[1] - self.scale * (y - cy)


def _insets(k: float, tx: float, ty: float) -> list[tuple[ConicEqualArea, tuple[float, float, float, float]]]:
    """The three projections of d3's albersUsa with the clip box (x0, y0, x1, y1) each is drawn in."""
    lower48 = ConicEqualArea((29.5, 45.5), 96, (-0.6, 38.7), k, (tx, ty))
    alaska = ConicEqualArea((55, 65), 154, (-2, 58.5), k * 0.35, (tx - 0.307 * k, ty + 0.201 * k))
    hawaii = ConicEqualArea((8, 18), 157, (-3, 19.9), k, (tx - 0.205 * k, ty + 0.212 * k))
    return [
        (lower48, (tx - 0.455 * k, ty - 0.238 * k, tx + 0.455 * k, ty + 0.238 * k)),
        (alaska, (tx - 0.425 * k, ty + 0.120 * k, tx - 0.214 * k, ty + 0.234 * k)),
        (hawaii, (tx - 0.214 * k, ty + 0.166 * k, tx - 0.115 * k, ty + 0.234 * k)),
    ]


_PROJECTIONS = _insets(SCALE, *TRANSLATE)


def albers_usa(lon: float, lat: float) -> tuple[float, float] | None:
    """Screen coordinates of a point on the shipped map, or None when it falls on none of its three parts."""
    for projection, (x0, y0, x1, y1) in _PROJECTIONS:
        x, y = projection(lon, lat)
        if x0 <= x < x1 and y0 <= y < y1:
            return x, y
    return None
